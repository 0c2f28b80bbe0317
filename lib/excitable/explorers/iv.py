"""Single-ion current-voltage curves in (simulated) voltage clamp, with the reversal potential marked.

The membrane holds channels permeable to one ion only. For every clamp
voltage the explorer draws the current of the Goldman-Hodgkin-Katz (constant
field) flux law and the ohmic line g (V - E) that touches it at its zero
crossing; the zero crossing is the ion's Nernst potential.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import _checks, plotting
from ..constants import MAMMALIAN
from ..electrochem import iv_curves, nernst
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, Explorer, Verdict, slider
from ._logslider import log_slider
from .resting import BOOK_CONCENTRATIONS


@dataclass(frozen=True)
class IonChoice:
    """An ion the I-V explorer offers: symbol, valence and default concentrations (mM)."""

    label: str
    valence: int
    c_out: float
    c_in: float


IONS = {
    "K": IonChoice("K⁺", 1, MAMMALIAN["K"].c_out, MAMMALIAN["K"].c_in),
    "Na": IonChoice("Na⁺", 1, MAMMALIAN["Na"].c_out, MAMMALIAN["Na"].c_in),
    "Cl": IonChoice("Cl⁻", -1, MAMMALIAN["Cl"].c_out, MAMMALIAN["Cl"].c_in),
    "Ca": IonChoice("Ca²⁺", 2, 2.0, 1e-4),
}
"""Ions of the I-V explorer with mammalian defaults (Ca²⁺: 2 mM outside, 100 nM free inside)."""

CONCENTRATION_RANGE = (1e-5, 1e3)
"""Concentrations (mM) the sliders offer."""

TEMPERATURE_RANGE = (0.0, 45.0)
"""Temperatures (°C) the slider offers."""

PERMEABILITY = 1e-6
"""Permeability (cm/s) of the clamped membrane to the chosen ion."""

V_RANGE = (-150.0, 100.0)
"""Clamp voltages (mV) always shown; the axis widens to keep the reversal potential in view."""

CURRENT_LIMITS = tuple(m * 10.0**k for k in range(-12, 12) for m in (1.0, 2.0, 5.0))
"""Half-heights (µA/cm²) of the current axis in 1-2-5 steps, so that it is rescaled (a slow full redraw) rarely."""


class IVExplorer(Explorer):
    """Single-ion I-V curves: ion choice, concentrations outside and inside (log sliders), temperature.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    ion, c_out_slider, c_in_slider, celsius_slider : the controls
    v, i_ghk, i_ohmic : the latest curves (mV, µA/cm², µA/cm²)
    e_rev, g_slope : reversal potential (mV) and slope conductance at it (mS/cm²)
    """

    static_grid = {"c_out": (0.4, 1.0, 4.0, 14.0, 40.0, 140.0, 400.0), "celsius": (6.5, 20.0, 37.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, ion: str = "K", c_out: float | None = None, c_in: float | None = None,
                 celsius: float = 37.0):
        _checks.choice("ion", ion, tuple(IONS))
        choice = IONS[ion]
        self.ion = widgets.Dropdown(options=[(c.label, name) for name, c in IONS.items()], value=ion,
                                    description="ion", layout=widgets.Layout(**CONTROL_LAYOUT),
                                    style=CONTROL_STYLE)
        marks = (*BOOK_CONCENTRATIONS, *(c.c_out for c in IONS.values()), *(c.c_in for c in IONS.values()))
        self.c_out_slider = log_slider(choice.c_out if c_out is None else c_out, *CONCENTRATION_RANGE,
                                       "outside (mM)", marks=marks)
        self.c_in_slider = log_slider(choice.c_in if c_in is None else c_in, *CONCENTRATION_RANGE,
                                      "inside (mM)", marks=marks)
        self.celsius_slider = slider(celsius, *TEMPERATURE_RANGE, 0.5, "temperature (°C)")
        self._holding = False
        self._limits = None
        self.ion.observe(self._ion_changed, names="value")
        super().__init__({"ion": self.ion, "c_out": self.c_out_slider, "c_in": self.c_in_slider,
                          "celsius": self.celsius_slider})

    def _ion_changed(self, change):
        """A new ion brings its default concentrations (one redraw, not three)."""
        choice = IONS[change["new"]]
        self._holding = True
        try:
            self.c_out_slider.value, self.c_in_slider.value = choice.c_out, choice.c_in
        finally:
            self._holding = False
        self.update()

    def update(self, change=None):
        if not self._holding:
            super().update(change)

    def _build_figure(self):
        fig, ax = plotting.new_figure(1, 1, figsize=(7.0, 4.2))
        ax.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        (ghk,) = ax.plot([], [], color=plotting.COLORS["i_k"], label="GHK (constant field)")
        (ohmic,) = ax.plot([], [], color=plotting.COLORS["stimulus"], linestyle="--",
                           label="ohmic: $g\\,(V - E)$, same slope at $E$")
        reversal = ax.axvline(0.0, color=plotting.COLORS["i_na"], linewidth=1.0, linestyle=":")
        (marker,) = ax.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=6, zorder=5)
        text = ax.text(0.02, 0.97, "", transform=ax.transAxes, ha="left", va="top", fontsize=9,
                       bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.4"})
        ax.set_xlabel("clamp voltage $V$ (mV)")
        ax.set_ylabel("current density (µA/cm², outward +)")
        ax.legend(loc="lower right")
        artists = {"ghk": ghk, "ohmic": ohmic, "reversal": reversal, "marker": marker, "text": text}
        self._ax = ax
        return fig, artists

    def _redraw(self) -> Verdict:
        ion, c_out, c_in, celsius = (self.ion.value, self.c_out_slider.value, self.c_in_slider.value,
                                     self.celsius_slider.value)
        choice = IONS[ion]
        e_rev = float(nernst(c_out, c_in, choice.valence, celsius))
        low = min(V_RANGE[0], 50.0 * np.floor(e_rev / 50.0 - 0.5))
        high = max(V_RANGE[1], 50.0 * np.ceil(e_rev / 50.0 + 0.5))
        self.v = np.linspace(low, high, 401)
        curves = iv_curves(self.v, PERMEABILITY, choice.valence, c_in, c_out, celsius)
        self.i_ghk, self.i_ohmic, self.e_rev, self.g_slope = curves
        needed = 1.05 * float(np.max(np.abs(self.i_ghk)))
        span = next((level for level in CURRENT_LIMITS if level >= needed), CURRENT_LIMITS[-1])
        limits = (low, high, span)
        if limits != self._limits:
            self._ax.set_xlim(low, high)
            self._ax.set_ylim(-span, span)
            self._limits = limits
        a = self._artists
        a["ghk"].set_data(self.v, self.i_ghk)
        a["ohmic"].set_data(self.v, self.i_ohmic)
        a["reversal"].set_xdata([e_rev, e_rev])
        a["marker"].set_data([e_rev], [0.0])
        a["text"].set_text(f"{choice.label}: out {c_out:.3g} mM, in {c_in:.3g} mM, {celsius:.1f} °C\n"
                           f"reversal potential E = {e_rev:+.1f} mV\n"
                           f"P = {PERMEABILITY:g} cm/s, slope at E = {self.g_slope:.3g} mS/cm²")
        # Below E the current is inward for every ion: cations enter, anions leave.
        movement = "enter" if choice.valence > 0 else "leave"
        return Verdict(f"The current reverses at E = {e_rev:+.1f} mV: below E it is inward ({choice.label} ions "
                       f"{movement} the cell), above E outward.", highlight=True)
