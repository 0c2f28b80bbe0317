"""The HH membrane: parameters, current clamp integrator, voltage clamp."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from excitable import analysis, drugs, gating, hh, stimuli


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


def _solve_ivp_reference(stimulus, edges, params, t):
    """V (mV) at times ``t`` from solve_ivp of hh.derivatives, restarted at every edge of the stimulus."""
    from scipy.integrate import solve_ivp

    rest = hh.resting_potential(params)
    state = np.array([rest, *hh.gate_steady_states(rest, params)], dtype=float)
    v = np.empty_like(t)
    for start, stop in zip(edges[:-1], edges[1:], strict=True):
        current = float(stimulus(np.array([0.5 * (start + stop)]))[0])
        solution = solve_ivp(lambda _, y, i=current: hh.derivatives(y, params, i), (start, stop), state,
                             method="LSODA", rtol=1e-10, atol=1e-12, dense_output=True)
        state = solution.y[:, -1]
        inside = (t >= start) & (t <= stop)
        v[inside] = solution.sol(t[inside])[0]
    return v


def test_integrator_matches_solve_ivp_of_the_right_hand_side_under_drugs_and_heat():
    # The compiled integrator (tables, staggered exponential steps) against the model's one right-hand side,
    # integrated by LSODA at tight tolerance, on a spike train under TTX, TEA, pronase and at 30 °C.
    train = stimuli.train(40.0, 2.0, 1.0, 15.0, 3)
    edges = [0.0, 2.0, 3.0, 17.0, 18.0, 32.0, 33.0, 45.0]
    conditions = [drugs.apply(ttx_nM=0.3), drugs.apply(tea_mM=0.5), drugs.apply(pronase=True),
                  hh.STANDARD.replace(celsius=30.0)]
    batch = hh.simulate_batch([train], edges[-1], 0.0025, conditions)
    for j, params in enumerate(conditions):
        reference = _solve_ivp_reference(train, edges, params, batch.t)
        assert np.max(np.abs(batch.v[j] - reference)) < 0.08, params  # second order: 0.05 mV at 30 °C
    assert batch[0].spike_times.size == 3 and batch[3].spike_times.size == 3  # a train, not one spike
    assert np.all(batch.h[2] == 1.0) and batch.v[2, -1] > 20.0  # pronase: h held, V plateaus


def test_voltage_clamp_is_the_two_state_solution_at_the_membranes_rates():
    # Each segment of the clamp is gating.clamp_step at hh.gate_rates: temperature scales the rates,
    # and after pronase h stays at 1.
    warm = hh.STANDARD.replace(celsius=18.5)
    record = hh.voltage_clamp([(0.0, 5.0)], holding=-80.0, dt=0.05, params=warm)
    since = record.t[1:]
    for k, gate in enumerate("mhn"):
        x0 = hh.gate_steady_states(-80.0, warm)[k]
        alpha, beta = hh.gate_rates(0.0, warm)[k]
        assert np.allclose(getattr(record, gate)[1:], gating.clamp_step(x0, alpha, beta, since), rtol=1e-12)
    assert hh.gate_rates(0.0, warm)[2][0] == pytest.approx(warm.rate_factor * gating.alpha_n(0.0))
    pronase = hh.voltage_clamp([(0.0, 5.0)], params=drugs.apply(pronase=True))
    assert np.all(pronase.h == 1.0)
    assert pronase.g_na[-1] == pytest.approx(120.0 * gating.hh_x_inf("m", 0.0) ** 3, rel=1e-3)


def test_model_functions_honour_every_parameter():
    v, m, h, n = -20.0, 0.5, 0.3, 0.6
    blocked = drugs.apply(ttx_nM=1.0, tea_mM=0.4, pronase=True)
    g_na, g_k, g_l = hh.conductances(v, m, h, n, blocked)
    assert g_na == pytest.approx(60.0 * m**3)  # h counts as 1 after pronase; TTX at K_d halves g_Na
    assert g_k == pytest.approx(18.0 * n**4) and g_l == pytest.approx(0.3)
    assert hh.ionic_current(v, m, h, n, blocked) == pytest.approx(sum(hh.ionic_currents(v, m, h, n, blocked)))
    assert hh.derivatives((v, m, h, n), blocked)[2] == 0.0
    assert hh.gate_time_constants(v, blocked)[1] == np.inf and hh.gate_steady_states(v, blocked)[1] == 1.0
    warm = hh.STANDARD.replace(celsius=16.3)
    assert hh.gate_time_constants(v, warm)[0] == pytest.approx(gating.hh_tau("m", v) / 3.0)
    dv = hh.derivatives((v, m, h, n), hh.STANDARD, i_app=10.0)[0]
    assert dv == pytest.approx(10.0 - hh.ionic_current(v, m, h, n))


def test_batch_currents_use_each_traces_parameters():
    params = [hh.STANDARD, drugs.apply(pronase=True, ttx_nM=1.0)]
    batch = hh.simulate_batch([stimuli.pulse(20.0, 1.0, 1.0)], 5.0, 0.025, params)
    for j, p in enumerate(params):
        single = batch[j]
        assert np.allclose(batch.i_ion[j], hh.ionic_current(single.v, single.m, single.h, single.n, p))
        assert np.allclose(batch.g_na[j], single.g_na)


_CONCURRENT_BATCHES = """
import threading
import numba
from excitable import hh, stimuli
def run():
    for _ in range(3):
        hh.simulate_batch([stimuli.step(float(i), 1.0) for i in range(50)], 200.0, 0.025, record_voltage=False)
threads = [threading.Thread(target=run) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(numba.threading_layer())
"""


def test_importing_leaves_numba_threading_alone_and_concurrent_batches_are_safe():
    # Two Python threads each running a large parallel batch once aborted the process under numba's
    # workqueue layer; the integrator now serializes parallel launches. Importing excitable chooses no layer.
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "NUMBA_THREADING_LAYER"}
    check = "import numba, excitable.hh, excitable.explorers; print(numba.config.THREADING_LAYER)"
    chosen = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, check=True)
    assert chosen.stdout.strip() == "default"
    env["NUMBA_THREADING_LAYER"] = "workqueue"
    run = subprocess.run([sys.executable, "-c", _CONCURRENT_BATCHES], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "workqueue"


def test_threading_layer_is_chosen_explicitly_and_checked():
    with pytest.raises(ValueError, match="layer"):
        hh.use_threading_layer("spinning")


def test_steady_state_conductances_currents_and_resting_conductance():
    v = np.array([-80.0, -65.0, 0.0])
    pronase = drugs.apply(pronase=True)
    g_na, g_k, g_l = hh.steady_state_conductances(v, pronase)
    assert np.allclose(g_na, 120.0 * gating.hh_x_inf("m", v) ** 3)  # h is 1 after pronase
    assert np.allclose(g_k, 36.0 * gating.hh_x_inf("n", v) ** 4) and np.allclose(g_l, 0.3)
    assert np.allclose(sum(hh.steady_state_currents(v, pronase)), hh.steady_state_current(v, pronase))
    rest = hh.resting_potential()
    m, h, n = (gating.hh_x_inf(g, rest) for g in "mhn")
    assert hh.resting_conductance() == pytest.approx(120.0 * m**3 * h + 36.0 * n**4 + 0.3, rel=1e-12)


@pytest.mark.parametrize("params", [hh.STANDARD, drugs.condition(celsius=30.0, ttx_nM=1.0, tea_mM=0.4, pronase=True)],
                         ids=["standard", "warm-drugs-pronase"])
def test_compiled_membrane_step_is_the_models_equations(params):
    # The njit membrane step a kernel shares (_membrane) against hh's own functions, in and beyond the table.
    from excitable import _membrane

    dt = 0.025
    tables = _membrane.gate_tables(params.rate_factor, dt, params.inactivation)[None]
    inactivates = np.array([params.inactivation])
    for v in (-72.345, 12.5, 300.0):
        m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = _membrane.gate_update(v, tables, 0, inactivates,
                                                                               params.rate_factor, dt)
        x_inf, tau = hh.gate_steady_states(v, params), hh.gate_time_constants(v, params)
        assert np.allclose([m_inf, h_inf, n_inf], x_inf, atol=3e-8)
        assert np.allclose([m_decay, n_decay], np.exp(-dt / np.array(tau))[[0, 2]], atol=3e-8)
        if params.inactivation:
            assert h_decay == pytest.approx(np.exp(-dt / tau[1]), abs=3e-8)
        else:  # h is 1 after any step
            assert _membrane.relax(0.3, h_inf, h_decay) == 1.0
        assert _membrane.relax(0.2, m_inf, m_decay) == pytest.approx(m_inf + (0.2 - m_inf) * m_decay)
    m, h, n, v = 0.3, 0.4, 0.5, -20.0
    g_na, g_k = _membrane.conductances(params.g_na, params.g_k, m, 1.0 if not params.inactivation else h, n)
    assert (g_na, g_k) == pytest.approx(hh.conductances(v, m, h, n, params)[:2])
    # The voltage step is exact for frozen conductances: its limit is V_inf, its slope at t = 0 is dV/dt.
    drive = 5.0
    v_far = _membrane.voltage_relax(v, 1e6, params.c_m, drive, g_na, g_k, params.g_l, params.e_na, params.e_k,
                                    params.e_l)
    assert drive == pytest.approx(hh.ionic_current(v_far, m, h, n, params), abs=1e-9)
    tiny = 1e-7
    slope = (_membrane.voltage_relax(v, tiny, params.c_m, drive, g_na, g_k, params.g_l, params.e_na, params.e_k,
                                     params.e_l) - v) / tiny
    assert slope == pytest.approx(hh.derivatives((v, m, h, n), params, drive)[0], rel=1e-5)


@pytest.mark.parametrize("params", [hh.STANDARD, drugs.condition(celsius=30.0, ttx_nM=1.0, tea_mM=0.4, pronase=True),
                                    hh.STANDARD.replace(g_na=0.0, c_m=2.5, e_l=-60.0, celsius=18.5)],
                         ids=["standard", "warm-drugs-pronase", "ttx-large-capacitance-warm"])
def test_compiled_right_hand_side_is_the_models_equations(params):
    # dynamics integrates periodic orbits with _membrane.stacked_derivatives: hh.derivatives compiled,
    # for several membranes stacked as (V..., m..., h..., n...) with their own currents.
    from excitable import _membrane

    rng = np.random.default_rng(7)
    copies = 6
    v = rng.uniform(-110.0, 60.0, copies)
    v[0] = -40.0  # alpha_m's removable singularity
    m, h, n = rng.uniform(0.0, 1.0, (3, copies))
    i_app = rng.uniform(-20.0, 80.0, copies)
    compiled = _membrane.stacked_derivatives(np.concatenate([v, m, h, n]), i_app, params.rate_factor,
                                             params.inactivation, params.c_m, params.g_na, params.g_k, params.g_l,
                                             params.e_na, params.e_k, params.e_l)
    expected = hh.derivatives((v, m, h, n), params, i_app)
    assert np.allclose(compiled.reshape(4, copies), expected, rtol=1e-12, atol=1e-12)
    if not params.inactivation:
        assert np.all(compiled[2 * copies:3 * copies] == 0.0)
