"""The chapter-1 explorers: every control changes the figure, no NaN or exception anywhere on the controls."""

import itertools
import math

import numpy as np
import pytest

from excitable import electrochem
from excitable.constants import MAMMALIAN
from excitable.explorers._logslider import log_slider
from excitable.explorers.charge import ChargeExplorer
from excitable.explorers.iv import IONS, IVExplorer
from excitable.explorers.resting import RestingLab
from excitable.explorers.selectivity import SelectivityExplorer, filter_profile


def _bounds(control):
    """Lowest and highest value of a slider (log sliders keep exponents in min/max)."""
    if hasattr(control, "base"):
        return control.base**control.min, control.base**control.max
    return control.min, control.max


def _moves_figure(explorer, name):
    control = explorer.controls[name]
    before = explorer.image.value
    low, high = _bounds(control)
    control.value = high if control.value != high else low
    return explorer.image.value != before


@pytest.fixture(scope="module")
def lab():
    return RestingLab()


def test_resting_lab_default_is_the_worked_example(lab):
    assert lab.v_rest == pytest.approx(electrochem.ghk_voltage({"K": 1, "Na": 0.05, "Cl": 0.45}, MAMMALIAN))
    assert lab.e["K"] == pytest.approx(electrochem.nernst(4.0, 140.0, 1))
    assert sum(lab.current.values()) == pytest.approx(0.0, abs=1e-9)  # GHK: no net current at rest
    assert lab.force["Na"] < 0 < lab.force["K"]
    assert lab.image.value[:4] == b"\x89PNG"


@pytest.mark.parametrize("name", ["K_out", "K_in", "Na_out", "Na_in", "Cl_out", "Cl_in", "P_K", "P_Na", "P_Cl",
                                  "celsius"])
def test_every_resting_control_changes_the_figure(name):
    assert _moves_figure(RestingLab(), name)


def test_resting_lab_corners_are_finite(lab):
    names = ["K_out", "K_in", "P_Na", "P_Cl", "Na_in", "celsius"]
    for values in itertools.product(*[_bounds(lab.controls[n]) for n in names]):
        lab.set(**dict(zip(names, values, strict=True)))
        numbers = [lab.v_rest, *lab.e.values(), *lab.force.values(), *lab.current.values()]
        assert all(math.isfinite(x) for x in numbers)
        assert sum(lab.current.values()) == pytest.approx(0.0, abs=1e-6 * max(map(abs, lab.current.values())))
        assert min(lab.e.values()) - 1e-9 <= lab.v_rest <= max(lab.e.values()) + 1e-9


def test_iv_explorer_zero_crossing_is_the_nernst_potential():
    explorer = IVExplorer()
    for ion, choice in IONS.items():
        explorer.set(ion=ion)
        assert explorer.c_out_slider.value == choice.c_out
        e_rev = electrochem.nernst(choice.c_out, choice.c_in, choice.valence, explorer.celsius_slider.value)
        assert explorer.e_rev == pytest.approx(e_rev)
        crossing = np.interp(0.0, explorer.i_ghk, explorer.v)  # the GHK current rises monotonically with V
        assert crossing == pytest.approx(e_rev, abs=0.5)
        assert np.all(np.diff(explorer.i_ghk) > 0)
        assert "inward" in explorer.verdict.text


@pytest.mark.parametrize("name", ["ion", "c_out", "c_in", "celsius"])
def test_every_iv_control_changes_the_figure(name):
    explorer = IVExplorer()
    if name == "ion":
        before = explorer.image.value
        explorer.set(ion="Na")
        assert explorer.image.value != before
    else:
        assert _moves_figure(explorer, name)


def test_iv_corners_are_finite():
    explorer = IVExplorer()
    for ion in IONS:
        explorer.set(ion=ion)
        bounds = [_bounds(explorer.controls[n]) for n in ("c_out", "c_in", "celsius")]
        for c_out, c_in, celsius in itertools.product(*bounds):
            explorer.set(c_out=c_out, c_in=c_in, celsius=celsius)
            assert np.all(np.isfinite(explorer.i_ghk)) and np.all(np.isfinite(explorer.i_ohmic))
            assert explorer.v[0] < explorer.e_rev < explorer.v[-1]


def test_selectivity_explorer():
    explorer = SelectivityExplorer()
    assert explorer.ratio == pytest.approx(electrochem.permeability_ratio(12.0, 37.0))
    for name in ("delta_g", "barrier_k", "celsius"):
        assert _moves_figure(explorer, name), name
    bounds = [_bounds(explorer.controls[n]) for n in ("delta_g", "barrier_k", "celsius")]
    for values in itertools.product(*[np.linspace(lo, hi, 4) for lo, hi in bounds]):
        explorer.set(delta_g=values[0], barrier_k=values[1], celsius=values[2])
        assert math.isfinite(explorer.ratio) and math.isfinite(explorer.v_rest)
    # The drawn Na⁺ profile peaks exactly ΔG above the K⁺ one.
    x = np.linspace(-1.0, 1.0, 2001)
    assert filter_profile(x, 27.0).max() - filter_profile(x, 15.0).max() == pytest.approx(12.0, rel=1e-3)


def test_charge_explorer():
    explorer = ChargeExplorer()
    assert explorer.fraction == pytest.approx(electrochem.charging_fraction(-70.0, 10.0, 1.0, 300.0))
    assert explorer.debye == pytest.approx(electrochem.debye_length(150.0, 37.0))
    for name in ("diameter", "v", "total_concentration", "ionic_strength"):
        assert _moves_figure(explorer, name), name
    bounds = [_bounds(explorer.controls[n]) for n in ("diameter", "v", "total_concentration", "ionic_strength")]
    for d, v, c, s in itertools.product(*bounds):
        explorer.set(diameter=d, v=v, total_concentration=c, ionic_strength=s)
        assert all(math.isfinite(x) for x in (explorer.fraction, explorer.excess_ions, explorer.debye))
    explorer.set(v=0.0)
    assert explorer.fraction == 0.0


def test_log_slider_rejects_a_value_outside_its_range():
    with pytest.raises(ValueError, match="conc"):
        log_slider(0.0, 0.1, 10.0, "conc (mM)")


def test_activity_explorer():
    from excitable.explorers.activity import ActivityExplorer

    explorer = ActivityExplorer()
    assert explorer.shift == pytest.approx(0.0, abs=1e-9)  # equal ionic strengths: activities cancel
    assert explorer.gamma_out == pytest.approx(electrochem.activity_coefficient(150.0, 1))
    explorer.set(strength_out=15.0)
    assert explorer.shift == pytest.approx(
        electrochem.activity_nernst(4.0, 140.0, 1, 15.0, 150.0) - electrochem.nernst(4.0, 140.0, 1))
    for name in ("strength_out", "strength_in", "ion_size_nm", "celsius"):
        assert _moves_figure(explorer, name), name
    before = explorer.image.value
    explorer.set(valence=2)
    assert explorer.image.value != before
    names = ("strength_out", "strength_in", "ion_size_nm", "celsius")
    for valence in (1, 2):
        for values in itertools.product(*[_bounds(explorer.controls[n]) for n in names]):
            explorer.set(valence=valence, **dict(zip(names, values, strict=True)))
            assert math.isfinite(explorer.shift) and abs(explorer.shift) < 25.0
