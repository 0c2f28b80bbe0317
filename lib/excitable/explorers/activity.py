"""The activity explorer: Debye-Hückel activity coefficients and the shift they cause in a Nernst potential.

Left: γ against ionic strength for the limiting law, the extended law and
the Davies equation, with the two sides of the membrane marked. Right: how
much an equilibrium potential moves when activities replace concentrations,
against the outside ionic strength, for the chosen inside ionic strength.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, plotting
from ..electrochem import ACTIVITY_LAWS, activity_coefficient, activity_nernst, nernst
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, Explorer, Verdict, slider
from ._logslider import log_slider

IONIC_STRENGTH_RANGE = (0.1, 1000.0)
"""Ionic strengths (mM) the sliders offer."""

ION_SIZE_RANGE = (0.2, 1.0)
"""Ion sizes (nm, distance of closest approach) for the extended law."""

TEMPERATURE_RANGE = (0.0, 45.0)
"""Temperatures (°C) the slider offers."""

EXAMPLE_IONS = {1: ("K⁺", 4.0, 140.0), 2: ("Ca²⁺", 2.0, 1e-4)}
"""For each valence, the ion whose Nernst potential is shifted: name, c_out and c_in (mM)."""

LAW_STYLES = {"limiting": ":", "extended": "--", "davies": "-"}
"""Line style of each activity law."""


class ActivityExplorer(Explorer):
    """Ionic strength outside and inside (log sliders), valence, ion size and temperature.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    gamma_out, gamma_in : latest Davies activity coefficients; shift : E(activities) - E(concentrations) in mV
    """

    static_grid = {"strength_out": (1.5, 15.0, 50.0, 150.0, 500.0), "valence": (1, 2)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, strength_out: float = 150.0, strength_in: float = 150.0, valence: int = 1,
                 ion_size_nm: float = 0.3, celsius: float = 37.0):
        valence = _checks.integer("valence", valence, 1, 2)
        self.strength_out_slider = log_slider(strength_out, *IONIC_STRENGTH_RANGE, "I outside (mM)")
        self.strength_in_slider = log_slider(strength_in, *IONIC_STRENGTH_RANGE, "I inside (mM)")
        self.valence = widgets.Dropdown(options=[("+1 (K⁺)", 1), ("+2 (Ca²⁺)", 2)], value=valence,
                                        description="valence", layout=widgets.Layout(**CONTROL_LAYOUT),
                                        style=CONTROL_STYLE)
        self.size_slider = slider(ion_size_nm, *ION_SIZE_RANGE, 0.05, "ion size (nm)", ".2f")
        self.celsius_slider = slider(celsius, *TEMPERATURE_RANGE, 0.5, "temperature (°C)")
        self.strengths = np.logspace(np.log10(IONIC_STRENGTH_RANGE[0]), np.log10(IONIC_STRENGTH_RANGE[1]), 161)
        super().__init__({"strength_out": self.strength_out_slider, "strength_in": self.strength_in_slider,
                          "valence": self.valence, "ion_size_nm": self.size_slider,
                          "celsius": self.celsius_slider})

    def _build_figure(self):
        fig, (ax_g, ax_e) = plotting.new_figure(1, 2, figsize=(7.6, 3.6))
        artists = {}
        for law in ACTIVITY_LAWS:
            (artists[law],) = ax_g.plot([], [], color=plotting.COLORS["v"], linestyle=LAW_STYLES[law], label=law)
        (artists["out"],) = ax_g.plot([], [], "o", color=plotting.COLORS["i_na"], label="outside")
        (artists["in"],) = ax_g.plot([], [], "s", color=plotting.COLORS["i_k"], label="inside")
        ax_g.set_xscale("log")
        ax_g.set_xlim(*IONIC_STRENGTH_RANGE)
        ax_g.set_ylim(0.0, 1.05)
        ax_g.set_xlabel("ionic strength (mM)")
        ax_g.set_ylabel("activity coefficient γ")
        ax_g.legend(loc="lower left", fontsize=8)
        ax_e.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8)
        (artists["shift"],) = ax_e.plot([], [], color=plotting.COLORS["v"])
        (artists["shift_marker"],) = ax_e.plot([], [], "o", color=plotting.COLORS["i_na"], zorder=5)
        ax_e.set_xscale("log")
        ax_e.set_xlim(*IONIC_STRENGTH_RANGE)
        ax_e.set_ylim(-25.0, 25.0)
        ax_e.set_xlabel("outside ionic strength (mM)")
        ax_e.set_ylabel("E(activities) − E(concentrations) (mV)")
        artists["text"] = ax_e.text(0.03, 0.97, "", transform=ax_e.transAxes, ha="left", va="top", fontsize=8,
                                    bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.3"})
        return fig, artists

    def _redraw(self) -> Verdict:
        s_out, s_in, z, size, celsius = (self.strength_out_slider.value, self.strength_in_slider.value,
                                         self.valence.value, self.size_slider.value, self.celsius_slider.value)
        a = self._artists
        for law in ACTIVITY_LAWS:
            a[law].set_data(self.strengths, activity_coefficient(self.strengths, z, law, size, celsius))
        self.gamma_out = float(activity_coefficient(s_out, z, "davies", celsius=celsius))
        self.gamma_in = float(activity_coefficient(s_in, z, "davies", celsius=celsius))
        a["out"].set_data([s_out], [self.gamma_out])
        a["in"].set_data([s_in], [self.gamma_in])
        name, c_out, c_in = EXAMPLE_IONS[z]
        plain = float(nernst(c_out, c_in, z, celsius))
        shifts = activity_nernst(c_out, c_in, z, self.strengths, s_in, celsius) - plain
        self.shift = float(activity_nernst(c_out, c_in, z, s_out, s_in, celsius)) - plain
        a["shift"].set_data(self.strengths, shifts)
        a["shift_marker"].set_data([s_out], [self.shift])
        a["text"].set_text(f"{name}: E = {plain:+.1f} mV from concentrations\n"
                           f"Davies γ out {self.gamma_out:.3f}, in {self.gamma_in:.3f}\n"
                           f"shift {self.shift:+.2f} mV")
        return Verdict(f"Using activities moves E_{name} by {self.shift:+.2f} mV "
                       f"(γ outside {self.gamma_out:.3f}, inside {self.gamma_in:.3f}).",
                       highlight=abs(self.shift) > 1.0)
