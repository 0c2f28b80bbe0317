"""The inactivation protocols and the fits that read h_inf, tau_h, and m's and h's rates from them.

Each recovered quantity is compared with the closed form from the rate functions, tightly enough that a
wrong protocol (a test without a prepulse, a prepulse too short, the wrong gate, the wrong normalization)
fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from excitable import analysis, electrochem, fitting, gating, hh, protocols, stimuli
from excitable.experiments import PULSE_START, threshold_pulse


def test_two_pulse_ends_each_prepulse_at_h_inf_and_estimates_it():
    prepulse = np.arange(-110.0, -30.0, 10.0)
    result = protocols.two_pulse(prepulse)
    exact = gating.hh_x_inf("h", prepulse)
    np.testing.assert_allclose(result.h_start, exact, atol=5e-3)  # 50 ms is > 5 tau_h everywhere
    np.testing.assert_allclose(result.h_estimate, exact, atol=0.03)  # the peak reads h, within its bias
    assert np.all(np.diff(result.h_estimate) < 0)
    # a short prepulse (1 ms) leaves h near its resting value: the estimate then misses h_inf badly
    short = protocols.two_pulse(prepulse, prepulse_duration=1.0)
    assert np.max(np.abs(short.h_estimate - exact)) > 0.2


def test_boltzmann_fit_of_the_two_pulse_curve_finds_h_inf_half_point():
    prepulse = np.arange(-110.0, -10.0, 5.0)
    fit = fitting.fit_boltzmann(prepulse, protocols.two_pulse(prepulse).h_estimate)
    closed = fitting.fit_boltzmann(prepulse, gating.hh_x_inf("h", prepulse))
    assert abs(fit.v_half - closed.v_half) < 1.5 and abs(fit.slope - closed.slope) < 1.0
    assert -66.0 < closed.v_half < -58.0 and 5.0 < closed.slope < 9.0  # HH's h_inf: half near -62 mV
    with pytest.raises(ValueError, match="v and y"):
        fitting.fit_boltzmann([1.0, 2.0], [0.5, 0.4])


@pytest.mark.parametrize("v_rec", [-95.0, -80.0, -65.0])
def test_recovery_gives_tau_h_at_the_recovery_potential(v_rec):
    intervals = np.array([0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0])
    result = protocols.recovery(intervals, recovery_voltage=v_rec)
    fit = fitting.fit_recovery(intervals, result.fraction)
    exact = float(gating.hh_tau("h", v_rec))
    assert abs(fit.tau / exact - 1.0) < 0.03, (fit.tau, exact)
    # the recovery potential, not the holding or conditioning potential, sets tau: tau_h there differs
    assert abs(float(gating.hh_tau("h", -20.0)) / exact - 1.0) > 0.5
    assert result.fraction[0] < 0.1 and abs(result.fraction[-1] - 1.0) < 0.02


def test_recovery_is_temperature_scaled():
    intervals = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0])
    warm = hh.STANDARD.replace(celsius=16.3)
    fit = fitting.fit_recovery(intervals, protocols.recovery(intervals, params=warm).fraction)
    assert abs(fit.tau / float(gating.hh_tau("h", -65.0, 16.3)) - 1.0) < 0.03


def test_sodium_record_fit_separates_tau_m_and_tau_h_and_recovers_all_four_rates():
    voltages = np.array([-40.0, -20.0, 0.0, 20.0, 40.0])
    ex = fitting.extract_na_rates(voltages)
    np.testing.assert_allclose(ex.tau_m, gating.hh_tau("m", voltages), rtol=1e-4)
    np.testing.assert_allclose(ex.tau_h, gating.hh_tau("h", voltages), rtol=1e-4)
    np.testing.assert_allclose(ex.alpha_m, gating.alpha_m(voltages), rtol=1e-4)
    np.testing.assert_allclose(ex.beta_m, gating.beta_m(voltages), rtol=1e-4)
    np.testing.assert_allclose(ex.alpha_h, gating.alpha_h(voltages), rtol=1e-3)
    np.testing.assert_allclose(ex.beta_h, gating.beta_h(voltages), rtol=1e-4)


def test_sodium_rates_from_noisy_records_keep_the_well_determined_ones():
    voltages = np.array([-20.0, 0.0, 20.0])
    ex = fitting.extract_na_rates(voltages, noise_sd=0.5, rng=np.random.default_rng(3))
    assert np.median(np.abs(ex.alpha_m / gating.alpha_m(voltages) - 1.0)) < 0.1
    assert np.median(np.abs(ex.beta_h / gating.beta_h(voltages) - 1.0)) < 0.1
    with pytest.raises(ValueError, match="rng"):
        fitting.extract_na_rates(voltages, noise_sd=0.5)


def test_sodium_fit_rejects_bad_starting_gates():
    t, g = protocols.sodium_step(0.0)
    with pytest.raises(ValueError, match="h0"):
        fitting.fit_sodium_record(t, g, 120.0, 0.05, 1.5)


def test_protocol_inputs_are_checked():
    with pytest.raises(ValueError, match="prepulse"):
        protocols.two_pulse([-300.0])
    with pytest.raises(ValueError, match="recovery_voltage"):
        protocols.recovery([1.0], recovery_voltage=0.0)
    with pytest.raises(ValueError, match="no sodium conductance"):
        protocols.two_pulse([-80.0], params=hh.STANDARD.replace(g_na=0.0))


def test_rates_that_are_never_negative_keep_a_gate_in_the_unit_interval():
    rng = np.random.default_rng(0)
    t = np.linspace(0.0, 50.0, 101)
    for _ in range(200):
        alpha, beta = rng.exponential(1.0, 2)
        x = gating.clamp_step(rng.uniform(), alpha, beta, t)
        assert np.all((x >= 0.0) & (x <= 1.0))
    with pytest.raises(ValueError, match="alpha"):
        gating.clamp_step(0.5, -0.1, 1.0, t)


def test_sequential_steady_state_is_x_inf_to_the_n_without_coupling_and_matches_the_chain():
    v = np.linspace(-90.0, 40.0, 14)
    a, b = gating.alpha_n(v), gating.beta_n(v)
    np.testing.assert_allclose(gating.subunit_steady_state(a, b), gating.hh_x_inf("n", v) ** 4, rtol=1e-12)
    for alpha, beta in zip(a[::4], b[::4], strict=True):
        late = float(gating.subunit_open_probability(2000.0, alpha, beta, 4, 3.0))
        assert abs(float(gating.subunit_steady_state(alpha, beta, 4, 3.0)) - late) < 1e-9


def test_sodium_entry_per_spike_exceeds_the_capacitive_minimum_more_when_cold():
    ratios = []
    for celsius in (6.3, 18.5):
        params = hh.STANDARD.replace(celsius=celsius)
        amplitude = 2.0 * analysis.threshold(stimuli.pulse(1.0, PULSE_START, 1.0), 30.0, params=params)
        run = hh.simulate(stimuli.pulse(amplitude, PULSE_START, 1.0), 50.0, dt=0.01, params=params)
        entry = analysis.sodium_entry(run)
        assert abs(entry.capacitive - (run.v.max() - run.v[0])) < 1e-9
        ratios.append(entry.ratio)
    assert 12.0 < ratios[0] < 14.5 and 3.5 < ratios[1] < 4.5, ratios
    assert abs(threshold_pulse(1.0) - analysis.threshold(stimuli.pulse(1.0, PULSE_START, 1.0), 30.0)) < 0.01


def test_linearized_poisson_boltzmann_error():
    local, total = electrochem.linearization_error(-25.0)
    u = 25.0 / float(electrochem.thermal_voltage(37.0))
    assert abs(local - (1.0 - u / np.sinh(u))) < 1e-12 and abs(total - (1.0 - 0.5 * u / np.sinh(0.5 * u))) < 1e-12
    assert 0.12 < local < 0.14 and total < local
    small_local, _ = electrochem.linearization_error(np.array([0.0, -5.0, 5.0]))
    assert small_local[0] == 0.0 and small_local[1] == small_local[2] < 0.01


def test_inactivation_explorer_reads_h_inf_and_tau_h():
    from excitable.explorers import InactivationExplorer

    explorer = InactivationExplorer(prepulse=-70.0, recovery_voltage=-95.0, interval=3.0)
    assert abs(explorer.h_estimate - float(gating.hh_x_inf("h", -70.0))) < 0.03
    assert abs(explorer.fit.tau / float(gating.hh_tau("h", -95.0)) - 1.0) < 0.03
    explorer.set(prepulse=-120.0)
    assert abs(explorer.h_estimate - 1.0) < 1e-9  # the reference prepulse reads 1 by construction
