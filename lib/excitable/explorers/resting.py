"""The resting-potential laboratory: concentrations, permeabilities and temperature -> Nernst and GHK potentials.

Every Nernst potential and the Goldman-Hodgkin-Katz potential are drawn on
one voltage axis; below it, the driving force V - E on each ion and the
current each ion carries at rest (their sum is zero: that is what makes the
GHK potential the resting potential).
"""

from __future__ import annotations

import numpy as np

from .. import _checks, plotting
from ..constants import MAMMALIAN, SQUID
from ..electrochem import resting_state
from ..formatting import for_people
from ._base import Explorer, Verdict, slider
from ._logslider import log_slider

ION_NAMES = ("K", "Na", "Cl")
"""The permeant ions of the laboratory, in display order."""

CONCENTRATION_RANGE = (0.1, 1000.0)
"""Concentrations (mM) the sliders offer."""

BOOK_CONCENTRATIONS = tuple(sorted({c for ions in (MAMMALIAN, SQUID) for ion in ions.ions
                                    for c in (ion.c_out, ion.c_in)}))
"""The book's standard concentrations (mM): every concentration slider offers each of them exactly."""

PERMEABILITY_RANGE = (1e-3, 10.0)
"""Relative permeabilities the sliders offer (only ratios matter)."""

TEMPERATURE_RANGE = (0.0, 45.0)
"""Temperatures (°C) the slider offers."""

RESTING_PERMEABILITIES = {"K": 1.0, "Na": 0.05, "Cl": 0.45}
"""Default relative permeabilities P_K : P_Na : P_Cl."""

P_K_SCALE = 1e-6
"""Absolute permeability (cm/s) that a relative permeability of 1 stands for when currents are drawn."""

VOLTAGE_LIMITS = (150.0, 270.0)
"""Half-widths (mV) of the voltage axis: the narrow one unless a Nernst potential needs the wide one."""

FORCE_LIMITS = (150.0, 300.0, 540.0)
"""Half-heights (mV) of the driving-force axis."""

CURRENT_LIMITS = tuple(m * 10.0**k for k in range(-3, 5) for m in (1.0, 3.0))
"""Half-heights (µA/cm²) of the current axis (1-3 steps, so the axis is rescaled, a slow full redraw, rarely)."""


def _limit(values, levels) -> float:
    """The smallest of ``levels`` that holds every value with a 10 % margin (the largest otherwise)."""
    needed = 1.1 * max(abs(x) for x in values)
    return next((level for level in levels if level >= needed), levels[-1])


def _ion_table(keyword: str, table, limits: tuple[float, float], pairs: bool = False) -> dict:
    """A RestingLab keyword checked: None, or a dict ion name -> value ((outside, inside) in mM if ``pairs``)."""
    if table is None:
        return {}
    _checks.instance(keyword, table, dict)
    checked = {}
    for name, value in table.items():
        _checks.choice(f"{keyword} key", name, ION_NAMES)
        if pairs:
            items = _checks.sequence(f"{keyword}[{name!r}]", value)
            if len(items) != 2:
                raise ValueError(f"{keyword}[{name!r}] must be a pair (outside, inside) in mM, got {value!r}")
            checked[name] = tuple(_checks.scalar_in_range(f"{keyword}[{name!r}]", c, *limits, "mM") for c in items)
        else:
            checked[name] = _checks.scalar_in_range(f"{keyword}[{name!r}]", value, *limits)
    return checked


class RestingLab(Explorer):
    """Resting-potential laboratory: six concentrations, three permeabilities (log sliders), temperature.

    Attributes (besides those of :class:`~excitable.explorers.Explorer`)
    ----------
    concentration_sliders : dict "K_out", "K_in", ... -> slider (mM)
    permeability_sliders : dict "K", "Na", "Cl" -> slider (relative)
    celsius_slider : temperature (°C)
    e, v_rest, force, current : the latest :func:`~excitable.electrochem.resting_state`
    """

    static_grid = {"K_out": (1.0, 2.0, 4.0, 10.0, 20.0, 40.0, 140.0), "P_Na": (0.01, 0.05, 0.2, 1.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, concentrations: dict | None = None, permeabilities: dict | None = None,
                 celsius: float = 37.0):
        defaults = {name: (MAMMALIAN[name].c_out, MAMMALIAN[name].c_in) for name in ION_NAMES}
        defaults.update(_ion_table("concentrations", concentrations, CONCENTRATION_RANGE, pairs=True))
        perms = dict(RESTING_PERMEABILITIES, **_ion_table("permeabilities", permeabilities, PERMEABILITY_RANGE))
        self.concentration_sliders = {}
        for name in ION_NAMES:
            for side, value in zip(("out", "in"), defaults[name], strict=True):
                self.concentration_sliders[f"{name}_{side}"] = log_slider(
                    value, *CONCENTRATION_RANGE, f"[{plotting.ION_LABELS[name]}]{side} (mM)",
                    marks=BOOK_CONCENTRATIONS)
        self.permeability_sliders = {name: log_slider(perms[name], *PERMEABILITY_RANGE,
                                                      f"P {plotting.ION_LABELS[name]} (relative)")
                                     for name in ION_NAMES}
        self.celsius_slider = slider(celsius, *TEMPERATURE_RANGE, 0.5, "temperature (°C)")
        self._limits = None
        super().__init__({**self.concentration_sliders, **{f"P_{n}": s for n, s in self.permeability_sliders.items()},
                          "celsius": self.celsius_slider})

    def state(self):
        """The current slider values as (concentrations, permeabilities, celsius)."""
        concentrations = {name: (self.concentration_sliders[f"{name}_out"].value,
                                 self.concentration_sliders[f"{name}_in"].value) for name in ION_NAMES}
        permeabilities = {name: self.permeability_sliders[name].value for name in ION_NAMES}
        return concentrations, permeabilities, self.celsius_slider.value

    def _build_figure(self):
        fig, axes = plotting.new_figure(2, 2, figsize=(7.0, 4.6), gridspec_kw={"height_ratios": [0.9, 1.4]})
        ax_v = fig.add_subplot(axes[0, 0].get_gridspec()[0, :])
        axes[0, 0].remove()
        axes[0, 1].remove()
        ax_force, ax_current = axes[1]
        ax_v.set_yticks([])
        ax_v.spines[["left"]].set_visible(False)
        ax_v.set_ylim(0.0, 1.0)
        ax_v.set_xlabel("membrane potential (mV)")
        ax_v.axvline(0.0, color=plotting.COLORS["rest"], linewidth=0.8, zorder=0)
        artists = {}
        for k, name in enumerate(ION_NAMES):
            artists[f"e_{name}"] = ax_v.axvline(0.0, ymax=0.62, color=plotting.ION_COLORS[name], linewidth=2.5)
            artists[f"e_label_{name}"] = ax_v.text(0.0, 0.66 + 0.1 * k, "", color=plotting.ION_COLORS[name],
                                                   ha="center", va="bottom", fontsize=9)
        artists["rest"] = ax_v.axvline(0.0, ymax=0.62, color=plotting.COLORS["v"], linewidth=3.0)
        artists["rest_label"] = ax_v.text(0.0, 0.05, "", color=plotting.COLORS["v"], ha="left", va="bottom",
                                          fontsize=9, fontweight="bold", zorder=6,
                                          bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85,
                                                "boxstyle": "round,pad=0.2"})
        x = np.arange(len(ION_NAMES))
        labels = [plotting.ION_LABELS[name] for name in ION_NAMES]
        colors = [plotting.ION_COLORS[name] for name in ION_NAMES]
        for ax, key, ylabel in ((ax_force, "force", "driving force $V_{rest} - E$ (mV)"),
                                (ax_current, "current", "current at rest (µA/cm²)")):
            bars = ax.bar(x, np.zeros(len(x)), color=colors, width=0.6)
            ax.axhline(0.0, color=plotting.COLORS["v"], linewidth=0.8)
            ax.set_xticks(x, labels)
            ax.set_ylabel(ylabel)
            for name, bar in zip(ION_NAMES, bars, strict=True):
                artists[f"{key}_{name}"] = bar
        ax_current.set_title(f"outward +; P = 1 stands for {P_K_SCALE:g} cm/s", fontsize=8)
        artists["net"] = ax_current.text(0.98, 0.03, "", transform=ax_current.transAxes, ha="right",
                                         va="bottom", fontsize=8, linespacing=1.3)
        self._axes = (ax_v, ax_force, ax_current)
        return fig, artists

    def _set_limits(self, e, force, current) -> None:
        v_limit = _limit(e.values(), VOLTAGE_LIMITS)
        force_limit = _limit(force.values(), FORCE_LIMITS)
        current_limit = _limit(current.values(), CURRENT_LIMITS)
        limits = (v_limit, force_limit, current_limit)
        if limits != self._limits:
            ax_v, ax_force, ax_current = self._axes
            ax_v.set_xlim(-v_limit, v_limit)
            ax_force.set_ylim(-force_limit, force_limit)
            ax_current.set_ylim(-current_limit, current_limit)
            self._limits = limits

    def _redraw(self) -> Verdict:
        state = resting_state(*self.state(), P_K_SCALE)
        self.e, self.v_rest, self.force, self.current = e, v_rest, force, current = state
        self._set_limits(e, force, current)
        a = self._artists
        for name in ION_NAMES:
            a[f"e_{name}"].set_xdata([e[name], e[name]])
            a[f"e_label_{name}"].set_position((e[name], a[f"e_label_{name}"].get_position()[1]))
            a[f"e_label_{name}"].set_text(f"E {plotting.ION_LABELS[name]} {e[name]:+.1f}")
            a[f"force_{name}"].set_height(force[name])
            a[f"current_{name}"].set_height(current[name])
        a["rest"].set_xdata([v_rest, v_rest])
        a["rest_label"].set_position((v_rest + 3.0, 0.05))
        a["rest_label"].set_text(f"V rest {v_rest:+.1f} mV")
        a["net"].set_text("\n".join(f"{plotting.ION_LABELS[n]} {current[n]:+.3g}" for n in ION_NAMES)
                          + f"\nsum {for_people(sum(current.values()), 2, sign=True)}")
        nearest = min(ION_NAMES, key=lambda name: abs(force[name]))
        return Verdict(f"V_rest = {v_rest:+.1f} mV (GHK), closest to E_{nearest} = {e[nearest]:+.1f} mV; "
                       f"driving forces: " + ", ".join(f"{n} {force[n]:+.0f} mV" for n in ION_NAMES) + ".",
                       highlight=True)
