"""Spike detection, thresholds and f-I curves."""

import numpy as np
import pytest

from excitable import analysis, hh, stimuli


def test_spike_times_interpolate_crossings_of_a_known_signal():
    t = np.linspace(0, 100, 100001)
    v = 50 * np.sin(2 * np.pi * t / 20.0)  # upward zero crossings at 0 (excluded: starts at 0), 20, 40 ...
    times = analysis.spike_times(t, v, threshold=25.0)
    expected = 20.0 * np.arange(5) + 20.0 / 12.0  # sin = 1/2 at phase pi/6
    assert np.allclose(times, expected, atol=1e-6)
    assert [len(x) for x in analysis.spike_times(t, np.vstack([v, -v - 60]), 0.0)] == [4, 0]


def test_threshold_separates_failure_from_success():
    protocol = stimuli.pulse(1.0, 2.0, 1.0)
    threshold = analysis.threshold(protocol, 30.0, rel_tol=1e-5)
    batch = hh.simulate_batch([protocol.with_amplitude(threshold * f) for f in (0.999, 1.001)], 30.0)
    assert analysis.fires(batch).tolist() == [False, True]


def test_batch_bisection_finds_known_switch_points_to_its_tolerances():
    roots = np.array([0.3, 2.0, 7.5, 10.0])  # predicate x**2 >= root**2: the switch is at root
    calls = []

    def above(x):
        calls.append(x.shape)
        return x**2 >= roots**2

    found = analysis._bisect_batch(above, np.zeros(4), np.full(4, 16.0), rel_tol=1e-6)
    assert np.all(np.abs(found - roots) <= 1e-6 * roots)
    assert set(calls) == {(4,)}  # one call per halving, on the whole batch
    assert len(calls) == int(np.ceil(np.log2(16.0 / (1e-6 * roots.min()))))  # the narrowest switch sets the count
    found = analysis._bisect_batch(above, np.zeros(4), np.full(4, 16.0), abs_tol=1e-3)
    assert np.all(np.abs(found - roots) <= 1e-3)
    with pytest.raises(ValueError, match="rel_tol .* or abs_tol .* must be positive"):
        analysis._bisect_batch(above, np.zeros(4), np.full(4, 16.0))


def test_strength_duration_shape():
    durations = [0.05, 0.1, 1.0, 5.0]
    found = analysis.thresholds([stimuli.pulse(1.0, 2.0, d) for d in durations], 40.0)
    assert np.all(np.diff(found) < 0)  # longer pulses need less current
    charge = found * np.array(durations)
    assert charge[0] == pytest.approx(charge[1], rel=0.1)  # brief pulses: a fixed charge suffices
    rheobase = analysis.threshold(stimuli.step(1.0, 2.0), 200.0)
    assert rheobase < found[-1]


def test_negative_protocols_keep_their_sign():
    # A hyperpolarizing pulse fires on release (anode break); its threshold is negative.
    value = analysis.threshold(stimuli.pulse(-1.0, 2.0, 20.0), 60.0)
    assert value < 0


def test_steady_rate_of_a_regular_train():
    times = np.arange(10.0, 500.0, 12.5)
    assert analysis.steady_rate(times, 500.0, 100.0) == pytest.approx(80.0)
    assert analysis.steady_rate(times[times < 200], 500.0, 100.0) == 0.0  # stopped firing


def test_fi_curve_is_zero_below_onset_and_rises_above():
    curve = analysis.fi_curve([0.0, 5.0, 8.0, 15.0, 30.0, 60.0, 100.0])
    assert curve.rates_hz[:2].tolist() == [0.0, 0.0]
    assert np.all(curve.rates_hz[2:] > 50)
    assert np.all(np.diff(curve.rates_hz[2:]) > 0)


def test_bad_input():
    with pytest.raises(ValueError, match="v has"):
        analysis.spike_times(np.arange(5.0), np.zeros(4))
    with pytest.raises(ValueError, match="currents"):
        analysis.fi_curve([np.nan])
    with pytest.raises(ValueError, match="upper"):
        analysis.threshold(stimuli.pulse(1.0, 5.0, 1.0), 3.0)  # the window ends before the pulse begins
