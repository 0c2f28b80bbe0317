"""The compartmental cable: analytic passive cables, convergence, conservation, batches and the HH axon."""

import math

import numpy as np
import pytest

from excitable import analysis, cable, hh, stimuli
from excitable.hh import HHParams


def _passive_axon(n, length_in_lambda, diameter=10.0, r_i=100.0, g=1.0, c_m=1.0):
    """A passive cable of ``length_in_lambda`` length constants in ``n`` compartments, and its λ (µm)."""
    lam = math.sqrt(diameter * 1e-4 / (4 * r_i * g * 1e-3)) * 1e4  # µm, written out again
    return cable.uniform_axon(diameter, length_in_lambda * lam, n, r_i, c_m, cable.Passive(g=g, e=-65.0)), lam


def _steady(axon, current_nA, t_stop=20.0, dt=0.01):
    result = cable.simulate(axon, t_stop, dt, [cable.Stimulus(0, current_nA, 0.0, math.inf)],
                            record_every=int(round(t_stop / dt)))
    return result.v[:, -1] + 65.0


def test_sealed_end_cable_is_the_cosh_solution():
    # V(x) = I r_a λ cosh((L - x)/λ) / sinh(L/λ) for current I into the end x = 0 of a sealed cable.
    axon, lam = _passive_axon(80, 2.0)
    current = 0.05  # nA
    deflection = _steady(axon, current)
    r_a = 100.0 / (math.pi * (10e-4 / 2) ** 2)  # Ω/cm
    length_cm, x_cm = axon.total_length * 1e-4, axon.x * 1e-4
    expected = current * 1e-9 * r_a * lam * 1e-4 * np.cosh((length_cm - x_cm) / (lam * 1e-4)) \
        / np.sinh(length_cm / (lam * 1e-4)) * 1e3  # mV
    assert np.max(np.abs(deflection / expected - 1)) < 2e-4


def test_long_cable_decays_exponentially_with_lambda():
    axon, lam = _passive_axon(200, 10.0)
    deflection = _steady(axon, 0.05)
    near = axon.x < 3 * lam
    slope = np.polyfit(axon.x[near], np.log(deflection[near]), 1)[0]
    assert -1 / slope == pytest.approx(lam, rel=1e-3)


def test_input_resistance_matches_the_closed_form():
    for length_in_lambda in (0.5, 1.0, 5.0):
        axon, lam = _passive_axon(100, length_in_lambda)
        current = 0.05
        v_first = _steady(axon, current)[0]
        # V at the end x = 0 from V at the first centre (dx/2 in): dV/dx = -I r_a at the end.
        r_a = 100.0 / (math.pi * (10e-4 / 2) ** 2)
        v_end = v_first + current * 1e-9 * r_a * axon.length[0] * 0.5e-4 * 1e3
        measured = v_end / current  # mV / nA = MΩ
        r_infinite = r_a * lam * 1e-4 * 1e-6  # MΩ
        assert measured == pytest.approx(r_infinite / math.tanh(length_in_lambda), rel=2e-3)


def test_ac_length_constant_and_the_d_lambda_rule():
    # λ_AC(100 Hz) = sqrt(d / (4 π f R_i C_m)): 10 µm, 100 Ω·cm, 1 µF/cm² -> 0.0892 cm.
    assert cable.ac_length_constant(10.0, 100.0, 1.0) == pytest.approx(
        math.sqrt(1e-3 / (4 * math.pi * 100 * 100 * 1e-6)) * 1e4)
    # squid axon: 0.1 x λ_AC = 1.034 mm; 1.0 mm compartments pass, 1.1 mm fail
    cable.uniform_axon(476.0, 10_000.0, 10, 35.4)
    with pytest.raises(ValueError, match="d_lambda"):
        cable.uniform_axon(476.0, 11_000.0, 10, 35.4)


def test_charge_is_conserved():
    # Injected charge = charge on the membranes + charge that leaked out (trapezoid sum: exact for
    # Crank-Nicolson, which takes the leak at the mean of the two ends of each step).
    axon, _ = _passive_axon(40, 1.0, g=0.5)
    dt, current, duration = 0.02, 0.2, 1.0
    result = cable.simulate(axon, 5.0, dt, [cable.Stimulus(3, current, 0.5, duration)])
    area_cm2 = axon.area * 1e-8
    deflection = result.v + 65.0  # mV
    stored = np.sum(axon.c_m * area_cm2 * deflection[:, -1])  # µF mV = nC
    leak_current = np.sum(0.5 * area_cm2[:, None] * deflection, axis=0)  # µA (g = 0.5 mS/cm²)
    leaked = dt * (leak_current.sum() - 0.5 * (leak_current[0] + leak_current[-1]))  # nC
    assert stored + leaked == pytest.approx(current * 1e-3 * duration, rel=1e-10)


def _hh_axon(n, length=20_000.0, **kwargs):
    return cable.uniform_axon(476.0, length, n, 35.4, membrane=HHParams(celsius=18.5), **kwargs)


def test_second_order_in_dt():
    axon = _hh_axon(100)
    stimulus = [cable.Stimulus(0, 20_000.0, 0.5, 0.5)]

    def arrival(dt):
        return cable.crossing_times(cable.simulate(axon, 3.0, dt, stimulus, record=[80]))[0]

    reference = arrival(0.00125)
    errors = [abs(arrival(dt) - reference) for dt in (0.02, 0.01, 0.005)]
    ratios = [errors[0] / errors[1], errors[1] / errors[2]]
    assert all(3.2 < r < 4.8 for r in ratios), (errors, ratios)


def test_second_order_in_dx():
    def velocity(n):
        result = cable.simulate(_hh_axon(n), 3.0, 0.005, [cable.Stimulus(0, 20_000.0, 0.5, 0.5)])
        return cable.conduction_velocity(result, start=8000.0, stop=16000.0)

    reference = velocity(320)
    errors = [abs(velocity(n) - reference) for n in (20, 40, 80)]
    ratios = [errors[0] / errors[1], errors[1] / errors[2]]
    assert all(3.2 < r < 5.0 for r in ratios), (errors, ratios)


def test_squid_axon_conducts_near_hodgkin_huxley_velocity():
    # Hodgkin & Huxley (1952) computed 18.8 m/s at 18.5 °C; the converged value is in the validation table.
    result = cable.simulate(_hh_axon(200, 40_000.0), 5.0, 0.0125, [cable.Stimulus(0, 20_000.0, 0.5, 0.5)])
    velocity = cable.conduction_velocity(result)
    assert velocity == pytest.approx(18.8, rel=0.01)
    times = cable.crossing_times(result)
    assert np.all(np.diff(times) > 0)  # the spike travels away from the stimulus
    assert cable.reaches(result, 199)
    # the spike's length on the axon is about velocity x its duration above -15 mV (about 1 ms)
    assert 5.0 < cable.spatial_extent(result, 1.8) < 40.0


def test_single_compartment_matches_the_space_clamped_membrane():
    # One compartment of 1e-4 cm² with 1 nA is 10 µA/cm²: the cable step and hh.simulate agree.
    axon = cable.uniform_axon(100.0 / math.pi, 100.0, 1, membrane=hh.STANDARD)
    result = cable.simulate(axon, 20.0, 0.005, [cable.Stimulus(0, 1.0, 1.0, 1.0)])
    membrane = hh.simulate(stimuli.pulse(10.0, 1.0, 1.0), 20.0, 0.005)
    spikes = analysis.spike_times(result.t, result.v[0])
    assert spikes.size == 1
    assert spikes[0] == pytest.approx(membrane.spike_times[0], abs=0.005)
    assert np.max(np.abs(result.v[0] - membrane.v)) < 1.0


def test_batch_equals_separate_runs():
    axons = [_hh_axon(50, length) for length in (10_000.0, 15_000.0)]
    axons.append(cable.uniform_axon(200.0, 10_000.0, 50, 35.4, membrane=HHParams(celsius=10.0)))
    stimulus = [cable.Stimulus(0, 10_000.0, 0.5, 0.5)]
    batch = cable.simulate(axons, 4.0, 0.025, stimulus, record=[0, 25, 49])
    assert batch.v.shape == (3, 3, 161)
    for index, axon in enumerate(axons):
        single = cable.simulate(axon, 4.0, 0.025, stimulus, record=[0, 25, 49])
        np.testing.assert_allclose(batch[index].v, single.v, rtol=0, atol=1e-12)
    per_axon = cable.simulate(axons[:2], 4.0, 0.025, [[], stimulus], record=[49])
    assert not cable.reaches(per_axon[0], 49) and cable.reaches(per_axon[1], 49)
    np.testing.assert_array_equal(cable.reaches(per_axon, 49), [False, True])


def test_at_rest_nothing_moves():
    result = cable.simulate(_hh_axon(20), 5.0, 0.025)
    assert np.ptp(result.v) < 1e-6  # the kinetics tables interpolate the steady states
    # Moore's internodes rest at -65 mV, the nodes 4 µV above it: the cable starts at its joint rest
    axon = cable.myelinated_axon(n_nodes=5)
    assert np.ptp(cable.simulate(axon, 5.0, 0.01).v, axis=1).max() < 1e-6


def test_soma_initial_segment_axon_fires_first_in_the_initial_segment():
    axon = cable.soma_ais_axon(ais_start=10.0, ais_length=30.0, ais_na_factor=5.0, ais_activation_shift=-2.0)
    ais = cable.ais_compartments(axon)
    np.testing.assert_array_equal(axon.x[ais] - axon.length[0], np.arange(12.5, 40.0, 5.0))
    rest = cable.rest_state(axon)
    assert np.all(rest[ais] > rest[0])  # the segment's Na+ window current depolarizes it
    quiet = cable.simulate(axon, 20.0, 0.025, record=[0, 5, 100])
    assert np.ptp(quiet.v, axis=1).max() < 1e-5  # the joint resting state is a steady state
    result = cable.simulate(axon, 20.0, 0.025, [cable.Stimulus(0, 0.2, 1.0, 1.0)])  # into the soma
    times = cable.crossing_times(result, 0.0)
    assert int(np.nanargmin(times)) in ais
    assert cable.reaches(result, axon.n - 1, 0.0)
    plain = cable.soma_ais_axon(ais_na_factor=1.0, ais_activation_shift=0.0)
    assert cable.ais_compartments(plain).size == 0
    assert int(np.nanargmin(cable.crossing_times(cable.simulate(plain, 20.0, 0.025, [
        cable.Stimulus(0, 0.3, 1.0, 1.0)]), 0.0))) == 0  # without it the soma leads


def test_myelinated_axon_conducts_saltatorily():
    axon = cable.myelinated_axon()
    assert axon.n == 21 + 20 * 10 and axon.nodes.size == 21
    assert axon.area[axon.nodes[0]] == pytest.approx(100.0, rel=1e-3)  # µm²
    result = cable.simulate(axon, 4.0, 0.005, [cable.Stimulus(0, 10.0, 0.0, 0.1)], record=axon.nodes)
    times = cable.crossing_times(result)
    assert np.all(np.diff(times) > 0)
    velocity = (axon.x[axon.nodes[11]] - axon.x[axon.nodes[10]]) * 1e-3 / (times[11] - times[10])
    assert 15.0 < velocity < 30.0
    thin = cable.myelinated_axon(myelin_factor=40.0, internode_compartments=20)
    blocked = cable.simulate(thin, 4.0, 0.005, [cable.Stimulus(0, 10.0, 0.0, 0.1)], record=thin.nodes)
    assert not cable.reaches(blocked, thin.nodes[18])


def test_measured_length_constant_matches_the_slope_conductance():
    membrane = HHParams(celsius=18.5)
    axon = cable.uniform_axon(476.0, 60_000.0, 120, 35.4, membrane=membrane)
    g_slope = cable.resting_slope_conductance(membrane)  # mS/cm²
    expected = math.sqrt(476e-4 / (4 * 35.4 * g_slope * 1e-3)) * 10  # mm
    assert cable.measured_length_constant(axon) == pytest.approx(expected, rel=5e-3)


def test_activation_shift_lowers_the_threshold_of_a_compartment():
    base = cable.uniform_axon(20.0, 200.0, 10, 100.0, membrane=hh.STANDARD)
    shifted = base.replace(activation_shift=np.full(10, -2.0))
    assert np.all(cable.resting_potentials(shifted) > cable.resting_potentials(base))
    stimulus = [cable.Stimulus(0, 0.7, 1.0, 1.0)]
    results = [cable.simulate(a, 10.0, 0.01, stimulus, record=[9]) for a in (base, shifted)]
    assert results[0].v.max() < 0 < results[1].v.max()


@pytest.mark.parametrize("call, words", [
    (lambda: cable.uniform_axon(diameter=-1.0), "diameter"),
    (lambda: cable.uniform_axon(length=100_000.0, n_compartments=10), "d_lambda"),
    (lambda: cable.simulate(cable.uniform_axon(n_compartments=500), 1.0, 0.5), "dt"),
    (lambda: cable.simulate([cable.uniform_axon(n_compartments=500), cable.uniform_axon(n_compartments=501)]),
     "same number of compartments"),
    (lambda: cable.simulate(cable.uniform_axon(), stimuli=[cable.Stimulus(600, 1.0)]), "site"),
    (lambda: cable.simulate(cable.uniform_axon(), record=[1000]), "record"),
    (lambda: cable.myelinated_axon(myelin_factor=[1.0, 2.0]), "myelin_factor"),
    (lambda: cable.myelinated_axon(myelin_factor=0.0), "myelin_factor"),
    (lambda: cable.Stimulus(0, 1.0, duration=0.0), "duration"),
    (lambda: cable.soma_ais_axon(ais_start=490.0, ais_length=30.0), "ais_start"),
    (lambda: cable.soma_ais_axon(ais_na_factor=-1.0), "ais_na_factor"),
])
def test_bad_input_is_named(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def _hh_steady_current(v):
    """HH steady-state current (µA/cm²) at V (mV), written out here again without the package."""
    def exprel_rate(x, y):
        return x / (math.exp(x / y) - 1.0)
    am, bm = 0.1 * exprel_rate(-(v + 40.0), 10.0), 4.0 * math.exp(-(v + 65.0) / 18.0)
    ah, bh = 0.07 * math.exp(-(v + 65.0) / 20.0), 1.0 / (math.exp(-(v + 35.0) / 10.0) + 1.0)
    an, bn = 0.01 * exprel_rate(-(v + 55.0), 10.0), 0.125 * math.exp(-(v + 65.0) / 80.0)
    m, h, n = am / (am + bm), ah / (ah + bh), an / (an + bn)
    return 120.0 * m**3 * h * (v - 50.0) + 36.0 * n**4 * (v + 77.0) + 0.3 * (v + 54.387)


def test_length_constant_reference_is_the_closed_form():
    from excitable import validation

    rest = -65.0
    for _ in range(50):  # Newton on the steady-state current, by central differences
        slope = (_hh_steady_current(rest + 1e-4) - _hh_steady_current(rest - 1e-4)) / 2e-4
        rest -= _hh_steady_current(rest) / slope
    slope = (_hh_steady_current(rest + 1e-3) - _hh_steady_current(rest - 1e-3)) / 2e-3  # mS/cm²
    assert slope == pytest.approx(1.16690, abs=2e-5)
    assert cable.resting_slope_conductance(HHParams(celsius=18.5)) == pytest.approx(slope, rel=1e-6)
    lam = math.sqrt(476e-4 / (4 * 35.4 * slope * 1e-3)) * 10  # mm
    assert validation.REFERENCES["length_constant_squid_mm"].published == pytest.approx(lam, abs=1e-5)
    assert validation.REFERENCES["cv_diameter_exponent"].published == 0.5


def test_velocity_between_two_sites():
    axon = cable.myelinated_axon(n_nodes=6)
    result = cable.simulate(axon, 3.0, 0.005, [cable.Stimulus(0, 10.0, 0.0, 0.1)], record=axon.nodes)
    times = cable.crossing_times(result)
    expected = (axon.x[axon.nodes[4]] - axon.x[axon.nodes[3]]) * 1e-3 / (times[4] - times[3])
    assert cable.velocity_between(result, axon.nodes[3], axon.nodes[4]) == pytest.approx(expected)
    assert cable.velocity_between(result, axon.nodes[4], axon.nodes[3]) == pytest.approx(expected)
    with pytest.raises(ValueError, match="site"):
        cable.velocity_between(result, axon.nodes[3], 5)


def test_block_factor_brackets_and_batches():
    k = cable.myelin_block_factor(node=5, xtol=0.5, t_stop=4.0, axon_options={"n_nodes": 7})
    thin, thick = (cable.myelinated_axon(n_nodes=7, myelin_factor=f) for f in (k + 0.5, k - 0.5))
    results = cable.simulate([thin, thick], 4.0, 0.005, [cable.Stimulus(0, 10.0, 0.0, 0.1)], record=[thin.nodes[5]])
    np.testing.assert_array_equal(cable.reaches(results, thin.nodes[5]), [False, True])
    with pytest.raises(ValueError, match="bracket"):
        cable.myelin_block_factor(node=5, low=1.0, high=2.0, axon_options={"n_nodes": 7})


def test_a_large_batch_runs_in_parallel_with_the_serial_result(monkeypatch):
    from excitable import _cable_kernel

    axons = [_hh_axon(100, length) for length in (10_000.0, 12_000.0, 14_000.0, 16_000.0)]
    stimulus = [cable.Stimulus(0, 10_000.0, 0.5, 0.5)]
    parallel = cable.simulate(axons, 25.0, 0.025, stimulus, record=[0, 99])  # 4 x 100 x 1000 steps: threads
    monkeypatch.setattr(_cable_kernel, "PARALLEL_MIN_WORK", 10**12)
    serial = cable.simulate(axons, 25.0, 0.025, stimulus, record=[0, 99])
    np.testing.assert_array_equal(parallel.v, serial.v)


def test_many_temperatures_run_in_groups_with_the_same_result(monkeypatch):
    axons = [cable.uniform_axon(476.0, 4000.0, 20, membrane=HHParams(celsius=c)) for c in (6.3, 10.0, 15.0, 20.0)]
    stimulus = [cable.Stimulus(0, 5000.0, 0.2, 0.5)]
    together = cable.simulate(axons, 3.0, 0.01, stimulus, record=[0, 19])
    monkeypatch.setattr(cable, "MAX_TABLES", 1)
    grouped = cable.simulate(axons, 3.0, 0.01, stimulus, record=[0, 19])
    np.testing.assert_array_equal(together.v, grouped.v)
    with pytest.raises(ValueError, match="axon"):
        cable.simulate(axons[0].replace(membranes=(HHParams(),) * 10 + (HHParams(celsius=10.0),) * 10), 1.0, 0.01)


def test_focal_demyelination_needs_a_thinner_sheath_to_block_than_uniform():
    options = {"n_nodes": 8, "internode_compartments": 20}
    uniform = cable.myelin_block_factor(node=6, xtol=1.0, t_stop=4.0, axon_options=options)
    focal = cable.myelin_block_factor(node=6, xtol=1.0, t_stop=4.0, high=79.0, axon_options=options,
                                      internodes=[3])
    assert focal > uniform + 1.0
    with pytest.raises(ValueError, match="internodes"):
        cable.myelin_block_factor(internodes=[25])
