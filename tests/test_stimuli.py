"""Stimulus protocols."""

import numpy as np
import pytest

from excitable import stimuli


def test_pulse_delivers_amplitude_times_duration():
    dt = 0.001
    t = np.arange(0, 20, dt) + dt / 2
    charge = np.sum(stimuli.pulse(5.0, 2.0, 1.5)(t)) * dt
    assert charge == pytest.approx(7.5, rel=1e-9)


def test_train_has_count_pulses_at_the_interval():
    t = np.arange(0, 200, 0.01)
    current = stimuli.train(3.0, 10.0, 1.0, 20.0, 4)(t)
    onsets = t[1:][(current[1:] > 0) & (current[:-1] == 0)]
    assert np.allclose(onsets, [10.0, 30.0, 50.0, 70.0])
    assert current.max() == 3.0


def test_ramp_paired_pulse_and_sum():
    assert stimuli.ramp(0.5, start=2.0)(np.array([1.0, 2.0, 6.0])).tolist() == [0.0, 0.0, 2.0]
    pair = stimuli.paired_pulse(4.0, 1.0, 0.5, 5.0, second_amplitude=8.0)
    assert pair(np.array([1.2, 3.0, 6.2])).tolist() == [4.0, 0.0, 8.0]
    total = stimuli.step(1.0) + stimuli.pulse(2.0, 1.0, 1.0)
    assert total(np.array([0.5, 1.5])).tolist() == [1.0, 3.0]
    assert stimuli.pulse(2.0, 1.0, 1.0).with_amplitude(7.0)(np.array([1.5])).tolist() == [7.0]


@pytest.mark.parametrize("call, name", [
    (lambda: stimuli.pulse(1.0, 0.0, 0.0), "duration"),
    (lambda: stimuli.step(float("nan")), "amplitude"),
    (lambda: stimuli.train(1.0, 0.0, 2.0, 1.0, 3), "interval"),
    (lambda: stimuli.train(1.0, 0.0, 1.0, 2.0, 0), "count"),
    (lambda: stimuli.step(1.0, start=-1.0), "start"),
    (lambda: stimuli.step(1.0, start=5.0, stop=2.0), "stop"),
])
def test_bad_protocols_are_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_scale_is_what_with_amplitude_replaces():
    assert stimuli.pulse(3.0, 1.0, 1.0).scale == 3.0
    assert stimuli.ramp(0.5).scale == 0.5 and stimuli.ramp(0.5).with_amplitude(2.0).scale == 2.0
    assert (stimuli.step(1.0) + stimuli.step(2.0)).scale is None
