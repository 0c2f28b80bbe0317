"""The package keeps its promise under bad input, extreme input and threads (issue 17).

The battery (``tools/fuzz_contract.py``) calls every public callable of the public modules of ``excitable``
(``SKIPPED_MODULES`` leaves out ``plotting``, ``explorers``, ``validation`` and ``coursework``, each with its reason)
with legal values, then feeds each parameter NaN, ±inf, a string, None, a complex number, an empty and a 2-D array,
0, -1, 1e12 and 1e-300, each call under a time limit. A new public function joins it by itself: it fails
``test_every_public_callable_has_a_legal_call`` until it has legal values in ``tools/fuzz_contract.py``
(``_samples()`` by parameter name, ``_overrides()`` by callable) or an exemption with a reason (``EXEMPT``).
``LEGAL`` lists the (callable, parameter, input) whose NaN or inf result, or acceptance, its docstring documents.
The explorers' constructors get their own battery here (``test_explorer_constructors_reject_bad_keywords_by_name``),
over every keyword of every explorer.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import subprocess
import sys
import traceback
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import _integrator, analysis, electrochem, gating, hh, homeostasis, stimuli, transport

ROOT = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("fuzz_contract", ROOT / "tools" / "fuzz_contract.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

# (callable, parameter) pairs that still break the contract, each with the reason it is not fixed yet.
KNOWN_OPEN = {
}


@pytest.fixture(scope="module")
def battery():
    records, exempt, no_baseline = fuzz.run(limit=10.0)  # a "hang" is no answer in 10 s, even on a busy machine
    return records, exempt, no_baseline


def _failures(records, outcomes, must_reject_only=False):
    bad = [r for r in records if r["outcome"] in outcomes and (r["callable"], r["parameter"]) not in KNOWN_OPEN
           and (not must_reject_only or fuzz.INPUTS[r["input"]][1])]
    return [f"{r['callable']}({r['parameter']}={r['input']}): {r['outcome']} {r['message']}" for r in bad]


def test_every_public_callable_has_a_legal_call(battery):
    records, exempt, no_baseline = battery
    assert not no_baseline, no_baseline
    assert len({r["callable"] for r in records}) >= 130
    for name, reason in exempt.items():
        assert reason.strip(), f"exemption of {name} needs a reason"


def test_battery_no_hang(battery):
    assert not _failures(battery[0], {"hang"})


def test_battery_no_silent_nan(battery):
    assert not _failures(battery[0], {"silent_nan"})


def test_battery_no_deep_traceback(battery):
    assert not _failures(battery[0], {"deep"})


def test_battery_errors_name_the_parameter(battery):
    assert not _failures(battery[0], {"wrong_name"})


def test_battery_rejects_nan_inf_and_wrong_types(battery):
    assert not _failures(battery[0], {"accepted"}, must_reject_only=True)


def test_known_open_entries_are_still_open(battery):
    # An entry that passes now must leave KNOWN_OPEN, so the list stays honest.
    failing = {(r["callable"], r["parameter"]) for r in battery[0]
               if r["outcome"] in ("hang", "silent_nan", "deep", "wrong_name")
               or (r["outcome"] == "accepted" and fuzz.INPUTS[r["input"]][1])}
    assert set(KNOWN_OPEN) <= failing, set(KNOWN_OPEN) - failing


# -- defect 2: no NaN from legal currents ------------------------------------------------------------------------

def test_rates_and_ghk_stay_finite_at_any_finite_voltage():
    v = np.array([-1e300, -1e6, -18_900.0, -14_261.0, -40.0, -55.0, 0.0, 14_261.0, 1e6, 1e300])
    for gate in "mhn":
        for rate in gating.hh_rates(gate, v, 40.0):
            assert np.all(np.isfinite(rate)) and np.all(rate >= 0)
        assert np.all(np.isfinite(gating.hh_x_inf(gate, v)))
        assert np.all(np.isfinite(gating.hh_tau(gate, v, 40.0)))
    for z in (1, -1, 2):
        current = electrochem.ghk_current(v[1:-1], 1e-6, z, 10.0, 100.0)
        assert np.all(np.isfinite(current))
        # Far from 0 the GHK current is linear in V and follows the field, whatever the ion's sign.
        assert current[0] < 0 < current[-1]
    # Unchanged where the exponentials do not overflow.
    u = -80.0 / electrochem.thermal_voltage(37.0)
    assert float(electrochem.ghk_current(-80.0, 1e-6, 1, 140.0, 4.0)) == pytest.approx(
        1e-6 * electrochem.FARADAY * u * (140.0 - 4.0 * np.exp(-u)) / (1 - np.exp(-u)), rel=1e-9)


@pytest.mark.parametrize("amplitude", [-5000.0, 5000.0])
def test_huge_legal_current_gives_a_finite_trace(amplitude):
    for params in (hh.STANDARD, hh.STANDARD.replace(g_na=0.0, g_k=0.0)):
        result = hh.simulate(stimuli.step(amplitude), 20.0, params=params)
        for trace in (result.v, result.m, result.h, result.n):
            assert np.all(np.isfinite(trace))


# -- defect 3: no hangs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("abs_tol", [0.0, -1.0, 1e-300, float("nan")])
def test_threshold_depolarization_rejects_tolerances_it_cannot_meet(abs_tol):
    with pytest.raises(ValueError, match="abs_tol"):
        analysis.threshold_depolarization(abs_tol=abs_tol)


def test_solvers_reject_spans_and_tolerances_that_would_hang():
    with pytest.raises(ValueError, match="t_stop"):
        homeostasis.simulate(homeostasis.STANDARD_CELL, 1e-300)
    with pytest.raises(ValueError, match="xtol"):
        analysis.boundary(lambda x: x > 1.0, 0.0, 2.0, 0.0)
    with pytest.raises(ValueError, match="tolerance"):
        transport.nernst_planck_steady_state(-60.0, 1, 10.0, 100.0, 1e-5, 5.0, tolerance=0.0)
    with pytest.raises(ValueError, match="step"):
        from excitable import dynamics
        dynamics.hopf_currents(0.0, 200.0, 1e-300)


def test_ordered_pairs_name_the_parameter_its_ends_and_the_range():
    from excitable import _checks, accommodation, refractory
    assert _checks.ordered_pair("window", [15, 30.5], 1.0, 200.0, "ms") == (15.0, 30.5)
    cases = [
        (lambda: refractory.supernormal_minimum(window=(30.0, 15.0)),
         "window must have shortest < longest (in ms), got (30.0, 15.0)"),
        (lambda: accommodation.minimal_slope(8.0, bracket=(1.0, 1.0)),
         "bracket must have slow < fast (in µA/cm² per ms), got (1.0, 1.0)"),
        (lambda: refractory.absolute_refractory_period(search=(4.0, 4.2)),
         "search must have shortest < longest by more than 0.25 (in ms), got (4.0, 4.2)"),
        (lambda: refractory.following_limit(search=(4.0, 4.3), step=0.5),
         "search must have shortest < longest by more than 0.5 (in ms), got (4.0, 4.3)"),
        (lambda: refractory.supernormal_minimum(window=(15.0,)), "window must be a pair (shortest, longest) (in ms), "
                                                                 "got (15.0,)"),
        (lambda: refractory.supernormal_minimum(window=(15.0, 500.0)), "window must lie between 1 and 200 (in ms), "
                                                                       "got 500.0"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            call()
    with pytest.raises(TypeError, match="window must be a sequence"):
        refractory.supernormal_minimum(window=15.0)


# -- defect 4: memory --------------------------------------------------------------------------------------------

def test_many_temperatures_run_in_groups_with_the_same_result(monkeypatch):
    temps = np.linspace(0.0, 30.0, 11)
    params = [hh.STANDARD.replace(celsius=float(c)) for c in temps]
    stimulus = [stimuli.pulse(20.0, 1.0, 1.0)]
    whole = hh.simulate_batch(stimulus, 10.0, 0.01, params)
    monkeypatch.setattr(_integrator, "MAX_TABLES", 3)
    grouped = hh.simulate_batch(stimulus, 10.0, 0.01, params)
    assert np.array_equal(whole.v, grouped.v) and np.array_equal(whole.n, grouped.n)
    assert all(np.array_equal(a, b) for a, b in zip(whole.spike_times, grouped.spike_times, strict=True))


def test_a_temperature_sweep_keeps_its_memory_bounded():
    temps = np.linspace(0.0, 20.0, 300)  # one 2.4 MB table each: 720 MB if all were built at once
    tracemalloc.start()
    try:
        batch = hh.simulate_batch([stimuli.pulse(20.0, 1.0, 1.0)], 0.5, 0.025,
                                  [hh.STANDARD.replace(celsius=float(c)) for c in temps], record_voltage=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert batch.v.shape == (300, 1)
    assert peak < 250e6, peak


def test_size_guard_holds_without_recorded_voltage():
    many = [stimuli.pulse(1.0 + 0.001 * k, 1.0 + 0.01 * k, 1.0) for k in range(300)]  # 300 distinct waveforms
    with pytest.raises(ValueError, match="stimuli"):
        hh.simulate_batch(many, 10_000.0, 0.1, record_voltage=False)  # 300 x 100,000 waveform samples
    with pytest.raises(ValueError, match="MAX_WORK"):
        hh.simulate_batch([None] * 2000, 200_000.0, 0.1, record_voltage=False)


# -- defect 5: accuracy at the largest step ----------------------------------------------------------------------

def test_largest_step_shrinks_with_temperature_and_keeps_the_spike():
    assert hh.max_step(6.3) == hh.MAX_DT and hh.max_step(0.0) == hh.MAX_DT
    assert hh.max_step(26.3) == pytest.approx(hh.MAX_DT / 9.0)
    stimulus = stimuli.pulse(20.0, 1.0, 1.0)
    for celsius in (20.0, 25.0, 30.0):
        params = hh.STANDARD.replace(celsius=celsius)
        fine = hh.simulate(stimulus, 10.0, 0.001, params)
        coarse = hh.simulate(stimulus, 10.0, 0.1, params)
        assert np.array_equal(coarse.t, np.arange(101) * 0.1)
        # Refined internally: at the samples V is within a few mV of the converged trace (unrefined: ~25 mV).
        assert np.max(np.abs(coarse.v - fine.v[::100])) < 3.0
        assert coarse.spike_times.size == fine.spike_times.size


# -- properties --------------------------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(amplitude=st.floats(-1e4, 1e4), start=st.floats(0.0, 5.0), celsius=st.floats(*hh.CELSIUS_RANGE),
       dt=st.floats(0.005, hh.MAX_DT), inactivation=st.booleans())
def test_any_finite_stimulus_gives_a_finite_simulation(amplitude, start, celsius, dt, inactivation):
    params = hh.STANDARD.replace(celsius=celsius, inactivation=inactivation)
    result = hh.simulate(stimuli.step(amplitude, start), 5.0, dt, params)
    assert all(np.all(np.isfinite(x)) for x in (result.v, result.m, result.h, result.n))
    assert np.all((result.m >= 0) & (result.m <= 1) & (result.n >= 0) & (result.n <= 1))


@settings(max_examples=50, deadline=None)
@given(v=st.floats(-1e300, 1e300), celsius=st.floats(*hh.CELSIUS_RANGE))
def test_rates_are_finite_for_any_finite_voltage(v, celsius):
    for gate in "mhn":
        assert all(np.isfinite(rate) for rate in gating.hh_rates(gate, v, celsius))
        assert np.isfinite(gating.hh_x_inf(gate, v))


@settings(max_examples=50, deadline=None)
@given(v=st.floats(-1e6, 1e6), z=st.sampled_from([-2, -1, 1, 2, 3]), c_in=st.floats(1e-3, 1e3),
       c_out=st.floats(1e-3, 1e3))
def test_ghk_current_is_finite_for_any_finite_voltage(v, z, c_in, c_out):
    assert np.isfinite(electrochem.ghk_current(v, 1e-6, z, c_in, c_out))


# -- kernels under NUMBA_BOUNDSCHECK ----------------------------------------------------------------------------

_KERNEL_WORKLOAD = """
import numpy as np
from excitable import hh, stimuli
batch = hh.simulate_batch([stimuli.pulse(a, 1.0, 1.0) for a in (0.0, 20.0, -5000.0, 5000.0)], 5.0, 0.025,
                          [hh.STANDARD, hh.STANDARD.replace(celsius=30.0), hh.STANDARD.replace(inactivation=False),
                           hh.STANDARD], v0=[-65.0, -65.0, 199.0, -199.0])
assert np.all(np.isfinite(batch.v)), "non-finite"
spikes = hh.simulate_batch([stimuli.train(20.0, 1.0, 1.0, 3.0, 50)], 200.0, 0.025, spike_threshold=-60.0)
from excitable import cable
ais = cable.soma_ais_axon(axon_length=100.0)
cables = cable.simulate([ais, ais.replace(r_i=ais.r_i * 2)], 2.0, 0.025, [[cable.Stimulus(0, 1.0, 0.1, 0.5)],
                        [cable.Stimulus(-1, -1.0, 0.0, 1.0)]], record=[0, -1], record_every=3)
one = cable.simulate(cable.uniform_axon(10.0, 10.0, 1, 100.0), 1.0, 0.025, [cable.Stimulus(0, 1.0, 0.1, 0.5)])
assert np.all(np.isfinite(cables.v)) and np.all(np.isfinite(one.v)), "non-finite cable"
print("ok", sum(s.size for s in spikes.spike_times))
"""


def test_kernels_stay_in_bounds_under_numba_boundscheck(tmp_path):
    env = dict(os.environ, NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=str(tmp_path))  # fresh, checked compilation
    run = subprocess.run([sys.executable, "-c", _KERNEL_WORKLOAD], env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("ok")


# -- explorers are freed -----------------------------------------------------------------------------------------

def test_explorers_release_their_widgets_and_figure_when_closed_or_collected():
    import gc
    import weakref

    import ipywidgets.widgets.widget as widget_module

    from excitable.explorers import ChargeExplorer

    ChargeExplorer().close()
    gc.collect()
    before = len(widget_module._instances)
    explorer = ChargeExplorer()
    alive = weakref.ref(explorer)
    figure = weakref.ref(explorer.figure)
    assert len(widget_module._instances) > before
    del explorer
    gc.collect()
    assert alive() is None and figure() is None
    assert len(widget_module._instances) == before
    explorer = ChargeExplorer()
    control = next(iter(explorer.controls.values()))
    shown = explorer.image.value
    # the callbacks still work while it lives (a log slider offers a list of values)
    control.value = control.values[-1] if hasattr(control, "values") else control.max
    assert explorer.image.value != shown
    explorer.close()
    assert len(widget_module._instances) == before and not explorer.figure.axes


def test_explorer_constructors_name_the_keyword():
    from excitable.explorers import PassiveMembraneExplorer

    with pytest.raises(ValueError, match=r"^amplitude \(step"):
        PassiveMembraneExplorer(amplitude=float("nan"))


# -- explorer constructors keep the contract ---------------------------------------------------------------------

def _explorer_classes():
    from excitable import explorers

    return sorted((obj for name in explorers.__all__
                   if isinstance(obj := getattr(explorers, name), type) and issubclass(obj, explorers.Explorer)
                   and obj is not explorers.Explorer), key=lambda cls: cls.__name__)


def _bad_keyword_values(parameter) -> dict:
    """Inputs every explorer keyword must reject, chosen by the kind its annotation names."""
    annotation = str(parameter.annotation)
    kind = annotation.split("|")[0].strip()
    bad = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "string": "abc", "None": None,
           "complex": 1 + 2j, "list": [1.0, 2.0]}
    if "None" in annotation or parameter.default is None:
        del bad["None"]  # None is that keyword's legal "use the default"
    if kind in ("float", "int"):
        bad.update({"1e12": 1e12, "-1e12": -1e12})
    if kind == "int":
        bad["2.5"] = 2.5
    if kind == "bool":
        bad["1"] = 1
    return bad


def _explorer_call_outcome(cls, keyword: str, value) -> str:
    """'ok' when ``cls(keyword=value)`` raises a ValueError/TypeError from the package that starts with the
    keyword; else 'accepted', 'deep' (raised outside the package) or 'wrong_name', with the message."""
    try:
        explorer = cls(**{keyword: value})
    except Exception as error:  # noqa: BLE001 - any exception is classified
        innermost = traceback.extract_tb(error.__traceback__)[-1].filename
        message = f"{type(error).__name__}: {error}"
        if not isinstance(error, (ValueError, TypeError)) or "excitable" not in Path(innermost).parts:
            return f"deep {message}"
        if not re.match(rf"{re.escape(keyword)}\b", str(error)):
            return f"wrong_name {message}"
        return "ok"
    explorer.close()
    return "accepted"


@pytest.mark.parametrize("cls", _explorer_classes(), ids=lambda cls: cls.__name__)
def test_explorer_constructors_reject_bad_keywords_by_name(cls):
    """Every keyword of every explorer's __init__ (enumerated, so a new one joins by itself) rejects NaN, inf,
    wrong types and far out-of-range values at entry: a ValueError/TypeError whose message starts with it."""
    keywords = [p for p in inspect.signature(cls.__init__).parameters.values()
                if p.name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    assert keywords, cls
    failures = [f"{cls.__name__}({parameter.name}={label}): {outcome}"
                for parameter in keywords for label, value in _bad_keyword_values(parameter).items()
                if (outcome := _explorer_call_outcome(cls, parameter.name, value)) != "ok"]
    assert not failures, "\n".join(failures)
