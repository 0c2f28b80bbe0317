"""Where the spike starts in a soma + AIS + axon: checks a wrong implementation would fail."""

import numpy as np
import pytest

from excitable import cable, dynamics, hh, initiation, strength_duration
from excitable.stimuli import pulse


@pytest.fixture(scope="module")
def reference():
    return initiation.initiation()


@pytest.fixture(scope="module")
def uniform():
    return initiation.initiation(initiation.reference_cell(ais_na_factor=1.0, ais_activation_shift=0.0))


def test_a_uniform_cell_fires_first_at_the_soma_it_is_injected_into(uniform):
    assert uniform.fired and uniform.site == initiation.SOMA and uniform.site_distance == 0.0
    assert uniform.somatic_delay == 0.0 and not uniform.in_ais and uniform.reaches_end
    assert "in the soma" in uniform.verdict()


def test_a_strong_initial_segment_fires_first_and_the_soma_follows(reference):
    ais = cable.ais_compartments(reference.result.axons)
    assert reference.in_ais and reference.site in ais
    assert 0.05 < reference.somatic_delay < 0.15  # ms: the spike runs back into the soma
    assert reference.soma_time > reference.ais_time == reference.site_time
    assert reference.reaches_end and reference.end_time > reference.site_time
    assert not reference.spontaneous
    assert "in the AIS" in reference.verdict() and "µs later" in reference.verdict()


def test_site_agrees_with_an_independent_argmin_over_every_crossing(reference):
    result = reference.result
    times = cable.crossing_times(result, reference.level)
    assert reference.site == int(np.nanargmin(times))
    assert reference.site_time == pytest.approx(np.nanmin(times))
    assert reference.soma_time == pytest.approx(times[0]) and reference.end_time == pytest.approx(times[-1])
    # distance from the soma-axon junction: the centre of the site's compartment minus the soma's length
    axon = result.axons
    assert reference.site_distance == pytest.approx(axon.x[reference.site] - axon.length[0])
    again = initiation.initiation_site(result)
    assert again.site == reference.site and again.somatic_delay == pytest.approx(reference.somatic_delay)


def test_a_subthreshold_step_gives_no_spike_and_no_site():
    quiet = initiation.initiation(amplitude=0.005)
    assert not quiet.fired and quiet.site == -1 and np.isnan(quiet.site_distance) and np.isnan(quiet.somatic_delay)
    assert "No spike" in quiet.verdict()


def test_sweeps_move_the_site_into_the_ais_and_delay_the_soma_more_the_farther_it_is():
    density = initiation.initiation_sweep("ais_na_factor", [1.0, 3.0, 5.0])
    assert density.site[0] == 0 and density.in_ais[1] and density.in_ais[2]
    assert np.all(np.diff(density.somatic_delay) > 0)
    start = initiation.initiation_sweep("ais_start", [0.0, 20.0, 40.0])
    assert np.all(start.in_ais) and np.all(np.diff(start.site_distance) > 0)
    assert np.all(np.diff(start.somatic_delay) > 0)
    # the batch gives what single runs give
    single = initiation.initiation(initiation.reference_cell(ais_start=20.0))
    assert start.site[1] == single.site and start.soma_time[1] == pytest.approx(single.soma_time, abs=1e-9)


def test_rest_growth_rate_of_identical_compartments_holds_the_patch_eigenvalues():
    # two identical HH compartments: the uniform mode has the patch's eigenvalues, the other mode (V clamped by
    # the axial coupling) relaxes at the gates' own rates, the slowest being h's at rest
    axon = cable.soma_ais_axon(axon_length=10.0, ais_start=0.0, ais_length=10.0, compartment_length=10.0,
                               ais_na_factor=1.0, ais_activation_shift=0.0)
    patch = dynamics.fixed_point(0.0)
    tau_h = 1.0 / sum(hh.gate_rates(patch.v)[1])
    assert initiation.rest_growth_rate(axon) == pytest.approx(max(patch.eigenvalues.real.max(), -1.0 / tau_h),
                                                              rel=1e-3)


def test_an_unstable_rest_fires_on_its_own_in_a_long_run():
    stable = initiation.reference_cell(ais_na_factor=7.0)
    unstable = initiation.reference_cell(ais_na_factor=9.0)
    assert initiation.rest_growth_rate(stable) < 0 < initiation.rest_growth_rate(unstable)
    runs = []
    for axon in (stable, unstable):  # start 0.5 mV above rest everywhere, no stimulus
        runs.append(cable.simulate(axon, 150.0, 0.05, v0=cable.rest_state(axon) + 0.5, record=[0]))
    assert np.max(runs[0].v) < -50.0
    assert np.sum((runs[1].v[0, :-1] < 0) & (runs[1].v[0, 1:] >= 0)) >= 2  # repetitive spikes
    alone = initiation.initiation(unstable)
    assert alone.spontaneous and "fires on its own" in alone.verdict()


def test_onset_rapidity_of_an_exponential_rise_is_its_rate():
    t = np.linspace(0.0, 5.0, 5001)
    v = -60.0 + 0.01 * np.exp(3.0 * t)
    v = np.where(v < 30.0, v, 30.0 - (v - 30.0))  # rise to +30 mV, then fall: a crude spike
    assert strength_duration.onset_rapidity(t, v, 10.0) == pytest.approx(3.0, rel=1e-3)


def test_onset_rapidity_ignores_the_jump_of_a_stimulus_onset():
    spike = hh.simulate(pulse(40.0, 1.0, 0.5), 10.0, 0.005)  # 40 mV/ms at the pulse's start, then a spike
    r = strength_duration.onset_rapidity(spike.t, spike.v, 20.0)
    _, rate = initiation.phase_plot(spike.t, spike.v)
    top = int(np.argmax(rate))
    k = np.nonzero(rate[:top] < 20.0)[0][-1]
    assert spike.t[k] > 1.5 and 0.5 < r < 20.0
    with pytest.raises(ValueError, match="spike"):
        strength_duration.onset_rapidity(spike.t, np.full_like(spike.t, -65.0))


def test_onset_comparison_isolated_soma_matches_the_patch():
    comparison = initiation.onset_comparison()
    axon = comparison.initiation.result.axons
    density = initiation.AMPLITUDE * 1e-3 / (axon.area[0] * 1e-8)
    patch = hh.simulate(pulse(density, initiation.START, initiation.DURATION), initiation.T_STOP, 0.005)
    assert comparison.isolated == pytest.approx(strength_duration.onset_rapidity(patch.t, patch.v), rel=1e-9)
    assert comparison.soma > comparison.isolated  # the axonal origin sharpens the somatic onset, if a little


@pytest.mark.parametrize("bad, match", [
    (dict(parameter="soma_diameter", values=[1.0]), "parameter"),
    (dict(parameter="ais_start", values=[]), "values"),
    (dict(parameter="ais_start", values=[400.0]), "values"),
])
def test_sweep_rejects_bad_input_by_name(bad, match):
    with pytest.raises(ValueError, match=match):
        initiation.initiation_sweep(**bad)


def test_reference_cell_rejects_unknown_keywords():
    with pytest.raises(ValueError, match="changes"):
        initiation.reference_cell(soma_size=3.0)
