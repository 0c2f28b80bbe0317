"""The electroneutrality explorer: how few ions charge a membrane, and how fast saline screens a charge.

Left: the fraction of a spherical cell's ions that must be separated to
charge its membrane, against cell diameter (the current cell marked).
Right: the potential beside a charged surface in saline, decaying over the
Debye length (linearized Poisson-Boltzmann).
"""

from __future__ import annotations

import numpy as np

from .. import plotting
from ..constants import ELEMENTARY_CHARGE
from ..electrochem import charging_fraction, debye_length, membrane_charge, screened_potential
from ..formatting import for_people
from ._base import FIXED_CELSIUS_RANGE, Explorer, Verdict, check_span, slider
from ._logslider import log_slider

DIAMETER_RANGE = (0.1, 1000.0)
"""Cell diameters (µm) the slider offers."""

VOLTAGE_RANGE = (-150.0, 60.0)
"""Membrane potentials (mV) the slider offers."""

CONCENTRATION_RANGE = (10.0, 1000.0)
"""Total cytosolic ion concentrations (mM) the slider offers."""

IONIC_STRENGTH_RANGE = (1.0, 1000.0)
"""Ionic strengths (mM) of the saline the slider offers."""

SURFACE_POTENTIAL = -25.0
"""Potential (mV) of the charged surface in the screening panel (about RT/F, where the linear theory holds)."""

FRACTION_AXIS = (1e-9, 1.0)
"""Limits of the log fraction axis."""


class ChargeExplorer(Explorer):
    """Cell diameter, membrane potential, cytosolic concentration and saline ionic strength.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    diameter_slider, v_slider, concentration_slider, strength_slider : the controls
    fraction : latest charge fraction; excess_ions : number of separated ions; debye : λ_D (nm)
    """

    static_grid = {"diameter": (1.0, 10.0, 100.0, 1000.0), "v": (-100.0, -70.0, -30.0, 0.0, 40.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, diameter: float = 10.0, v: float = -70.0, total_concentration: float = 300.0,
                 ionic_strength: float = 150.0, celsius: float = 37.0):
        self.celsius = check_span("celsius", celsius, *FIXED_CELSIUS_RANGE, "°C")
        self.diameter_slider = log_slider(diameter, *DIAMETER_RANGE, "cell diameter (µm)")
        self.v_slider = slider(v, *VOLTAGE_RANGE, 1.0, "membrane potential (mV)")
        self.concentration_slider = log_slider(total_concentration, *CONCENTRATION_RANGE,
                                               "cytosolic ions (mM)")
        self.strength_slider = log_slider(ionic_strength, *IONIC_STRENGTH_RANGE, "saline ionic strength (mM)")
        self.diameters = np.logspace(np.log10(DIAMETER_RANGE[0]), np.log10(DIAMETER_RANGE[1]), 121)
        self.distance = np.linspace(0.0, 10.0, 201)
        super().__init__({"diameter": self.diameter_slider, "v": self.v_slider,
                          "total_concentration": self.concentration_slider, "ionic_strength": self.strength_slider})

    def _build_figure(self):
        fig, (ax_f, ax_p) = plotting.new_figure(1, 2, figsize=(7.6, 3.6))
        (curve,) = ax_f.plot([], [], color=plotting.COLORS["v"])
        (marker,) = ax_f.plot([], [], "o", color=plotting.COLORS["i_na"], markersize=6, zorder=5)
        ax_f.set_xscale("log")
        ax_f.set_yscale("log")
        ax_f.set_xlim(*DIAMETER_RANGE)
        ax_f.set_ylim(*FRACTION_AXIS)
        ax_f.set_xlabel("cell diameter (µm)")
        ax_f.set_ylabel("fraction of cytosolic ions separated")
        f_text = ax_f.text(0.97, 0.97, "", transform=ax_f.transAxes, ha="right", va="top", fontsize=8,
                           bbox={"facecolor": "white", "edgecolor": "#d0d0d0", "boxstyle": "round,pad=0.3"})
        ax_p.axhline(0.0, color=plotting.COLORS["rest"], linewidth=0.8)
        (profile,) = ax_p.plot([], [], color=plotting.COLORS["i_k"])
        length_line = ax_p.axvline(0.0, color=plotting.COLORS["i_na"], linestyle=":", linewidth=1.0)
        ax_p.set_xlim(self.distance[0], self.distance[-1])
        ax_p.set_ylim(1.1 * SURFACE_POTENTIAL, 2.0)
        ax_p.set_xlabel("distance from the charged surface (nm)")
        ax_p.set_ylabel("potential (mV)")
        p_text = ax_p.text(0.97, 0.05, "", transform=ax_p.transAxes, ha="right", va="bottom", fontsize=8)
        artists = {"curve": curve, "marker": marker, "f_text": f_text, "profile": profile, "length": length_line,
                   "p_text": p_text}
        return fig, artists

    def _redraw(self) -> Verdict:
        d, v, c, strength = (self.diameter_slider.value, self.v_slider.value, self.concentration_slider.value,
                             self.strength_slider.value)
        curve = charging_fraction(v, self.diameters, 1.0, c)
        self.fraction = float(charging_fraction(v, d, 1.0, c))
        area_cm2 = np.pi * (d * 1e-4) ** 2
        self.excess_ions = float(abs(membrane_charge(v, 1.0)) * 1e-9 * area_cm2 / ELEMENTARY_CHARGE)
        self.debye = float(debye_length(strength, self.celsius))
        a = self._artists
        # A log axis cannot show zero: at 0 mV the curve is drawn at the bottom of the axis.
        floor = FRACTION_AXIS[0]
        a["curve"].set_data(self.diameters, np.maximum(curve, floor))
        a["marker"].set_data([d], [max(self.fraction, floor)])
        a["f_text"].set_text(f"d = {d:.3g} µm, V = {v:+.0f} mV, {c:.0f} mM\n"
                             f"fraction = {for_people(self.fraction, 3)}\n{self.excess_ions:.3g} ions separated")
        a["profile"].set_data(self.distance, screened_potential(self.distance, SURFACE_POTENTIAL, strength,
                                                                self.celsius))
        a["length"].set_xdata([self.debye, self.debye])
        a["p_text"].set_text(f"I = {strength:.3g} mM: λ_D = {self.debye:.2f} nm")
        return Verdict(f"Charging this {d:.3g} µm cell to {v:+.0f} mV separates {for_people(self.fraction, 3)} "
                       f"of its ions; "
                       f"saline of {strength:.3g} mM screens charge within {self.debye:.2f} nm.",
                       highlight=self.fraction < 1e-3)
