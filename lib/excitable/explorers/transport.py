"""The Nernst–Planck explorer: voltage, concentrations and valence -> profile across the membrane and flux.

The axes never rescale (the flux axis spans every setting of the controls), so an update redraws only the
lines and stays fast.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, electrochem, plotting, transport
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, FIXED_CELSIUS_RANGE, Explorer, Verdict, check_span, slider

VOLTAGE_RANGE = (-150.0, 150.0)
"""Membrane potentials (mV) the explorer offers."""

CONCENTRATION_RANGE = (1.0, 200.0)
"""Bath concentrations (mM) the explorer offers, inside and outside."""

VALENCES = (-2, -1, 1, 2)
"""Valences the explorer offers."""

MEMBRANE = {"diffusion": 1e-5, "thickness": 5.0, "partition": 1e-7}
"""The illustrative membrane: D (cm²/s), L (nm), partition coefficient; P = beta D / L = 2e-6 cm/s."""

PERMEABILITY = transport.membrane_permeability(**MEMBRANE)
"""Permeability (cm/s) of :data:`MEMBRANE`."""


def flux_limit(celsius: float = 37.0) -> float:
    """Half-height (nmol/(cm² s)) of the flux axis: the largest |J| any setting of the controls produces.

    Fixed, so that moving a control never rescales the axis (which would force a slow full redraw).
    """
    high, low = CONCENTRATION_RANGE[1], CONCENTRATION_RANGE[0]
    corners = [transport.ghk_flux(v, z, c_in, c_out, PERMEABILITY, celsius) for z in VALENCES for v in VOLTAGE_RANGE
               for c_in, c_out in ((high, low), (low, high))]
    return 1.05 * float(np.max(np.abs(corners)))


class NernstPlanckExplorer(Explorer):
    """Steady electrodiffusion across a constant-field membrane, solved numerically on every update.

    Controls: membrane potential (mV), inside and outside concentrations (mM), valence. Left: the
    concentration profile inside the membrane (solver's solution, line; closed form, dots), in bath-equivalent
    mM (c / beta). Right: the net flux against voltage from the GHK current equation (divided by zF) for the
    current concentrations, the numerical flux at the chosen voltage (dot) and the reversal potential (cross).
    The flux, unlike the current, shows which way the ions themselves move: for an anion the two differ in sign.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`): ``solution``, the latest
    :class:`~excitable.transport.NernstPlanckSolution`.
    """

    static_grid = {"v": (-150.0, -110.0, -95.0, -80.0, -70.0, -30.0, 0.0, 50.0, 95.0, 150.0), "z": (-1, 1)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, v: float = -70.0, c_in: float = 140.0, c_out: float = 4.0, z: int = 1, celsius: float = 37.0):
        self.celsius = check_span("celsius", celsius, *FIXED_CELSIUS_RANGE, "°C")
        self.voltages = np.linspace(*VOLTAGE_RANGE, 301)
        self.v_slider = slider(v, *VOLTAGE_RANGE, 1.0, "V (mV)", ".0f")
        self.c_in_slider = slider(c_in, *CONCENTRATION_RANGE, 1.0, "[ion] inside (mM)", ".0f")
        self.c_out_slider = slider(c_out, *CONCENTRATION_RANGE, 1.0, "[ion] outside (mM)", ".0f")
        z = _checks.choice("z", _checks.integer("z", z, min(VALENCES), max(VALENCES)), VALENCES)
        self.z_buttons = widgets.ToggleButtons(options=list(VALENCES), value=z, description="valence z",
                                               layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)
        super().__init__({"v": self.v_slider, "c_in": self.c_in_slider, "c_out": self.c_out_slider,
                          "z": self.z_buttons})

    def _build_figure(self):
        fig, (ax_c, ax_iv) = plotting.new_figure(1, 2, figsize=(8.6, 3.6), gridspec_kw={"width_ratios": [1, 1.15]})
        thickness = MEMBRANE["thickness"]
        ax_c.axvspan(0.0, thickness, color="#f2efe6", zorder=0)
        ax_c.set_xlim(-0.25 * thickness, 1.25 * thickness)
        ax_c.set_ylim(0.0, CONCENTRATION_RANGE[1] * 1.05)
        ax_c.set_xlabel("distance across the membrane (nm)")
        ax_c.set_ylabel(r"$c(x)/\beta$ (mM)")
        ax_c.text(-0.12 * thickness, CONCENTRATION_RANGE[1] * 0.98, "inside", ha="center", va="top", fontsize=8)
        ax_c.text(1.12 * thickness, CONCENTRATION_RANGE[1] * 0.98, "outside", ha="center", va="top", fontsize=8)
        (profile,) = ax_c.plot([], [], lw=2.0, label="numerical (solve_bvp)")
        (exact,) = ax_c.plot([], [], "o", ms=3.5, mfc="white", color="#555555", label="closed form")
        (baths,) = ax_c.plot([], [], lw=2.0, color="#999999", solid_capstyle="butt")
        ax_c.legend(loc="upper center", fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.92))
        ax_iv.axhline(0.0, color=plotting.COLORS["rest"], lw=0.8, zorder=0)
        ax_iv.axvline(0.0, color=plotting.COLORS["rest"], lw=0.8, zorder=0)
        ax_iv.set_xlim(*VOLTAGE_RANGE)
        limit = flux_limit(self.celsius)
        ax_iv.set_ylim(-limit, limit)
        ax_iv.set_xlabel(plotting.VOLTAGE_LABEL)
        ax_iv.set_ylabel("ion flux $J$ (nmol/(cm² s), outward +)")
        (curve,) = ax_iv.plot([], [], lw=1.5, color="#555555", label="GHK current equation / zF")
        (point,) = ax_iv.plot([], [], "o", ms=7, label="numerical Nernst–Planck")
        (reversal,) = ax_iv.plot([], [], "x", ms=8, mew=2, color="#1a1a1a", label="Nernst potential")
        ax_iv.legend(loc="upper left", fontsize=8, frameon=False)
        return fig, {"profile": profile, "exact": exact, "baths": baths, "curve": curve, "point": point,
                     "reversal": reversal}

    def _redraw(self) -> Verdict:
        v, c_in, c_out, z = (self.v_slider.value, self.c_in_slider.value, self.c_out_slider.value,
                             int(self.z_buttons.value))
        self.solution = solution = transport.nernst_planck_steady_state(v, z, c_in, c_out, celsius=self.celsius,
                                                                        **MEMBRANE)
        beta, thickness = MEMBRANE["partition"], MEMBRANE["thickness"]
        colour = plotting.VALENCE_COLORS[z]
        artists = self._artists
        artists["profile"].set_data(solution.x, solution.c / beta)
        artists["profile"].set_color(colour)
        dots = np.linspace(0.0, thickness, 11)
        artists["exact"].set_data(dots, transport.analytic_profile(dots, v, z, c_in, c_out, thickness, 1.0,
                                                                   self.celsius))
        artists["baths"].set_data([-0.25 * thickness, 0.0, np.nan, thickness, 1.25 * thickness],
                                  [c_in, c_in, np.nan, c_out, c_out])
        e_rev = float(electrochem.nernst(c_out, c_in, z, self.celsius))
        flux = transport.ghk_flux(self.voltages, z, c_in, c_out, PERMEABILITY, self.celsius)
        artists["curve"].set_data(self.voltages, flux)
        artists["point"].set_data([v], [solution.flux * 1e9])
        artists["point"].set_color(colour)
        shown = VOLTAGE_RANGE[0] <= e_rev <= VOLTAGE_RANGE[1]
        artists["reversal"].set_data([e_rev] if shown else [], [0.0] if shown else [])
        direction = self.describe()
        return Verdict(f"At V = {v:+.0f} mV (E = {e_rev:+.1f} mV) the ions move {direction}: "
                       f"I = {solution.current:+.3g} µA/cm², flux {solution.flux * 1e9:+.3g} nmol/(cm² s).",
                       highlight=abs(v - e_rev) < 1.0)

    def describe(self) -> str:
        """Which way the ions move at the current setting, in words."""
        solution = self.solution
        scale = solution.permeability * max(solution.c_in, solution.c_out) * 1e-6  # mol/(cm² s) of a Fick flux
        if abs(solution.flux) <= 1e-3 * scale:
            return "both ways equally (no net flux)"
        return "out of the cell" if solution.flux > 0 else "into the cell"

    @staticmethod
    def small_multiples(voltages=(-100.0, -50.0, 0.0, 50.0, 100.0), valences=(1, -1), c_in: float = 140.0,
                        c_out: float = 10.0, celsius: float = 37.0):
        """The explorer's static companion: profiles across the membrane for each voltage (columns) and valence (rows).

        Each panel shows the numerical profile in bath-equivalent mM and an arrow-free label of the net flux
        direction. Returns ``(figure, solutions)`` with ``solutions[row][column]``.
        """
        fig, axes = plotting.new_figure(len(valences), len(voltages), figsize=(1.5 * len(voltages) + 0.8,
                                                                                1.7 * len(valences) + 0.8),
                                        sharex=True, sharey=True, squeeze=False)
        beta, thickness = MEMBRANE["partition"], MEMBRANE["thickness"]
        solutions = []
        for row, z in enumerate(valences):
            solutions.append([])
            for col, v in enumerate(voltages):
                solution = transport.nernst_planck_steady_state(v, z, c_in, c_out, celsius=celsius, **MEMBRANE)
                solutions[-1].append(solution)
                ax = axes[row, col]
                ax.axvspan(0.0, thickness, color="#f2efe6", zorder=0)
                ax.plot(solution.x, solution.c / beta, color=plotting.VALENCE_COLORS[z], lw=1.8)
                ax.set_ylim(0.0, 1.1 * max(c_in, c_out))
                ax.set_xlim(0.0, thickness)
                scale = solution.permeability * max(c_in, c_out) * 1e-6
                word = "no net flux" if abs(solution.flux) <= 1e-3 * scale else ("out" if solution.flux > 0 else "in")
                ax.text(0.5, 0.95, word, transform=ax.transAxes, ha="center", va="top", fontsize=8)
                if row == 0:
                    ax.set_title(f"V = {v:+g} mV", fontsize=9)
                if col == 0:
                    ax.set_ylabel(f"z = {z:+d}", fontsize=9)
        fig.supxlabel("distance from the inner face (nm)", fontsize=9)
        fig.supylabel(r"$c(x)/\beta$ (mM)", fontsize=9)
        return fig, solutions
