"""Strength-duration curve, rheobase, chronaxie, charge threshold, classical laws and operational thresholds."""

import numpy as np
import pytest

from excitable import analysis, hh, stimuli
from excitable import strength_duration as sd
from excitable.experiments import PULSE_START, threshold_pulse


@pytest.fixture(scope="module")
def rheobase():
    return sd.rheobase()


def test_pulse_grid_resolves_every_pulse_exactly():
    for duration in (0.001, 0.01, 0.0317, 0.5, 1.0, 3.3, 100.0):
        dt = sd.pulse_dt(duration)
        steps = duration / dt
        assert dt <= sd.MAX_PULSE_DT + 1e-15 and steps >= sd.STEPS_PER_PULSE
        assert steps == pytest.approx(round(steps), abs=1e-9)
        assert sd.pulse_start(dt) / dt == pytest.approx(round(sd.pulse_start(dt) / dt), abs=1e-9)
    # The delivered charge (sum of the sampled waveform x dt) is amplitude x duration.
    pulse, dt, t_stop = sd._pulse(3.0, 0.0317)
    midpoints = (np.arange(int(round(t_stop / dt))) + 0.5) * dt
    assert pulse(midpoints).sum() * dt == pytest.approx(3.0 * 0.0317, rel=1e-12)


def test_strength_duration_matches_the_book_s_one_millisecond_threshold():
    # At 1 ms the grid is the standard one (dt = 0.025 ms, onset at PULSE_START): the same number as experiments.
    assert sd.strength_duration([1.0])[0] == pytest.approx(threshold_pulse(1.0), rel=2e-5)


def test_strength_duration_is_a_falling_curve_down_to_the_rheobase(rheobase):
    durations = np.array([0.01, 0.1, 1.0, 3.0, 30.0])
    thresholds = sd.strength_duration(durations)
    assert np.all(np.diff(thresholds) < 0)
    # Long pulses need the rheobase, no less (the 30 ms pulse outlasts the latency at rheobase).
    assert thresholds[-1] == pytest.approx(rheobase, rel=1e-4)
    # A batch gives the same thresholds as separate searches.
    assert sd.strength_duration([3.0])[0] == pytest.approx(thresholds[3], rel=1e-9)


def test_rheobase_is_one_spike_not_repetitive_firing_nor_the_hopf(rheobase):
    assert rheobase == pytest.approx(2.2403, abs=0.005)
    long_step = stimuli.step(1.0, PULSE_START)
    below = hh.simulate(long_step.with_amplitude(0.995 * rheobase), sd.RHEOBASE_WINDOW)
    above = hh.simulate(long_step.with_amplitude(1.005 * rheobase), sd.RHEOBASE_WINDOW)
    assert below.spike_times.size == 0 and above.spike_times.size == 1
    assert rheobase < analysis.repetitive_onset() < 9.78


def test_chronaxie_is_where_an_independent_search_finds_twice_the_rheobase(rheobase):
    c = sd.chronaxie(rel_tol=1e-5)
    # An independent threshold search by analysis.threshold at that duration (on the pulse's own grid).
    dt = sd.pulse_dt(c)
    start = sd.pulse_start(dt)
    found = analysis.threshold(stimuli.pulse(1.0, start, c), start + c + 40.0, dt, rel_tol=1e-6)
    assert found == pytest.approx(2.0 * rheobase, rel=2e-4)
    assert 1.0 < c < 3.0          # longer than 1 ms: the 1 ms threshold is above twice the rheobase
    assert threshold_pulse(1.0) > 2.0 * rheobase


def test_charge_threshold_is_the_sudden_depolarization_threshold():
    q = sd.charge_threshold(0.01)
    jump = analysis.threshold_depolarization(dt=0.0005, abs_tol=1e-4)   # its gate staggering needs a fine step
    # Q / C_m is within 0.1 % of the least voltage jump that fires (HH 1952: 6 mV decays, 7 mV fires).
    assert q / hh.STANDARD.c_m == pytest.approx(jump, rel=1e-3)
    assert 6.0 < sd.depolarization_equivalent(0.01) < 7.0
    # Doubling C_m doubles the charge needed for the same jump (the pulse only charges the capacitor).
    big = hh.STANDARD.replace(c_m=2.0)
    assert sd.depolarization_equivalent(0.01, big) == pytest.approx(
        analysis.threshold_depolarization(dt=0.0005, params=big), rel=1e-3)
    # The charge grows with the duration: leak and K current take some of it away.
    assert sd.charge_threshold(1.0) > sd.charge_threshold(0.1) > q


@pytest.mark.parametrize("law, fit", [("lapicque", sd.fit_lapicque), ("weiss", sd.fit_weiss)])
def test_law_fits_recover_known_parameters(law, fit):
    durations = np.logspace(-2, 2, 15)
    truth = {"lapicque": sd.lapicque_law, "weiss": sd.weiss_law}[law](durations, 2.5, 0.7)
    result = fit(durations, truth)
    assert result.law == law
    assert result.rheobase == pytest.approx(2.5, rel=1e-6)
    assert result.chronaxie == pytest.approx(0.7, rel=1e-6)
    assert result.max_error < 1e-8
    assert result.at([0.7])[0] == pytest.approx(5.0, rel=1e-6)   # twice the rheobase at the chronaxie


def test_law_closed_forms():
    # Lapicque: RC charging, I = I_rh / (1 - exp(-d / tau)) with tau = c / ln 2; Weiss: Q = I_rh (d + c).
    tau = 0.7 / np.log(2.0)
    assert sd.lapicque_law([0.35], 2.0, 0.7)[0] == pytest.approx(2.0 / (1.0 - np.exp(-0.35 / tau)))
    assert sd.weiss_law([0.35], 2.0, 0.7)[0] * 0.35 == pytest.approx(2.0 * (0.35 + 0.7))
    # Both laws give twice the rheobase at the chronaxie and tend to the rheobase for long pulses.
    for law in (sd.lapicque_law, sd.weiss_law):
        assert law([0.7], 2.0, 0.7)[0] == pytest.approx(4.0)
        assert law([1e3], 2.0, 0.7)[0] == pytest.approx(2.0, rel=2e-3)


def test_neither_law_fits_the_hh_curve():
    durations = np.logspace(-2, 2, 9)
    thresholds = sd.strength_duration(durations)
    for fit in (sd.fit_lapicque, sd.fit_weiss):
        assert fit(durations, thresholds).max_error > 0.05


def _synthetic_spike(t, onset=5.0):
    """A smooth synthetic upstroke: V = -65 + 100 / (1 + exp(-(t - onset) / 0.2)) then a slow fall."""
    return -65.0 + 100.0 / (1.0 + np.exp(-(t - onset) / 0.2)) * np.exp(-np.clip(t - onset - 1.0, 0.0, None))


def test_dvdt_threshold_on_a_trace_with_a_known_crossing():
    t = np.linspace(0.0, 10.0, 100001)
    v = _synthetic_spike(t)
    # For the logistic, dV/dt = A s (1 - s) / tau with s = (V + 65) / A; solve for s where dV/dt = 10 mV/ms.
    a, tau, criterion = 100.0, 0.2, 10.0
    s = 0.5 * (1.0 - np.sqrt(1.0 - 4.0 * criterion * tau / a))
    assert sd.threshold_by_dvdt(t, v, criterion) == pytest.approx(-65.0 + a * s, abs=1e-3)
    # The logistic's second derivative peaks where s = (3 - sqrt 3) / 6.
    assert sd.threshold_by_kink(t, v) == pytest.approx(-65.0 + a * (3.0 - np.sqrt(3.0)) / 6.0, abs=0.01)
    # Its third derivative, s(1 - s)(1 - 6s + 6s^2) / tau^3 = u (1 - 6u) with u = s(1 - s), peaks at u = 1/12.
    s3 = 0.5 * (1.0 - np.sqrt(1.0 - 4.0 / 12.0))
    assert sd.threshold_by_kink(t, v, "third_derivative") == pytest.approx(-65.0 + a * s3, abs=0.05)


def test_dvdt_threshold_ignores_a_stimulus_artefact():
    t = np.linspace(0.0, 10.0, 100001)
    v = _synthetic_spike(t) + np.where((t > 1.0) & (t < 1.1), 50.0 * (t - 1.0), 5.0 * np.exp(-(t - 1.1) / 1.0)
                                       * (t >= 1.1))
    clean = sd.threshold_by_dvdt(t, _synthetic_spike(t))
    assert sd.threshold_by_dvdt(t, v) == pytest.approx(clean, abs=0.5)


def test_current_balance_threshold_is_where_i_ion_turns_inward():
    d = 0.01
    pulse, dt, t_stop = sd._pulse(1.05 * sd.strength_duration([d])[0], d)
    result = hh.simulate(pulse, t_stop, dt)
    value = sd.threshold_by_current_balance(result)
    # After a brief pulse no current is applied, so C dV/dt = -I_ion: I_ion turns inward where V turns round.
    after = result.t > pulse.stop
    k = np.argmin(np.where(after & (result.t < result.spike_times[0]), result.v, np.inf))
    assert value == pytest.approx(result.v[k], abs=0.01)
    i_ion = result.i_ion
    assert i_ion[k - 20] > 0 > i_ion[k + 20]


def test_operational_thresholds_differ_for_the_same_spike():
    d = 1.0
    pulse, dt, t_stop = sd._pulse(1.05 * threshold_pulse(d), d)
    result = hh.simulate(pulse, t_stop, dt)
    values = [sd.threshold_by_dvdt(result.t, result.v), sd.threshold_by_kink(result.t, result.v),
              sd.threshold_by_current_balance(result)]
    assert max(values) - min(values) > 10.0
    assert all(hh.resting_potential() < x < 0.0 for x in values)


def test_dynamic_threshold_rises_for_fast_ramps_by_the_spike_s_own_criteria():
    slopes = [1.0, 10.0, 100.0]
    for method in ("kink", "current_balance"):
        result = sd.dynamic_threshold(slopes, method=method)
        assert np.all(np.diff(result.rate) > 0)
        assert np.all(np.diff(result.threshold_v) > 0), method
    # A dV/dt criterion falls instead: a fast ramp supplies the criterion's rate by itself.
    by_rate = sd.dynamic_threshold(slopes, method="dvdt")
    assert np.all(np.diff(by_rate.threshold_v) < 0)


def test_bad_input_is_refused_by_name():
    with pytest.raises(ValueError, match="durations"):
        sd.strength_duration([0.0])
    with pytest.raises(ValueError, match="thresholds"):
        sd.fit_lapicque([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="v must contain"):
        sd.threshold_by_dvdt(np.linspace(0, 1, 11), np.full(11, -65.0))
    with pytest.raises(ValueError, match="method"):
        sd.threshold_by_kink(np.linspace(0, 1, 11), np.linspace(-65, 20, 11), "curvature")
