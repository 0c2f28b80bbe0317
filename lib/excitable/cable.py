"""Unbranched compartmental axons: the spike leaves the space-clamped patch and travels.

An :class:`Axon` is a chain of compartments, each with its diameter and length (µm), membrane
capacitance ``c_m`` (µF/cm²), axial resistivity ``r_i`` (Ω·cm) and membrane: an
:class:`~excitable.hh.HHParams` (the HH membrane with its densities, temperature and drugs) or a
:class:`Passive` leak. Both ends are sealed (no axial current leaves them). Builders make the three
geometries the book uses: :func:`uniform_axon`, :func:`myelinated_axon` (Moore et al. 1978) and
:func:`soma_ais_axon` (a soma, an axon initial segment and an axon).

:func:`simulate` runs one axon or a batch of axons with the same number of compartments (in parallel
threads) with current injected at chosen compartments (:class:`Stimulus`, nA) and returns the voltage
at chosen compartments (:class:`CableResult`). The numerics are NEURON's second-order method:
Crank-Nicolson for the voltage (a tridiagonal solve per step) with the gates staggered half a step and
advanced exactly, by the same compiled membrane step as the space-clamped integrator
(:mod:`excitable._membrane`); ``tests/test_cable.py`` checks the second-order convergence in dt and dx,
the analytic passive cable, charge conservation and the HH axon's velocity.

Analyses: :func:`crossing_times`, :func:`conduction_velocity` (regression of crossing time on
position), :func:`spatial_extent`, :func:`reaches` (block detection) and the measured DC length
constant :func:`measured_length_constant`; :func:`ac_length_constant` for the d_lambda rule and
:func:`resting_slope_conductance`. The closed forms of cable theory (λ, input resistance, profiles) live in
:mod:`excitable.cable_theory`.

Units: µm for diameters, lengths and positions inside the model (positions of results also in µm),
mm for length constants, Ω·cm, µF/cm², mS/cm² (as :class:`~excitable.hh.HHParams`), nA for injected
current, ms, mV, m/s.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np

from . import _checks, gating, hh
from ._cable_kernel import integrate
from ._integrator import MAX_TABLES
from ._membrane import gate_tables
from .hh import HHParams

D_LAMBDA = 0.1
"""Longest compartment as a fraction of the AC length constant at :data:`D_LAMBDA_FREQUENCY` (NEURON's
d_lambda rule, Hines & Carnevale 2001): a longer compartment raises ``ValueError``."""

D_LAMBDA_FREQUENCY = 100.0
"""Frequency (Hz) of the AC length constant in the d_lambda rule."""

MAX_COMPARTMENTS = 100_000
"""Most compartments one axon may have."""

MAX_SAMPLES = hh.MAX_STEPS
"""Most recorded samples (axons x sites x times) one call may allocate."""

MAX_WORK = hh.MAX_WORK
"""Most compartment-steps (axons x compartments x steps) one call may integrate."""

SPIKE_LEVEL = -15.0
"""Voltage (mV) whose upward crossing marks the spike's arrival (Moore et al. 1978 use 50 mV above rest)."""


@dataclass(frozen=True)
class Passive:
    """A passive membrane: leak conductance ``g`` (mS/cm²) reversing at ``e`` (mV)."""

    g: float = 0.3
    e: float = -65.0

    def __post_init__(self):
        _checks.non_negative("g", _checks.finite_scalar("g", self.g, "mS/cm²"), "mS/cm²")
        _checks.scalar_in_range("e", self.e, -200.0, 200.0, "mV")


def _check_membrane(name, membrane):
    if not isinstance(membrane, (HHParams, Passive)):
        raise ValueError(f"{name} must be an excitable.hh.HHParams or a cable.Passive, got {membrane!r:.80}")
    return membrane


def ac_length_constant(diameter, r_i, c_m, frequency: float = D_LAMBDA_FREQUENCY):
    """AC length constant (µm) at ``frequency`` (Hz) of a cable of ``diameter`` (µm), ``r_i`` (Ω·cm), ``c_m`` (µF/cm²).

    lambda_f = sqrt(d / (4 pi f r_i c_m)), the length constant when the membrane current is all
    capacitive (as in NEURON's ``lambda_f``).
    """
    diameter = _checks.positive("diameter", diameter, "µm")
    r_i = _checks.positive("r_i", r_i, "Ω·cm")
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    frequency = _checks.positive("frequency", frequency, "Hz")
    # d in cm, c_m in F/cm², result in cm -> µm
    return np.sqrt(diameter * 1e-4 / (4.0 * math.pi * frequency * r_i * c_m * 1e-6)) * 1e4


def resting_slope_conductance(params: HHParams = hh.STANDARD, step: float = 1e-3) -> float:
    """Slope dI_ss/dV (mS/cm²) of the steady-state I-V curve of ``params`` at its resting potential.

    The membrane conductance a small steady current sees, once the gates have followed it: it sets the
    DC length constant of an HH axon at rest.
    """
    if not isinstance(params, HHParams):
        raise ValueError(f"params must be an excitable.hh.HHParams, got {params!r:.80}")
    step = _checks.scalar_in_range("step", step, 1e-6, 1.0, "mV")
    v = hh.resting_potential(params)
    return float((hh.steady_state_current(v + step, params) - hh.steady_state_current(v - step, params))
                 / (2.0 * step))


@dataclass(frozen=True, eq=False)
class Axon:
    """An unbranched chain of compartments with sealed ends; build it with the builders or directly.

    Attributes (one value per compartment)
    ----------
    diameter, length : µm
    c_m : membrane capacitance (µF/cm²); the cable uses this, not ``HHParams.c_m``
    r_i : axial resistivity (Ω·cm)
    membranes : tuple of :class:`~excitable.hh.HHParams` or :class:`Passive`
    activation_shift : shift (mV) of Na+ activation (m's rates are read at V - shift: a negative shift
        opens the channels at more negative voltages, as in an axon initial segment)
    nodes : indices of the compartments that are nodes of Ranvier (myelinated axons; else empty)
    label : a short description
    """

    diameter: np.ndarray
    length: np.ndarray
    c_m: np.ndarray
    r_i: np.ndarray
    membranes: tuple
    activation_shift: np.ndarray
    nodes: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype=int))
    label: str = "axon"

    def __post_init__(self):
        n = np.size(self.diameter)
        if np.ndim(self.diameter) != 1 or not 1 <= n <= MAX_COMPARTMENTS:
            raise ValueError(f"diameter must be a 1-D array, one value per compartment (1 to {MAX_COMPARTMENTS}), "
                             f"got {_checks._short(self.diameter)}")
        if not isinstance(self.label, str):
            raise ValueError(f"label must be a string, got {self.label!r:.80}")
        fields = {}
        for name, unit, check in (("diameter", "µm", _checks.positive), ("length", "µm", _checks.positive),
                                  ("c_m", "µF/cm²", _checks.positive), ("r_i", "Ω·cm", _checks.positive),
                                  ("activation_shift", "mV", _checks.finite)):
            value = np.array(check(name, getattr(self, name), unit), dtype=float, ndmin=1)
            if value.shape != (n,):
                raise ValueError(f"{name} must have one value per compartment ({n}), got shape {value.shape}")
            value.setflags(write=False)
            fields[name] = value
        shift = fields["activation_shift"]
        if np.any(np.abs(shift) > 50.0):
            raise ValueError(f"activation_shift must lie in [-50, 50] mV, got {shift[np.abs(shift) > 50][0]!r}")
        if isinstance(self.membranes, (HHParams, Passive)):
            membranes = (self.membranes,) * n
        elif isinstance(self.membranes, (list, tuple)):
            membranes = tuple(self.membranes)
        else:
            raise ValueError(f"membranes must be an HHParams or Passive, or a list of them (one per compartment), "
                             f"got {self.membranes!r:.80}")
        if len(membranes) != n:
            raise ValueError(f"membranes must hold one membrane per compartment ({n}), got {len(membranes)}")
        for j, membrane in enumerate(membranes):
            _check_membrane(f"membranes[{j}]", membrane)
        nodes = np.array(_checks.finite("nodes", self.nodes), ndmin=1)
        outside = nodes.size and (nodes.min() < 0 or nodes.max() >= n)
        if nodes.ndim != 1 or np.any(nodes != np.round(nodes)) or outside:
            raise ValueError(f"nodes must be compartment indices 0 to {n - 1}, got {_checks._short(self.nodes)}")
        nodes = nodes.astype(int)
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "membranes", membranes)
        object.__setattr__(self, "nodes", nodes)
        limit = D_LAMBDA * ac_length_constant(fields["diameter"], fields["r_i"], fields["c_m"])
        too_long = np.nonzero(fields["length"] > limit * (1 + 1e-9))[0]
        if too_long.size:
            j = int(too_long[0])
            raise ValueError(
                f"length of compartment {j} must be <= {D_LAMBDA} x the AC length constant at "
                f"{D_LAMBDA_FREQUENCY:g} Hz ({limit[j]:.4g} µm for its diameter, r_i and c_m; NEURON's d_lambda "
                f"rule), got {float(fields['length'][j])!r} µm: use more compartments")

    @property
    def n(self) -> int:
        """Number of compartments."""
        return self.diameter.size

    @property
    def x(self) -> np.ndarray:
        """Positions of the compartment centres (µm) from the start of the first compartment."""
        return np.cumsum(self.length) - 0.5 * self.length

    @property
    def total_length(self) -> float:
        """Length of the axon (µm)."""
        return float(self.length.sum())

    @property
    def area(self) -> np.ndarray:
        """Membrane area of each compartment (µm²), the side of its cylinder."""
        return math.pi * self.diameter * self.length

    def replace(self, **changes) -> Axon:
        """A copy with some fields changed (checked again)."""
        return dataclasses.replace(self, **changes)

    @functools.cached_property
    def _groups(self) -> tuple:
        """(membrane, activation shift, compartment indices) of each distinct kind of compartment membrane."""
        by_id = {}
        for j, (membrane, shift) in enumerate(zip(self.membranes, self.activation_shift.tolist(), strict=True)):
            by_id.setdefault((id(membrane), shift), (membrane, shift, []))[2].append(j)
        merged = {}
        for membrane, shift, rows in by_id.values():
            merged.setdefault((membrane, shift), (membrane, shift, []))[2].extend(rows)
        return tuple((membrane, shift, np.array(sorted(rows))) for membrane, shift, rows in merged.values())

    @functools.cached_property
    def _rest(self) -> np.ndarray:
        return _solve_rest(self, 1e-9)


def _check_d_lambda(length, diameter, r_i, c_m, names: str, advice: str):
    """Raise ``ValueError`` naming the builder's parameters when compartments of ``length`` µm break d_lambda."""
    limit = D_LAMBDA * float(np.min(ac_length_constant(diameter, r_i, c_m)))
    if length > limit * (1 + 1e-9):
        raise ValueError(f"{names} give compartments of {length:.4g} µm, but the d_lambda rule (NEURON's: at most "
                         f"{D_LAMBDA} x the AC length constant at {D_LAMBDA_FREQUENCY:g} Hz) allows at most "
                         f"{limit:.4g} µm here; {advice}")


def _per_compartment(name, value, n, unit, check=_checks.positive):
    value = np.array(check(name, value, unit), dtype=float, ndmin=1)
    if value.shape not in ((1,), (n,)):
        raise ValueError(f"{name} must be a number or one value per compartment ({n}), got shape {value.shape}")
    return np.broadcast_to(value, (n,)).copy()


def uniform_axon(diameter: float = 476.0, length: float = 50_000.0, n_compartments: int = 500,
                 r_i: float = 35.4, c_m: float | None = None, membrane: HHParams | Passive | None = None) -> Axon:
    """A uniform cylinder of ``diameter`` and ``length`` (µm) cut into ``n_compartments`` equal compartments.

    Defaults: the squid giant axon of Hodgkin & Huxley (1952): 476 µm, 35.4 Ω·cm, the standard HH
    membrane at 18.5 °C, 50 mm in 500 compartments of 0.1 mm. ``c_m`` (µF/cm²) defaults to the
    membrane's (``HHParams.c_m``; 1 for a passive membrane).
    """
    n = _checks.integer("n_compartments", n_compartments, 1, MAX_COMPARTMENTS)
    membrane = HHParams(celsius=18.5) if membrane is None else _check_membrane("membrane", membrane)
    if c_m is None:
        c_m = membrane.c_m if isinstance(membrane, HHParams) else 1.0
    diameter = _checks.positive("diameter", _checks.finite_scalar("diameter", diameter, "µm"), "µm")
    length = _checks.positive("length", _checks.finite_scalar("length", length, "µm"), "µm")
    c_m_values = _per_compartment("c_m", c_m, n, "µF/cm²")
    r_i_values = _per_compartment("r_i", r_i, n, "Ω·cm")
    needed = int(math.ceil(length / (D_LAMBDA * float(np.min(ac_length_constant(diameter, r_i_values,
                                                                                  c_m_values))))))
    _check_d_lambda(length / n, diameter, r_i_values, c_m_values,
                    f"length {length:g} µm in n_compartments = {n} (diameter {diameter:g} µm, r_i, c_m)",
                    f"use n_compartments >= {needed}")
    return Axon(np.full(n, diameter), np.full(n, length / n), c_m_values, r_i_values, (membrane,) * n, np.zeros(n),
                label=f"uniform axon, {diameter:g} µm")


MOORE_NODE = HHParams(g_na=1200.0, g_k=360.0, g_l=3.0, celsius=18.5)
"""Node of Ranvier of Moore et al. (1978): HH kinetics at ten times the squid densities (mS/cm²), 18.5 °C."""

MOORE_INTERNODE = Passive(g=1.5e-3, e=-65.0)
"""Internodal membrane of Moore et al. (1978): 1.5e-6 S/cm² (1.5e-3 mS/cm²) reversing at rest."""

MOORE_INTERNODE_C_M = 0.005
"""Internodal capacitance of Moore et al. (1978), µF/cm²."""


def myelinated_axon(n_nodes: int = 21, node_diameter: float = 10.0, node_length: float = 3.183,
                    internode_length: float = 2000.0, internode_compartments: int = 10, myelin_factor=1.0,
                    node_membrane: HHParams | None = None, internode_membrane: Passive | None = None,
                    internode_c_m: float = MOORE_INTERNODE_C_M, r_i: float = 100.0,
                    internode_diameter: float | None = None, celsius: float | None = None) -> Axon:
    """A myelinated axon: ``n_nodes`` nodes of Ranvier (one compartment each) joined by passive internodes.

    Defaults are Moore et al. (1978) as ModelDB 9851 builds it: nodes 10 µm wide and 3.183 µm long
    (100 µm²) with HH kinetics at ten times the squid densities (:data:`MOORE_NODE`); internodes
    2000 µm of the same diameter in 10 compartments, membrane 1.5e-3 mS/cm² and 0.005 µF/cm²; r_i
    100 Ω·cm; 18.5 °C. ``myelin_factor`` k (a number, or one per internode) multiplies each internode's
    capacitance and conductance (k > 1: thinner myelin, as after demyelination). ``celsius`` (°C), if
    given, sets the nodes' temperature. ``axon.nodes`` holds the compartment index of each node.
    """
    n_nodes = _checks.integer("n_nodes", n_nodes, 2, 10_000)
    per = _checks.integer("internode_compartments", internode_compartments, 1, 1000)
    node_membrane = MOORE_NODE if node_membrane is None else node_membrane
    if not isinstance(node_membrane, HHParams):
        raise ValueError(f"node_membrane must be an excitable.hh.HHParams, got {node_membrane!r:.80}")
    if celsius is not None:
        node_membrane = node_membrane.replace(celsius=_checks.finite_scalar("celsius", celsius, "°C"))
    internode_membrane = MOORE_INTERNODE if internode_membrane is None else internode_membrane
    if not isinstance(internode_membrane, Passive):
        raise ValueError(f"internode_membrane must be a cable.Passive, got {internode_membrane!r:.80}")
    node_diameter = _checks.positive("node_diameter", _checks.finite_scalar("node_diameter", node_diameter, "µm"),
                                     "µm")
    node_length = _checks.positive("node_length", _checks.finite_scalar("node_length", node_length, "µm"), "µm")
    internode_length = _checks.positive("internode_length", _checks.finite_scalar(
        "internode_length", internode_length, "µm"), "µm")
    internode_diameter = node_diameter if internode_diameter is None else _checks.positive(
        "internode_diameter", _checks.finite_scalar("internode_diameter", internode_diameter, "µm"), "µm")
    internode_c_m = _checks.positive("internode_c_m", _checks.finite_scalar("internode_c_m", internode_c_m,
                                                                             "µF/cm²"), "µF/cm²")
    r_i = _checks.positive("r_i", _checks.finite_scalar("r_i", r_i, "Ω·cm"), "Ω·cm")
    n_internodes = n_nodes - 1
    k = np.array(_checks.positive("myelin_factor", myelin_factor), dtype=float, ndmin=1)
    if k.shape not in ((1,), (n_internodes,)):
        raise ValueError(f"myelin_factor must be a number or one value per internode ({n_internodes}), "
                         f"got shape {k.shape}")
    k = np.broadcast_to(k, (n_internodes,))
    _check_d_lambda(node_length, node_diameter, r_i, node_membrane.c_m,
                    f"node_length {node_length:g} µm (node_diameter {node_diameter:g} µm, r_i {r_i:g} Ω·cm)",
                    "shorten node_length")
    needed = int(math.ceil(internode_length / (D_LAMBDA * float(np.min(ac_length_constant(
        internode_diameter, r_i, internode_c_m * k))))))
    _check_d_lambda(internode_length / per, internode_diameter, r_i, internode_c_m * k,
                    f"internode_length {internode_length:g} µm in internode_compartments = {per} (internode_diameter "
                    f"{internode_diameter:g} µm, r_i {r_i:g} Ω·cm, internode_c_m {internode_c_m:g} µF/cm² x "
                    f"myelin_factor up to {float(k.max()):g})",
                    f"use internode_compartments >= {needed}")
    diameter, length, c_m, membranes, nodes = [], [], [], [], []
    for i in range(n_nodes):
        nodes.append(len(diameter))
        diameter.append(node_diameter)
        length.append(node_length)
        c_m.append(node_membrane.c_m)
        membranes.append(node_membrane)
        if i < n_internodes:
            thinned = Passive(g=internode_membrane.g * k[i], e=internode_membrane.e)
            diameter += [internode_diameter] * per
            length += [internode_length / per] * per
            c_m += [internode_c_m * k[i]] * per
            membranes += [thinned] * per
    n = len(diameter)
    return Axon(np.array(diameter), np.array(length), np.array(c_m), np.full(n, r_i), tuple(membranes), np.zeros(n),
                np.array(nodes), label=f"myelinated axon, {n_nodes} nodes")


def soma_ais_axon(soma_diameter: float = 20.0, soma_length: float = 20.0, axon_diameter: float = 1.0,
                  axon_length: float = 500.0, ais_start: float = 10.0, ais_length: float = 30.0,
                  ais_na_factor: float = 5.0, ais_activation_shift: float = -2.0, compartment_length: float = 5.0,
                  membrane: HHParams | None = None, r_i: float = 100.0) -> Axon:
    """A soma, then an axon whose initial segment carries more and earlier-opening Na+ channels.

    The soma is one cylindrical compartment (``soma_diameter`` x ``soma_length`` µm); the axon
    (``axon_diameter`` µm, ``axon_length`` µm from the soma) is cut into compartments of about
    ``compartment_length`` µm. Between ``ais_start`` and ``ais_start + ais_length`` (µm from the soma)
    lies the axon initial segment: its g_Na is ``ais_na_factor`` times the membrane's and its Na+
    activation is shifted by ``ais_activation_shift`` mV (negative: opens at more negative voltages).
    Every compartment has ``membrane`` (by default the standard HH membrane, 6.3 °C) and ``r_i`` (Ω·cm).
    A compartment straddling an edge of the segment belongs to it if its centre does.
    """
    membrane = hh.STANDARD if membrane is None else membrane
    if not isinstance(membrane, HHParams):
        raise ValueError(f"membrane must be an excitable.hh.HHParams, got {membrane!r:.80}")
    values = {}
    for name, value in (("soma_diameter", soma_diameter), ("soma_length", soma_length),
                        ("axon_diameter", axon_diameter), ("axon_length", axon_length),
                        ("ais_length", ais_length), ("compartment_length", compartment_length), ("r_i", r_i)):
        unit = "Ω·cm" if name == "r_i" else "µm"
        values[name] = _checks.positive(name, _checks.finite_scalar(name, value, unit), unit)
    ais_start = _checks.non_negative("ais_start", _checks.finite_scalar("ais_start", ais_start, "µm"), "µm")
    if ais_start + values["ais_length"] > values["axon_length"]:
        raise ValueError(f"ais_start + ais_length must be <= axon_length ({values['axon_length']} µm), "
                         f"got {ais_start + values['ais_length']!r} µm")
    ais_na_factor = _checks.non_negative("ais_na_factor", _checks.finite_scalar("ais_na_factor", ais_na_factor),
                                         "")
    ais_activation_shift = _checks.scalar_in_range("ais_activation_shift", ais_activation_shift, -50.0, 50.0, "mV")
    n_axon = max(1, int(math.ceil(values["axon_length"] / values["compartment_length"] - 1e-9)))
    if n_axon + 1 > MAX_COMPARTMENTS:
        raise ValueError(f"axon_length / compartment_length must be < {MAX_COMPARTMENTS}, got {n_axon}")
    dx = values["axon_length"] / n_axon
    _check_d_lambda(values["soma_length"], values["soma_diameter"], values["r_i"], membrane.c_m,
                    f"soma_length {values['soma_length']:g} µm (soma_diameter {values['soma_diameter']:g} µm, r_i)",
                    "shorten soma_length")
    _check_d_lambda(dx, values["axon_diameter"], values["r_i"], membrane.c_m,
                    f"compartment_length {values['compartment_length']:g} µm (axon_length, axon_diameter "
                    f"{values['axon_diameter']:g} µm, r_i)", "shorten compartment_length")
    centres = (np.arange(n_axon) + 0.5) * dx
    in_ais = (centres >= ais_start) & (centres < ais_start + values["ais_length"])
    ais_membrane = membrane.replace(g_na=membrane.g_na * ais_na_factor)
    membranes = (membrane,) + tuple(ais_membrane if inside else membrane for inside in in_ais)
    n = n_axon + 1
    return Axon(np.r_[values["soma_diameter"], np.full(n_axon, values["axon_diameter"])],
                np.r_[values["soma_length"], np.full(n_axon, dx)], np.full(n, membrane.c_m),
                np.full(n, values["r_i"]), membranes, np.r_[0.0, np.where(in_ais, ais_activation_shift, 0.0)],
                label="soma, initial segment and axon")


def ais_compartments(axon: Axon) -> np.ndarray:
    """Indices of the compartments of a :func:`soma_ais_axon` whose Na+ channels differ from the soma's."""
    if not isinstance(axon, Axon):
        raise ValueError(f"axon must be a cable.Axon, got {axon!r:.80}")
    soma = axon.membranes[0]
    return np.array([j for j in range(1, axon.n) if axon.membranes[j] != soma or axon.activation_shift[j] != 0.0],
                    dtype=int)


@dataclass(frozen=True)
class Stimulus:
    """A rectangular current pulse of ``amplitude`` (nA, positive depolarizing) injected into compartment
    ``site`` from ``start`` for ``duration`` ms (``math.inf`` for a steady current).

    As in NEURON's ``IClamp``, the current is on during the steps whose midpoint lies in
    [start, start + duration).
    """

    site: int
    amplitude: float
    start: float = 1.0
    duration: float = 1.0

    def __post_init__(self):
        if isinstance(self.site, bool) or not isinstance(self.site, (int, np.integer)):
            raise ValueError(f"site must be a compartment index (a whole number), got {self.site!r}")
        _checks.finite_scalar("amplitude", self.amplitude, "nA")
        _checks.non_negative("start", _checks.finite_scalar("start", self.start, "ms"), "ms")
        if not (isinstance(self.duration, (int, float, np.floating, np.integer)) and self.duration > 0):
            raise ValueError(f"duration must be > 0 ms (math.inf for a steady current), got {self.duration!r}")


@dataclass(frozen=True)
class CableResult:
    """Voltages along one axon or a batch of axons.

    ``t`` (n_t,) ms; ``v`` (n_sites, n_t) mV for one axon, (n_axons, n_sites, n_t) for a batch;
    ``sites`` the recorded compartment indices and ``x`` their positions (µm); ``axons`` the simulated
    axon(s) (an :class:`Axon`, or a tuple for a batch).
    """

    t: np.ndarray
    v: np.ndarray
    sites: np.ndarray
    x: np.ndarray
    axons: Axon | tuple

    @property
    def is_batch(self) -> bool:
        """Whether the result holds a batch of axons."""
        return isinstance(self.axons, tuple)

    def __len__(self) -> int:
        if not self.is_batch:
            raise TypeError("this result holds a single axon")
        return len(self.axons)

    def __getitem__(self, index: int) -> CableResult:
        """Axon ``index`` of a batch, as a single-axon result."""
        if not self.is_batch:
            raise TypeError("this result holds a single axon")
        return CableResult(self.t, self.v[index], self.sites, self.x, self.axons[index])

    def at(self, site: int) -> np.ndarray:
        """V (mV) at compartment ``site`` (it must be recorded): (n_t,) or (n_axons, n_t)."""
        return self.v[..., _recorded_row(self, site), :]


def _recorded_row(result, site, name="site"):
    if isinstance(site, bool) or not isinstance(site, (int, np.integer)):
        raise ValueError(f"{name} must be a compartment index (a whole number), got {site!r:.80}")
    rows = np.nonzero(result.sites == int(site))[0]
    if rows.size == 0:
        raise ValueError(f"{name} must be a recorded compartment ({_short_list(result.sites)}), got {site!r}")
    return int(rows[0])


def _short_list(values):
    values = list(np.asarray(values).tolist())
    return ", ".join(map(str, values)) if len(values) <= 8 else f"{values[0]} ... {values[-1]}"


def max_step(axon: Axon | list) -> float:
    """Largest step (ms) the cable integrator takes for ``axon`` (or a batch): :func:`excitable.hh.max_step`
    of its warmest HH compartment (0.1 ms at 6.3 °C or colder); :func:`simulate` substeps by itself beyond it."""
    axons = [axon] if isinstance(axon, Axon) else axon
    if not isinstance(axons, (list, tuple)) or not axons or not all(isinstance(a, Axon) for a in axons):
        raise ValueError(f"axon must be a cable.Axon or a non-empty list of them, got {axon!r:.80}")
    celsius = [m.celsius for a in axons for m, _, _ in a._groups if isinstance(m, HHParams)]
    return hh.max_step(celsius) if celsius else hh.MAX_DT


def _compartment_rest(membrane, shift):
    """Resting potential (mV) of one compartment's membrane (its Na+ activation shifted by ``shift`` mV)."""
    if isinstance(membrane, Passive):
        return membrane.e
    if shift == 0.0:
        return hh.resting_potential(membrane)
    from scipy.optimize import brentq

    def current(v):
        return float(_membrane_current(membrane, np.array([v]), shift)[0])

    grid = np.linspace(-120.0, 60.0, 721)
    values = _membrane_current(membrane, grid, shift)
    change = np.nonzero(np.sign(values[:-1]) != np.sign(values[1:]))[0]
    if change.size == 0:
        raise ValueError(f"activation_shift {shift} mV leaves the membrane with no resting state in [-120, 60] mV")
    return brentq(current, grid[change[0]], grid[change[0] + 1], xtol=1e-10)


def resting_potentials(axon: Axon) -> np.ndarray:
    """Resting potential (mV) of each compartment's membrane on its own (no axial current)."""
    if not isinstance(axon, Axon):
        raise ValueError(f"axon must be a cable.Axon, got {axon!r:.80}")
    rest = np.empty(axon.n)
    for membrane, shift, rows in axon._groups:
        rest[rows] = _compartment_rest(membrane, shift)
    return rest


def _membrane_current(membrane, v, shift):
    """Steady-state membrane current (µA/cm², outward positive) of one kind of membrane at V (mV)."""
    if isinstance(membrane, Passive):
        return membrane.g * (v - membrane.e)
    m = gating.hh_x_inf("m", v - shift)
    h = gating.hh_x_inf("h", v) if membrane.inactivation else np.ones_like(v)
    return hh.ionic_current(v, m, h, gating.hh_x_inf("n", v), membrane)


def _axial_conductance(axon):
    """Conductance (mS) between the centres of neighbouring compartments (n - 1 values)."""
    radius_cm = axon.diameter * 0.5e-4
    half = axon.r_i * (axon.length * 0.5e-4) / (math.pi * radius_cm**2)  # Ω, centre to end of each compartment
    return 1e3 / (half[:-1] + half[1:])


def rest_state(axon: Axon, tolerance: float = 1e-9) -> np.ndarray:
    """The axon's resting potential (mV) in each compartment, axial currents included.

    Where the compartments' membranes rest at different potentials (an initial segment with shifted Na+
    activation, nodes and internodes), current flows between them at rest; this solves the steady state
    of the whole cable (every gate at its steady state, no net current anywhere) by Newton's method from
    each compartment's own resting potential (:func:`resting_potentials`). :func:`simulate` starts there.
    """
    if not isinstance(axon, Axon):
        raise ValueError(f"axon must be a cable.Axon, got {axon!r:.80}")
    tolerance = _checks.scalar_in_range("tolerance", tolerance, 1e-14, 1.0, "mV")
    return (axon._rest if tolerance == 1e-9 else _solve_rest(axon, tolerance)).copy()


def _solve_rest(axon, tolerance):
    own = resting_potentials(axon)
    if axon.n == 1 or np.ptp(own) == 0.0:
        return own
    try:
        return _newton_rest(axon, tolerance, own)
    except ValueError:
        # A compartment whose own rest lies far from its neighbours' (an initial segment so rich in Na+
        # channels that it alone would sit near -30 mV) can defeat Newton's method from the compartments'
        # own rests; the large compartments hold it near theirs, so start there instead, from the rest
        # of the largest compartment everywhere.
        return _newton_rest(axon, tolerance, np.full(axon.n, own[int(np.argmax(axon.area))]))


def _newton_rest(axon, tolerance, v):
    from scipy.linalg import solve_banded

    area = axon.area * 1e-8
    g_axial = _axial_conductance(axon)
    groups = axon._groups

    def membrane_current(v):
        out = np.empty_like(v)
        for membrane, shift, rows in groups:
            out[rows] = _membrane_current(membrane, v[rows], shift)
        return out * area  # µA

    for _ in range(50):
        axial = np.zeros_like(v)
        axial[:-1] += g_axial * (v[1:] - v[:-1])
        axial[1:] += g_axial * (v[:-1] - v[1:])
        residual = membrane_current(v) - axial
        slope = (membrane_current(v + 1e-4) - membrane_current(v - 1e-4)) / 2e-4
        bands = np.zeros((3, axon.n))
        bands[1] = slope
        bands[1, :-1] += g_axial
        bands[1, 1:] += g_axial
        bands[0, 1:] = -g_axial
        bands[2, :-1] = -g_axial
        step = solve_banded((1, 1), bands, -residual)
        v = v + np.clip(step, -5.0, 5.0)
        if np.max(np.abs(step)) < tolerance:
            return v
    raise ValueError("the axon has no resting state near its compartments' own resting potentials "
                     "(Newton's method did not converge); pass v0 to simulate")


def _axon_columns(axon, v0, kinds):
    """Per-compartment arrays of one axon for the kernel (absolute units: µF, mS)."""
    n = axon.n
    area = axon.area * 1e-8  # cm²
    columns = {"cap": axon.c_m * area}
    g = {name: np.zeros(n) for name in ("g_na", "g_k", "g_l")}
    e = {name: np.zeros(n) for name in ("e_na", "e_k", "e_l")}
    kind = np.full(n, -1, dtype=np.int64)
    inactivates = np.zeros(n, dtype=bool)
    for membrane, _, rows in axon._groups:
        if isinstance(membrane, HHParams):
            for name in ("g_na", "g_k", "g_l", "e_na", "e_k", "e_l"):
                (g if name[0] == "g" else e)[name][rows] = getattr(membrane, name)
            kind[rows] = kinds.setdefault((membrane.rate_factor, bool(membrane.inactivation)), len(kinds))
            inactivates[rows] = bool(membrane.inactivation)
        else:
            g["g_l"][rows], e["e_l"][rows] = membrane.g, membrane.e
    for name in g:
        columns[name] = g[name] * area
    columns.update(e)
    v_start = axon._rest if v0 is None else np.broadcast_to(v0, (n,)).astype(float)
    m = gating.hh_x_inf("m", v_start - axon.activation_shift)
    h = np.where(inactivates, gating.hh_x_inf("h", v_start), 1.0)
    n_gate = gating.hh_x_inf("n", v_start)
    g_axial = np.zeros(max(n - 1, 1))
    g_axial[:n - 1] = _axial_conductance(axon)  # mS
    return columns, kind, (v_start, m, h, n_gate), g_axial


def _stimulus_list(stimuli, n_axons, n):
    if stimuli is None:
        return [[] for _ in range(n_axons)]
    if isinstance(stimuli, Stimulus):
        stimuli = [stimuli]
    if isinstance(stimuli, (str, bytes, dict)) or not hasattr(stimuli, "__len__") or not hasattr(stimuli, "__iter__"):
        raise ValueError(f"stimuli must be a cable.Stimulus, a list of them or one list per axon, got {stimuli!r:.80}")
    stimuli = list(stimuli)
    if stimuli and all(not isinstance(s, Stimulus) for s in stimuli):
        if len(stimuli) != n_axons:
            raise ValueError(f"stimuli must be a list of cable.Stimulus for every axon, or one list per axon "
                             f"({n_axons}), got {len(stimuli)} lists")
        per_axon = []
        for group in stimuli:
            if isinstance(group, (str, bytes, dict)) or not hasattr(group, "__iter__"):
                raise ValueError(f"stimuli must hold cable.Stimulus objects or lists of them, got {group!r:.80}")
            per_axon.append(list(group))
    else:
        per_axon = [list(stimuli)] * n_axons
    for a, group in enumerate(per_axon):
        for s in group:
            if not isinstance(s, Stimulus):
                raise ValueError(f"stimuli must hold cable.Stimulus objects, got {s!r:.80} (axon {a})")
            if not -n <= s.site < n:
                raise ValueError(f"stimulus site must be a compartment index from 0 to {n - 1}, got {s.site}")
    return per_axon


def simulate(axon: Axon | list, t_stop: float = 20.0, dt: float = 0.025, stimuli=None, record=None,
             record_every: int = 1, v0=None) -> CableResult:
    """Simulate one axon, or a batch of axons with the same number of compartments in one call.

    Parameters
    ----------
    axon : an :class:`Axon`, or a list of them (a batch, run in parallel threads)
    t_stop : duration (ms); dt : sampling step (ms), 0 < dt <= 0.1; the integrator takes
        :func:`max_step`-sized substeps by itself where dt is larger than a warm membrane allows
    stimuli : a :class:`Stimulus` or a list of them, applied to every axon; or one list per axon
    record : compartment indices to record (None: every compartment); record_every : keep every
        ``record_every``-th sample
    v0 : initial voltage (mV), a number or one per compartment; by default the axon's resting state
        (:func:`rest_state`); the gates start at their steady states
    """
    batch = not isinstance(axon, Axon)
    axons = _checks.sequence("axon", axon) if batch else [axon]
    if not axons:
        raise ValueError("axon must be a cable.Axon or a non-empty list of them, got an empty list")
    for index, a in enumerate(axons):
        if not isinstance(a, Axon):
            raise ValueError(f"axon must be a cable.Axon or a list of them, got {a!r:.80} at index {index}")
    n = axons[0].n
    for index, a in enumerate(axons):
        if a.n != n:
            raise ValueError(f"axons of a batch must have the same number of compartments ({n}), "
                             f"got {a.n} at index {index}")
    t = hh.time_axis(t_stop, dt)
    dt = float(dt)
    record_every = _checks.integer("record_every", record_every, 1, 10_000_000)
    if record is None:
        sites = np.arange(n)
    else:
        sites = np.array(_checks.finite("record", record), ndmin=1)
        if sites.size == 0 or sites.ndim != 1 or np.any(sites != np.round(sites)) or np.any(sites < -n) \
                or np.any(sites >= n):
            raise ValueError(f"record must be compartment indices from 0 to {n - 1}, got {record!r:.80}")
        sites = sites.astype(np.int64) % n
    if v0 is not None:
        v0 = np.array(_checks.in_range("v0", v0, -200.0, 200.0, "mV"), dtype=float)
        if v0.shape not in ((), (1,), (n,)):
            raise ValueError(f"v0 must be a number or one value per compartment ({n}), got shape {v0.shape}")
    n_steps_out = t.size - 1
    substeps = max(1, int(np.ceil(dt / max_step(axons) - 1e-9)))
    fine_dt, n_steps = dt / substeps, n_steps_out * substeps
    stride = record_every * substeps
    n_samples = n_steps_out // record_every + 1
    if len(axons) * sites.size * n_samples > MAX_SAMPLES:
        raise ValueError(f"record: {len(axons)} axons x {sites.size} sites x {n_samples} samples exceed "
                         f"{MAX_SAMPLES} (MAX_SAMPLES); record fewer sites, raise record_every or shorten t_stop")
    if len(axons) * n * n_steps > MAX_WORK:
        raise ValueError(f"t_stop: {len(axons)} axons x {n} compartments x {n_steps} steps exceed {MAX_WORK} "
                         "compartment-steps (MAX_WORK); shorten t_stop, raise dt or split the batch")
    per_axon = _stimulus_list(stimuli, len(axons), n)
    kinds = {}
    built = [_axon_columns(a, v0, kinds) for a in axons]
    if len(kinds) > MAX_TABLES:
        if len(axons) == 1:
            raise ValueError(f"axon: its membranes need {len(kinds)} kinetics tables (distinct temperatures), "
                             f"at most {MAX_TABLES} are allowed")
        # Many temperatures: run the batch in two halves, so the kinetics tables held at once stay bounded.
        half = len(axons) // 2
        parts = [simulate(part, t_stop, dt, groups, record=sites, record_every=record_every, v0=v0)
                 for part, groups in ((axons[:half], per_axon[:half]), (axons[half:], per_axon[half:]))]
        return CableResult(parts[0].t, np.concatenate([parts[0].v, parts[1].v]), parts[0].sites, parts[0].x,
                           tuple(axons))
    columns = {name: np.array([b[0][name] for b in built]) for name in built[0][0]}
    kind = np.array([b[1] for b in built])
    state = [np.array([b[2][i] for b in built]) for i in range(4)]
    g_axial = np.array([b[3] for b in built])
    shift = np.array([a.activation_shift for a in axons])
    if kinds:
        tables = np.stack([gate_tables(float(rate), fine_dt, inact) for rate, inact in kinds])
        rate_factor = np.array([rate for rate, _ in kinds])
        inactivates = np.array([inact for _, inact in kinds])
    else:
        tables, rate_factor, inactivates = np.zeros((1, 2, 6)), np.ones(1), np.ones(1, dtype=bool)
    midpoints = (np.arange(n_steps) + 0.5) * fine_dt
    site, amplitude, on, off, first = [], [], [], [], [0]
    for group in per_axon:
        for s in group:
            site.append(s.site % n)
            amplitude.append(s.amplitude * 1e-3)  # nA -> µA
            on.append(np.searchsorted(midpoints, s.start, side="left"))
            off.append(np.searchsorted(midpoints, s.start + s.duration, side="left"))
        first.append(len(site))
    v = integrate(state, columns, kind, shift, g_axial, (site, amplitude, on, off, first), tables, inactivates,
                  rate_factor, fine_dt, n_steps, sites, stride)
    if not np.all(np.isfinite(v)):
        raise ValueError("the simulation diverged (non-finite voltage); check the stimulus amplitude and dt")
    times = t[::record_every]
    x = axons[0].x[sites]
    if batch:
        return CableResult(times, v, sites, x, tuple(axons))
    return CableResult(times, v[0], sites, x, axons[0])


# --- analyses ---------------------------------------------------------------------------------------

def _check_result(result):
    if not isinstance(result, CableResult):
        raise ValueError(f"result must be a cable.CableResult (from cable.simulate), got {result!r:.80}")
    return result


def crossing_times(result: CableResult, threshold: float = SPIKE_LEVEL) -> np.ndarray:
    """First upward crossing (ms) of ``threshold`` (mV) at each recorded site, linearly interpolated.

    Shape (n_sites,) for one axon, (n_axons, n_sites) for a batch; NaN where V never crosses upwards.
    """
    _check_result(result)
    threshold = _checks.scalar_in_range("threshold", threshold, -200.0, 200.0, "mV")
    v = result.v
    above = v >= threshold
    up = ~above[..., :-1] & above[..., 1:]
    has = up.any(axis=-1)
    k = np.argmax(up, axis=-1)
    v_before = np.take_along_axis(v, k[..., None], axis=-1)[..., 0]
    v_after = np.take_along_axis(v, k[..., None] + 1, axis=-1)[..., 0]
    t = result.t
    fraction = (threshold - v_before) / np.where(v_after != v_before, v_after - v_before, 1.0)
    times = t[k] + fraction * (t[1] - t[0] if t.size > 1 else 0.0)
    return np.where(has, times, np.nan)


def _span_mask(result, start, stop):
    x = result.x
    lo, hi = float(np.min(x)), float(np.max(x))
    start = lo + 0.25 * (hi - lo) if start is None else _checks.finite_scalar("start", start, "µm")
    stop = lo + 0.75 * (hi - lo) if stop is None else _checks.finite_scalar("stop", stop, "µm")
    if not stop > start:
        raise ValueError(f"stop must be greater than start ({start} µm), got {stop!r}")
    mask = (x >= start) & (x <= stop)
    if mask.sum() < 2:
        raise ValueError(f"start and stop ({start}, {stop} µm) must enclose at least two recorded sites")
    return mask


def conduction_velocity(result: CableResult, threshold: float = SPIKE_LEVEL, start: float | None = None,
                        stop: float | None = None) -> float | np.ndarray:
    """Conduction velocity (m/s): slope of position against the crossing time of ``threshold`` (mV).

    A least-squares line of crossing time on position over the recorded sites between ``start`` and
    ``stop`` (µm; by default the middle half of the recorded span, away from the stimulus and the sealed
    far end). Positive whichever way the spike runs; for a spike started mid-axon, which runs both ways,
    choose ``start`` and ``stop`` on one side of the stimulus. NaN where fewer than two of those sites are
    reached (a blocked spike). A number for one axon, an array for a batch.
    """
    times = crossing_times(result, threshold)
    mask = _span_mask(result, start, stop)
    x = result.x[mask]
    rows = np.atleast_2d(times[..., mask])
    velocity = np.full(rows.shape[0], np.nan)
    for i, row in enumerate(rows):
        ok = np.isfinite(row)
        if ok.sum() >= 2 and np.ptp(row[ok]) > 0:
            slope = np.polyfit(x[ok], row[ok], 1)[0]  # ms per µm
            velocity[i] = abs(1e-3 / slope)
    return float(velocity[0]) if times.ndim == 1 else velocity


def spatial_extent(result: CableResult, time: float, level: float = SPIKE_LEVEL) -> float | np.ndarray:
    """Length of axon (mm) above ``level`` (mV) at ``time`` (ms), from the recorded sites.

    V is interpolated linearly between neighbouring sites (record every compartment for a fine answer);
    the spike's length on the axon.
    """
    _check_result(result)
    time = _checks.scalar_in_range("time", time, float(result.t[0]), float(result.t[-1]), "ms")
    level = _checks.scalar_in_range("level", level, -200.0, 200.0, "mV")
    k = int(np.argmin(np.abs(result.t - time)))
    order = np.argsort(result.x)
    x = result.x[order]
    profiles = np.atleast_2d(result.v[..., order, k])
    extents = []
    for v in profiles:
        total = 0.0
        for i in range(x.size - 1):
            a, b = v[i] - level, v[i + 1] - level
            if a >= 0 and b >= 0:
                total += x[i + 1] - x[i]
            elif a >= 0 or b >= 0:
                total += (x[i + 1] - x[i]) * (max(a, b) / abs(a - b))
        extents.append(total * 1e-3)
    return extents[0] if result.v.ndim == 2 else np.array(extents)


def reaches(result: CableResult, site: int, threshold: float = SPIKE_LEVEL) -> bool | np.ndarray:
    """Whether V at compartment ``site`` (recorded) crosses ``threshold`` (mV) upwards: did the spike arrive?"""
    _check_result(result)
    row = _recorded_row(result, site)
    times = crossing_times(result, threshold)[..., row]
    return bool(np.isfinite(times)) if np.ndim(times) == 0 else np.isfinite(times)


def measured_length_constant(axon: Axon, amplitude: float = 0.1, site: int = 0, t_stop: float = 100.0,
                             dt: float = 0.1) -> float:
    """DC length constant (mm) measured as an experimenter would: a small steady current at ``site``.

    A current of ``amplitude`` nA (small enough to keep the membrane linear) is injected into
    compartment ``site`` from t = 0 for ``t_stop`` ms; the deflection ΔV(x) from rest at the end is fit
    by a line in log ΔV against distance from the site, over the sites where ΔV is within a factor e of
    its value at the site. On a cable much longer than λ (sealed far end) the slope is -1/λ.
    """
    if not isinstance(axon, Axon):
        raise ValueError(f"axon must be a cable.Axon, got {axon!r:.80}")
    amplitude = _checks.finite_scalar("amplitude", amplitude, "nA")
    if amplitude == 0:
        raise ValueError("amplitude must be non-zero (nA), got 0.0")
    t_stop = _checks.positive("t_stop", _checks.finite_scalar("t_stop", t_stop, "ms"), "ms")
    dt = _checks.scalar_in_range("dt", dt, 1e-6, hh.MAX_DT, "ms")
    rest = simulate(axon, t_stop, dt, None, record_every=max(1, int(round(t_stop / dt))))
    pushed = simulate(axon, t_stop, dt, [Stimulus(site, amplitude, 0.0, math.inf)],
                      record_every=max(1, int(round(t_stop / dt))))
    deflection = np.abs(pushed.v[:, -1] - rest.v[:, -1])
    site = site % axon.n
    if not deflection[site] > 0 or not np.all(np.isfinite(deflection)):
        raise ValueError(f"amplitude {amplitude!r} nA gives no measurable steady deflection; use about 0.01 to 1 nA")
    distance = np.abs(axon.x - axon.x[site])
    side = (axon.x >= axon.x[site]) if site < axon.n - 1 else (axon.x <= axon.x[site])
    use = side & (deflection >= deflection[site] / math.e) & (deflection > 0)
    if use.sum() < 3:
        raise ValueError("axon must be resolved by at least 3 compartments within one length constant of site; "
                         "use more compartments")
    slope = np.polyfit(distance[use], np.log(deflection[use]), 1)[0]
    return float(-1.0 / slope * 1e-3)


def velocity_between(result: CableResult, site_a: int, site_b: int, threshold: float = SPIKE_LEVEL):
    """Velocity (m/s) between two recorded compartments: their distance over the time between their crossings.

    Moore et al. (1978) measure a myelinated fibre's velocity this way, between two neighbouring nodes
    (``axon.nodes[10]`` and ``axon.nodes[11]``). NaN where either site is not reached; an array for a batch.
    """
    _check_result(result)
    row_a, row_b = _recorded_row(result, site_a, "site_a"), _recorded_row(result, site_b, "site_b")
    if row_a == row_b:
        raise ValueError(f"site_b must differ from site_a ({site_a}), got {site_b!r}")
    times = crossing_times(result, threshold)
    distance = abs(result.x[row_b] - result.x[row_a]) * 1e-3  # mm
    with np.errstate(divide="ignore", invalid="ignore"):
        velocity = distance / np.abs(times[..., row_b] - times[..., row_a])
    return float(velocity) if np.ndim(velocity) == 0 else velocity


def myelin_block_factor(node: int = 18, low: float = 1.0, high: float = 39.0, xtol: float = 0.01,
                        stimulus: Stimulus | None = None, t_stop: float = 10.0, dt: float = 0.005,
                        threshold: float = SPIKE_LEVEL, axon_options: dict | None = None,
                        internodes=None) -> float:
    """Smallest myelin factor k, applied to every internode, at which the spike no longer reaches ``node``.

    The axon is :func:`myelinated_axon` (``axon_options``, a dict, is passed to it; ``myelin_factor`` excepted);
    k thins the internodes listed in ``internodes`` (indices; None: all of them, uniform demyelination);
    the spike is started at node 0 by ``stimulus`` (by default 10 nA for 0.1 ms from t = 0, as in ModelDB
    9851) and ``reaches`` is an upward crossing of ``threshold`` (mV) within ``t_stop`` ms. The spike must
    reach the node at ``low`` and fail at ``high``; bisection to ``xtol``. Each bracket step simulates a
    batch of eight factors in one call.
    """
    axon_options = {} if axon_options is None else axon_options
    if not isinstance(axon_options, dict) or "myelin_factor" in axon_options:
        raise ValueError(f"axon_options must be a dict of myelinated_axon keywords other than myelin_factor, "
                         f"got {axon_options!r:.80}")
    low = _checks.positive("low", _checks.finite_scalar("low", low), "")
    high = _checks.positive("high", _checks.finite_scalar("high", high), "")
    if not high > low:
        raise ValueError(f"high must be greater than low ({low}), got {high!r}")
    xtol = _checks.scalar_in_range("xtol", xtol, 1e-6, high - low, "")
    stimulus = Stimulus(0, 10.0, 0.0, 0.1) if stimulus is None else stimulus
    if not isinstance(stimulus, Stimulus):
        raise ValueError(f"stimulus must be a cable.Stimulus, got {stimulus!r:.80}")
    n_nodes = myelinated_axon(**axon_options).nodes.size
    if isinstance(node, bool) or not isinstance(node, (int, np.integer)) or not -n_nodes <= node < n_nodes:
        raise ValueError(f"node must be a node index from 0 to {n_nodes - 1}, got {node!r}")
    thinned = np.ones(n_nodes - 1, dtype=bool)
    if internodes is not None:
        chosen = np.array(_checks.finite("internodes", internodes), ndmin=1)
        if chosen.ndim != 1 or chosen.size == 0 or np.any(chosen != np.round(chosen)) or np.any(chosen < 0) \
                or np.any(chosen >= n_nodes - 1):
            raise ValueError(f"internodes must be internode indices from 0 to {n_nodes - 2}, got {internodes!r:.80}")
        thinned[:] = False
        thinned[chosen.astype(int)] = True

    def reached(factors):
        try:
            axons = [myelinated_axon(myelin_factor=np.where(thinned, float(k), 1.0), **axon_options)
                     for k in factors]
        except ValueError as error:
            raise ValueError(f"high = {high}: {error}") from None
        site = int(axons[0].nodes[node])
        result = simulate(axons, t_stop, dt, [stimulus], record=[site])
        return np.atleast_1d(reaches(result, site, threshold))

    ends = reached([low, high])
    if not ends[0] or ends[1]:
        raise ValueError(f"low and high must bracket the block: the spike must reach node {node} at "
                         f"low = {low} and fail at high = {high} (thinning internodes "
                         f"{'all' if internodes is None else internodes}); got {'reaches' if ends[1] else 'fails'} "
                         f"at {'high' if ends[1] else 'low'}")
    while high - low > xtol:
        factors = np.linspace(low, high, 10)[1:-1]
        ok = reached(factors)
        failing = np.nonzero(~ok)[0]
        first = int(failing[0]) if failing.size else len(factors)
        low = factors[first - 1] if first > 0 else low
        high = factors[first] if first < len(factors) else high
    return float(0.5 * (low + high))
