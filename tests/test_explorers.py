"""Tests of excitable.explorers: the spike explorer responds, never breaks, and its static view builds."""

import base64
import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure

from excitable import explorers
from excitable.analysis import judge_response
from excitable.explorers import SpikeExplorer
from excitable.hh import resting_potential, simulate
from excitable.stimuli import pulse


@pytest.fixture(scope="module")
def explorer():
    return SpikeExplorer()


def _state(explorer):
    return explorer.image.value, explorer.result.v.copy(), explorer.verdict_label.value


def test_default_view_is_a_spike_with_a_figure(explorer):
    explorer.set(amplitude=10.0, duration=1.0)
    assert explorer.image.value[:4] == b"\x89PNG"
    assert explorer.response.spiked
    assert "Spike" in explorer.verdict_label.value
    assert isinstance(explorer.figure, Figure)


@pytest.mark.parametrize("slider", ["amplitude_slider", "duration_slider"])
def test_moving_a_control_updates_simulation_and_figure(explorer, slider):
    explorer.set(amplitude=10.0, duration=1.0)
    before = _state(explorer)
    control = getattr(explorer, slider)
    control.value = control.value + 5 * control.step
    after = _state(explorer)
    assert after[0] != before[0], "the figure did not change"
    assert not np.array_equal(after[1], before[1]), "the simulation did not change"
    lines = explorer.figure.axes[1].lines
    assert any(np.array_equal(line.get_ydata(), explorer.result.v) for line in lines)


def test_first_control_is_the_amplitude_slider(explorer):
    # The browser test moves the first slider on the page; it must be this explorer's.
    assert explorer.widget.children[0].children[0] is explorer.amplitude_slider


def test_every_corner_of_the_controls_gives_finite_output(explorer):
    amplitude, duration = explorer.amplitude_slider, explorer.duration_slider
    corners = itertools.product((amplitude.min, amplitude.max), (duration.min, duration.max))
    for a, d in corners:
        explorer.set(amplitude=a, duration=d)
        result = explorer.result
        assert result.i_app.max() == pytest.approx(a)
        for trace in (result.v, result.m, result.h, result.n):
            assert np.all(np.isfinite(trace))
        for gate in (result.m, result.h, result.n):
            assert gate.min() >= 0.0 and gate.max() <= 1.0
        assert np.isfinite(explorer.response.peak_v) and np.isfinite(explorer.response.peak_t)
        text = explorer.verdict_label.value + explorer._artists["verdict"].get_text()
        assert "nan" not in text.lower() and "inf" not in text.lower()
        assert explorer.image.value[:4] == b"\x89PNG"


def test_zero_amplitude_stays_at_rest(explorer):
    explorer.set(amplitude=0.0, duration=1.0)
    assert not explorer.response.spiked
    assert np.max(np.abs(explorer.result.v - resting_potential())) < 1e-6


@pytest.mark.parametrize("amplitude, duration, spikes", [(2.0, 1.0, False), (3.0, 0.5, False),
                                                          (20.0, 1.0, True), (10.0, 5.0, True)])
def test_verdict_agrees_with_an_independent_simulation(explorer, amplitude, duration, spikes):
    explorer.set(amplitude=amplitude, duration=duration)
    direct = simulate(pulse(amplitude, explorer.start, duration), t_stop=explorer.t_stop)
    assert bool(direct.v.max() > 0.0) is spikes
    assert explorer.response.spiked is spikes
    assert explorer.response.peak_v == pytest.approx(direct.v.max())
    assert ("No spike" in explorer.verdict_label.value) is (not spikes)


def test_judge_response_counts_spikes():
    two = simulate(pulse(50.0, 2.0, 10.0), t_stop=40.0)
    verdict = judge_response(two)
    assert verdict.count == 2
    assert "2 spikes" in verdict.message()


def test_bad_initial_values_raise(explorer):
    with pytest.raises(ValueError, match="amplitude"):
        SpikeExplorer(amplitude=-1.0)
    with pytest.raises(ValueError, match="duration"):
        SpikeExplorer(duration=100.0)


def test_display_bundle_has_widget_and_static_image(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == explorer.image.value
    assert "SpikeExplorer" in bundle["text/plain"]


def test_static_view_builds_and_shows_the_strength_duration_trade_off():
    amplitudes, durations = (2.0, 5.0, 10.0, 40.0), (0.2, 1.0, 5.0)
    fig, fired = SpikeExplorer.small_multiples(amplitudes, durations, t_stop=20.0)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == len(amplitudes) * len(durations)
    assert fired.shape == (len(durations), len(amplitudes))
    assert not fired[0, 0] and fired[-1, -1]
    # More amplitude or more duration never turns a spike into no spike.
    assert np.all(np.diff(fired.astype(int), axis=0) >= 0)
    assert np.all(np.diff(fired.astype(int), axis=1) >= 0)


def test_static_view_rejects_values_outside_the_controls():
    with pytest.raises(ValueError, match="amplitude"):
        SpikeExplorer.small_multiples(amplitudes=(1.0, explorers.AMPLITUDE_RANGE[1] + 1))
