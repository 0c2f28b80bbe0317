"""Refractoriness, accommodation and anode break (chapter 4, sections 1-3): each measurement against an
independent simulation of the same protocol, and the frozen-gate membranes against the HH currents."""

import numpy as np
import pytest

from excitable import accommodation, hh, refractory, stimuli
from excitable.experiments import PULSE_START, PULSE_WINDOW, threshold_pulse


@pytest.mark.parametrize("gate, value", [("h", 0.2), ("h", 0.9), ("n", 0.1), ("n", 0.7)])
def test_frozen_gate_membrane_carries_the_current_of_the_held_gate(gate, value):
    frozen = refractory.gate_frozen_params(gate, value)
    v = np.linspace(-100.0, 40.0, 29)
    m, h, n = 0.3, 0.45, 0.55
    held = {"h": (m, value, n), "n": (m, h, value)}[gate]
    expected = hh.ionic_current(v, *held)
    assert hh.ionic_current(v, m, h, n, frozen) == pytest.approx(expected, rel=1e-12, abs=1e-9)
    # and whatever the gate does in the frozen membrane, the current does not change
    other = {"h": (m, 0.01, n), "n": (m, h, 0.99)}[gate]
    assert hh.ionic_current(v, *other, frozen) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_single_threshold_is_the_books_1ms_threshold():
    assert refractory.single_threshold() == pytest.approx(threshold_pulse(1.0), rel=1e-4)


def _second_spike(interval, amplitude):
    """Does a continuous paired-pulse run cross 0 mV more often than the conditioning pulse alone?"""
    t1 = threshold_pulse(1.0)
    t_stop = PULSE_START + interval + 1.0 + PULSE_WINDOW
    both = hh.simulate(stimuli.paired_pulse(2 * t1, PULSE_START, 1.0, interval, second_amplitude=amplitude), t_stop)
    alone = hh.simulate(stimuli.pulse(2 * t1, PULSE_START, 1.0), t_stop)
    return both.spike_times.size > alone.spike_times.size


@pytest.mark.parametrize("interval", [8.0, 12.0, 19.0])
def test_test_threshold_separates_a_second_spike_from_none_in_a_continuous_run(interval):
    curve = refractory.recovery_thresholds([interval], rel_tol=1e-5)
    threshold = float(curve.threshold[0])
    assert _second_spike(interval, 1.01 * threshold)
    assert not _second_spike(interval, 0.99 * threshold)
    assert curve.ratio[0] == pytest.approx(threshold / curve.t1)


def test_recovery_curve_falls_and_returns_to_one():
    curve = refractory.recovery_thresholds([6.0, 8.0, 10.0, 14.0, 60.0], rel_tol=1e-4)
    assert np.all(np.diff(curve.ratio[:4]) < 0)  # excitability recovers
    assert curve.ratio[-1] == pytest.approx(1.0, abs=0.02)  # long after, the test threshold is T1


def test_threshold_is_infinite_under_the_cap_in_the_absolute_period():
    curve = refractory.recovery_thresholds([4.0, 5.0], cap=50.0)
    assert np.all(np.isinf(curve.threshold))


def test_absolute_period_is_where_the_capped_test_starts_to_fire_for_good():
    arp = refractory.absolute_refractory_period(50.0)
    t1 = threshold_pulse(1.0)
    assert refractory.fires_at([arp, arp + 0.5, arp + 1.0], 50.0 * t1).all()
    assert not refractory.fires_at([arp - 0.025], 50.0 * t1)[0]
    # a higher cap shortens it, a lower one lengthens it
    assert refractory.absolute_refractory_period(100.0) < arp < refractory.absolute_refractory_period(5.0)


def test_restoring_every_variable_removes_refractoriness_and_each_gate_part_of_it():
    curve = refractory.recovery_thresholds([12.0], restore=("v", "m", "h", "n"), rel_tol=1e-5)
    assert curve.ratio[0] == pytest.approx(1.0, abs=2e-3)  # the test meets a resting membrane
    intact = refractory.recovery_thresholds([12.0])
    only_h = refractory.recovery_thresholds([12.0], restore=("h",))
    only_n = refractory.recovery_thresholds([12.0], restore=("n",))
    assert curve.ratio[0] < only_h.ratio[0] < intact.ratio[0]
    assert curve.ratio[0] < only_n.ratio[0] < intact.ratio[0]


def test_supernormal_window_has_a_threshold_below_t1():
    interval, ratio = refractory.supernormal_minimum((17.0, 22.0), step=0.5)
    direct = refractory.recovery_thresholds([interval], rel_tol=1e-5).ratio[0]
    assert ratio == pytest.approx(direct, rel=1e-4)
    assert ratio < 0.9


def test_following_limit_is_where_a_train_starts_to_follow_one_to_one():
    period = refractory.following_limit(10.0, count=10, search=(3.0, 10.0), step=0.1)
    counts = refractory.train_spike_counts([period - 0.1, period, period + 1.0], 10.0, count=10)
    assert counts[0] < 10 and counts[1] == 10 and counts[2] == 10
    # each train pulse against a direct simulation
    t1 = threshold_pulse(1.0)
    run = hh.simulate(stimuli.train(10.0 * t1, PULSE_START, 1.0, period - 0.1, 10), PULSE_START + 10 * period + 40)
    assert run.spike_times.size == counts[0]
    assert refractory.following_limit(15.0, count=10, search=(2.0, 10.0), step=0.1) < period


# --- the 0 mV criterion against passive charging --------------------------------------------------------


@pytest.mark.parametrize("multiple, periods, count", [(50.0, [2.0, 3.0, 3.85], 50), (50.0, [3.0], 20),
                                                      (20.0, [5.0], 20), (20.0, [3.0, 5.0], 20)])
def test_a_train_that_crosses_0mV_without_sodium_is_refused(multiple, periods, count):
    with pytest.raises(ValueError, match=r"multiple: .* no sodium current .* passive charging"):
        refractory.train_spike_counts(periods, multiple, count=count)
    # and the refusal is right: the same train on a membrane without sodium channels crosses 0 mV
    t1 = threshold_pulse(1.0)
    passive = hh.STANDARD.replace(g_na=0.0)
    run = hh.simulate(stimuli.train(multiple * t1, PULSE_START, 1.0, periods[-1], count),
                      PULSE_START + count * periods[-1] + PULSE_WINDOW, params=passive, v0=hh.resting_potential())
    assert run.spike_times.size > 0


def test_following_limit_refuses_the_old_strong_train():
    with pytest.raises(ValueError, match="multiple"):
        refractory.following_limit(50.0)


def test_a_train_the_check_accepts_fires_spikes_well_above_its_passive_response():
    t1 = threshold_pulse(1.0)
    period = 8.0
    counts = refractory.train_spike_counts([period], 10.0, count=10)
    assert counts[0] == 10
    train = stimuli.train(10.0 * t1, PULSE_START, 1.0, period, 10)
    t_stop = PULSE_START + 10 * period + PULSE_WINDOW
    intact = hh.simulate(train, t_stop)
    passive = hh.simulate(train, t_stop, params=hh.STANDARD.replace(g_na=0.0), v0=hh.resting_potential())
    assert passive.v.max() < -15.0
    peaks = [intact.v[(intact.t >= PULSE_START + j * period) & (intact.t < PULSE_START + (j + 1) * period)].max()
             for j in range(10)]
    assert min(peaks) > passive.v.max() + 30.0 and min(peaks) > 10.0   # real spikes, not charging


def test_a_cap_that_crosses_0mV_without_sodium_is_refused():
    t1 = threshold_pulse(1.0)
    with pytest.raises(ValueError, match=r"cap: .* no sodium current"):
        refractory.absolute_refractory_period(1000.0)
    with pytest.raises(ValueError, match=r"cap: .* no sodium current"):
        refractory.absolute_refractory_period(200.0)
    with pytest.raises(ValueError, match=r"amplitudes: .* no sodium current"):
        refractory.fires_at([3.0], 1000.0 * t1)
    with pytest.raises(ValueError, match=r"amplitudes: .* no sodium current"):
        refractory.fires_at([2.85, 5.0], [200.0 * t1, 2.0 * t1])


def test_the_standard_cap_passes_the_check_and_the_passive_test_stays_below_0mV():
    curve = refractory.recovery_thresholds(np.arange(2.0, 40.01, 1.0), cap=50.0)
    assert np.isinf(curve.threshold).any() and np.isfinite(curve.threshold).any()
    arp = refractory.absolute_refractory_period(50.0)
    # the test at the cap at the end of the absolute period, from the state the conditioning spike left,
    # with the sodium current switched off at the test onset
    t1 = threshold_pulse(1.0)
    dt = 0.025
    conditioning = hh.simulate(stimuli.pulse(2 * t1, PULSE_START, 1.0), PULSE_START + arp + 1.0, dt)
    k = int(np.rint((PULSE_START + arp) / dt))
    test = hh.simulate(stimuli.pulse(50.0 * t1, 0.0, 1.0), 10.0, dt, hh.STANDARD.replace(g_na=0.0),
                       v0=conditioning.v[k], gates0=(conditioning.m[k], conditioning.h[k], conditioning.n[k]))
    assert test.v.max() < -10.0
    assert refractory.fires_at([arp], 50.0 * t1)[0]
    assert refractory.train_spike_counts([5.0, 10.0], 10.0, count=10).size == 2


def test_paired_pulse_run_delivers_both_pulses():
    run = refractory.paired_pulse_run(10.0, 30.0, t_after=5.0)
    t1 = threshold_pulse(1.0)
    assert run.i_app.max() == pytest.approx(30.0)
    assert run.i_app[np.searchsorted(run.t, PULSE_START + 0.5)] == pytest.approx(2 * t1, rel=1e-4)
    assert run.t[-1] == pytest.approx(PULSE_START + 10.0 + 1.0 + 5.0)


# --- accommodation and anode break -------------------------------------------------------------------

def test_ramp_to_plateau_rises_then_holds():
    ramp = accommodation.RampToPlateau(2.0, 5.0, start=1.0)
    assert ramp(np.array([0.0, 1.0, 2.0, 3.0, 3.5, 100.0])) == pytest.approx([0.0, 0.0, 2.0, 4.0, 5.0, 5.0])


def test_first_spike_current_is_the_ramp_at_the_first_crossing():
    response = accommodation.ramp_first_spike([1.0, 0.3], plateau=40.0, hold=10.0)
    for slope, time, current in zip(response.slopes, response.spike_time, response.current):
        run = hh.simulate(accommodation.RampToPlateau(slope, 40.0, PULSE_START), PULSE_START + time + 2.0)
        assert run.spike_times[0] - PULSE_START == pytest.approx(time, abs=1e-9)
        assert current == pytest.approx(slope * time)


def test_accommodation_needs_both_gates():
    slopes = [1.0, 0.1]
    intact = accommodation.ramp_first_spike(slopes).current
    no_h = accommodation.ramp_first_spike(slopes, freeze="h").current
    no_n = accommodation.ramp_first_spike(slopes, freeze="n").current
    assert intact[1] - intact[0] > 10.0  # slower ramps need much more current
    assert no_n[1] < no_n[0]  # with n held, none
    assert 0 < no_h[1] - no_h[0] < 0.5 * (intact[1] - intact[0])  # with h held, much less


def test_minimal_slope_separates_firing_ramps_from_silent_ones():
    slope = accommodation.minimal_slope(8.0, hold=50.0, rel_tol=1e-3)
    fired = accommodation.ramp_first_spike([0.98 * slope, 1.02 * slope], plateau=8.0, hold=50.0).fired
    assert list(fired) == [False, True]


def test_anode_break_threshold_against_direct_runs():
    threshold = float(accommodation.anode_break_thresholds([20.0], rel_tol=1e-5)[0])
    t_stop = PULSE_START + 20.0 + PULSE_WINDOW
    for factor, fires in ((1.01, True), (0.99, False)):
        run = hh.simulate(stimuli.pulse(-factor * threshold, PULSE_START, 20.0), t_stop)
        assert (run.spike_times.size > 0) == fires
    assert 2.0 < threshold < 4.0


def test_anode_break_frozen_gates_raise_the_threshold_n_most():
    intact, no_h, no_n = (float(accommodation.anode_break_thresholds([20.0], freeze=f)[0]) for f in (None, "h", "n"))
    assert intact < no_h < no_n
    # the frozen-gate path with the gate frozen at rest: a run by hand, with h held through the step
    frozen = refractory.gate_frozen_params("h", float(hh.gate_steady_states(hh.resting_potential())[1]))
    during = hh.simulate(stimuli.step(-1.02 * no_h), 20.0, params=frozen)
    after = hh.simulate(None, PULSE_WINDOW, v0=during.v[-1],
                        gates0=(during.m[-1], hh.gate_steady_states(hh.resting_potential())[1], during.n[-1]))
    assert after.spike_times.size > 0


def test_longer_hyperpolarization_lowers_the_anode_break_threshold():
    thresholds = accommodation.anode_break_thresholds([3.0, 10.0, 40.0], rel_tol=1e-3)
    assert np.all(np.diff(thresholds) < 0)


def test_anode_break_fires_agrees_with_its_threshold_and_pairs_its_inputs():
    threshold = float(accommodation.anode_break_thresholds([10.0], freeze="n", rel_tol=1e-4)[0])
    fired = accommodation.anode_break_fires([0.98 * threshold, 1.02 * threshold, 1.02 * threshold],
                                            [10.0, 10.0, 3.0], freeze="n")
    assert list(fired) == [False, True, False]  # the same amplitude is too weak for a 3 ms step
