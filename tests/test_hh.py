"""The HH membrane: parameters, current clamp integrator, voltage clamp."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import analysis, gating, hh, stimuli


def test_standard_rest_is_minus_65_mV():
    assert hh.resting_potential() == pytest.approx(-65.0, abs=0.01)
    assert abs(float(hh.steady_state_current(hh.resting_potential()))) < 1e-10


def test_at_rest_nothing_moves():
    result = hh.simulate(None, t_stop=20.0)
    assert np.ptp(result.v) < 1e-6
    assert np.ptp(result.n) < 1e-8


def test_passive_membrane_matches_the_analytic_exponential():
    # With the voltage-gated conductances removed the membrane is an RC circuit:
    # V(t) = E_L + (I/g_L)(1 - exp(-t/tau)), tau = C/g_L = 3.33 ms.
    params = hh.STANDARD.replace(g_na=0.0, g_k=0.0)
    current = 1.5
    result = hh.simulate(stimuli.step(current), t_stop=30.0, dt=0.05, params=params, v0=params.e_l)
    tau = params.c_m / params.g_l
    expected = params.e_l + current / params.g_l * (1 - np.exp(-result.t / tau))
    assert np.max(np.abs(result.v - expected)) < 1e-9


def test_current_balance_holds_along_a_spike():
    # C dV/dt = -I_ion + I_app, checked with centred differences at the samples.
    result = hh.simulate(stimuli.pulse(10.0, 2.0, 1.0), t_stop=20.0, dt=0.005)
    dv_dt = (result.v[2:] - result.v[:-2]) / (2 * 0.005)
    rhs = (-result.i_ion + result.i_app)[1:-1] / hh.STANDARD.c_m
    away_from_edges = np.abs(result.t[1:-1] - 2.0) > 0.02
    away_from_edges &= np.abs(result.t[1:-1] - 3.0) > 0.02
    scale = np.max(np.abs(rhs))
    assert np.max(np.abs(dv_dt - rhs)[away_from_edges]) < 2e-3 * scale


def test_second_order_convergence():
    stimulus = stimuli.pulse(10.0, 1.0, 1.0)
    reference = analysis.spike_times(*_tv(hh.simulate(stimulus, 20.0, 0.0005)))[0]
    errors = [abs(analysis.spike_times(*_tv(hh.simulate(stimulus, 20.0, dt)))[0] - reference)
              for dt in (0.04, 0.02, 0.01)]
    ratios = [errors[0] / errors[1], errors[1] / errors[2]]
    assert all(3.0 < r < 5.0 for r in ratios), (errors, ratios)
    assert errors[1] < 0.01  # ms, at dt = 0.02 ms


def _tv(result):
    return result.t, result.v


def test_batch_equals_single_runs():
    stimulus_list = [stimuli.pulse(a, 1.0, 1.0) for a in (3.0, 8.0, 20.0)]
    params_list = [hh.STANDARD, hh.STANDARD.replace(celsius=15.0), hh.STANDARD.replace(g_k=20.0)]
    batch = hh.simulate_batch(stimulus_list, 15.0, 0.025, params_list)
    for k, (s, p) in enumerate(zip(stimulus_list, params_list)):
        single = hh.simulate(s, 15.0, 0.025, p)
        assert np.array_equal(batch.v[k], single.v)
        assert np.array_equal(batch[k].i_na, single.i_na)


def test_warmer_membrane_fires_a_narrower_spike():
    def width(celsius):
        r = hh.simulate(stimuli.pulse(20.0, 1.0, 0.5), 15.0, 0.005, hh.STANDARD.replace(celsius=celsius))
        up, down = analysis.spike_times(r.t, r.v, 0.0)[0], analysis.spike_times(r.t, -r.v, 0.0)[0]
        return down - up
    assert width(16.3) < 0.6 * width(6.3)


@settings(max_examples=25, deadline=None)
@given(st.floats(-50, 200), st.floats(0.05, 5), st.floats(0, 30))
def test_gates_stay_in_the_unit_interval(amplitude, duration, celsius):
    params = hh.STANDARD.replace(celsius=celsius)
    r = hh.simulate(stimuli.pulse(amplitude, 1.0, duration), 15.0, 0.05, params)
    for x in (r.m, r.h, r.n):
        assert np.all((x >= 0) & (x <= 1))
    assert np.all(np.isfinite(r.v))


def test_voltage_clamp_follows_the_two_state_solution():
    record = hh.voltage_clamp([(0.0, 10.0)], holding=-100.0, dt=0.01)
    x0 = gating.hh_x_inf("n", -100.0)
    expected = gating.clamp_step(x0, gating.alpha_n(0.0), gating.beta_n(0.0), record.t)
    assert np.allclose(record.n, expected, atol=1e-12)
    # The K+ conductance rises sigmoidally: flat at first, then steeply.
    early = record.g_k[(record.t > 0) & (record.t < 0.3)]
    assert early.max() < 0.02 * record.g_k.max()
    # Na+ current is inward and transient at 0 mV; K+ current is outward and sustained.
    assert record.i_na.min() < -500 and record.i_na[-1] > 0.05 * record.i_na.min()
    assert record.i_k[-1] == pytest.approx(record.i_k.max(), rel=1e-3)


@pytest.mark.parametrize("call, name", [
    (lambda: hh.simulate(None, 10.0, dt=0.5), "dt"),
    (lambda: hh.simulate(None, -1.0), "t_stop"),
    (lambda: hh.HHParams(g_na=-1.0), "g_na"),
    (lambda: hh.HHParams(c_m=0.0), "c_m"),
    (lambda: hh.HHParams(celsius=100.0), "celsius"),
    (lambda: hh.HHParams(e_k=float("nan")), "e_k"),
    (lambda: hh.simulate(None, 10.0, v0=float("inf")), "v0"),
    (lambda: hh.voltage_clamp([(0.0, -1.0)]), "duration"),
    (lambda: hh.simulate("not a stimulus", 10.0), "stimulus"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_kinetics_table_interpolates_the_exact_rates():
    from excitable import _membrane

    rate_factor, dt = 1.7, 0.025
    table = _membrane.gate_tables(rate_factor, dt)
    grid = _membrane.table_grid()
    v = grid[:-1] + 0.37 * _membrane.TABLE_STEP  # between grid points
    k = np.arange(v.size)
    interpolated = table[k] + 0.37 * (table[k + 1] - table[k])
    for column, gate in enumerate("mhn"):
        alpha, beta = gating.RATES[gate]
        a, b = alpha(v), beta(v)
        assert np.max(np.abs(interpolated[:, 2 * column] - a / (a + b))) < 3e-8
        assert np.max(np.abs(interpolated[:, 2 * column + 1] - np.exp(-rate_factor * dt * (a + b)))) < 3e-8


def test_voltages_beyond_the_table_use_the_exact_rates():
    # A huge current drives V past +250 mV, outside the kinetics table; the run must stay finite.
    r = hh.simulate(stimuli.pulse(20000.0, 1.0, 1.0), 10.0, 0.01)
    assert r.v.max() > 250 and np.all(np.isfinite(r.v))
    assert np.all((r.m >= 0) & (r.m <= 1))


def test_spike_times_from_the_integrator_match_the_recorded_trace():
    r = hh.simulate(stimuli.step(15.0, 2.0), 100.0, 0.025, spike_threshold=-20.0)
    assert np.allclose(r.spike_times, analysis.spike_times(r.t, r.v, -20.0), atol=1e-12)
    batch = hh.simulate_batch([stimuli.step(15.0, 2.0)] * 3, 100.0, record_voltage=False,
                              spike_threshold=-20.0)
    assert batch.v.shape == (3, 1) and np.allclose(batch.spike_times[2], r.spike_times)


def test_largest_step_keeps_spike_times_within_target():
    stimulus = stimuli.pulse(10.0, 1.0, 1.0)
    converged = hh.simulate(stimulus, 20.0, 0.0005).spike_times[0]
    assert abs(hh.simulate(stimulus, 20.0, hh.MAX_DT).spike_times[0] - converged) < 0.05
