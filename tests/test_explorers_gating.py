"""The gating chapter's explorers: every control changes the picture; no position breaks them."""

import itertools

import numpy as np
import pytest

from excitable import gating, passive
from excitable.explorers.circuit import PassiveMembraneExplorer
from excitable.explorers.clamp import VoltageClampBench
from excitable.explorers.onset import OnsetExplorer
from excitable.explorers.rates import RateFunctionExplorer, RateRecoveryExplorer

EXPLORERS = [PassiveMembraneExplorer, VoltageClampBench, RateFunctionExplorer, RateRecoveryExplorer, OnsetExplorer]


@pytest.fixture(scope="module", params=EXPLORERS, ids=lambda cls: cls.__name__)
def explorer(request):
    return request.param()


def _positions(control, count):
    """Values a control can take: its options, both booleans, or ``count`` points from min to max."""
    if isinstance(control.value, bool):
        return [False, True]
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    values = np.linspace(control.min, control.max, count)
    return [type(control.value)(round(v)) if isinstance(control.value, int) else float(v) for v in values]


def _artist_data(explorer):
    data = []
    for artist in explorer._artists.values():
        if hasattr(artist, "get_ydata"):
            data.append(np.asarray(artist.get_ydata(), dtype=float))
    return data


def _assert_finite(explorer):
    assert explorer.image.value[:4] == b"\x89PNG"
    for y in _artist_data(explorer):
        # NaN is allowed only as a deliberate gap between traces or for a rate that is not drawn on log axes
        assert not np.any(np.isinf(y))
    assert "nan" not in explorer.verdict.text.lower() and "inf " not in explorer.verdict.text.lower()


def test_every_control_changes_the_figure(explorer):
    for name, control in explorer.controls.items():
        positions = _positions(control, 3)
        explorer.set(**{name: positions[0]})
        before = explorer.image.value
        explorer.set(**{name: positions[-1]})
        assert explorer.image.value != before, f"moving {name} did not change the figure"
        explorer.set(**{name: positions[len(positions) // 2]})


def test_corners_and_a_grid_give_finite_output(explorer):
    names = list(explorer.controls)
    corners = list(itertools.product(*[_positions(explorer.controls[name], 2) for name in names]))
    grid = list(itertools.product(*[_positions(explorer.controls[name], 4) for name in names]))
    rng = np.random.default_rng(0)
    if len(corners) > 24:  # many controls (the clamp bench): every extreme of each control still appears
        corners = [corners[0], corners[-1]] + [corners[k] for k in rng.choice(len(corners), 22, replace=False)]
    sample = [grid[k] for k in rng.choice(len(grid), size=min(len(grid), 20), replace=False)]
    for values in corners + sample:
        explorer.set(**dict(zip(names, values, strict=True)))
        _assert_finite(explorer)


def test_passive_explorer_matches_the_exact_curve():
    explorer = PassiveMembraneExplorer(c_m=2.0, g_l=0.5, amplitude=-4.0)
    assert explorer.tau_m == pytest.approx(4.0)
    assert np.max(np.abs(explorer.result.v - explorer.exact)) < 1e-6
    assert explorer.result.v.min() == pytest.approx(-65.0 - 8.0 * (1 - np.exp(-50.0 / 4.0)), abs=1e-3)
    assert np.allclose(explorer.exact, passive.step_response(explorer.result.t, -4.0, 5.0, 50.0, 2.0, 0.5))


def test_clamp_bench_drugs_separate_the_currents():
    bench = VoltageClampBench(step=0.0)
    control_inward, control_outward = bench.peak_inward, bench.late_outward
    assert control_inward < -500.0 and control_outward > 1000.0
    bench.set(ttx_nM=50.0)
    assert bench.peak_inward > 0.1 * control_inward  # about 98% of g_Na blocked
    bench.set(ttx_nM=0.0, tea_mM=20.0)
    assert bench.late_outward < 0.1 * control_outward
    bench.set(tea_mM=0.0, pronase=True)
    assert np.all(bench.result.h == 1.0)
    without_drugs = VoltageClampBench(drugs=False)
    assert list(without_drugs.controls) == ["holding", "step", "celsius"]


def test_rate_explorer_reads_off_hh_values():
    explorer = RateFunctionExplorer(gate="m", celsius=16.3, v=-40.0)
    alpha, beta, x_inf, tau = explorer.point
    assert alpha == pytest.approx(3.0 * gating.alpha_m(-40.0))
    assert x_inf == pytest.approx(gating.hh_x_inf("m", -40.0))
    assert tau == pytest.approx(gating.hh_tau("m", -40.0, 16.3))


def test_rate_recovery_without_noise_is_exact():
    explorer = RateRecoveryExplorer(noise_sd=0.0, n_steps=5)
    assert explorer.alpha_error < 1e-4 and explorer.beta_error < 1e-3
    explorer.set(noise_sd=3.0)
    assert explorer.alpha_error > 1e-3


def test_onset_explorer_independent_gates_fit_their_number():
    explorer = OnsetExplorer(n_subunits=3, coupling=1.0)
    assert explorer.fit.exponent == pytest.approx(3.0, abs=1e-3)
    explorer.set(n_subunits=4, coupling=2.0)
    assert abs(explorer.fit.exponent - 4.0) > 0.3
