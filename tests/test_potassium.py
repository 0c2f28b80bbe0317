"""Extracellular potassium and excitability: checks a wrong implementation would fail."""

import math

import numpy as np
import pytest

from excitable import analysis, dynamics, hh, potassium
from excitable.stimuli import pulse

FOLDS = np.array([1.0, 1.5, 1.75, 3.0, 3.5])


@pytest.fixture(scope="module")
def scan():
    return potassium.potassium_excitability(potassium.K_OUT_NORMAL * FOLDS)


def test_e_k_shift_is_the_nernst_factor_written_out():
    # RT/F ln(ratio) without the package: R = 8.314462618, F = 96485.33212, T = 279.45 K
    expected = 1e3 * 8.314462618 * (6.3 + 273.15) / 96485.33212 * math.log(2.0)
    assert potassium.e_k_shift(20.0) == pytest.approx(expected, rel=1e-6)
    assert potassium.e_k_shift(10.0) == 0.0 and potassium.e_k_shift(5.0) == pytest.approx(-expected, rel=1e-6)
    params = potassium.potassium_params(20.0)
    assert params.e_k == pytest.approx(hh.STANDARD.e_k + expected, rel=1e-6)
    assert (params.e_l, params.e_na, params.g_k) == (hh.STANDARD.e_l, hh.STANDARD.e_na, hh.STANDARD.g_k)


def test_the_syllabus_numbers(scan):
    assert scan.rest[[0, 1, 4]] == pytest.approx([-65.0, -60.2, -38.8], abs=0.06)  # -38.75 at 3.5x
    assert scan.threshold[0] == pytest.approx(6.92, abs=0.01) and scan.threshold[1] == pytest.approx(2.28, abs=0.01)
    assert scan.max_rate[0] == pytest.approx(305, abs=1) and scan.max_rate[1] == pytest.approx(213, abs=1)
    assert scan.h_rest[4] == pytest.approx(0.044, abs=0.0005)
    # the syllabus's "1.75-3x spontaneous firing" is the unstable range; at 3x the activity is a small
    # oscillation below 0 mV, not spikes
    assert scan.state == ("excitable", "hyperexcitable", "spontaneous firing", "spontaneous oscillation",
                          "depolarization block")
    assert scan.normal_threshold == pytest.approx(scan.threshold[0])


def test_rest_and_stability_agree_with_hh_and_dynamics(scan):
    for k, rest, stable in zip(scan.k_out, scan.rest, scan.stable, strict=True):
        params = potassium.potassium_params(k)
        assert rest == pytest.approx(hh.resting_potential(params), abs=1e-9)
        assert stable == dynamics.fixed_point(0.0, params).stable


def test_threshold_agrees_with_analysis_threshold_one_at_a_time(scan):
    params = potassium.potassium_params(15.0)
    single = analysis.threshold(pulse(1.0, potassium.PULSE_START, potassium.PULSE_DURATION), potassium.T_STOP, 0.01,
                                params)
    assert scan.threshold[1] == pytest.approx(single, rel=2e-4)


def test_states_agree_with_a_long_simulation(scan):
    # from rest nudged 1 mV up, no stimulus: only the unstable rests fire, and keep firing
    params = [potassium.potassium_params(k) for k in scan.k_out]
    runs = hh.simulate_batch([None] * len(params), 600.0, 0.025, params, v0=scan.rest + 1.0, record_gates=False)
    late = [times[times > 300.0].size for times in runs.spike_times]
    swing = np.ptp(runs.v[:, runs.t > 300.0], axis=1)
    for state, count, size, stable in zip(scan.state, late, swing, scan.stable, strict=True):
        assert (count >= 2) == (state == "spontaneous firing"), (state, count)
        assert (size > 1.0) == (not stable), (state, size)  # unstable rests keep moving, stable ones settle
        assert (state == "spontaneous oscillation") == (not stable and count == 0)


def test_block_means_the_pulse_does_no_better_than_without_sodium_channels(scan):
    blocked = scan.state.index("depolarization block")
    assert scan.threshold_no_na[blocked] * potassium.REGENERATION_FRACTION <= 1e4
    assert np.isnan(scan.threshold[blocked]) and np.isnan(scan.max_rate[blocked])
    assert scan.threshold[0] < potassium.REGENERATION_FRACTION * scan.threshold_no_na[0]
    # a strong pulse from the blocked rest: V is pushed up and falls back, no upstroke faster than the pulse's I/C
    params = potassium.potassium_params(scan.k_out[blocked])
    run = hh.simulate(pulse(100.0, 1.0, 1.0), 20.0, 0.01, params)
    rate = np.gradient(run.v, run.t)
    assert np.max(rate[run.t > 2.05]) < 5.0


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="k_out"):
        potassium.potassium_excitability([10.0, -1.0])
    with pytest.raises(ValueError, match="k_out_normal"):
        potassium.e_k_shift(10.0, 0.0)
