"""The selectivity explorer: a barrier difference in the K⁺ filter -> permeability ratio -> resting potential.

A rate-theory caricature: each ion crosses the filter over one effective
free-energy barrier, and the permeability is proportional to
exp(-G_barrier/RT), so a barrier higher for Na⁺ by ΔG gives
P_K/P_Na = exp(ΔG/RT). The energy profile drawn is schematic (four binding
sites between five barriers, as in the four-site K⁺ filter); only the
difference of the two peaks enters the physics.
"""

from __future__ import annotations

import numpy as np

from .. import plotting
from ..constants import MAMMALIAN
from ..electrochem import nernst, permeability_ratio, resting_with_ratio, rt_energy
from ._base import Explorer, Verdict, slider

DELTA_G_RANGE = (0.0, 30.0)
"""Barrier differences G_Na - G_K (kJ/mol) the slider offers."""

BARRIER_K_RANGE = (5.0, 40.0)
"""Peak heights (kJ/mol) of the K⁺ barrier the slider offers (only the drawing depends on it)."""

TEMPERATURE_RANGE = (0.0, 45.0)
"""Temperatures (°C) the slider offers."""

P_CL_RELATIVE = 0.45
"""Chloride permeability relative to potassium, held fixed while P_Na/P_K changes."""

FILTER_HALF_LENGTH = 0.6
"""Half the length (nm) of the schematic selectivity filter."""

RATIO_AXIS = np.logspace(-4, 1, 201)
"""P_Na/P_K values (log-spaced) of the resting-potential curve."""


def filter_profile(x, peak):
    """Schematic free-energy profile (kJ/mol) through the filter at positions ``x`` (nm) with maximum ``peak``.

    Zero in the bulk solution; inside the filter five barriers of height
    ``peak`` separate four shallower binding sites.
    """
    x = np.asarray(x, dtype=float)
    envelope = np.exp(-(x / (1.15 * FILTER_HALF_LENGTH)) ** 12)
    ripple = 0.7 + 0.3 * np.cos(2.0 * np.pi * x / (FILTER_HALF_LENGTH / 2.0))
    return peak * envelope * ripple


class SelectivityExplorer(Explorer):
    """Barrier difference (kJ/mol), K⁺ barrier height (kJ/mol) and temperature -> ratio and resting potential.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    delta_g_slider, barrier_k_slider, celsius_slider : the controls
    ratio : latest P_K/P_Na;  v_rest : latest GHK resting potential (mV)
    """

    static_grid = {"delta_g": (0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 30.0), "celsius": (6.0, 37.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, delta_g: float = 12.0, barrier_k: float = 15.0, celsius: float = 37.0):
        self.delta_g_slider = slider(delta_g, *DELTA_G_RANGE, 0.5, "ΔG Na − K (kJ/mol)")
        self.barrier_k_slider = slider(barrier_k, *BARRIER_K_RANGE, 0.5, "K⁺ barrier (kJ/mol)")
        self.celsius_slider = slider(celsius, *TEMPERATURE_RANGE, 0.5, "temperature (°C)")
        self.x = np.linspace(-1.5, 1.5, 301)
        super().__init__({"delta_g": self.delta_g_slider, "barrier_k": self.barrier_k_slider,
                          "celsius": self.celsius_slider})

    def _build_figure(self):
        fig, (ax_g, ax_v) = plotting.new_figure(1, 2, figsize=(7.6, 3.6), gridspec_kw={"width_ratios": [1.0, 1.1]})
        ax_g.axvspan(-FILTER_HALF_LENGTH, FILTER_HALF_LENGTH, color="#f0f0f0", zorder=0)
        ax_g.text(0.0, 0.98, "filter", transform=ax_g.get_xaxis_transform(), ha="center", va="top", fontsize=8)
        (k_line,) = ax_g.plot([], [], color=plotting.ION_COLORS["K"], label="K⁺")
        (na_line,) = ax_g.plot([], [], color=plotting.ION_COLORS["Na"], label="Na⁺")
        arrow = ax_g.annotate("", xy=(0.0, 0.0), xytext=(0.0, 0.0),
                              arrowprops={"arrowstyle": "<->", "color": plotting.COLORS["v"], "linewidth": 1.0})
        ax_g.set_xlim(self.x[0], self.x[-1])
        ax_g.set_ylim(-3.0, BARRIER_K_RANGE[1] + DELTA_G_RANGE[1] + 5.0)
        ax_g.set_xlabel("position along the pore (nm)")
        ax_g.set_ylabel("free energy (kJ/mol)")
        ax_g.legend(loc="upper left")
        e_lines = {name: ax_v.axhline(0.0, color=plotting.ION_COLORS[name], linestyle=style, linewidth=0.9,
                                      label=f"$E_\\mathrm{{{name}}}$")
                   for name, style in (("K", "--"), ("Na", ":"))}
        (curve,) = ax_v.plot([], [], color=plotting.COLORS["v"], label="GHK $V_\\mathrm{rest}$")
        (marker,) = ax_v.plot([], [], "o", color=plotting.COLORS["v"], markersize=6, zorder=5)
        ax_v.set_xscale("log")
        ax_v.set_xlim(RATIO_AXIS[0], RATIO_AXIS[-1])
        ax_v.set_ylim(-110.0, 80.0)
        ax_v.set_xlabel("$P_\\mathrm{Na}/P_\\mathrm{K}$")
        ax_v.set_ylabel("resting potential (mV)")
        ax_v.legend(loc="upper left", fontsize=8)
        text = ax_v.text(0.03, 0.70, "", transform=ax_v.transAxes, ha="left", va="top", fontsize=9,
                         bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.3"})
        artists = {"k": k_line, "na": na_line, "arrow": arrow, "curve": curve, "marker": marker, "text": text,
                   "e_k": e_lines["K"], "e_na": e_lines["Na"]}
        return fig, artists

    def _redraw(self) -> Verdict:
        delta_g, barrier_k, celsius = (self.delta_g_slider.value, self.barrier_k_slider.value,
                                       self.celsius_slider.value)
        self.ratio = float(permeability_ratio(delta_g, celsius))
        self.v_rest = float(resting_with_ratio(1.0 / self.ratio, celsius, P_CL_RELATIVE))
        a = self._artists
        a["k"].set_data(self.x, filter_profile(self.x, barrier_k))
        a["na"].set_data(self.x, filter_profile(self.x, barrier_k + delta_g))
        a["arrow"].xy = (0.9, barrier_k + delta_g)
        a["arrow"].set_position((0.9, barrier_k))
        a["curve"].set_data(RATIO_AXIS, resting_with_ratio(RATIO_AXIS, celsius, P_CL_RELATIVE))
        a["marker"].set_data([1.0 / self.ratio], [self.v_rest])
        for name in ("K", "Na"):
            ion = MAMMALIAN[name]
            e_rev = float(nernst(ion.c_out, ion.c_in, ion.valence, celsius))
            a[f"e_{name.lower()}"].set_ydata([e_rev, e_rev])
        a["text"].set_text(f"ΔG = {delta_g:.1f} kJ/mol = {delta_g / rt_energy(celsius):.2f} RT\n"
                           f"P_K/P_Na = {self.ratio:.3g}\nV_rest = {self.v_rest:+.1f} mV")
        return Verdict(f"A barrier {delta_g:.1f} kJ/mol higher for Na⁺ makes K⁺ {self.ratio:.3g} times more "
                       f"permeant; with P_Cl/P_K = {P_CL_RELATIVE:g} the membrane rests at {self.v_rest:+.1f} mV.",
                       highlight=self.ratio >= 10.0)
