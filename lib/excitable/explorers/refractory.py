"""The paired-pulse bench: a conditioning spike, a test pulse some ms later, and the test-threshold curve."""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from .. import _checks, plotting, refractory
from ..analysis import SPIKE_THRESHOLD
from ..experiments import PULSE_START
from ..hh import STANDARD, HHParams
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, Explorer, Verdict, slider

INTERVAL_RANGE = (2.0, 30.0)
"""Intervals (ms, onset to onset) the bench offers."""

TEST_AMPLITUDE_RANGE = (0.0, 400.0)
"""Test amplitudes (µA/cm²) the bench offers: up to 50 times the 1 ms threshold at 6.3 °C and beyond."""

TEMPERATURES = (6.3, 10.0, 15.0, 20.0)
"""Temperatures (°C) the bench offers; each one's threshold curve is computed when the bench is built."""

CURVE_INTERVALS = np.arange(2.0, 30.01, 0.5)
"""Intervals (ms) at which the threshold curve is drawn."""

T_AFTER = 15.0
"""Time (ms) shown after the test pulse ends."""

Y_LIMITS = (2.0, 600.0)
"""Current axis (µA/cm², log scale) of the threshold plot; thresholds above the cap are drawn at its top."""


@functools.lru_cache(maxsize=4)
def _curves(params: HHParams) -> dict[float, refractory.RecoveryCurve]:
    """The test-threshold curve of every temperature of :data:`TEMPERATURES` for ``params`` (computed once)."""
    return {c: refractory.recovery_thresholds(CURVE_INTERVALS, params=params.replace(celsius=c), rel_tol=2e-3)
            for c in TEMPERATURES}


class PairedPulseBench(Explorer):
    """Paired pulses into the HH membrane: interval, test amplitude and temperature.

    The conditioning pulse is 1 ms at twice the 1 ms threshold T1 of the chosen temperature; the test is
    1 ms, ``interval`` ms later (onset to onset). Left: V with both pulses, then h and n. Right: the
    test threshold against the interval (:func:`excitable.refractory.recovery_thresholds`, tests capped
    at :data:`excitable.refractory.DEFAULT_CAP` T1), T1 and the cap, and the current setting as a point:
    above the curve the test fires.

    Attributes: ``result`` (the latest run), ``curve`` (the threshold curve of the temperature shown),
    ``fired`` (whether the test fired a new spike), ``passive`` (whether the test alone carries V past
    0 mV without sodium current, so that :func:`excitable.refractory.fires_at` refuses to call it a spike;
    ``fired`` is then False).
    """

    static_grid = {"interval": (5.0, 8.0, 10.0, 15.0, 19.0), "test_amplitude": (6.0, 10.0, 30.0, 60.0, 300.0),
                   "celsius": (6.3, 15.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, interval: float = 10.0, test_amplitude: float = 30.0, celsius: float = 6.3,
                 params: HHParams = STANDARD):
        self.params = _checks.instance("params", params, HHParams)
        if not isinstance(celsius, (int, float)) or isinstance(celsius, bool) or float(celsius) not in TEMPERATURES:
            offered = ", ".join(f"{c:g}" for c in TEMPERATURES)
            raise ValueError(f"celsius must be one of {offered} (°C), got {celsius!r}")
        interval_slider = slider(interval, *INTERVAL_RANGE, 0.25, "interval (ms)", readout_format=".2f")
        amplitude_slider = slider(test_amplitude, *TEST_AMPLITUDE_RANGE, 1.0, "test pulse (µA/cm²)",
                                  readout_format=".0f")
        temperature = widgets.SelectionSlider(options=[(f"{c:g}", c) for c in TEMPERATURES], value=float(celsius),
                                              description="temperature (°C)", continuous_update=True,
                                              layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)
        # Every temperature's threshold curve up front (about a second), so no update waits for one; after the
        # controls, which check the keywords, so a bad keyword is refused before this work.
        self._curves = dict(_curves(self.params))
        super().__init__({"interval": interval_slider, "test_amplitude": amplitude_slider, "celsius": temperature})

    def curve_at(self, celsius: float) -> refractory.RecoveryCurve:
        """The test-threshold curve at ``celsius`` °C (one of :data:`TEMPERATURES`), computed with the bench."""
        return self._curves[float(celsius)]

    def _build_figure(self):
        fig, ax_v, ax_gates, ax_curve = plotting.stacked_beside_tall((8.4, 4.8), (2.0, 1.2), (1.5, 1.0))
        (v_line,) = ax_v.plot([], [], color=plotting.COLORS["v"], label="$V$")
        ax_v.axhline(SPIKE_THRESHOLD, color=plotting.COLORS["rest"], linewidth=0.8, linestyle="--", zorder=0)
        (stim_line,) = ax_v.plot([], [], color=plotting.COLORS["stimulus"], linewidth=1.0,
                                 label="pulses (scaled)")
        ax_v.set_xlim(0.0, PULSE_START + INTERVAL_RANGE[1] + 1.0 + T_AFTER)
        ax_v.set_ylim(-90.0, 60.0)
        ax_v.set_ylabel("V (mV)")
        ax_v.legend(loc="upper right", fontsize=8)
        ax_v.tick_params(labelbottom=False)
        (h_line,) = ax_gates.plot([], [], color=plotting.COLORS["h"], label="$h$")
        (n_line,) = ax_gates.plot([], [], color=plotting.COLORS["n"], label="$n$")
        ax_gates.set_xlim(ax_v.get_xlim())
        ax_gates.set_ylim(0.0, 1.0)
        ax_gates.set_xlabel("time (ms)")
        ax_gates.set_ylabel("gate")
        ax_gates.legend(loc="upper right", fontsize=8, ncol=2)
        (curve_line,) = ax_curve.plot([], [], color=plotting.COLORS["v"], label="test threshold")
        (t1_line,) = ax_curve.plot([], [], color=plotting.COLORS["rest"], linestyle="--", linewidth=1.0,
                                   label="$T_1$ (from rest)")
        (cap_line,) = ax_curve.plot([], [], color=plotting.COLORS["i_na"], linestyle=":", linewidth=1.0,
                                    label=f"cap ({refractory.DEFAULT_CAP:g} $T_1$)")
        (point,) = ax_curve.plot([], [], "o", markersize=7, zorder=5)
        ax_curve.set_yscale("log")
        ax_curve.set_xlim(*INTERVAL_RANGE)
        ax_curve.set_ylim(*Y_LIMITS)
        ax_curve.set_xlabel("interval (ms)")
        ax_curve.set_ylabel("test amplitude (µA/cm²)")
        ax_curve.legend(loc="upper right", fontsize=8)
        text = ax_curve.text(0.03, 0.03, "", transform=ax_curve.transAxes, fontsize=9, va="bottom")
        return fig, {"v": v_line, "stimulus": stim_line, "h": h_line, "n": n_line, "curve": curve_line,
                     "t1": t1_line, "cap": cap_line, "point": point, "text": text}

    def _redraw(self) -> Verdict:
        interval = float(self.controls["interval"].value)
        amplitude = float(self.controls["test_amplitude"].value)
        celsius = float(self.controls["celsius"].value)
        params = self.params.replace(celsius=celsius)
        self.curve = curve = self.curve_at(celsius)
        self.result = run = refractory.paired_pulse_run(interval, amplitude, params, t_after=T_AFTER)
        try:
            self.fired = fired = bool(refractory.fires_at([interval], amplitude, params)[0])
            self.passive = False
        except refractory.PassiveChargingError:  # the test alone crosses 0 mV without sodium current
            self.fired = fired = False
            self.passive = True
        a = self._artists
        a["v"].set_data(run.t, run.v)
        scale = 40.0 / max(float(run.i_app.max()), 1.0)
        a["stimulus"].set_data(run.t, -88.0 + scale * run.i_app)
        a["h"].set_data(run.t, run.h)
        a["n"].set_data(run.t, run.n)
        cap = curve.cap * curve.t1
        a["curve"].set_data(curve.intervals, np.minimum(curve.threshold, Y_LIMITS[1]))
        a["t1"].set_data(INTERVAL_RANGE, [curve.t1, curve.t1])
        a["cap"].set_data(INTERVAL_RANGE, [cap, cap])
        a["point"].set_data([interval], [min(max(amplitude, Y_LIMITS[0]), Y_LIMITS[1])])
        a["point"].set_color(plotting.COLORS["i_na"] if fired else plotting.COLORS["stimulus"])
        threshold = float(np.interp(interval, curve.intervals, np.minimum(curve.threshold, 1e9)))
        if threshold >= cap:
            where = f"no test up to {curve.cap:g} T1 fires here"
        else:
            where = f"threshold here about {threshold:.0f} µA/cm² ({threshold / curve.t1:.2f} T1)"
        a["text"].set_text(f"{celsius:g} °C: T1 = {curve.t1:.2f} µA/cm²\n{where}")
        outcome = "fires a second spike" if fired else "fires no second spike"
        if self.passive:
            outcome = ("drives V past 0 mV even with no sodium current, by charging the membrane alone, so the 0 mV "
                       "criterion cannot say whether it fires a spike")
        return Verdict(f"A test of {amplitude:.0f} µA/cm² ({amplitude / curve.t1:.1f} T1) {interval:.2f} ms after the "
                       f"conditioning pulse {outcome}; {where}.", highlight=fired)
