"""The spike dissected: one current-clamp spike with its gates, conductances, currents and driving forces.

:class:`SpikeDissector` stimulates the HH membrane with a 1 ms pulse under a
chosen temperature and drugs and shows, on shared time axes, V with the
conductance-weighted average of the reversal potentials, the gates with the
open probabilities m^3 h and n^4, the ionic currents, and the driving forces.
A time cursor reads every quantity at one instant and names the act of the
spike (rise, peak, repolarization, undershoot; :func:`excitable.analysis.spike_acts`)
it falls in.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from .. import _checks, drugs, plotting
from ..analysis import chord_potential, heat_dt, spike_acts
from ..hh import STANDARD, HHParams, resting_potential, simulate
from ..stimuli import pulse
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, T_STOP_RANGE, Explorer, Verdict, check_span, slider

AMPLITUDE_RANGE = (0.0, 50.0)
"""Amplitudes (µA/cm²) of the 1 ms pulse the dissector offers."""

TEMPERATURE_RANGE = (0.0, 30.0)
"""Temperatures (°C) the dissector offers."""

TTX_RANGE = (0.0, 20.0)
"""Tetrodotoxin concentrations (nM) the dissector offers."""

TEA_RANGE = (0.0, 2.0)
"""Tetraethylammonium concentrations (mM) the dissector offers."""

MAX_POINTS = 1500
"""Most samples drawn per line; warm runs take small steps, and drawing them all would be slow."""

PULSE_START = 2.0
"""Onset (ms) of the stimulus pulse."""

PULSE_DURATION = 1.0
"""Duration (ms) of the stimulus pulse."""


class SpikeDissector(Explorer):
    """One spike taken apart, with a time cursor.

    Controls: pulse amplitude (µA/cm², 1 ms from 2 ms), temperature (°C), TTX (nM), TEA (mM),
    pronase, and the cursor time (ms). Panels on one time axis: V with E_Na, E_K and the
    conductance-weighted average of the reversal potentials; m, h, n with m^3 h and n^4; the
    currents I_Na, I_K, I_L and their sum (outward positive); the driving forces V - E_Na and
    V - E_K. The four acts are shaded when the response is a spike.

    Attributes: ``result`` (latest :class:`~excitable.hh.HHResult`), ``acts``
    (:class:`~excitable.analysis.SpikeActs` or None without a spike), ``reading`` (dict of the
    quantities at the cursor).
    """

    static_grid = {"cursor": (2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 12.0), "pronase": (False, True)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, amplitude: float = 20.0, celsius: float = 6.3, ttx_nM: float = 0.0, tea_mM: float = 0.0,
                 pronase: bool = False, cursor: float = 4.0, t_stop: float = 25.0, params: HHParams = STANDARD):
        self.t_stop = check_span("t_stop", t_stop, *T_STOP_RANGE)
        self.base_params = _checks.instance("params", params, HHParams)
        pronase = _checks.boolean("pronase", pronase)
        controls = {
            "amplitude": slider(amplitude, *AMPLITUDE_RANGE, 0.5, "pulse (µA/cm²)"),
            "celsius": slider(celsius, *TEMPERATURE_RANGE, 0.1, "temperature (°C)"),
            "ttx_nM": slider(ttx_nM, *TTX_RANGE, 0.1, "TTX (nM)"),
            "tea_mM": slider(tea_mM, *TEA_RANGE, 0.02, "TEA (mM)", readout_format=".2f"),
            "pronase": widgets.Checkbox(value=bool(pronase), description="pronase (no inactivation)",
                                        layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE),
            "cursor": slider(cursor, 0.0, self.t_stop, 0.05, "cursor t (ms)", readout_format=".2f"),
        }
        super().__init__(controls)

    # -- physics -------------------------------------------------------------------------------
    def params(self) -> HHParams:
        """The membrane under the current temperature and drugs."""
        c = self.values
        return drugs.condition(c["celsius"], c["ttx_nM"], c["tea_mM"], c["pronase"], self.base_params)

    def simulate(self):
        """The response to the pulse, with the time step shrunk as the temperature rises."""
        params = self.params()
        stimulus = pulse(self.controls["amplitude"].value, PULSE_START, PULSE_DURATION)
        return simulate(stimulus, self.t_stop, heat_dt(params.celsius), params)

    # -- drawing -------------------------------------------------------------------------------
    def _build_figure(self):
        fig, axes = plotting.new_figure(4, 1, figsize=(7.0, 5.6), sharex=True,
                                        gridspec_kw={"height_ratios": [2.2, 1.4, 1.7, 1.2]})
        ax_v, ax_x, ax_i, ax_d = axes
        p = self.base_params
        lines, spans = {}, {}
        for name, color in plotting.ACT_COLORS.items():
            spans[name] = ax_v.add_patch(Rectangle((0.0, -100.0), 0.0, 170.0, facecolor=color, edgecolor="none",
                                                   zorder=0))
        for key, value in (("E_Na", p.e_na), ("E_K", p.e_k)):
            color = plotting.COLORS["i_na" if key == "E_Na" else "i_k"]
            ax_v.axhline(value, color=color, linewidth=0.8, linestyle=":", zorder=1)
            ax_v.text(0.995, value, f"$E_\\mathrm{{{key[2:]}}}$", transform=ax_v.get_yaxis_transform(), ha="right",
                      va="bottom", fontsize=8, color=color)
        (lines["v"],) = ax_v.plot([], [], color=plotting.COLORS["v"], label="$V$", zorder=3)
        (lines["chord"],) = ax_v.plot([], [], color="#8c564b", linestyle="--", linewidth=1.0, zorder=2,
                                      label=r"$\sum g_i E_i / \sum g_i$")
        ax_v.set_ylim(-100.0, 70.0)
        ax_v.set_ylabel("$V$ (mV)")
        ax_v.legend(loc="upper left", fontsize=8, ncols=2)
        for gate in "mhn":
            (lines[gate],) = ax_x.plot([], [], color=plotting.COLORS[gate], linestyle=plotting.LINESTYLES[gate],
                                       linewidth=1.2, label=plotting.LABELS[gate])
        (lines["p_na"],) = ax_x.plot([], [], color=plotting.COLORS["g_na"], linewidth=2.0, label="$m^3h$")
        (lines["p_k"],) = ax_x.plot([], [], color=plotting.COLORS["g_k"], linewidth=2.0, label="$n^4$")
        ax_x.set_ylim(-0.03, 1.03)
        ax_x.set_ylabel("gate / open\nprobability")
        ax_x.legend(loc="upper right", ncols=5, fontsize=8)
        for key in ("i_na", "i_k", "i_l"):
            (lines[key],) = ax_i.plot([], [], color=plotting.COLORS[key], label=plotting.LABELS[key])
        (lines["i_ion"],) = ax_i.plot([], [], color=plotting.COLORS["i_ion"], linestyle="--", linewidth=1.0,
                                      label="net ionic")
        ax_i.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        ax_i.set_ylim(-900.0, 900.0)
        ax_i.set_ylabel("current (µA/cm²)\noutward > 0")
        ax_i.legend(loc="upper right", ncols=4, fontsize=8)
        (lines["d_na"],) = ax_d.plot([], [], color=plotting.COLORS["i_na"], label=r"$V - E_\mathrm{Na}$")
        (lines["d_k"],) = ax_d.plot([], [], color=plotting.COLORS["i_k"], label=r"$V - E_\mathrm{K}$")
        ax_d.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        ax_d.set_ylim(-140.0, 140.0)
        ax_d.set_ylabel("driving\nforce (mV)")
        ax_d.legend(loc="upper right", ncols=2, fontsize=8)
        ax_d.set_xlabel(plotting.TIME_LABEL)
        ax_d.set_xlim(0.0, self.t_stop)
        cursors = {f"cursor_{k}": ax.axvline(0.0, color="#444444", linewidth=0.9, zorder=4)
                   for k, ax in enumerate(axes)}
        for ax in axes[:-1]:
            ax.tick_params(labelbottom=False)
        (lines["dot"],) = ax_v.plot([], [], "o", color=plotting.COLORS["v"], markersize=5, zorder=5)
        text = ax_v.text(0.995, 0.84, "", transform=ax_v.transAxes, ha="right", va="top", fontsize=8, zorder=6,
                         bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.4",
                               "alpha": 0.92})
        fig.align_ylabels(axes)
        return fig, {**{f"span_{k}": s for k, s in spans.items()}, **lines, **cursors, "text": text}

    def _redraw(self) -> Verdict:
        self.result = full = self.simulate()
        p = full.params
        a = self._artists
        try:
            self.acts = spike_acts(full, resting_potential(p))
        except ValueError:
            self.acts = None
        r = full.every(max(1, full.t.size // MAX_POINTS))
        edges = self.acts.boundaries if self.acts else ()
        for k, name in enumerate(plotting.ACT_COLORS):
            span = a[f"span_{name}"]
            span.set_visible(self.acts is not None)
            if self.acts is not None:
                span.set_x(edges[k])
                span.set_width(edges[k + 1] - edges[k])
        a["v"].set_data(r.t, r.v)
        a["chord"].set_data(r.t, chord_potential(r))
        for gate in "mhn":
            a[gate].set_data(r.t, getattr(r, gate))
        a["p_na"].set_data(r.t, r.m**3 * r.h)
        a["p_k"].set_data(r.t, r.n**4)
        for key in ("i_na", "i_k", "i_l", "i_ion"):
            a[key].set_data(r.t, np.clip(getattr(r, key), -5e3, 5e3))
        a["d_na"].set_data(r.t, r.v - p.e_na)
        a["d_k"].set_data(r.t, r.v - p.e_k)
        t_cursor = float(self.controls["cursor"].value)
        k = min(int(round(t_cursor / (full.t[1] - full.t[0]))), full.t.size - 1)
        for index in range(4):
            a[f"cursor_{index}"].set_xdata([t_cursor, t_cursor])
        a["dot"].set_data([full.t[k]], [full.v[k]])
        self.reading = reading = {
            "t": float(full.t[k]), "v": float(full.v[k]), "g_na": float(full.g_na[k]), "g_k": float(full.g_k[k]),
            "i_na": float(full.i_na[k]), "i_k": float(full.i_k[k]), "i_ion": float(full.i_ion[k]),
            "chord": float(chord_potential(full)[k]),
            "act": self.acts.act_at(float(full.t[k])) if self.acts else "no complete spike",
        }
        direction = "inward" if reading["i_ion"] < 0 else "outward"
        a["text"].set_text(f"t = {reading['t']:.2f} ms: {reading['act']}\n"
                           f"V {reading['v']:+.1f} mV, avg E {reading['chord']:+.1f} mV, "
                           f"I_ion {reading['i_ion']:+.1f} µA/cm²")
        label = drugs.describe(self.values["ttx_nM"], self.values["tea_mM"], self.values["pronase"])
        peak = float(full.v.max())
        if self.acts is None and peak >= 0.0:
            return Verdict(f"V reaches {peak:+.1f} mV ({label}, {p.celsius:.1f} °C) but does not fall back "
                           f"through rest within {self.t_stop:g} ms. Cursor at {reading['t']:.2f} ms.", highlight=True)
        if self.acts is None:
            return Verdict(f"No spike ({label}, {p.celsius:.1f} °C): V peaks at {peak:.1f} mV. "
                           f"Cursor at {reading['t']:.2f} ms.")
        return Verdict(f"Spike to {self.acts.v_peak:+.1f} mV ({label}, {p.celsius:.1f} °C). At "
                       f"{reading['t']:.2f} ms ({reading['act']}): V = {reading['v']:+.1f} mV, g_Na = "
                       f"{reading['g_na']:.2f} and g_K = {reading['g_k']:.2f} mS/cm², net ionic current "
                       f"{reading['i_ion']:+.1f} µA/cm² ({direction}).", highlight=True)
