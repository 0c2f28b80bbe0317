"""The threshold near rest (excitable.threshold): fast I-V, slope and chord conductance, the fast (V, m) plane,
the initial slope after a step, latency and the full model's quasi-threshold."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from excitable import analysis, gating, hh, passive, threshold, validation

G_NA, G_K, G_L, E_NA, E_K, E_L = 120.0, 36.0, 0.3, 50.0, -77.0, -54.387


# --- an independent fast I-V from HH's published rates, plain math (no excitable) -----------------------------

def _steady(v):
    am = 0.1 * (v + 40.0) / (1 - math.exp(-(v + 40.0) / 10.0))
    bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
    ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    an = 0.01 * (v + 55.0) / (1 - math.exp(-(v + 55.0) / 10.0))
    bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


def _current(v, m, h, n):
    return G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K) + G_L * (v - E_L)


def _by_hand_zeros():
    rest = brentq(lambda v: _current(v, *_steady(v)), -80.0, -50.0, xtol=1e-13)
    _, h0, n0 = _steady(rest)
    grid = np.arange(-100.0, 100.0, 0.0137) + 1e-7  # avoids the removable points of the rates at -40 and -55 mV

    def fast(v):
        return _current(v, _steady(v)[0], h0, n0)

    values = np.array([fast(v) for v in grid])
    k = np.nonzero(values[:-1] * values[1:] < 0)[0]
    return rest, [brentq(fast, grid[i], grid[i + 1], xtol=1e-13) for i in k]


def test_fast_iv_threshold_recomputed_by_hand_matches_the_validation_row():
    rest, zeros = _by_hand_zeros()
    assert len(zeros) == 3
    reference = validation.REFERENCES["fast_iv_threshold_mV"]
    assert abs(zeros[1] - reference.published) < reference.tolerance / 2
    assert threshold.fast_iv_threshold() == pytest.approx(zeros[1], abs=1e-6)
    assert threshold.fast_iv_zeros() == pytest.approx(zeros, abs=1e-6)
    assert zeros[0] == pytest.approx(rest, abs=1e-6)


def test_fast_iv_is_the_ionic_current_with_m_at_steady_state():
    v = np.linspace(-100.0, 60.0, 33)
    rest = hh.resting_potential()
    _, h0, n0 = hh.gate_steady_states(rest)
    expected = hh.ionic_current(v, gating.hh_x_inf("m", v), h0, n0)
    assert threshold.fast_iv(v) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert threshold.fast_iv(v, h=0.3, n=0.5) == pytest.approx(
        hh.ionic_current(v, gating.hh_x_inf("m", v), 0.3, 0.5), rel=1e-12, abs=1e-12)
    for z in threshold.fast_iv_zeros(h=0.45, n=0.4):
        assert abs(float(hh.ionic_current(z, gating.hh_x_inf("m", z), 0.45, 0.4))) < 1e-8


def test_zeros_merge_and_vanish_as_h_falls_or_n_falls():
    rest = hh.resting_potential()
    counts_h = [threshold.fast_iv_zeros(h=h).size for h in (0.596, 0.45, 0.3, 0.1, 0.0)]
    assert counts_h[0] == 3 and counts_h[-1] == 1
    assert counts_h == sorted(counts_h, reverse=True)
    # inactivation: the threshold climbs towards the upstroke's end, they merge, and only rest is left
    assert threshold.fast_iv_zeros(h=0.45)[1] > threshold.fast_iv_threshold()
    assert threshold.fast_iv_zeros(h=0.0)[0] < rest
    # less K+ than at rest: rest and the threshold merge, and only the upstroke's end is left
    low_n = threshold.fast_iv_zeros(n=0.3)
    assert low_n.size == 1 and low_n[0] > 40.0
    assert threshold.fast_iv_zeros(n=0.9).size == 3


def test_slope_against_finite_differences_and_chord_never_negative():
    v = np.linspace(-90.0, 40.0, 131) + 0.003
    step = 1e-3
    numeric = (threshold.fast_iv(v + step) - threshold.fast_iv(v - step)) / (2 * step)
    assert threshold.slope_conductance(v) == pytest.approx(numeric, rel=1e-5, abs=1e-6)
    chord = threshold.chord_conductance(v)
    slope = threshold.slope_conductance(v)
    assert np.all(chord > 0)
    assert np.any(slope < 0)
    # chord conductance is I / (V - E) for a single ohmic current: with g_K = g_L = 0, I = g (V - E_Na)
    na_only = hh.STANDARD.replace(g_k=0.0, g_l=0.0)
    assert threshold.chord_conductance(v, params=na_only) * (v - E_NA) == pytest.approx(
        threshold.fast_iv(v, params=na_only), rel=1e-12, abs=1e-12)


def test_negative_slope_region():
    low, high = threshold.negative_slope_region()
    assert low == pytest.approx(-63.6, abs=0.05) and high == pytest.approx(-11.7, abs=0.05)
    assert abs(threshold.slope_conductance(low)) < 1e-8 and abs(threshold.slope_conductance(high)) < 1e-8
    assert threshold.slope_conductance(0.5 * (low + high)) < 0
    assert low < threshold.fast_iv_threshold() < high
    assert threshold.chord_conductance(0.5 * (low + high)) > 0
    assert threshold.negative_slope_region(h=0.0) is None


def test_steady_state_iv_is_monotonic():
    v = np.linspace(-120.0, 60.0, 1801)
    slope = threshold.steady_state_slope_conductance(v)
    numeric = np.gradient(hh.steady_state_current(v), v)
    assert slope[1:-1] == pytest.approx(numeric[1:-1], rel=2e-3, abs=1e-3)
    assert slope.min() == pytest.approx(0.296, abs=0.001)
    assert np.all(slope > 0)


def test_relaxation_time_constants():
    chord, slope = threshold.relaxation_time_constants()
    rest = hh.resting_potential()
    m, h, n = _steady(rest)
    assert chord == pytest.approx(1.0 / (G_NA * m**3 * h + G_K * n**4 + G_L), rel=1e-6)
    assert chord == pytest.approx(1.48, abs=0.005) and slope == pytest.approx(0.86, abs=0.005)
    doubled = hh.STANDARD.replace(c_m=2.0)
    assert threshold.relaxation_time_constants(doubled)[0] == pytest.approx(2 * chord, rel=1e-9)


@pytest.mark.parametrize("c_m", [1.0, 2.5])
def test_initial_slope_is_current_over_capacitance_for_hh_and_passive(c_m):
    for params in (hh.STANDARD.replace(c_m=c_m), passive.passive_params(c_m=c_m)):
        assert threshold.step_response_slopes(3.0, 0.0, params) == pytest.approx(3.0 / c_m, rel=1e-9)
    # the passive membrane follows (I/C) exp(-t/tau) exactly
    t = np.array([0.0, 0.5, 1.0, 3.0])
    tau = passive.membrane_time_constant(c_m, 0.3)
    slopes = threshold.step_response_slopes(3.0, t, passive.passive_params(c_m=c_m))
    assert slopes == pytest.approx(3.0 / c_m * np.exp(-t / tau), rel=1e-4)


def test_initial_slope_of_hh_falls_off_within_a_chord_time_constant():
    slopes = threshold.step_response_slopes(1.0, [0.0, 0.1, 0.5, 1.5, 5.0])
    assert slopes[0] == pytest.approx(1.0)
    assert np.all(np.diff(slopes[:4]) < 0)
    chord, _ = threshold.relaxation_time_constants()
    # at first the gates have hardly moved: the decay follows the chord time constant
    assert slopes[1] == pytest.approx(math.exp(-0.1 / chord), rel=0.01)
    # later m's activation (an inward current) slows the decay below the passive one with that conductance
    assert math.exp(-1.5 / chord) < slopes[3] < 0.7


def test_latency_grows_as_the_pulse_nears_threshold():
    t1 = analysis.threshold(threshold.stimuli.pulse(1.0, threshold.PULSE_START, 1.0), 45.0, rel_tol=1e-6)
    multiples = np.array([0.9, 1.0005, 1.01, 1.1, 1.5, 3.0])
    lat = threshold.latency(multiples * t1, 1.0)
    assert np.isinf(lat[0])
    assert np.all(np.isfinite(lat[1:]))
    assert np.all(np.diff(lat[1:]) < 0)
    assert lat[1] > 2 * lat[-2]


def test_fast_fixed_points_and_their_kinds():
    points = threshold.fast_fixed_points()
    assert [p.kind for p in points] == ["stable", "saddle", "stable"]
    assert [p.v for p in points] == pytest.approx([-65.0, -62.38, 48.92], abs=0.01)
    saddle = points[1]
    jac = np.zeros((2, 2))
    step = 1e-6
    for j, (dv, dm) in enumerate(((step, 0.0), (0.0, step))):
        up = np.array(threshold.fast_derivatives(saddle.v + dv, saddle.m + dm))
        down = np.array(threshold.fast_derivatives(saddle.v - dv, saddle.m - dm))
        jac[:, j] = (up - down) / (2 * step)
    assert np.sort(np.linalg.eigvals(jac).real) == pytest.approx(saddle.eigenvalues.real, rel=1e-4)
    for k in range(2):
        vector = saddle.eigenvectors[:, k]
        assert jac @ vector == pytest.approx(saddle.eigenvalues[k] * vector, rel=1e-3, abs=1e-9)


def _forward(v0, m0, t_stop=30.0):
    _, _, h0, n0 = threshold._resting_gates(hh.STANDARD)
    return solve_ivp(lambda t, y: np.array(threshold.fast_derivatives(y[0], min(max(y[1], 0.0), 1.0), h0, n0)),
                     (0.0, t_stop), [v0, m0], method="LSODA", rtol=1e-10, atol=[1e-9, 1e-12], max_step=0.05)


def test_separatrix_jump_lands_on_the_stable_manifold():
    jump = threshold.separatrix_jump()
    assert jump == pytest.approx(3.14, abs=0.01)
    assert jump < 0.6 * analysis.threshold_depolarization(abs_tol=1e-3)
    rest, m0, _, _ = threshold._resting_gates(hh.STANDARD)
    saddle = threshold.fast_fixed_points()[1]
    on = _forward(rest + jump, m0, 8.0)
    distance = np.hypot(on.y[0] - saddle.v, (on.y[1] - saddle.m) / 0.01)
    assert distance.min() < 0.05
    above, below = _forward(rest + jump + 0.01, m0), _forward(rest + jump - 0.01, m0)
    assert above.y[0, -1] == pytest.approx(48.92, abs=0.05)  # to the upstroke's end
    assert below.y[0, -1] < rest + 1.0 and below.y[0, -1] < below.y[0, -20]  # on its way back to rest


def test_separatrix_branches_start_at_the_saddle_and_divide_the_plane():
    sep = threshold.separatrix()
    assert sep.lower_v[0] == sep.saddle.v and sep.upper_v[0] == sep.saddle.v
    assert sep.lower_m[-1] < sep.saddle.m < sep.upper_m[-1]
    # a point on the lower branch, nudged right, fires; nudged left, returns to rest
    k = len(sep.lower_v) // 2
    assert _forward(sep.lower_v[k] + 0.05, sep.lower_m[k]).y[0, -1] > 40.0
    assert _forward(sep.lower_v[k] - 0.05, sep.lower_m[k]).y[0, -1] < -64.0


def test_quasi_threshold_at_two_temperatures():
    cold = threshold.quasi_threshold_band(6.3, [1e-2, 1e-8])
    assert cold.threshold_mV == pytest.approx(6.503, abs=0.003)
    assert cold.peak_below[0] == pytest.approx(-56.4, abs=0.2) and cold.peak_above[0] == pytest.approx(32.6, abs=0.2)
    assert -52.0 < cold.peak_below[1] < -45.0 and 0.0 < cold.peak_above[1] < 20.0
    warm = threshold.quasi_threshold_band(18.5, [1e-2])
    assert warm.threshold_mV == pytest.approx(7.386, abs=0.005)
    assert warm.peak_below[0] == pytest.approx(-52.0, abs=0.3) and warm.peak_above[0] == pytest.approx(6.9, abs=0.3)


def test_graded_band_is_wider_when_warm():
    warm = threshold.graded_band(18.5, 2e-4, 81)
    assert 1e-3 < warm.width_mV < 1e-2
    cold = threshold.graded_band(6.3, 1e-3, 11)
    assert cold.width_mV == 0.0  # narrower than the step
    with pytest.raises(ValueError, match="step"):
        threshold.graded_band(18.5, 1e-5, 11)


@pytest.mark.parametrize("call", [
    lambda: threshold.fast_iv(-65.0, h=1.5),
    lambda: threshold.fast_iv(np.nan),
    lambda: threshold.latency([], 1.0),
    lambda: threshold.quasi_threshold_band(40.0),
    lambda: threshold.graded_band(levels=(0.0, -40.0)),
])
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()
