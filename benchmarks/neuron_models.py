"""The NEURON side of ``compare_neuron.py``, plus an independent ODE reference.

NEURON setup: single-compartment sections with the built-in ``hh`` mechanism,
exact rates (``usetable_hh = 0``), the standard squid-axon parameters of
:data:`excitable.hh.STANDARD`, and an area of exactly 1e-4 cm² (L = 100 µm,
diam = 100/π µm), so an ``IClamp`` of 0.1 nA is 1 µA/cm². Each model object
owns its sections and point processes; call :meth:`close` before building the
next one, because NEURON simulates every section that exists.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp

from excitable import analysis
from excitable.hh import STANDARD, HHParams

AREA_CM2 = 1e-4
"""Membrane area (cm²) of every NEURON compartment built here."""

NA_PER_UA_CM2 = AREA_CM2 * 1e3
"""IClamp current (nA) that gives 1 µA/cm² over ``AREA_CM2`` (1 µA/cm² x 1e-4 cm² = 1e-4 µA = 0.1 nA)."""

_h = None


def neuron_h():
    """NEURON's ``h`` with stdrun loaded, exact hh rates and the model temperature."""
    global _h
    if _h is None:
        from neuron import h

        h.load_file("stdrun.hoc")
        h.usetable_hh = 0
        _h = h
    return _h


def _make_cell(h, params: HHParams):
    section = h.Section(name="soma")
    section.L = 100.0
    section.diam = 100.0 / math.pi
    section.nseg = 1
    section.cm = params.c_m
    section.insert("hh")
    segment = section(0.5)
    segment.hh.gnabar = params.g_na * 1e-3  # mS/cm² -> S/cm²
    segment.hh.gkbar = params.g_k * 1e-3
    segment.hh.gl = params.g_l * 1e-3
    segment.hh.el = params.e_l
    segment.ena = params.e_na
    segment.ek = params.e_k
    area_cm2 = segment.area() * 1e-8  # µm² -> cm²
    if abs(area_cm2 - AREA_CM2) > 1e-12:
        raise RuntimeError(f"compartment area is {area_cm2} cm², expected {AREA_CM2}")
    return section


def _configure(h, dt: float, secondorder: int, celsius: float, threads: int = 1):
    h.dt = dt
    h.steps_per_ms = 1.0 / dt
    h.secondorder = secondorder
    h.celsius = celsius
    h.usetable_hh = 0
    pc = h.ParallelContext()
    if int(pc.nthread()) != threads:
        pc.nthread(threads)
    pc.set_maxstep(10)
    return pc


class _Model:
    def close(self):
        """Drop every NEURON object this model holds, so the sections disappear."""
        self.__dict__.clear()


class SingleCell(_Model):
    """One HH compartment driven by rectangular current pulses, V and t recorded every step.

    ``pulses`` is a list of (start ms, duration ms, amplitude µA/cm²). Pulses use
    one ``IClamp`` each; NEURON evaluates IClamp at the step midpoint, as
    excitable evaluates its stimulus, so both see the same current.
    """

    def __init__(self, pulses, params: HHParams = STANDARD):
        h = self.h = neuron_h()
        if sum(1 for _ in h.allsec()):
            raise RuntimeError("other NEURON sections exist; close their model first")
        self.params = params
        self.section = _make_cell(h, params)
        self.clamps = []
        for start, duration, amplitude in pulses:
            clamp = h.IClamp(self.section(0.5))
            clamp.delay, clamp.dur, clamp.amp = start, duration, amplitude * NA_PER_UA_CM2
            self.clamps.append(clamp)
        self.t_vec = h.Vector().record(h._ref_t)
        self.v_vec = h.Vector().record(self.section(0.5)._ref_v)

    def set_amplitude(self, amplitude: float):
        """Give every pulse the amplitude ``amplitude`` (µA/cm²)."""
        for clamp in self.clamps:
            clamp.amp = amplitude * NA_PER_UA_CM2

    def run(self, t_stop: float, dt: float, v0: float, secondorder: int = 0):
        """Initialize at ``v0`` (gates at steady state) and integrate; returns (t, v) as arrays."""
        pc = _configure(self.h, dt, secondorder, self.params.celsius)
        self.h.finitialize(v0)
        pc.psolve(t_stop)
        return np.array(self.t_vec), np.array(self.v_vec)


class FICells(_Model):
    """One compartment per step current, all in one NEURON simulation.

    Spikes are upward crossings of ``threshold`` mV recorded by a ``NetCon``
    per cell. With the fixed-step method NEURON reports the end of the step
    in which the crossing happened (no interpolation), so spike times are
    quantized to ``dt``.
    """

    def __init__(self, currents, params: HHParams = STANDARD, threshold: float = -30.0):
        h = self.h = neuron_h()
        if sum(1 for _ in h.allsec()):
            raise RuntimeError("other NEURON sections exist; close their model first")
        self.params = params
        self.sections, self.clamps, self.netcons, self.spike_vecs = [], [], [], []
        for current in currents:
            section = _make_cell(h, params)
            clamp = h.IClamp(section(0.5))
            clamp.delay, clamp.dur, clamp.amp = 0.0, 1e9, float(current) * NA_PER_UA_CM2
            spikes = h.Vector()
            netcon = h.NetCon(section(0.5)._ref_v, None, sec=section)
            netcon.threshold = threshold
            netcon.record(spikes)
            self.sections.append(section)
            self.clamps.append(clamp)
            self.netcons.append(netcon)
            self.spike_vecs.append(spikes)

    def run(self, duration: float, dt: float, v0: float, secondorder: int = 0, threads: int = 1):
        """Integrate all cells for ``duration`` ms; returns a list of spike-time arrays (ms)."""
        pc = _configure(self.h, dt, secondorder, self.params.celsius, threads)
        self.h.finitialize(v0)
        pc.psolve(duration)
        times = [np.array(vec) for vec in self.spike_vecs]
        if threads != 1:
            pc.nthread(1)
        return times


def neuron_threshold(duration: float, start: float, t_stop: float, dt: float, v0: float,
                     secondorder: int = 0, params: HHParams = STANDARD, rel_tol: float = 1e-6,
                     high: float = 20.0) -> float:
    """Least amplitude (µA/cm²) of one pulse that makes V cross 0 mV upwards in NEURON, by bisection.

    Same rule as :func:`excitable.analysis.threshold`: bracket [0, high], then
    bisect to ``rel_tol`` x the upper end of the bracket.
    """
    cell = SingleCell([(start, duration, high)], params)
    try:
        def fires(amplitude):
            cell.set_amplitude(amplitude)
            t, v = cell.run(t_stop, dt, v0, secondorder)
            return analysis.spike_times(t, v).size > 0

        low = 0.0
        while not fires(high):
            low, high = high, 2.0 * high
        return analysis.boundary(fires, low, high, rel_tol * high)
    finally:
        cell.close()


# --- independent reference: the HH equations written out again and solved by scipy -------------

def _vtrap(x, y):
    # x / (exp(x / y) - 1), as in NEURON's hh.mod, with its series near the singularity
    if abs(x / y) < 1e-6:
        return y * (1.0 - x / y / 2.0)
    return x / math.expm1(x / y)


def _hh_rhs(params: HHParams, current: float):
    q10 = 3.0 ** ((params.celsius - 6.3) / 10.0)

    def rhs(_t, y):
        v, m, h, n = y
        am = 0.1 * _vtrap(-(v + 40.0), 10.0)
        bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
        ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
        bh = 1.0 / (math.exp(-(v + 35.0) / 10.0) + 1.0)
        an = 0.01 * _vtrap(-(v + 55.0), 10.0)
        bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
        i_ion = (params.g_na * m**3 * h * (v - params.e_na) + params.g_k * n**4 * (v - params.e_k)
                 + params.g_l * (v - params.e_l))
        return [(current - i_ion) / params.c_m, q10 * (am * (1 - m) - bm * m),
                q10 * (ah * (1 - h) - bh * h), q10 * (an * (1 - n) - bn * n)]

    return rhs


def ode_spike_times(pulses, t_stop: float, v0: float, params: HHParams = STANDARD,
                    threshold: float = 0.0, rtol: float = 1e-10, atol: float = 1e-10) -> np.ndarray:
    """Spike times (ms, upward crossings of ``threshold``) from a tight-tolerance ODE solve.

    An independent check on both fixed-step simulators: the HH equations are
    written out here again (NEURON's hh.mod formulas), integrated piece by
    piece between the pulse edges with scipy's DOP853, and each crossing is
    located by root finding on the dense output.
    """
    rhs_rates = _hh_rhs(params, 0.0)
    # gates start at steady state at v0
    y0 = [v0]
    for gate in range(1, 4):
        probe = [v0, 0.0, 0.0, 0.0]
        probe[gate] = 0.0
        rate_at_zero = rhs_rates(0.0, probe)[gate]  # = q10 * alpha
        probe[gate] = 1.0
        rate_at_one = rhs_rates(0.0, probe)[gate]  # = -q10 * beta
        y0.append(rate_at_zero / (rate_at_zero - rate_at_one))
    edges = sorted({0.0, t_stop, *[e for s, d, _ in pulses for e in (s, s + d) if 0 < e < t_stop]})
    state, spikes = np.array(y0), []

    def crossing(_t, y):
        return y[0] - threshold

    crossing.direction = 1.0
    for a, b in zip(edges[:-1], edges[1:]):
        middle = 0.5 * (a + b)
        current = sum(amp for s, d, amp in pulses if s <= middle < s + d)
        sol = solve_ivp(_hh_rhs(params, current), (a, b), state, method="DOP853", rtol=rtol, atol=atol,
                        events=crossing)
        spikes.extend(sol.t_events[0])
        state = sol.y[:, -1]
    return np.array(spikes)


# --- cables (propagation chapter): the same discretization as excitable.cable -----------------------

def _insert_hh(section, params: HHParams):
    """The ``hh`` mechanism in every segment of ``section`` with ``params`` (densities mS/cm² -> S/cm²)."""
    section.insert("hh")
    for segment in section:
        segment.hh.gnabar = params.g_na * 1e-3
        segment.hh.gkbar = params.g_k * 1e-3
        segment.hh.gl = params.g_l * 1e-3
        segment.hh.el = params.e_l
        segment.ena = params.e_na
        segment.ek = params.e_k


class _CableModel(_Model):
    """Common run/record logic: V of chosen segments recorded every step, an IClamp at one segment."""

    def _record(self, segments):
        h = self.h
        self.t_vec = h.Vector().record(h._ref_t)
        self.v_vecs = [h.Vector().record(segment._ref_v) for segment in segments]

    def run(self, t_stop: float, dt: float, v0, secondorder: int = 2):
        """Initialize at ``v0`` (a number, or one value per recorded... every segment in build order) and
        integrate; returns (t, V of the recorded segments as a sites x times array)."""
        pc = _configure(self.h, dt, secondorder, self.celsius)
        self.h.finitialize(float(np.mean(v0)))
        if np.ndim(v0):
            for segment, v in zip(self.all_segments, v0, strict=True):
                segment.v = float(v)
            self.h.finitialize()  # gates to their steady states at the voltages just set
        pc.psolve(t_stop)
        return np.array(self.t_vec), np.array([np.array(vec) for vec in self.v_vecs])


class UniformAxon(_CableModel):
    """One section of ``n`` segments: the uniform HH axon of ``excitable.cable.uniform_axon``.

    ``diameter`` and ``length`` in µm, ``r_i`` in Ω·cm; an IClamp of ``amplitude`` nA at the first
    segment from ``start`` for ``duration`` ms; every segment's V recorded.
    """

    def __init__(self, diameter, length, n, r_i, params: HHParams, amplitude, start, duration, c_m=None):
        h = self.h = neuron_h()
        if sum(1 for _ in h.allsec()):
            raise RuntimeError("other NEURON sections exist; close their model first")
        self.celsius = params.celsius
        axon = self.section = h.Section(name="axon")
        axon.L, axon.diam, axon.nseg, axon.Ra = length, diameter, n, r_i
        axon.cm = params.c_m if c_m is None else c_m
        _insert_hh(axon, params)
        self.all_segments = list(axon)
        self.clamp = h.IClamp(self.all_segments[0])
        self.clamp.delay, self.clamp.dur, self.clamp.amp = start, duration, amplitude
        self._record(self.all_segments)


class MooreAxon(_CableModel):
    """Moore et al. (1978) as ModelDB 9851 builds it (nodes: one segment; internodes: ``per`` segments).

    ``n_nodes`` nodes of ``excitable.cable.MOORE_NODE`` joined by passive internodes whose C_m and g are
    multiplied by ``myelin_factor`` (a number, or one per internode); an IClamp of ``amplitude`` nA at
    node 0 from ``start`` for ``duration`` ms; V recorded at every node (and, with ``record_all``, at
    every segment in build order).
    """

    def __init__(self, n_nodes=21, myelin_factor=1.0, amplitude=10.0, start=0.0, duration=0.1, per=10,
                 node_params=None, internode_g=1.5e-3, internode_e=-65.0, internode_c_m=0.005,
                 internode_length=2000.0, diameter=10.0, node_length=3.183, r_i=100.0, record_all=False):
        from excitable import cable

        h = self.h = neuron_h()
        if sum(1 for _ in h.allsec()):
            raise RuntimeError("other NEURON sections exist; close their model first")
        params = cable.MOORE_NODE if node_params is None else node_params
        self.celsius = params.celsius
        k = np.broadcast_to(np.asarray(myelin_factor, dtype=float), (n_nodes - 1,))
        self.nodes, self.myelins, self.all_segments = [], [], []
        for i in range(n_nodes):
            node = h.Section(name=f"node[{i}]")
            node.L, node.diam, node.nseg, node.Ra, node.cm = node_length, diameter, 1, r_i, params.c_m
            _insert_hh(node, params)
            if self.myelins:
                node.connect(self.myelins[-1](1), 0)
            self.nodes.append(node)
            self.all_segments += list(node)
            if i < n_nodes - 1:
                myelin = h.Section(name=f"myelin[{i}]")
                myelin.L, myelin.diam, myelin.nseg, myelin.Ra = internode_length, diameter, per, r_i
                myelin.cm = internode_c_m * k[i]
                myelin.insert("pas")
                for segment in myelin:
                    segment.pas.g = internode_g * 1e-3 * k[i]
                    segment.pas.e = internode_e
                myelin.connect(node(1), 0)
                self.myelins.append(myelin)
                self.all_segments += list(myelin)
        self.clamp = h.IClamp(self.nodes[0](0.5))
        self.clamp.delay, self.clamp.dur, self.clamp.amp = start, duration, amplitude
        self._record(self.all_segments if record_all else [node(0.5) for node in self.nodes])
