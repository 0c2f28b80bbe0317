"""The myelin explorer: a myelinated axon whose internode length, sheath and a demyelinated lesion the reader sets.

:class:`MyelinExplorer` stimulates node 0 of the myelinated axon of Moore et al. (1978)
(:func:`excitable.cable.myelinated_axon`) and draws the voltage at every node, stacked, with the time
at which each node crosses −15 mV. Its controls: the internode length; the thickness of the sheath on
every internode (in % of normal: thinning by a factor k multiplies the internode's capacitance and
conductance by k, :func:`excitable.myelin.myelin_factor`); and a lesion, a run of internodes from the
middle of the axon on with a thinner sheath still. The verdict gives the velocity or where the spike
stopped.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from .. import _checks, cable, myelin, plotting
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, Explorer, Verdict, check_span, slider

INTERNODE_RANGE = (200.0, 6000.0)
"""Internode lengths (µm) the explorer offers."""

THICKNESS_RANGE = (5.0, 100.0)
"""Myelin thickness on every internode, in % of the normal sheath."""

LESION_RANGE = (0, 6)
"""How many internodes the lesion covers."""

LESION_THICKNESS_RANGE = (1.0, 100.0)
"""Myelin thickness inside the lesion, in % of the normal sheath."""

LESION_START = 8
"""The first internode of the lesion (between nodes 8 and 9)."""

CELSIUS_RANGE = (0.0, 30.0)
"""Temperatures (°C) the explorer accepts (a keyword, not a control)."""

T_STOP_RANGE = (2.0, 30.0)
"""Simulated spans (ms) the explorer accepts."""

DT_RANGE = (0.002, 0.025)
"""Time steps (ms) the explorer accepts."""

STACK_OFFSET = 12.0
"""Vertical shift (mV) between the traces of neighbouring nodes."""

VELOCITY_NODES = (5, 15)
"""The nodes between which the verdict's velocity is measured (away from the stimulus and the sealed end)."""

RECORD_EVERY = 2
"""Keep every second sample for drawing (crossing times are interpolated between samples)."""

STIMULUS = 10.0
"""Stimulus (nA for 0.1 ms) into node 0: several times threshold."""


class MyelinExplorer(Explorer):
    """Node voltages of a myelinated axon, stacked, for a chosen internode length, sheath and lesion.

    Parameters
    ----------
    internode_length : µm; thickness : % of the normal sheath on every internode
    lesion_internodes : how many internodes from :data:`LESION_START` on are thinner still
    lesion_thickness : % of the normal sheath inside the lesion
    celsius : temperature of the nodes (°C); t_stop, dt : simulated span and step (ms)

    Attributes: ``axon``, ``result`` (the latest simulation, nodes recorded), ``crossings`` (ms, NaN where
    the spike never arrived), ``velocity`` (m/s between nodes 5 and 15, NaN if blocked), ``last_node``
    (the last node the spike reached).
    """

    static_grid = {"internode_length": (500.0, 2000.0, 5000.0), "thickness": (100.0, 25.0, 10.0),
                   "lesion_internodes": (0, 1, 3), "lesion_thickness": (10.0, 5.0)}
    """The settings the static book precomputes (see :meth:`Explorer.static_widget`)."""

    def __init__(self, internode_length: float = 2000.0, thickness: float = 100.0, lesion_internodes: int = 0,
                 lesion_thickness: float = 10.0, celsius: float = 18.5, t_stop: float = 8.0, dt: float = 0.01):
        self.celsius = check_span("celsius", celsius, *CELSIUS_RANGE, "°C")
        self.t_stop = check_span("t_stop", t_stop, *T_STOP_RANGE)
        self.dt = check_span("dt", dt, *DT_RANGE)
        lesion_internodes = _checks.integer("lesion_internodes", lesion_internodes, *LESION_RANGE)
        self.n_nodes = 21
        super().__init__({
            "internode_length": slider(internode_length, *INTERNODE_RANGE, 50.0, "internode (µm)", ".0f"),
            "thickness": slider(thickness, *THICKNESS_RANGE, 1.0, "myelin (% of normal)", ".0f"),
            "lesion_internodes": widgets.IntSlider(value=int(lesion_internodes), min=LESION_RANGE[0],
                                                   max=LESION_RANGE[1], description="lesion (internodes)",
                                                   layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE),
            "lesion_thickness": slider(lesion_thickness, *LESION_THICKNESS_RANGE, 1.0, "lesion myelin (%)", ".0f"),
        })

    def factors(self) -> np.ndarray:
        """The thinning factor k of each internode for the current controls."""
        c = {name: control.value for name, control in self.controls.items()}
        k = np.full(self.n_nodes - 1, float(myelin.myelin_factor(c["thickness"], 100.0)))
        lesion = slice(LESION_START, LESION_START + int(c["lesion_internodes"]))
        k[lesion] = np.maximum(k[lesion], myelin.myelin_factor(c["lesion_thickness"], 100.0))
        return k

    def simulate(self):
        """Build the axon for the current controls and stimulate node 0; nodes recorded."""
        length = float(self.controls["internode_length"].value)
        k = self.factors()
        self.axon = cable.myelinated_axon(
            n_nodes=self.n_nodes, internode_length=length, myelin_factor=k, celsius=self.celsius,
            internode_compartments=myelin.internode_compartments(k, internode_length=length, least=5))
        nodes = [int(i) for i in self.axon.nodes]
        return cable.simulate(self.axon, t_stop=self.t_stop, dt=self.dt,
                              stimuli=[cable.Stimulus(nodes[0], STIMULUS, 0.2, 0.1)], record=nodes,
                              record_every=RECORD_EVERY)

    def _build_figure(self):
        fig, (ax_v, ax_t) = plotting.new_figure(1, 2, figsize=(8.0, 4.2), gridspec_kw={"width_ratios": [1.7, 1.0]})
        traces = LineCollection([], colors=plotting.family_colors(self.n_nodes), linewidths=0.9)
        ax_v.add_collection(traces)
        lines = {"traces": traces}
        ax_v.set_xlim(0.0, self.t_stop)
        ax_v.set_ylim(-90.0, 45.0 + STACK_OFFSET * (self.n_nodes - 1))
        ax_v.set_yticks([-65.0 + STACK_OFFSET * i for i in range(0, self.n_nodes, 5)],
                        [f"node {i}" for i in range(0, self.n_nodes, 5)])
        ax_v.set_xlabel(plotting.TIME_LABEL)
        ax_v.set_ylabel(f"V at each node (mV, shifted {STACK_OFFSET:g} mV per node)")
        ax_t.set_xlim(-0.5, self.n_nodes - 0.5)
        ax_t.set_ylim(0.0, self.t_stop)
        ax_t.set_xlabel("node")
        ax_t.set_ylabel("arrival at −15 mV (ms)")
        (arrivals,) = ax_t.plot([], [], "o-", color=plotting.COLORS["v"], markersize=3, linewidth=1.0)
        (missing,) = ax_t.plot([], [], "x", color=plotting.COLORS["i_na"], markersize=5, linestyle="none",
                               label="never reached")
        lesion = ax_t.axvspan(LESION_START, LESION_START, color=plotting.COLORS["i_na"], alpha=0.15, linewidth=0,
                              label="lesion")
        ax_t.legend(loc="upper left", fontsize=8)
        label = ax_t.text(0.98, 0.02, "", transform=ax_t.transAxes, ha="right", va="bottom", fontsize=9)
        fig.align_ylabels()
        lines.update({"arrivals": arrivals, "missing": missing, "lesion": lesion, "label": label})
        return fig, lines

    def _redraw(self) -> Verdict:
        self.result = run = self.simulate()
        self.crossings = crossings = cable.crossing_times(run)
        a = self._artists
        shifted = run.v + STACK_OFFSET * np.arange(self.n_nodes)[:, None]
        a["traces"].set_segments([np.column_stack((run.t, row)) for row in shifted])
        index = np.arange(self.n_nodes)
        reached = np.isfinite(crossings)
        a["arrivals"].set_data(index[reached], crossings[reached])
        a["missing"].set_data(index[~reached], np.full((~reached).sum(), 0.3))
        count = int(self.controls["lesion_internodes"].value)
        a["lesion"].set_x(LESION_START)
        a["lesion"].set_width(count)
        c = {name: control.value for name, control in self.controls.items()}
        a["label"].set_text(f"internode {c['internode_length']:.0f} µm\nmyelin {c['thickness']:.0f} % of normal\n"
                            f"lesion: {count} internode{'' if count == 1 else 's'} at {c['lesion_thickness']:.0f} %")
        self.last_node = int(index[reached].max()) if reached.any() else -1
        first, last = VELOCITY_NODES
        x = run.x
        if reached[last]:
            self.velocity = float(cable.conduction_velocity(run, start=x[first] - 1.0, stop=x[last] + 1.0))
            step = float(np.median(np.diff(crossings[first:last + 1]))) * 1000.0
            return Verdict(f"Conducts: {self.velocity:.1f} m/s between nodes {first} and {last}; "
                           f"a typical internode takes {step:.0f} µs.", highlight=True)
        self.velocity = float("nan")
        if self.last_node < 1:
            return Verdict("Blocked at the start: the stimulus does not even carry the spike past node 0.")
        return Verdict(f"Blocked: the spike reaches node {self.last_node} and goes no further.")
