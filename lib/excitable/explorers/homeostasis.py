"""Explorers of the pump–leak cell: what the gradients, the potential and the volume do when the pump changes.

Both start from the normal resting steady state and change the pump rate at t = 0:

- :class:`PumpLeakExplorer` (pump rate, cell diameter): internal Na+ and K+, the membrane potential beside
  E_K and E_Na, and the volume;
- :class:`CellVolumeExplorer` (pump rate, impermeant anion content, chloride permeability): the volume
  against its Donnan limit, the internal Na+, K+ and Cl-, and the potential.

Each update integrates the cell model (:func:`excitable.homeostasis.simulate`) once and keeps the result
(``explorer.result``).
"""

from __future__ import annotations

from .. import _checks, homeostasis, plotting
from ..homeostasis import HOUR, STANDARD_CELL, CellParams, pump_change
from ._base import Explorer, Verdict, check_span, slider

PUMP_RANGE = (0.0, 2.0)
"""Pump rate relative to normal offered by the explorers (0 = blocked)."""

DIAMETER_RANGE = (5.0, 60.0)
"""Cell diameters (µm) the pump–leak explorer offers."""

CONTENT_RANGE = (0.5, 2.0)
"""Impermeant anion content relative to the standard cell."""

CHLORIDE_RANGE = (0.0, 5.0)
"""Chloride permeability relative to the standard cell."""



class _CellExplorer(Explorer):
    """Shared machinery: a pump-rate slider first, a time axis in hours, one simulation per update."""

    def __init__(self, controls: dict, t_stop: float, samples: int = 200):
        self.t_stop = check_span("t_stop", t_stop, homeostasis.MIN_T_STOP, homeostasis.MAX_T_STOP)
        self.samples = _checks.integer("samples", samples, 2, 100_000)
        super().__init__(controls)

    def params(self) -> CellParams:
        raise NotImplementedError

    def simulate(self) -> homeostasis.CellResult:
        """The run for the current controls."""
        return pump_change(self.pump_slider.value, self.params(), self.t_stop, self.samples)

    def _time_axes(self, axes):
        for ax in axes:
            ax.set_xlim(0.0, self.t_stop / HOUR)
            ax.axvline(0.0, color=plotting.COLORS["rest"], lw=0.8)
        axes[-1].set_xlabel("time after the pump changes (h)")


class PumpLeakExplorer(_CellExplorer):
    """Change the pump rate at t = 0: gradients, potential and volume over the following hours.

    Controls: pump rate (fraction of normal, 0–2) and cell diameter (µm). Small cells run down fast,
    large ones slowly: every time course scales with the diameter (volume over area).
    """

    static_grid = {"pump": (0.0, 0.1, 0.25, 0.5, 1.0, 2.0), "diameter": (10.0, 20.0, 40.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, pump: float = 0.0, diameter: float = 20.0, t_stop: float = 6 * HOUR):
        self.pump_slider = slider(pump, *PUMP_RANGE, 0.05, "pump rate (× normal)", ".2f")
        self.diameter_slider = slider(diameter, *DIAMETER_RANGE, 1.0, "cell diameter (µm)", ".0f")
        super().__init__({"pump": self.pump_slider, "diameter": self.diameter_slider}, t_stop)

    def params(self) -> CellParams:
        return STANDARD_CELL.replace(diameter=float(self.diameter_slider.value))

    def _build_figure(self):
        fig, (ax_c, ax_v, ax_w) = plotting.new_figure(3, 1, figsize=(7.0, 5.4), sharex=True,
                                                      gridspec_kw={"height_ratios": [1.3, 1.3, 0.8]})
        self._time_axes((ax_c, ax_v, ax_w))
        ax_c.set_ylim(0.0, 180.0)
        ax_c.set_ylabel("internal conc. (mM)")
        ax_v.set_ylim(-115.0, 115.0)
        ax_v.set_ylabel("potential (mV)")
        ax_w.set_ylim(0.8, 3.2)
        ax_w.set_ylabel("volume\n(× resting)")
        (na,) = ax_c.plot([], [], color=plotting.ION_COLORS["Na"], lw=2, label=r"[Na$^+$]$_i$")
        (k,) = ax_c.plot([], [], color=plotting.ION_COLORS["K"], lw=2, label=r"[K$^+$]$_i$")
        ax_c.legend(loc="center right", fontsize=8, frameon=False)
        (e_na,) = ax_v.plot([], [], color=plotting.ION_COLORS["Na"], lw=1.2, ls="--", label=r"$E_\mathrm{Na}$")
        (e_k,) = ax_v.plot([], [], color=plotting.ION_COLORS["K"], lw=1.2, ls="--", label=r"$E_\mathrm{K}$")
        (v,) = ax_v.plot([], [], color=plotting.COLORS["v"], lw=2, label="$V$")
        ax_v.legend(loc="upper center", fontsize=8, frameon=False, ncol=3)
        (volume,) = ax_w.plot([], [], color="#555555", lw=2)
        verdict = ax_c.text(0.01, 0.97, "", transform=ax_c.transAxes, ha="left", va="top", fontsize=8.5)
        fig.align_ylabels((ax_c, ax_v, ax_w))
        return fig, {"na": na, "k": k, "e_na": e_na, "e_k": e_k, "v": v, "volume": volume, "verdict": verdict}

    def _redraw(self) -> Verdict:
        self.result = result = self.simulate()
        hours = result.t / HOUR
        artists = self._artists
        artists["na"].set_data(hours, result.na_i)
        artists["k"].set_data(hours, result.k_i)
        artists["e_na"].set_data(hours, result.e_na)
        artists["e_k"].set_data(hours, result.e_k)
        artists["v"].set_data(hours, result.v)
        artists["volume"].set_data(hours, result.volume / result.volume[0])
        pump, diameter = self.pump_slider.value, self.diameter_slider.value
        artists["verdict"].set_text(f"pump {pump:.2f} × normal, d = {diameter:.0f} µm: after "
                                    f"{self.t_stop / HOUR:.0f} h V = {result.v[-1]:.1f} mV, "
                                    f"[K+]i = {result.k_i[-1]:.0f} mM")
        change = result.v[-1] - result.v[0]
        text = (f"After {self.t_stop / HOUR:.0f} h with the pump at {pump:.2f} × normal: [Na+]i = "
                f"{result.na_i[-1]:.1f} mM, [K+]i = {result.k_i[-1]:.1f} mM, V = {result.v[-1]:.1f} mV "
                f"({change:+.1f} mV), volume × {result.volume[-1] / result.volume[0]:.2f}.")
        return Verdict(text, highlight=abs(change) > 10.0)

    @staticmethod
    def small_multiples(fractions=(0.0, 0.25, 0.5, 1.0, 1.5, 2.0), diameters=(10.0, 20.0, 40.0),
                        t_stop: float = 6 * HOUR):
        """The pump–leak explorer's static companion: V, E_K and E_Na for each pump rate (columns) and diameter (rows).

        Returns ``(figure, results)`` with ``results[row][column]`` the :class:`~excitable.homeostasis.CellResult`.
        """
        fig, axes = plotting.new_figure(len(diameters), len(fractions), figsize=(1.1 * len(fractions) + 1.2,
                                                                                  1.4 * len(diameters) + 0.8),
                                        sharex=True, sharey=True, squeeze=False)
        results = []
        for row, diameter in enumerate(diameters):
            results.append([])
            for col, fraction in enumerate(fractions):
                result = pump_change(fraction, STANDARD_CELL.replace(diameter=float(diameter)), t_stop)
                results[-1].append(result)
                ax = axes[row, col]
                hours = result.t / HOUR
                ax.plot(hours, result.e_na, color=plotting.ION_COLORS["Na"], lw=1, ls="--")
                ax.plot(hours, result.e_k, color=plotting.ION_COLORS["K"], lw=1, ls="--")
                ax.plot(hours, result.v, color=plotting.COLORS["v"], lw=1.6)
                ax.axhline(-70.0, color=plotting.COLORS["rest"], lw=0.6, zorder=0)
                if row == 0:
                    ax.set_title(f"pump × {fraction:g}", fontsize=9)
                if col == 0:
                    ax.set_ylabel(f"d = {diameter:g} µm", fontsize=9)
                ax.set_ylim(-110.0, 80.0)
                ax.set_xlim(0.0, t_stop / HOUR)
        fig.supxlabel("time after the pump changes (h)", fontsize=9)
        fig.supylabel("$V$ (solid), $E_\\mathrm{Na}$ and $E_\\mathrm{K}$ (dashed), mV", fontsize=9)
        return fig, results


class CellVolumeExplorer(_CellExplorer):
    """Change the pump rate at t = 0 and watch the volume: Donnan swelling and what limits it.

    Controls: pump rate (fraction of normal), impermeant anion content and chloride permeability (both
    relative to the standard cell). The dashed line is the volume of the Donnan equilibrium the unpumped
    cell would reach (:func:`excitable.homeostasis.donnan_state`), in units of the standard resting volume.
    """

    static_grid = {"pump": (0.0, 0.1, 0.25, 1.0), "chloride": (0.0, 0.3, 1.0, 3.0), "content": (1.0, 2.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, pump: float = 0.0, content: float = 1.0, chloride: float = 1.0, t_stop: float = 24 * HOUR):
        self.pump_slider = slider(pump, *PUMP_RANGE, 0.05, "pump rate (× normal)", ".2f")
        self.content_slider = slider(content, *CONTENT_RANGE, 0.05, "impermeant anions (×)", ".2f")
        self.chloride_slider = slider(chloride, *CHLORIDE_RANGE, 0.1, "P_Cl (× standard)", ".1f")
        super().__init__({"pump": self.pump_slider, "content": self.content_slider,
                          "chloride": self.chloride_slider}, t_stop)

    def params(self) -> CellParams:
        return STANDARD_CELL.replace(impermeant_in=STANDARD_CELL.impermeant_in * float(self.content_slider.value),
                                     p_cl=STANDARD_CELL.p_cl * float(self.chloride_slider.value))

    def _build_figure(self):
        fig, (ax_w, ax_c, ax_v) = plotting.new_figure(3, 1, figsize=(7.0, 5.4), sharex=True,
                                                      gridspec_kw={"height_ratios": [1.2, 1.3, 0.9]})
        self._time_axes((ax_w, ax_c, ax_v))
        limit = homeostasis.donnan_state(STANDARD_CELL, rigid=False).volume * CONTENT_RANGE[1]
        ax_w.set_ylim(0.0, 1.3 * limit)
        ax_w.set_ylabel("volume\n(× standard rest)")
        ax_c.set_ylim(0.0, 160.0)
        ax_c.set_ylabel("internal conc. (mM)")
        ax_v.set_ylim(-100.0, 10.0)
        ax_v.set_ylabel("$V$ (mV)")
        (volume,) = ax_w.plot([], [], color="#555555", lw=2, label="volume")
        (donnan,) = ax_w.plot([], [], color="#555555", lw=1, ls="--", label="Donnan limit (no pump)")
        ax_w.legend(loc="upper left", bbox_to_anchor=(0.0, 0.86), fontsize=8, frameon=False, ncol=2)
        lines = {}
        for name, label in (("Na", r"[Na$^+$]$_i$"), ("K", r"[K$^+$]$_i$"), ("Cl", r"[Cl$^-$]$_i$")):
            (lines[name],) = ax_c.plot([], [], color=plotting.ION_COLORS[name], lw=2, label=label)
        ax_c.legend(loc="center right", fontsize=8, frameon=False)
        (v,) = ax_v.plot([], [], color=plotting.COLORS["v"], lw=2)
        verdict = ax_w.text(0.01, 0.97, "", transform=ax_w.transAxes, ha="left", va="top", fontsize=8.5)
        fig.align_ylabels((ax_w, ax_c, ax_v))
        return fig, {"volume": volume, "donnan": donnan, "na": lines["Na"], "k": lines["K"], "cl": lines["Cl"],
                     "v": v, "verdict": verdict}

    def _redraw(self) -> Verdict:
        self.result = result = self.simulate()
        params = result.params
        hours = result.t / HOUR
        artists = self._artists
        artists["volume"].set_data(hours, result.volume)
        self.donnan_volume = homeostasis.donnan_state(params, rigid=False).volume
        artists["donnan"].set_data([0.0, hours[-1]], [self.donnan_volume] * 2)
        for key in ("na", "k", "cl"):
            artists[key].set_data(hours, getattr(result, f"{key}_i"))
        artists["v"].set_data(hours, result.v)
        growth = result.volume[-1] / result.volume[0]
        artists["verdict"].set_text(f"pump {self.pump_slider.value:.2f} × normal, impermeant × "
                                    f"{self.content_slider.value:.2f}, P_Cl × {self.chloride_slider.value:.1f}: "
                                    f"after {self.t_stop / HOUR:.0f} h, volume × {growth:.2f}")
        text = (f"After {self.t_stop / HOUR:.0f} h the cell holds {result.volume[-1]:.2f} × the standard resting "
                f"volume ({growth:.2f} × its own); without a pump it would swell toward "
                f"{self.donnan_volume:.2f} ×. V = {result.v[-1]:.1f} mV.")
        return Verdict(text, highlight=growth > 1.2)

    @staticmethod
    def small_multiples(fractions=(0.0, 0.25, 0.5, 1.0), chloride=(0.0, 0.3, 1.0, 3.0),
                        t_stop: float = 24 * HOUR):
        """The volume explorer's static companion: volume after a pump change, for each pump rate (columns) and
        chloride permeability relative to standard (rows).

        Returns ``(figure, results)`` with ``results[row][column]`` the :class:`~excitable.homeostasis.CellResult`.
        """
        fig, axes = plotting.new_figure(len(chloride), len(fractions), figsize=(1.6 * len(fractions) + 1.0,
                                                                                 1.3 * len(chloride) + 0.8),
                                        sharex=True, sharey=True, squeeze=False)
        donnan = homeostasis.donnan_state(STANDARD_CELL, rigid=False).volume
        results = []
        for row, factor in enumerate(chloride):
            results.append([])
            for col, fraction in enumerate(fractions):
                result = pump_change(fraction, STANDARD_CELL.replace(p_cl=STANDARD_CELL.p_cl * factor), t_stop)
                results[-1].append(result)
                ax = axes[row, col]
                ax.axhline(donnan, color="#555555", lw=0.8, ls="--")
                ax.axhline(1.0, color=plotting.COLORS["rest"], lw=0.6, zorder=0)
                ax.plot(result.t / HOUR, result.volume, color="#555555", lw=1.8)
                ax.set_ylim(0.0, 1.15 * donnan)
                ax.set_xlim(0.0, t_stop / HOUR)
                if row == 0:
                    ax.set_title(f"pump × {fraction:g}", fontsize=9)
                if col == 0:
                    ax.set_ylabel(f"P_Cl × {factor:g}", fontsize=9)
        fig.supxlabel("time after the pump changes (h)", fontsize=9)
        fig.supylabel("volume (× resting); dashed: Donnan limit", fontsize=9)
        return fig, results
