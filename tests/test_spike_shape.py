"""Spike shape: half width, the four acts, the chord potential, temperature and heat block."""

import numpy as np
import pytest

from excitable import analysis, gating, hh, stimuli
from excitable.experiments import spike_at_twice_threshold, threshold_pulse
from excitable.validation import spike_shape


@pytest.fixture(scope="module")
def spike():
    return spike_at_twice_threshold()


def test_validation_keys_are_pinned():
    values = spike_shape.compute()
    assert values["spike_half_width_ms"] == pytest.approx(1.4677, abs=0.005)  # NEURON hh, dt 0.005 ms
    assert values["heat_block_celsius"] == pytest.approx(32.4167, abs=0.02)  # NEURON hh, dt 0.005/phi ms


def test_half_width_of_a_triangle_is_exact():
    # A symmetric triangle from -60 to +40 mV: half amplitude (-10 mV) is crossed at t = 2.5 and 7.5 ms.
    t = np.linspace(0.0, 10.0, 1001)
    v = -60.0 + 100.0 * (1.0 - np.abs(t - 5.0) / 5.0)
    assert analysis.half_width(t, v, -60.0) == pytest.approx(5.0, abs=1e-9)
    # A trace below 0 mV has no spike: NaN in a batch, ValueError for a single result.
    widths = analysis.half_width(t, np.vstack([v, v - 50.0]), [-60.0, -110.0])
    assert widths[0] == pytest.approx(5.0) and np.isnan(widths[1])
    with pytest.raises(ValueError, match="no spike"):
        analysis.spike_half_width(hh.simulate(stimuli.pulse(1.0, 1.0, 1.0), 20.0))


def test_half_width_does_not_depend_on_the_step(spike):
    fine = hh.simulate(stimuli.pulse(2.0 * threshold_pulse(1.0), 5.0, 1.0), spike.t[-1], dt=0.005)
    assert analysis.spike_half_width(fine, hh.resting_potential()) == pytest.approx(
        analysis.spike_half_width(spike, hh.resting_potential()), abs=0.003)


def test_at_the_peak_v_is_the_conductance_weighted_average(spike):
    # dV/dt = 0 at the peak, so the net current is zero and V = sum g_i E_i / sum g_i (no stimulus then).
    # The sampled maximum misses the true peak by up to dt/2, where dV/dt is not quite zero.
    for dt, tolerance in ((0.025, 0.2), (0.001, 0.01)):
        trace = hh.simulate(stimuli.pulse(2.0 * threshold_pulse(1.0), 5.0, 1.0), 20.0, dt)
        k = int(np.argmax(trace.v))
        assert trace.i_app[k] == 0.0
        assert analysis.chord_potential(trace)[k] == pytest.approx(trace.v[k], abs=tolerance)
    # With the stimulus term the identity C dV/dt = -g_total (V - V_chord) holds at every sample.
    g_total = spike.g_na + spike.g_k + spike.g_l
    dv_dt = np.gradient(spike.v, spike.t)
    residual = dv_dt + g_total * (spike.v - analysis.chord_potential(spike, include_stimulus=True))
    assert np.median(np.abs(residual)) < 0.05


def test_chord_potential_lies_between_the_reversal_potentials(spike):
    chord = analysis.chord_potential(spike)
    assert np.all(chord > hh.STANDARD.e_k) and np.all(chord < hh.STANDARD.e_na)


def test_four_acts_are_ordered_and_named(spike):
    acts = analysis.spike_acts(spike, hh.resting_potential())
    edges = acts.boundaries
    assert all(a < b for a, b in zip(edges, edges[1:]))
    assert acts.top_start <= acts.peak_time <= acts.top_end < acts.rest_crossing < acts.minimum_time
    assert acts.v_min == pytest.approx(spike.v[spike.t > 5.0].min())
    assert acts.v_min > hh.STANDARD.e_k
    assert [acts.act_at(t) for t in (0.0, 0.5 * (edges[0] + edges[1]), acts.peak_time,
                                     0.5 * (edges[2] + edges[3]), acts.minimum_time, edges[-1] + 1)] == \
        ["before", "rise", "peak", "repolarization", "undershoot", "after"]
    # The onset is where the net ionic current turns inward, after the pulse has done its work.
    k = int(np.searchsorted(spike.t, acts.onset))
    assert spike.i_ion[k] < 0 <= spike.i_ion[k - 1]
    with pytest.raises(ValueError, match="no spike"):
        analysis.spike_acts(hh.simulate(None, 10.0))


def test_net_current_at_the_same_voltage_has_opposite_signs(spike):
    acts = analysis.spike_acts(spike, hh.resting_potential())
    k = int(np.argmax(spike.v))
    up = np.nonzero(spike.v[:k] < 30.0)[0][-1]
    down = k + np.nonzero(spike.v[k:] < 30.0)[0][0]
    assert spike.i_ion[up] < 0 < spike.i_ion[down]
    assert spike.t[up] < acts.peak_time < spike.t[down]


def test_heat_dt_scales_with_the_rates():
    assert analysis.heat_dt(6.3) == pytest.approx(0.025)
    assert analysis.heat_dt(0.0) == pytest.approx(0.025)  # never larger than at 6.3 °C
    assert analysis.heat_dt(26.3) == pytest.approx(0.025 / 9.0)
    assert analysis.heat_dt(60.0) == 0.0005


def test_heat_block_is_a_temperature_boundary():
    pulse = spike_shape.heat_block_pulse()
    block = spike_shape.heat_block_celsius()

    def peak(celsius):
        r = hh.simulate(pulse, spike_shape.T_STOP, analysis.heat_dt(celsius), hh.STANDARD.replace(celsius=celsius))
        return r.v.max()

    assert peak(block - 0.01) > 0.0 > peak(block + 0.01)
    with pytest.raises(ValueError, match="fire at low"):
        analysis.heat_block(pulse, spike_shape.T_STOP, low=35.0, high=45.0)


def test_temperature_factor_is_q10_of_three():
    assert gating.temperature_factor(16.3) == pytest.approx(3.0)
    assert gating.temperature_factor(6.3) == 1.0
