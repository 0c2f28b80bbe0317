"""The threshold bench: one square pulse from rest, its place on the strength-duration curve, and the currents."""

from __future__ import annotations

import functools

import numpy as np

from .. import _checks, analysis, plotting, strength_duration
from ..experiments import PULSE_START
from ..formatting import for_people
from ..hh import STANDARD, HHParams
from ._base import Explorer, Verdict
from ._logslider import log_slider

AMPLITUDE_RANGE = (0.5, 1000.0)
"""Pulse amplitudes (µA/cm²) the bench offers: from below the rheobase to above the 10 µs threshold."""

DURATION_RANGE = (0.01, 100.0)
"""Pulse durations (ms) the bench offers: 10 µs to 100 ms."""

CURVE_DURATIONS = np.logspace(-2.0, 2.0, 25)
"""Durations (ms) at which the bench's strength-duration curve is computed, once."""

T_AFTER = 40.0
"""Time (ms) simulated after the pulse ends: the window of :func:`excitable.strength_duration.strength_duration`."""

T_SHOWN = 60.0
"""Time axis (ms) of the traces, fixed so that only the lines redraw: the first 55 ms after the pulse's onset."""

MAX_POINTS = 1500
"""Most samples drawn per line: long or finely stepped runs are thinned for drawing."""

CURRENT_LIMITS = (-1.0, 10.0)
"""Current axis (µA/cm²), fixed: the currents of a spike run off it, its onset (where the lines cross) stays in view."""

AMPLITUDE_MARKS = (2.0, 2.5, 4.5, 6.5, 7.0, 30.0, 70.0, 700.0)
"""Amplitudes (µA/cm²) the slider offers exactly: the static grid and the values of the text."""

DURATION_MARKS = (0.01, 0.1, 1.0, 2.0, 10.0, 100.0)
"""Durations (ms) the slider offers exactly."""


@functools.cache
def _curve(params: HHParams) -> tuple[np.ndarray, np.ndarray, float]:
    """The strength-duration curve (durations ms, thresholds µA/cm²) and the rheobase of ``params``."""
    return (CURVE_DURATIONS, strength_duration.strength_duration(CURVE_DURATIONS, params, rel_tol=1e-3),
            strength_duration.rheobase(params, rel_tol=1e-3))


def _head(run, t_stop):
    """The samples of a single-trace run up to ``t_stop`` ms (for drawing)."""
    k = int(np.searchsorted(run.t, t_stop, side="right"))
    return type(run)(run.t[:k], run.v[:k], run.m[:k], run.h[:k], run.n[:k], run.i_app[:k], run.params,
                     run.spike_times, run.spike_threshold)


class ThresholdBench(Explorer):
    """One square current pulse into the HH membrane at rest: its amplitude and its duration.

    Left, over the first :data:`T_SHOWN` ms: V during and after the pulse (top) and the currents that decide
    (bottom): the inward Na⁺ current, drawn as -I_Na, against the outward K⁺ and leak currents I_K + I_L; where
    the first exceeds the second, the net ionic current is inward and V runs away (the applied current, dashed,
    adds to the inward side while the pulse lasts). Right: the strength-duration curve
    (:func:`excitable.strength_duration.strength_duration`, computed once when the bench is built), the rheobase,
    and the current (duration, amplitude) as a point, above the curve if the pulse fires.

    Attributes: ``result`` (the latest run), ``fired`` (whether it crossed 0 mV), ``turn_v`` (mV, where the net ionic
    current turned inward before the spike, marked on V; None without a spike), ``threshold`` (the curve's
    threshold at the chosen duration, µA/cm², interpolated on log axes), ``curve`` (durations, thresholds,
    rheobase).
    """

    static_grid = {"amplitude": AMPLITUDE_MARKS, "duration": DURATION_MARKS}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, amplitude: float = 7.0, duration: float = 1.0, params: HHParams = STANDARD):
        self.params = _checks.instance("params", params, HHParams)
        amplitude_slider = log_slider(amplitude, *AMPLITUDE_RANGE, "amplitude (µA/cm²)", steps_per_decade=20,
                                      marks=AMPLITUDE_MARKS)
        duration_slider = log_slider(duration, *DURATION_RANGE, "duration (ms)", steps_per_decade=20,
                                     marks=DURATION_MARKS)
        self.curve = _curve(self.params)
        super().__init__({"amplitude": amplitude_slider, "duration": duration_slider})

    def _build_figure(self):
        fig, ax_v, ax_i, ax_sd = plotting.stacked_beside_tall((8.4, 4.8), (1.6, 1.2), (1.5, 1.0))
        (v_line,) = ax_v.plot([], [], color=plotting.COLORS["v"], label="$V$")
        (turn_point,) = ax_v.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=5, zorder=5,
                                  label="net current turns inward")
        ax_v.axhline(analysis.SPIKE_THRESHOLD, color=plotting.COLORS["rest"], linewidth=0.8, linestyle="--", zorder=0)
        pulse_span = ax_v.axvspan(PULSE_START, PULSE_START + 1.0, color=plotting.COLORS["stimulus"], alpha=0.2,
                                  linewidth=0, label="pulse")
        ax_v.set_xlim(0.0, T_SHOWN)
        ax_v.set_ylim(-80.0, 60.0)
        ax_v.set_ylabel("V (mV)")
        ax_v.legend(loc="upper right", fontsize=8)
        ax_v.tick_params(labelbottom=False)
        (na_line,) = ax_i.plot([], [], color=plotting.COLORS["i_na"], label=r"$-I_\mathrm{Na}$ (inward)")
        (out_line,) = ax_i.plot([], [], color=plotting.COLORS["i_k"], label=r"$I_\mathrm{K} + I_\mathrm{L}$ (outward)")
        (net_line,) = ax_i.plot([], [], color=plotting.COLORS["i_ion"], linewidth=1.0,
                                label=r"net inward, $-I_\mathrm{ion}$")
        (stim_line,) = ax_i.plot([], [], color=plotting.COLORS["stimulus"], linewidth=1.0, linestyle="--",
                                 label="applied")
        ax_i.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        ax_i.set_xlim(0.0, T_SHOWN)
        ax_i.set_ylim(*CURRENT_LIMITS)
        ax_i.set_xlabel("time (ms)")
        ax_i.set_ylabel("current (µA/cm²)")
        ax_i.legend(loc="upper right", fontsize=8, ncol=2)
        durations, thresholds, rheobase = self.curve
        ax_sd.plot(durations, thresholds, color=plotting.COLORS["v"], label="threshold")
        ax_sd.axhline(rheobase, color=plotting.COLORS["rest"], linestyle="--", linewidth=1.0,
                      label=f"rheobase ({rheobase:.2f})")
        ax_sd.axhline(2.0 * rheobase, color=plotting.COLORS["rest"], linestyle=":", linewidth=1.0,
                      label="twice the rheobase")
        (point,) = ax_sd.plot([], [], "o", markersize=7, zorder=5)
        ax_sd.set_xscale("log")
        ax_sd.set_yscale("log")
        ax_sd.set_xlim(*DURATION_RANGE)
        ax_sd.set_ylim(*AMPLITUDE_RANGE)
        ax_sd.set_xlabel("pulse duration (ms)")
        ax_sd.set_ylabel("pulse amplitude (µA/cm²)")
        ax_sd.legend(loc="upper right", fontsize=8)
        return fig, {"v": v_line, "pulse": pulse_span, "na": na_line, "out": out_line, "stim": stim_line,
                     "net": net_line, "turn": turn_point, "point": point}

    def threshold_at(self, duration: float) -> float:
        """The bench's strength-duration threshold (µA/cm²) at ``duration`` ms, interpolated on log axes."""
        duration = _checks.scalar_in_range("duration", duration, *DURATION_RANGE, "ms")
        durations, thresholds, _ = self.curve
        return float(np.exp(np.interp(np.log(duration), np.log(durations), np.log(thresholds))))

    @staticmethod
    def _turning_voltage(run):
        """V (mV) where the net ionic current turns inward before the first spike, or None if it is not defined."""
        try:
            return strength_duration.threshold_by_current_balance(run)
        except ValueError:
            return None

    def _redraw(self) -> Verdict:
        amplitude = float(self.controls["amplitude"].value)
        duration = float(self.controls["duration"].value)
        self.result = run = strength_duration.pulse_response(amplitude, duration, self.params, t_after=T_AFTER)
        window = run.every(1) if run.t[-1] <= T_SHOWN else _head(run, T_SHOWN)
        shown = window.every(max(1, window.t.size // MAX_POINTS))
        start = float(run.t[np.argmax(run.i_app > 0)]) if np.any(run.i_app > 0) else PULSE_START
        self.fired = fired = bool(run.spike_times.size)
        self.threshold = threshold = self.threshold_at(duration)
        a = self._artists
        a["v"].set_data(shown.t, shown.v)
        a["pulse"].set_x(start)
        a["pulse"].set_width(max(duration, 0.15))
        a["na"].set_data(shown.t, -shown.i_na)
        a["out"].set_data(shown.t, shown.i_k + shown.i_l)
        a["stim"].set_data(shown.t, shown.i_app)
        a["net"].set_data(shown.t, -shown.i_ion)
        self.turn_v = turn = self._turning_voltage(run) if fired else None
        if turn is None:
            a["turn"].set_data([], [])
        else:
            k = int(np.argmin(np.abs(np.where(run.t <= run.spike_times[0], run.v, np.inf) - turn)))
            a["turn"].set_data([run.t[k]], [turn])
        a["point"].set_data([duration], [amplitude])
        a["point"].set_color(plotting.COLORS["i_na"] if fired else plotting.COLORS["i_k"])
        ratio = amplitude / threshold
        if fired:
            latency = float(run.spike_times[0]) - start
            count = run.spike_times.size
            spikes = "a spike" if count == 1 else f"{count} spikes"
            turn = "" if self.turn_v is None else \
                f"; the net current turns inward at {for_people(self.turn_v, 3)} mV"
            text = (f"{amplitude:.3g} µA/cm² for {duration:.3g} ms fires {spikes}: V crosses 0 mV {latency:.2f} ms "
                    f"after the pulse begins ({ratio:.2f} times the threshold, about {threshold:.3g} µA/cm²){turn}.")
        else:
            peak = for_people(float(run.v.max()), 3)
            text = (f"{amplitude:.3g} µA/cm² for {duration:.3g} ms is graded: V peaks at {peak} mV "
                    f"and returns to rest ({ratio:.2f} times the threshold, about {threshold:.3g} µA/cm²).")
        return Verdict(text, highlight=fired)
