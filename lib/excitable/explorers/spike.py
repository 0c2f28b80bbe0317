"""The spike explorer: a current pulse into the HH membrane, and its small-multiples companion."""

from __future__ import annotations

import numpy as np

from .. import _checks, plotting
from ..analysis import SPIKE_THRESHOLD, judge_response, spike_times
from ..hh import STANDARD, HHParams, resting_potential, simulate, simulate_batch
from ..stimuli import pulse
from ._base import DT_RANGE, T_STOP_RANGE, Explorer, Verdict, check_span, slider

AMPLITUDE_RANGE = (0.0, 50.0)
"""Pulse amplitudes (µA/cm²) the spike explorer offers."""

DURATION_RANGE = (0.1, 10.0)
"""Pulse durations (ms) the spike explorer offers."""

class SpikeExplorer(Explorer):
    """A current pulse into the HH membrane: amplitude and duration sliders; V, stimulus and gates.

    Parameters
    ----------
    amplitude : initial pulse amplitude (µA/cm², within :data:`AMPLITUDE_RANGE`)
    duration : initial pulse duration (ms, within :data:`DURATION_RANGE`)
    start : pulse onset (ms)
    t_stop : simulated time (ms); dt : time step (ms)
    params : membrane parameters (:class:`~excitable.hh.HHParams`)

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    amplitude_slider, duration_slider : the controls
    result, response : the latest simulation and its :class:`~excitable.analysis.SpikeVerdict`
    """

    static_grid = {"amplitude": (2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 40.0),
                   "duration": (0.2, 0.5, 1.0, 2.0, 5.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, amplitude: float = 10.0, duration: float = 1.0, start: float = 2.0,
                 t_stop: float = 40.0, dt: float = 0.025, params: HHParams = STANDARD):
        self.t_stop = check_span("t_stop", t_stop, *T_STOP_RANGE)
        self.start = check_span("start", start, 0.0, self.t_stop)
        self.dt = check_span("dt", dt, *DT_RANGE)
        self.params = _checks.instance("params", params, HHParams)
        self.v_rest = resting_potential(params)
        self.amplitude_slider = slider(amplitude, *AMPLITUDE_RANGE, 0.5, "amplitude (µA/cm²)")
        self.duration_slider = slider(duration, *DURATION_RANGE, 0.1, "duration (ms)")
        super().__init__({"amplitude": self.amplitude_slider, "duration": self.duration_slider})

    # -- physics -------------------------------------------------------------------------------
    def stimulus(self):
        """The current pulse set by the sliders."""
        return pulse(self.amplitude_slider.value, self.start, self.duration_slider.value)

    def simulate(self):
        """Simulate the membrane for the sliders' pulse."""
        return simulate(self.stimulus(), t_stop=self.t_stop, dt=self.dt, params=self.params)

    # -- drawing -------------------------------------------------------------------------------
    def _build_figure(self):
        fig, axes = plotting.new_figure(3, 1, figsize=(7.0, 5.4), sharex=True,
                                        gridspec_kw={"height_ratios": [0.9, 2.4, 1.5]})
        ax_stim, ax_v, ax_gates = axes
        placeholder = simulate(None, t_stop=self.t_stop, dt=self.dt, params=self.params)
        plotting.plot_stimulus(placeholder, ax=ax_stim)
        plotting.plot_voltage(placeholder, ax=ax_v, rest=self.v_rest)
        plotting.plot_gates(placeholder, ax=ax_gates)
        ax_stim.set_ylim(-2.0, AMPLITUDE_RANGE[1] * 1.08)
        ax_stim.set_ylabel("$I_\\mathrm{app}$\n(µA/cm²)")
        ax_v.set_ylim(-90.0, 60.0)
        ax_v.axhline(SPIKE_THRESHOLD, color=plotting.COLORS["rest"], linewidth=0.8, linestyle="--", zorder=0)
        (peak_marker,) = ax_v.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=5, zorder=5)
        for ax in (ax_stim, ax_v):
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
        fig.align_ylabels(axes)
        verdict = ax_v.text(0.99, 0.97, "", transform=ax_v.transAxes, ha="right", va="top", fontsize=9,
                            linespacing=1.4, bbox={"facecolor": "white", "edgecolor": "#d0d0d0",
                                                   "boxstyle": "round,pad=0.4", "alpha": 0.9})
        artists = {
            "stimulus": ax_stim.lines[0],
            "v": ax_v.lines[1],
            "m": ax_gates.lines[0],
            "h": ax_gates.lines[1],
            "n": ax_gates.lines[2],
            "peak": peak_marker,
            "verdict": verdict,
        }
        return fig, artists

    def _redraw(self) -> Verdict:
        self.result = result = self.simulate()
        self.response = response = judge_response(result)
        artists = self._artists
        artists["stimulus"].set_data(result.t, result.i_app)
        for key in ("v", "m", "h", "n"):
            artists[key].set_data(result.t, getattr(result, key))
        artists["peak"].set_data([response.peak_t], [response.peak_v])
        artists["peak"].set_color(plotting.COLORS["i_na"] if response.spiked else plotting.COLORS["stimulus"])
        artists["verdict"].set_text(
            f"pulse: {self.amplitude_slider.value:.1f} µA/cm² for {self.duration_slider.value:.1f} ms\n"
            + response.short())
        return Verdict(response.message(), highlight=response.spiked)

    @staticmethod
    def small_multiples(amplitudes=(2.0, 5.0, 10.0, 20.0, 40.0), durations=(0.2, 0.5, 1.0, 2.0, 5.0),
                        start: float = 2.0, t_stop: float = 30.0, dt: float = 0.025,
                        params: HHParams = STANDARD):
        """The spike explorer's static companion: V for every amplitude x duration pair.

        Rows are pulse durations (ms), columns amplitudes (µA/cm²); traces that
        cross 0 mV (spikes) are black, the others grey. All pairs are simulated in
        one batch. Returns ``(figure, fired)`` where ``fired`` is a boolean array
        (len(durations), len(amplitudes)).
        """
        pairs = [(d, a) for d in durations for a in amplitudes]
        for d, a in pairs:
            if not (AMPLITUDE_RANGE[0] <= a <= AMPLITUDE_RANGE[1]
                    and DURATION_RANGE[0] <= d <= DURATION_RANGE[1]):
                raise ValueError(f"amplitudes must lie in {AMPLITUDE_RANGE} µA/cm² and durations in "
                                 f"{DURATION_RANGE} ms, got amplitude {a!r}, duration {d!r}")
        batch = simulate_batch([pulse(a, start, d) for d, a in pairs], t_stop=t_stop, dt=dt, params=params,
                               record_gates=False)
        v = batch.v.reshape(len(durations), len(amplitudes), -1)
        fired = np.array([times.size > 0 for times in spike_times(batch.t, batch.v)]).reshape(v.shape[:2])
        fig = plotting.plot_voltage_grid(batch.t, v, durations, amplitudes, row_label="pulse duration",
                                         col_label="pulse amplitude", row_format="{:g} ms",
                                         col_format="{:g} µA/cm²", highlight=fired)
        return fig, fired
