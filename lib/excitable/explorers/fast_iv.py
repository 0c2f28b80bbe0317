"""The fast I-V explorer: the instantaneous current with h and n set by sliders, its zeros and negative slope."""

from __future__ import annotations

import numpy as np

from .. import hh, plotting, threshold
from ..formatting import MINUS
from ._base import Explorer, Verdict, slider

V_RANGE = (-100.0, 60.0)
"""Voltages (mV) of the whole curve (left panel)."""

ZOOM_RANGE = (-75.0, -45.0)
"""Voltages (mV) of the close-up near rest (right panel)."""

CURRENT_LIMIT = 7000.0
"""Half-height (µA/cm²) of the left panel's current axis: the fast I-V stays inside it at every h and n."""

ZOOM_LIMIT = 0.5
"""Half-height (µA/cm²) of the close-up's current axis, where the zeros near rest are seen."""

DEPOLARIZED = -50.0
"""A lone zero above this voltage (mV) is a depolarized balance (the fast system has taken off), not rest."""

GATE_STEP = 0.001
"""Step of the h and n sliders."""


def _at_rest():
    _, h_rest, n_rest = hh.gate_steady_states(hh.resting_potential())
    return float(h_rest), float(n_rest)


class FastIVExplorer(Explorer):
    """The fast (instantaneous) I-V curve, m at m_inf(V), with h and n frozen at the sliders' values.

    Start at the resting values (h 0.596, n 0.318): three zeros, rest, the threshold 2.6 mV above it and the
    upstroke's end. Lower h (inactivation, as after a long depolarization) and the threshold climbs until it
    meets the upstroke's end and both vanish: no spike can start. Lower n a little (less K+ current, as after a
    hyperpolarization) and rest and the threshold meet and vanish: the membrane takes off by itself. The
    negative-slope region is shaded. Every number comes from :mod:`excitable.threshold`.

    Attributes: ``zeros`` (mV), ``region`` ((low, high) mV of negative slope, or None), ``v`` and ``current``.
    """

    static_grid = {"h": (0.02, 0.1, 0.3, 0.8), "n": (0.25, 0.31, 0.45, 0.7)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, h: float | None = None, n: float | None = None):
        h_rest, n_rest = _at_rest()
        self.v = np.linspace(*V_RANGE, 641)
        self.v_zoom = np.linspace(*ZOOM_RANGE, 401)
        super().__init__({
            "h": slider(h_rest if h is None else h, 0.0, 1.0, GATE_STEP, "h (Na⁺ not inactivated)", ".3f"),
            "n": slider(n_rest if n is None else n, 0.0, 1.0, GATE_STEP, "n (K⁺ activation)", ".3f"),
        })

    def _build_figure(self):
        fig, (ax_all, ax_zoom) = plotting.new_figure(1, 2, figsize=(8.4, 3.8),
                                                     gridspec_kw={"width_ratios": [1.25, 1.0]})
        h_rest, n_rest = _at_rest()
        artists = {}
        for ax, v, limit, key in ((ax_all, self.v, CURRENT_LIMIT, "all"), (ax_zoom, self.v_zoom, ZOOM_LIMIT, "zoom")):
            ax.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
            ax.plot(v, threshold.fast_iv(v, h_rest, n_rest), color=plotting.COLORS["rest"], linewidth=1.0,
                    linestyle="--", label="h, n at rest")
            artists[f"span_{key}"] = ax.axvspan(0.0, 0.0, color=plotting.COLORS["i_na"], alpha=0.12, linewidth=0,
                                                label="negative slope")
            (artists[f"curve_{key}"],) = ax.plot([], [], color=plotting.COLORS["i_ion"], linewidth=1.6,
                                                 label=r"$I_\mathrm{fast}(V)$")
            (artists[f"stable_{key}"],) = ax.plot([], [], "o", color=plotting.COLORS["i_k"], markersize=6,
                                                  label="stable zero", zorder=5)
            (artists[f"unstable_{key}"],) = ax.plot([], [], "o", markerfacecolor="white",
                                                    markeredgecolor=plotting.COLORS["i_na"], markeredgewidth=1.6,
                                                    markersize=7, label="threshold (unstable)", zorder=6)
            ax.set_xlim(v[0], v[-1])
            ax.set_ylim(-limit, limit)
            ax.set_xlabel(plotting.VOLTAGE_LABEL)
        ax_all.set_ylabel("fast current (µA/cm², outward +)")
        ax_all.set_title("whole range", fontsize=9)
        ax_zoom.set_title("close to rest", fontsize=9)
        ax_all.legend(loc="upper left", fontsize=8)
        self._axes = (ax_all, ax_zoom)
        return fig, artists

    def _redraw(self) -> Verdict:
        h, n = (float(self.controls[k].value) for k in ("h", "n"))
        self.current = threshold.fast_iv(self.v, h, n)
        self.zeros = zeros = threshold.fast_iv_zeros(h, n)
        self.region = region = threshold.negative_slope_region(h, n)
        slopes = threshold.slope_conductance(zeros, h, n) if zeros.size else np.array([])
        stable, unstable = zeros[slopes > 0], zeros[slopes <= 0]
        a = self._artists
        for key, v in (("all", self.v), ("zoom", self.v_zoom)):
            current = self.current if key == "all" else threshold.fast_iv(v, h, n)
            a[f"curve_{key}"].set_data(v, current)
            a[f"stable_{key}"].set_data(stable, np.zeros_like(stable))
            a[f"unstable_{key}"].set_data(unstable, np.zeros_like(unstable))
            low, high = region if region is not None else (0.0, 0.0)
            a[f"span_{key}"].set_x(low)
            a[f"span_{key}"].set_width(high - low)
        return Verdict(self._sentence(zeros, unstable, region), highlight=unstable.size > 0)

    @staticmethod
    def _sentence(zeros, unstable, region) -> str:
        def mv(x):
            return f"{float(x):+.1f} mV".replace("-", MINUS)
        if unstable.size:
            above = float(unstable[0] - zeros[0])
            return (f"Three zeros: rest {mv(zeros[0])}, threshold {mv(unstable[0])} ({above:.2f} mV above "
                    f"rest), upstroke's end {mv(zeros[-1])}.")
        if zeros.size and zeros[0] > DEPOLARIZED:
            return (f"No threshold: the only zero is at {mv(zeros[0])}, far above rest; with so little K⁺ "
                    "current nothing balances the Na⁺ current near rest and the fast system takes off by itself.")
        if zeros.size:
            slope = "" if region is None else " (the slope is still negative somewhere, but the current stays outward)"
            return (f"No threshold: the only zero is rest at {mv(zeros[0])}; with so little h no depolarization "
                    f"makes the net current inward{slope}.")
        return "No zero between -150 and +150 mV."
