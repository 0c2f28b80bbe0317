"""The threshold chapter's bench: what it shows is what the package computes."""

import numpy as np
import pytest

from excitable import strength_duration
from excitable.explorers import ThresholdBench
from excitable.explorers.threshold import CURVE_DURATIONS


@pytest.fixture(scope="module")
def bench():
    return ThresholdBench()


def test_curve_is_the_packages(bench):
    durations, thresholds, rheobase = bench.curve
    assert np.array_equal(durations, CURVE_DURATIONS)
    direct = strength_duration.strength_duration(CURVE_DURATIONS[::6], rel_tol=1e-5)
    assert thresholds[::6] == pytest.approx(direct, rel=2e-3)
    assert rheobase == pytest.approx(strength_duration.rheobase(), rel=2e-3)


@pytest.mark.parametrize("amplitude, duration, fires", [(7.0, 1.0, True), (6.5, 1.0, False), (700.0, 0.01, True),
                                                        (600.0, 0.01, False), (2.5, 100.0, True),
                                                        (2.0, 100.0, False)])
def test_point_above_the_curve_fires(bench, amplitude, duration, fires):
    bench.set(amplitude=amplitude, duration=duration)
    assert bench.fired is fires
    assert bench.fired == (amplitude > strength_duration.strength_duration([duration], rel_tol=1e-4)[0])
    assert ("fires" in bench.verdict.text) is fires and ("graded" in bench.verdict.text) is not fires
    if fires:
        assert bench.turn_v == pytest.approx(strength_duration.threshold_by_current_balance(
            strength_duration.pulse_response(amplitude, duration)), abs=1e-9)
    else:
        assert bench.turn_v is None


def test_the_threshold_read_off_the_curve_is_interpolated_on_log_axes(bench):
    durations, thresholds, _ = bench.curve
    assert bench.threshold_at(float(durations[7])) == pytest.approx(thresholds[7])
    middle = float(np.sqrt(durations[7] * durations[8]))
    assert bench.threshold_at(middle) == pytest.approx(np.sqrt(thresholds[7] * thresholds[8]))


def test_bad_settings_are_rejected_by_name():
    with pytest.raises(ValueError, match="amplitude"):
        ThresholdBench(amplitude=0.1)
    with pytest.raises(ValueError, match="duration"):
        ThresholdBench(duration=1e3)
