"""The refractoriness chapter's paired-pulse bench: what it shows is what the package computes."""

import numpy as np
import pytest

from excitable import refractory
from excitable.explorers import PairedPulseBench
from excitable.explorers.refractory import CURVE_INTERVALS, TEMPERATURES


@pytest.fixture(scope="module")
def bench():
    return PairedPulseBench()


def test_threshold_curve_is_the_packages(bench):
    curve = bench.curve_at(6.3)
    direct = refractory.recovery_thresholds(CURVE_INTERVALS[::8], rel_tol=2e-3)
    assert curve.threshold[::8] == pytest.approx(direct.threshold, rel=5e-3)


@pytest.mark.parametrize("interval, amplitude, fires", [(10.0, 30.0, True), (10.0, 20.0, False), (5.0, 300.0, False),
                                                        (19.0, 6.5, True)])
def test_point_above_the_curve_fires(bench, interval, amplitude, fires):
    bench.set(interval=interval, test_amplitude=amplitude, celsius=6.3)
    assert bench.fired is fires
    assert bench.fired == bool(refractory.fires_at([interval], amplitude)[0])
    assert bench.result.v.shape == bench.result.t.shape


def test_a_test_that_crosses_0mV_by_charging_alone_is_not_called_a_spike(bench):
    bench.set(interval=19.0, test_amplitude=400.0, celsius=6.3)
    assert bench.passive and not bench.fired
    assert "no sodium current" in bench.verdict.text
    with pytest.raises(refractory.PassiveChargingError, match="amplitudes"):
        refractory.fires_at([19.0], 400.0)
    bench.set(interval=10.0, test_amplitude=30.0, celsius=6.3)
    assert not bench.passive and bench.fired


def test_warmer_membrane_recovers_sooner(bench):
    cold, warm = bench.curve_at(TEMPERATURES[0]), bench.curve_at(TEMPERATURES[-1])
    k = int(np.searchsorted(CURVE_INTERVALS, 6.0))
    assert warm.ratio[k] < cold.ratio[k]


def test_bad_temperature_is_rejected_by_name():
    with pytest.raises(ValueError, match="celsius"):
        PairedPulseBench(celsius=12.0)
