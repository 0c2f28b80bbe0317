"""The initial-segment explorer: where a spike injected into the soma starts, as the AIS changes.

:class:`InitialSegmentExplorer` sets the Na+ density, the activation shift, the position and the length of the
axon initial segment of a soma + AIS + axon (:func:`excitable.initiation.reference_cell`, a shorter axon) and
runs the soma-injected protocol (:func:`excitable.initiation.initiation`). It shows when each compartment crossed
the spike level (the earliest one is where the spike started), V at the soma and at that site over time, and
their phase plots (dV/dt against V); the verdict names the site and the soma's delay, or says that no spike
came or that the cell fires on its own (:func:`excitable.initiation.rest_growth_rate` > 0).
"""

from __future__ import annotations

from matplotlib.patches import Rectangle

from .. import initiation, plotting
from ..formatting import MINUS
from ._base import Explorer, Verdict, check_span, slider

NA_FACTOR_RANGE = (0.0, 12.0)
"""AIS g_Na as a multiple of the soma's."""

SHIFT_RANGE = (-8.0, 4.0)
"""Shifts (mV) of the AIS's Na+ activation."""

START_RANGE = (0.0, 80.0)
"""Distances (µm) from the soma to the start of the AIS."""

LENGTH_RANGE = (5.0, 60.0)
"""AIS lengths (µm)."""

AXON_LENGTH = 150.0
"""Axon (µm) of the explorer's cell: shorter than the reference cell's, so an update is quick; the last
compartment is its far end."""

DELAY_SPAN_US = 400.0
"""Top of the crossing-delay axis (µs)."""

SITE_COLOR = plotting.COLORS["i_na"]
"""Colour of the initiation site's traces."""


class InitialSegmentExplorer(Explorer):
    """Soma + AIS + axon: AIS Na+ density, activation shift, start and length; where the spike starts.

    Parameters
    ----------
    ais_na_factor : AIS g_Na / soma g_Na; ais_activation_shift : mV; ais_start, ais_length : µm
    amplitude : nA injected into the soma (a step from 1 ms for the whole run); t_stop, dt : ms

    Attributes: ``start`` (the latest :class:`~excitable.initiation.InitiationResult`).
    """

    static_grid = {"ais_na_factor": (1.0, 8.0), "ais_activation_shift": (0.0,), "ais_start": (40.0,)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, ais_na_factor: float = 5.0, ais_activation_shift: float = -2.0, ais_start: float = 10.0,
                 ais_length: float = 30.0, amplitude: float = initiation.AMPLITUDE, t_stop: float = 10.0,
                 dt: float = 0.025):
        self.amplitude = check_span("amplitude", amplitude, 0.0, 1.0, "nA")
        self.t_stop = check_span("t_stop", t_stop, 5.0, 30.0)
        self.dt = check_span("dt", dt, 0.005, 0.05)
        controls = {
            "ais_na_factor": slider(ais_na_factor, *NA_FACTOR_RANGE, 0.5, "AIS g_Na (× soma)", readout_format=".1f"),
            "ais_activation_shift": slider(ais_activation_shift, *SHIFT_RANGE, 0.5, "activation shift (mV)",
                                           readout_format=".1f"),
            "ais_start": slider(ais_start, *START_RANGE, 5.0, "AIS start (µm)", readout_format=".0f"),
            "ais_length": slider(ais_length, *LENGTH_RANGE, 5.0, "AIS length (µm)", readout_format=".0f"),
        }
        super().__init__(controls)

    def cell(self):
        """The cell for the current controls (:func:`excitable.initiation.reference_cell` with a shorter axon)."""
        return initiation.reference_cell(axon_length=AXON_LENGTH, **self.values)

    def _build_figure(self):
        fig, (ax_x, ax_t, ax_p) = plotting.new_figure(1, 3, figsize=(8.4, 3.3),
                                                      gridspec_kw={"width_ratios": [1.0, 1.0, 1.0]})
        span = Rectangle((0.0, 0.0), 1.0, 1.0, transform=ax_x.get_xaxis_transform(), color=SITE_COLOR, alpha=0.15,
                         linewidth=0)
        ax_x.add_patch(span)
        (delays,) = ax_x.plot([], [], color=plotting.COLORS["v"], marker=".", markersize=3, linewidth=1.0)
        (first,) = ax_x.plot([], [], color=SITE_COLOR, marker="o", linestyle="none", markersize=7)
        ax_x.set_xlim(-12.0, AXON_LENGTH)
        ax_x.set_ylim(-10.0, DELAY_SPAN_US)
        ax_x.set_xlabel("distance from the soma (µm)")
        ax_x.set_ylabel("crossing of −15 mV after the first (µs)")
        ax_x.set_title("shaded: AIS; dot: where it starts", fontsize=9)
        (soma_t,) = ax_t.plot([], [], color=plotting.COLORS["v"], label="soma")
        (site_t,) = ax_t.plot([], [], color=SITE_COLOR, label="initiation site")
        ax_t.set_xlim(0.0, self.t_stop)
        ax_t.set_ylim(-80.0, 50.0)
        ax_t.set_xlabel(plotting.TIME_LABEL)
        ax_t.set_ylabel(plotting.VOLTAGE_LABEL)
        ax_t.legend(loc="upper left", fontsize=8, frameon=False)
        (soma_p,) = ax_p.plot([], [], color=plotting.COLORS["v"])
        (site_p,) = ax_p.plot([], [], color=SITE_COLOR)
        ax_p.set_xlim(-80.0, 50.0)
        ax_p.set_ylim(-120.0, 450.0)
        ax_p.set_xlabel(plotting.VOLTAGE_LABEL)
        ax_p.set_ylabel("dV/dt (mV/ms)")
        ax_p.set_title("phase plot", fontsize=9)
        return fig, {"span": span, "delays": delays, "first": first, "soma_t": soma_t, "site_t": site_t,
                     "soma_p": soma_p, "site_p": site_p}

    def _redraw(self) -> Verdict:
        axon = self.cell()
        self.start = start = initiation.initiation(axon, self.amplitude, self.t_stop, t_stop=self.t_stop, dt=self.dt)
        a = self._artists
        values = self.values
        a["span"].set_x(values["ais_start"])
        a["span"].set_width(values["ais_length"])
        distance = axon.x - axon.length[0]
        distance[0] = -0.5 * axon.length[0]  # the soma's centre
        result = start.result
        if start.fired:
            a["delays"].set_data(distance, 1000.0 * (start.crossings - start.site_time))
            a["first"].set_data([distance[start.site]], [0.0])
        else:
            a["delays"].set_data([], [])
            a["first"].set_data([], [])
        site = start.site if start.fired else initiation.SOMA
        for name, row in (("soma", initiation.SOMA), ("site", site)):
            v, rate = initiation.phase_plot(result.t, result.v[row])
            a[f"{name}_t"].set_data(result.t, v)
            a[f"{name}_p"].set_data(v, rate)
        shift = f"{values['ais_activation_shift']:+.1f}".replace("-", MINUS)
        setting = (f"AIS g_Na × {values['ais_na_factor']:.1f}, shift {shift} mV, "
                   f"{values['ais_start']:.0f}–{values['ais_start'] + values['ais_length']:.0f} µm")
        if start.spontaneous:
            return Verdict(f"{setting}: the cell fires on its own (its resting state is unstable).")
        if not start.fired:
            return Verdict(f"{setting}: no spike.")
        if start.site == initiation.SOMA:
            return Verdict(f"{setting}: the spike starts in the soma.")
        where = "the AIS" if start.in_ais else "the axon"
        return Verdict(f"{setting}: the spike starts in {where}, {start.site_distance:.0f} µm from the soma; "
                       f"the soma follows {1000.0 * start.somatic_delay:.0f} µs later.", highlight=True)
