"""The propagation explorer: a Hodgkin-Huxley axon whose size, axoplasm, temperature and sodium density you set.

:class:`PropagationExplorer` shocks a uniform HH axon (``excitable.cable``) at a chosen site and shows
the voltage along the axon at four instants, the whole run as a space-time picture, and the
conduction velocity (regression of arrival time on position, ``cable.conduction_velocity``) as the
verdict, or where the spike died out.
"""

from __future__ import annotations

import math

import numpy as np

from .. import cable, cable_theory, plotting
from ..hh import HHParams
from ._base import Explorer, Verdict, check_span, slider
from ._logslider import log_slider

DIAMETER_RANGE = (100.0, 1000.0)
"""Axon diameters (µm) the explorer offers."""

R_I_RANGE = (10.0, 200.0)
"""Axoplasmic resistivities (Ω·cm) the explorer offers."""

CELSIUS_RANGE = (0.0, 35.0)
"""Temperatures (°C) the explorer offers."""

SODIUM_RANGE = (0.1, 2.0)
"""Sodium channel density as a multiple of the squid's 120 mS/cm²."""

LENGTH_RANGE = (10_000.0, 100_000.0)
"""Axon lengths (µm) the explorer accepts."""

COMPARTMENTS = 200
"""Compartments of the axon (0.2 mm each at the default 40 mm), more where NEURON's d_lambda rule asks for them
(thin axons with a high R_i): an update stays under 100 ms."""

SHOCK_DEPOLARIZATION = 100.0
"""Size of the shock: the current (nA) that would hold the stimulated end of a long passive axon this many mV
above rest (mV divided by the input resistance at the resting slope conductance), for ``SHOCK_DURATION`` ms."""

SHOCK_DURATION = 0.5
"""Length (ms) of the shock."""

SNAPSHOT_FRACTIONS = (0.2, 0.4, 0.6, 0.8)
"""The instants drawn: when the spike front reaches these fractions of the way to the far end."""

MAX_SAMPLES = 200
"""Most time samples of the space-time picture."""


class PropagationExplorer(Explorer):
    """A spike along a uniform HH axon: diameter, R_i, temperature, sodium density and stimulus site.

    Parameters
    ----------
    diameter : µm; r_i : Ω·cm; celsius : °C; sodium : g_Na as a multiple of 120 mS/cm²;
    site : where the shock is given, as a fraction of the axon's length from its left end (0 to 1);
    length : µm of axon; t_stop : ms simulated; dt : ms (the simulator substeps warm membranes itself)

    Attributes: ``result`` (the latest :class:`~excitable.cable.CableResult`), ``velocity`` (m/s, NaN if
    the spike did not get through the measuring stretch), ``reached`` (whether the spike reached the far
    end), ``farthest_mm`` (how far from the shock it got).
    """

    static_grid = {"diameter": (100.0, 238.0, 1000.0), "celsius": (6.3, 30.0), "sodium": (0.25, 0.5)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, diameter: float = 476.0, r_i: float = 35.4, celsius: float = 18.5, sodium: float = 1.0,
                 site: float = 0.0, length: float = 40_000.0, t_stop: float = 12.0, dt: float = 0.025):
        self.length = check_span("length", length, *LENGTH_RANGE, "µm")
        self.t_stop = check_span("t_stop", t_stop, 5.0, 50.0)
        self.dt = check_span("dt", dt, 0.005, 0.05)
        self.record_every = max(1, math.ceil(self.t_stop / self.dt / MAX_SAMPLES))
        controls = {
            "diameter": log_slider(diameter, *DIAMETER_RANGE, "diameter (µm)", marks=(238.0, 476.0)),
            "r_i": log_slider(r_i, *R_I_RANGE, "R_i (Ω·cm)", marks=(35.4,)),
            "celsius": slider(celsius, *CELSIUS_RANGE, 0.1, "temperature (°C)"),
            "sodium": slider(sodium, *SODIUM_RANGE, 0.05, "g_Na (× 120 mS/cm²)", readout_format=".2f"),
            "site": slider(site, 0.0, 1.0, 0.05, "stimulus site (fraction)", readout_format=".2f"),
        }
        super().__init__(controls)

    def axon(self) -> cable.Axon:
        """The axon for the current controls."""
        v = self.values
        membrane = HHParams(g_na=120.0 * v["sodium"], celsius=v["celsius"])
        shortest = cable.D_LAMBDA * cable.ac_length_constant(v["diameter"], v["r_i"], membrane.c_m)  # µm
        n = max(COMPARTMENTS, math.ceil(self.length / (0.99 * shortest)))
        return cable.uniform_axon(v["diameter"], self.length, n, v["r_i"], membrane=membrane)

    def simulate(self) -> cable.CableResult:
        """Shock the axon at the chosen site and record every compartment."""
        axon = self.axon()
        membrane = axon.membranes[0]
        r_in = cable_theory.input_resistance(float(axon.diameter[0]), float(axon.r_i[0]),
                                             cable.resting_slope_conductance(membrane))          # MΩ
        shock = cable.Stimulus(self.site_index(axon.n), SHOCK_DEPOLARIZATION / r_in, 0.5, SHOCK_DURATION)
        return cable.simulate(axon, self.t_stop, self.dt, [shock], record_every=self.record_every)

    def site_index(self, n: int | None = None) -> int:
        """The stimulated compartment (of ``n``, by default of the latest simulation)."""
        n = self.result.v.shape[0] if n is None else n
        return min(n - 1, int(round(self.controls["site"].value * (n - 1))))

    def _build_figure(self):
        fig, (ax_x, ax_st) = plotting.new_figure(2, 1, figsize=(8.4, 5.0), gridspec_kw={"height_ratios": [1.0, 1.1]})
        length_mm = self.length / 1000.0
        colors = plotting.family_colors(len(SNAPSHOT_FRACTIONS))
        snapshots = []
        for color in colors:
            (line,) = ax_x.plot([], [], color=color)
            snapshots.append(line)
        ax_x.set_xlim(0.0, length_mm)
        ax_x.set_ylim(-85.0, 50.0)
        ax_x.set_xlabel("position along the axon (mm)")
        ax_x.set_ylabel(plotting.VOLTAGE_LABEL)
        marker = ax_x.axvline(0.0, color=plotting.COLORS["stimulus"], linestyle=":", linewidth=1.0)
        ax_x.set_title("V along the axon at the instants dashed below (dotted: the stimulus site)", fontsize=9)
        image = ax_st.imshow(np.full((COMPARTMENTS, 2), -65.0), aspect="auto", origin="lower", cmap="viridis",
                             vmin=-80.0, vmax=40.0, extent=(0.0, self.t_stop, 0.0, length_mm),
                             interpolation="nearest")
        ax_st.set_xlabel(plotting.TIME_LABEL)
        ax_st.set_ylabel("position (mm)")
        bar = fig.colorbar(image, ax=ax_st, pad=0.01, fraction=0.04)
        bar.set_label(plotting.VOLTAGE_LABEL, fontsize=9)
        instants = [ax_st.axvline(0.0, color=color, linewidth=1.2, linestyle="--") for color in colors]
        return fig, {"image": image, **{f"snapshot{k}": line for k, line in enumerate(snapshots)},
                     **{f"instant{k}": line for k, line in enumerate(instants)}, "marker": marker}

    def _measure(self, result):
        """Velocity over the middle half of the longer side of the stimulus, and how far the spike got."""
        x = result.x
        x_site = float(x[self.site_index()])
        arrival = cable.crossing_times(result)
        reached_x = x[np.isfinite(arrival)]
        farthest = float(np.max(np.abs(reached_x - x_site))) if reached_x.size else 0.0
        left, right = x_site - float(x[0]), float(x[-1]) - x_site
        if right >= left:
            start, stop, far = x_site + 0.25 * right, x_site + 0.75 * right, x.size - 1
        else:
            start, stop, far = x_site - 0.75 * left, x_site - 0.25 * left, 0
        velocity = cable.conduction_velocity(result, start=start, stop=stop)
        return velocity, bool(cable.reaches(result, far)), farthest, arrival, far

    def _redraw(self) -> Verdict:
        self.result = result = self.simulate()
        self.velocity, self.reached, farthest, arrival, far = self._measure(result)
        self.farthest_mm = farthest / 1000.0
        a = self._artists
        x_mm = result.x / 1000.0
        a["image"].set_data(result.v)
        site_mm = float(x_mm[self.site_index()])
        a["marker"].set_xdata([site_mm, site_mm])
        if self.reached:  # the instants when the front is a fraction of the way from the site to the far end
            side = slice(self.site_index(), None) if far else slice(None, self.site_index() + 1)
            positions, times = x_mm[side], arrival[side]
            order = np.argsort(positions)
            targets = [site_mm + f * (x_mm[far] - site_mm) for f in SNAPSHOT_FRACTIONS]
            instants = [float(np.interp(target, positions[order], times[order])) for target in targets]
        else:
            instants = [f * self.t_stop for f in SNAPSHOT_FRACTIONS]
        for k, instant in enumerate(instants):
            j = int(np.clip(np.searchsorted(result.t, instant), 0, result.t.size - 1))
            a[f"snapshot{k}"].set_data(x_mm, result.v[:, j])
            a[f"instant{k}"].set_xdata([result.t[j], result.t[j]])
        v = self.values
        setting = (f"{v['diameter']:.0f} µm, R_i {v['r_i']:.1f} Ω·cm, {v['celsius']:.1f} °C, "
                   f"g_Na × {v['sodium']:.2f}")
        if self.reached and np.isfinite(self.velocity):
            return Verdict(f"{setting}: the spike travels at {self.velocity:.1f} m/s "
                           f"({self.velocity:.1f} mm per ms).", highlight=True)
        if self.farthest_mm > 0.5 * self.length / 1000.0 * max(self.controls["site"].value,
                                                               1 - self.controls["site"].value):
            speed = f" at {self.velocity:.1f} m/s" if np.isfinite(self.velocity) else ""
            return Verdict(f"{setting}: the spike is still on its way{speed} after {self.t_stop:g} ms "
                           f"({self.farthest_mm:.1f} mm from the shock).")
        return Verdict(f"{setting}: no propagation; the response dies out within {self.farthest_mm:.1f} mm "
                       "of the shock.")
