"""Temperature and the spike: a temperature slider, and the static small multiples beside it.

:class:`TemperatureExplorer` fires the same 1 ms pulse into the HH membrane at a
chosen temperature and shows the spike (with the 6.3 °C spike for comparison),
the gates, and the spike's amplitude and half width across the whole
temperature range, with a marker at the chosen temperature. The curves come
from one batch simulation made when the explorer is built.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FormatStrFormatter, NullFormatter

from .. import _checks, plotting
from ..analysis import half_width, heat_dt, temperature_sweep
from ..hh import STANDARD, HHParams, simulate, simulate_batch
from ..stimuli import pulse
from ._base import T_STOP_RANGE, Explorer, Verdict, check_span, slider

AMPLITUDE_RANGE = (0.0, 1000.0)
"""Amplitudes (µA/cm²) of the depolarizing pulse the temperature explorer accepts."""

TEMPERATURE_RANGE = (0.0, 40.0)
"""Temperatures (°C) the explorer offers."""

SWEEP_STEP = 2.0
"""Spacing (°C) of the precomputed amplitude and width curves."""

PULSE_START = 2.0
"""Onset (ms) of the 1 ms stimulus pulse."""

MAX_POINTS = 1500
"""Most samples drawn per line."""


class TemperatureExplorer(Explorer):
    """The spike at a chosen temperature: V and gates over time, amplitude and half width against temperature.

    Parameters
    ----------
    amplitude : the 1 ms pulse (µA/cm²), the same at every temperature
    celsius : initial temperature (°C, within :data:`TEMPERATURE_RANGE`)
    t_stop : simulated time (ms); params : the membrane (its temperature is replaced)

    Attributes: ``result`` (latest simulation), ``sweep`` (:class:`~excitable.analysis.TemperatureSweep`
    over the range), ``amplitude_mV`` and ``half_width_ms`` at the chosen temperature (NaN width:
    no spike).
    """

    static_grid = {"celsius": (0.0, 6.3, 10.0, 15.0, 20.0, 25.0, 28.0, 31.0, 34.0, 37.0, 40.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, amplitude: float = 69.2, celsius: float = 6.3, t_stop: float = 15.0,
                 params: HHParams = STANDARD):
        self.amplitude = check_span("amplitude", amplitude, *AMPLITUDE_RANGE, "µA/cm²")
        self.t_stop = check_span("t_stop", t_stop, *T_STOP_RANGE)
        self.base_params = _checks.instance("params", params, HHParams)
        control = slider(celsius, *TEMPERATURE_RANGE, 0.1, "temperature (°C)")  # before the sweep runs
        self.stimulus = pulse(self.amplitude, PULSE_START, 1.0)
        temps = np.arange(TEMPERATURE_RANGE[0], TEMPERATURE_RANGE[1] + 0.5 * SWEEP_STEP, SWEEP_STEP)
        self.sweep = temperature_sweep(self.stimulus, temps, self.t_stop, params)
        self.reference = simulate(self.stimulus, self.t_stop, 0.025, params.replace(celsius=6.3))
        super().__init__({"celsius": control})

    def simulate(self, celsius: float):
        """The response at ``celsius`` (°C), with the time step shrunk as the gates speed up."""
        return simulate(self.stimulus, self.t_stop, heat_dt(celsius), self.base_params.replace(celsius=celsius))

    def _build_figure(self):
        fig = plotting.new_figure(1, 1, figsize=(8.4, 5.0))[0]
        fig.clear()
        grid = fig.add_gridspec(2, 2, width_ratios=[1.6, 1.0], height_ratios=[1.6, 1.0])
        ax_v, ax_x = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
        ax_a, ax_w = fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
        ax_x.sharex(ax_v)
        ax_w.sharex(ax_a)
        ref = self.reference
        ax_v.plot(ref.t, ref.v, color=plotting.COLORS["rest"], linewidth=1.2, label="6.3 °C")
        (v_line,) = ax_v.plot([], [], color=plotting.COLORS["v"], label="chosen")
        ax_v.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, linestyle="--", zorder=0)
        ax_v.set_ylim(-90.0, 55.0)
        ax_v.set_xlim(0.0, self.t_stop)
        ax_v.set_ylabel(plotting.VOLTAGE_LABEL)
        ax_v.legend(loc="upper right", fontsize=8)
        ax_v.tick_params(labelbottom=False)
        gates = {}
        for gate in "mhn":
            (gates[gate],) = ax_x.plot([], [], color=plotting.COLORS[gate], linestyle=plotting.LINESTYLES[gate],
                                       label=plotting.LABELS[gate])
        ax_x.set_ylim(-0.03, 1.03)
        ax_x.set_ylabel("gate")
        ax_x.set_xlabel(plotting.TIME_LABEL)
        ax_x.legend(loc="upper right", ncols=3, fontsize=8)
        s = self.sweep
        ax_a.plot(s.celsius, s.amplitude_mV, color=plotting.COLORS["v"])
        ax_a.plot(s.celsius[~s.fired], s.amplitude_mV[~s.fired], "o", color=plotting.COLORS["stimulus"],
                  markersize=3, label="no crossing of 0 mV")
        zero = -float(s.v_rest[0])
        ax_a.axhline(zero, color=plotting.COLORS["rest"], linewidth=0.8, linestyle="--", zorder=0)
        ax_a.text(TEMPERATURE_RANGE[0] + 0.5, zero + 2.0, "peak at 0 mV", fontsize=8, color="#777777")
        ax_a.set_ylabel("amplitude, rest to\npeak (mV)")
        ax_a.set_ylim(0.0, 120.0)
        ax_a.legend(loc="lower left", fontsize=8)
        ax_a.tick_params(labelbottom=False)
        ax_w.plot(s.celsius, s.half_width_ms, color=plotting.COLORS["v"])
        ax_w.set_yscale("log")
        ax_w.set_ylim(0.1, 5.0)
        ax_w.set_yticks([0.1, 0.2, 0.5, 1.0, 2.0, 5.0])
        ax_w.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax_w.yaxis.set_minor_formatter(NullFormatter())
        ax_w.set_ylabel("half width (ms)")
        ax_w.set_xlabel("temperature (°C)")
        ax_w.set_xlim(*TEMPERATURE_RANGE)
        (mark_a,) = ax_a.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=6, zorder=5)
        (mark_w,) = ax_w.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=6, zorder=5)
        text = ax_v.text(0.02, 0.97, "", transform=ax_v.transAxes, ha="left", va="top", fontsize=8)
        fig.set_layout_engine("constrained")
        return fig, {"v": v_line, **gates, "mark_a": mark_a, "mark_w": mark_w, "text": text}

    def _redraw(self) -> Verdict:
        celsius = float(self.controls["celsius"].value)
        full = self.simulate(celsius)
        self.result = full
        r = full.every(max(1, full.t.size // MAX_POINTS))
        a = self._artists
        a["v"].set_data(r.t, r.v)
        for gate in "mhn":
            a[gate].set_data(r.t, getattr(r, gate))
        peak = float(full.v.max())
        self.amplitude_mV = peak - float(full.v[0])
        self.half_width_ms = half_width(full.t, full.v, float(full.v[0]))
        a["mark_a"].set_data([celsius], [self.amplitude_mV])
        spiked = bool(full.spike_times.size)
        a["mark_w"].set_data([celsius], [self.half_width_ms] if spiked else [])
        width = f"half width {self.half_width_ms:.2f} ms" if spiked else "no spike (V stays below 0 mV)"
        a["text"].set_text(f"{celsius:.1f} °C: amplitude {self.amplitude_mV:.1f} mV, {width}")
        if not spiked:
            return Verdict(f"At {celsius:.1f} °C the pulse no longer makes a spike: V peaks at "
                           f"{peak:+.1f} mV, {self.amplitude_mV:.1f} mV above rest.")
        return Verdict(f"At {celsius:.1f} °C the spike rises {self.amplitude_mV:.1f} mV above rest and is "
                       f"{self.half_width_ms:.2f} ms wide at half amplitude.", highlight=True)

    @staticmethod
    def small_multiples(amplitude: float = 69.2, temperatures=(0.0, 6.3, 15.0, 25.0, 30.0, 35.0),
                        t_stop: float = 15.0, params: HHParams = STANDARD):
        """Static companion of :class:`TemperatureExplorer`: V and the gates at each temperature, one column each.

        All temperatures are simulated in one batch at the step :func:`~excitable.analysis.heat_dt`
        of the warmest. Returns ``(figure, peaks)`` with the peak V (mV) of each column.
        """
        temperatures = [float(c) for c in temperatures]
        dt = heat_dt(max(temperatures))
        batch = simulate_batch([pulse(amplitude, PULSE_START, 1.0)], t_stop, dt,
                               [params.replace(celsius=c) for c in temperatures])
        stride = max(1, batch.t.size // MAX_POINTS)
        fig, axes = plotting.new_figure(2, len(temperatures), figsize=(1.05 * len(temperatures) + 1.2, 3.8),
                                        sharex=True, sharey="row", squeeze=False,
                                        gridspec_kw={"height_ratios": [1.5, 1.0]})
        for j, celsius in enumerate(temperatures):
            trace = batch[j].every(stride)
            fired = trace.v.max() >= 0.0
            axes[0, j].plot(trace.t, trace.v, color=plotting.COLORS["v" if fired else "stimulus"], linewidth=1.2)
            axes[0, j].axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.7, linestyle="--", zorder=0)
            axes[0, j].set_title(f"{celsius:g} °C", fontsize=9)
            for gate in "mhn":
                axes[1, j].plot(trace.t, getattr(trace, gate), color=plotting.COLORS[gate],
                                linestyle=plotting.LINESTYLES[gate], linewidth=1.0, label=plotting.LABELS[gate])
            axes[0, j].set_ylim(-90.0, 55.0)
            axes[1, j].set_ylim(-0.03, 1.03)
            axes[1, j].set_xlim(0.0, t_stop)
            for ax in axes[:, j]:
                ax.tick_params(labelsize=8)
        axes[0, 0].set_ylabel("$V$ (mV)")
        axes[1, 0].set_ylabel("gate")
        axes[1, -1].legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8)
        fig.supxlabel(plotting.TIME_LABEL, fontsize=9)
        return fig, batch.v.max(axis=1)
