"""Myelin as an insulator: the sheath's wraps in series, thinning, and the scaling of myelinated fibres.

A glial cell wraps the internode in ``n_wraps`` turns of its own membrane; each turn puts two membranes
in series between axoplasm and bath. Capacitors in series add reciprocally and resistors add, so a sheath
of identical flat layers has ``C = C_m / (2N)`` and ``R = 2N R_m`` per unit area. A thick sheath is a
set of coaxial cylinders, each layer larger than the one inside it; :func:`sheath_capacitance` and
:func:`sheath_resistance` give that exact sum when told the axon's diameter and the sheath's period.

Units: specific capacitance in µF/cm², specific resistance in Ω·cm², specific conductance in mS/cm²,
diameters, lengths and periods in µm, voltages in mV, velocities in m/s, charge per length in pC/mm.

Functions
---------
- :func:`sheath_capacitance`, :func:`sheath_resistance`, :func:`sheath_conductance`: N wraps in series
- :func:`wraps_for_capacitance`: how many wraps a given internode capacitance means
- :func:`myelin_factor`: the demyelination factor k of a thinned sheath (internode C and g × k)
- :func:`fibre_diameter`, :func:`g_ratio`: the outer diameter of a myelinated fibre and its g-ratio;
  :func:`wraps_for_fibre`: the wraps that fill the space between an axon and a given outer diameter;
  :func:`fibre_at_g_ratio`: the Moore fibre rebuilt at a g-ratio inside a fixed outer diameter
- :func:`hursh_velocity`: Hursh's rule of thumb, about 6 m/s per µm of fibre diameter
- :func:`similar_fibre_velocity`: v ∝ d between geometrically similar myelinated fibres (Rushton 1951)
- :func:`crossover_diameter`: where v = a √d (bare) and v = b d (myelinated) meet
- :func:`charge_per_length`, :func:`myelinated_charge_per_length`: the charge that moves a membrane's
  voltage by ΔV, per mm of axon, bare and myelinated
- :func:`conducts`: does a spike cross a (thinned, warmed, sodium-poor) myelinated axon of
  :mod:`excitable.cable`; :func:`internode_compartments`: how finely a thinned internode must be cut
  (both import the simulator when called; the thinning at which conduction fails is
  :func:`excitable.cable.myelin_block_factor`)
"""

from __future__ import annotations

import numpy as np

from . import _checks, cable_theory

__all__ = ["HURSH_M_S_PER_UM", "MEMBRANES_PER_WRAP", "charge_per_length", "crossover_diameter", "fibre_diameter",
           "g_ratio", "hursh_velocity", "myelin_factor", "myelinated_charge_per_length", "sheath_capacitance",
           "sheath_conductance", "sheath_resistance", "similar_fibre_velocity", "wraps_for_capacitance",
           "wraps_for_fibre", "fibre_at_g_ratio",
           "BLOCK_NODE", "conducts", "internode_compartments"]

MEMBRANES_PER_WRAP = 2
"""Membranes that one turn of the glial sheet puts in series (the sheet has two faces)."""

HURSH_M_S_PER_UM = 6.0
"""Conduction velocity per µm of outer fibre diameter in mammalian myelinated nerve, m/s per µm (Hursh 1939)."""

MAX_WRAPS = 10_000
"""Most wraps the sheath functions accept (real sheaths have at most a few hundred)."""


def _layer_weights(n_wraps, axon_diameter, period):
    """Sum over the sheath's membranes of a / r_j (1 per membrane for a flat sheath)."""
    n = _checks.positive("n_wraps", n_wraps, "wraps")
    if np.any(np.asarray(n) > MAX_WRAPS):
        raise ValueError(f"n_wraps must be at most {MAX_WRAPS} wraps, got {n!r}")
    if axon_diameter is None and period is None:
        return MEMBRANES_PER_WRAP * n
    if axon_diameter is None or period is None:
        missing = "axon_diameter" if axon_diameter is None else "period"
        raise ValueError(f"{missing} must be given (in µm) when the other of axon_diameter and period is; "
                         f"pass both for a cylindrical sheath or neither for a flat one, got {missing}=None")
    if np.ndim(n):
        raise ValueError(f"n_wraps must be a single number for a cylindrical sheath, got an array of shape "
                         f"{np.shape(n)}")
    radius = 0.5 * _checks.positive("axon_diameter", axon_diameter, "µm")
    period = _checks.positive("period", period, "µm")
    radius, period = np.broadcast_arrays(np.asarray(radius, dtype=float), np.asarray(period, dtype=float))
    layers = MEMBRANES_PER_WRAP * n
    whole = int(np.floor(layers))
    # membrane j sits half a spacing out from the start of its slot; a fraction of a wrap counts pro rata
    positions = np.append(np.arange(whole) + 0.5, whole + 0.5 * (layers - whole))
    weights = np.append(np.ones(whole), layers - whole)
    spacing = period / MEMBRANES_PER_WRAP
    total = np.sum(weights[:, None] * radius.ravel()[None, :]
                   / (radius.ravel()[None, :] + positions[:, None] * spacing.ravel()[None, :]), axis=0)
    total = total.reshape(radius.shape)
    return float(total) if total.ndim == 0 else total


def sheath_capacitance(c_m, n_wraps, axon_diameter=None, period=None):
    """Specific capacitance (µF/cm² of axon surface) of a sheath of ``n_wraps`` wraps of membrane ``c_m`` µF/cm².

    Flat sheath (no geometry given): the 2N membranes in series, ``c_m / (2 n_wraps)``. With ``axon_diameter``
    and ``period`` (the thickness of one wrap, µm) the membranes are coaxial cylinders, the j-th at radius
    ``r_j``; the capacitances per unit length ``2π r_j c_m`` add reciprocally and the result is referred to
    the axon's own surface: ``1 / Σ_j (a / (c_m r_j))`` with ``a`` the axon's radius. The outer layers are
    larger, so this is a little above the flat value.
    """
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    return c_m / _layer_weights(n_wraps, axon_diameter, period)


def sheath_resistance(r_m, n_wraps, axon_diameter=None, period=None):
    """Specific resistance (Ω·cm² of axon surface) of ``n_wraps`` wraps of membrane ``r_m`` Ω·cm².

    Resistors in series add: ``2 n_wraps r_m`` for a flat sheath; with ``axon_diameter`` and ``period``
    (µm) the cylindrical sum ``Σ_j r_m a / r_j`` referred to the axon's surface (see
    :func:`sheath_capacitance`).
    """
    r_m = _checks.positive("r_m", r_m, "Ω·cm²")
    return r_m * _layer_weights(n_wraps, axon_diameter, period)


def sheath_conductance(g_m, n_wraps, axon_diameter=None, period=None):
    """Specific conductance (mS/cm² of axon surface) of ``n_wraps`` wraps of membrane ``g_m`` mS/cm².

    The reciprocal of :func:`sheath_resistance`: ``g_m / (2 n_wraps)`` for a flat sheath.
    """
    g_m = _checks.positive("g_m", g_m, "mS/cm²")
    return g_m / _layer_weights(n_wraps, axon_diameter, period)


def wraps_for_capacitance(c_m, c_sheath):
    """The number of wraps of membrane ``c_m`` that a flat sheath of capacitance ``c_sheath`` means (µF/cm²).

    The inverse of the flat :func:`sheath_capacitance`: ``N = c_m / (2 c_sheath)``.
    """
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    c_sheath = _checks.positive("c_sheath", c_sheath, "µF/cm²")
    return c_m / (MEMBRANES_PER_WRAP * c_sheath)


def myelin_factor(n_wraps, normal_wraps):
    """The demyelination factor k of a sheath thinned from ``normal_wraps`` to ``n_wraps`` wraps.

    A flat sheath's capacitance and conductance both scale as 1/N, so thinning multiplies both by
    ``k = normal_wraps / n_wraps`` (k = 1 is the normal sheath, k = 2 has lost half its wraps).
    """
    n = _checks.positive("n_wraps", n_wraps, "wraps")
    normal = _checks.positive("normal_wraps", normal_wraps, "wraps")
    return normal / n


def fibre_diameter(axon_diameter, n_wraps, period):
    """Outer diameter (µm) of a fibre: the axon (µm) plus ``n_wraps`` wraps of thickness ``period`` µm on each side."""
    d = _checks.positive("axon_diameter", axon_diameter, "µm")
    n = _checks.non_negative("n_wraps", n_wraps, "wraps")
    p = _checks.positive("period", period, "µm")
    return d + 2.0 * n * p


def g_ratio(axon_diameter, fibre_diameter):
    """The g-ratio: axon diameter over outer fibre diameter (both µm); must lie in (0, 1]."""
    d = _checks.positive("axon_diameter", axon_diameter, "µm")
    outer = _checks.positive("fibre_diameter", fibre_diameter, "µm")
    if np.any(np.asarray(outer) < np.asarray(d)):
        raise ValueError(f"fibre_diameter must be at least axon_diameter (µm), got fibre_diameter={outer!r} "
                         f"and axon_diameter={d!r}")
    return d / outer


def wraps_for_fibre(axon_diameter, fibre_diameter, period):
    """Wraps of thickness ``period`` (µm) that make an axon of ``axon_diameter`` a fibre of ``fibre_diameter`` (µm).

    The inverse of :func:`fibre_diameter`: the sheath fills ``(fibre_diameter - axon_diameter) / 2`` on each
    side, so ``N = (fibre_diameter - axon_diameter) / (2 period)`` (diameters in µm; 0 for a bare axon). A
    fibre of outer diameter D and g-ratio g has ``axon_diameter = g D``.
    """
    d = _checks.positive("axon_diameter", axon_diameter, "µm")
    outer = _checks.positive("fibre_diameter", fibre_diameter, "µm")
    p = _checks.positive("period", period, "µm")
    if np.any(np.asarray(outer) < np.asarray(d)):
        raise ValueError(f"fibre_diameter must be at least axon_diameter (µm), got fibre_diameter={outer!r} "
                         f"and axon_diameter={d!r}")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        wraps = (outer - d) / (2.0 * p)
    if np.any(~np.isfinite(wraps)) or np.any(wraps > MAX_WRAPS):
        raise ValueError(f"fibre_diameter={outer!r} µm around axon_diameter={d!r} µm at period={p!r} µm needs more "
                         f"than {MAX_WRAPS} wraps; give an ordinary period (about 0.016 µm) and diameters")
    return wraps


def hursh_velocity(fibre_diameter, per_um=HURSH_M_S_PER_UM):
    """Conduction velocity (m/s) of a mammalian myelinated fibre by Hursh's rule, ``per_um`` × outer diameter (µm)."""
    outer = _checks.positive("fibre_diameter", fibre_diameter, "µm")
    per_um = _checks.positive("per_um", per_um, "m/s per µm")
    return per_um * outer


def similar_fibre_velocity(velocity, diameter, new_diameter):
    """Velocity (m/s) of a geometrically similar myelinated fibre of ``new_diameter`` (µm): v scales with d.

    Between fibres that are scaled copies of each other (internode length and myelin thickness in
    proportion to the diameter, the node's membrane unchanged) velocity is proportional to diameter
    (Rushton 1951): ``velocity × new_diameter / diameter``.
    """
    v = _checks.positive("velocity", velocity, "m/s")
    d = _checks.positive("diameter", diameter, "µm")
    new = _checks.positive("new_diameter", new_diameter, "µm")
    return v * new / d


def crossover_diameter(bare_velocity, bare_diameter, myelinated_velocity, myelinated_diameter):
    """The diameter (µm) below which a bare axon outruns a myelinated one, from one point of each law.

    Bare axons follow ``v = a √d`` (``a = bare_velocity / √bare_diameter``), myelinated fibres
    ``v = b d`` (``b = myelinated_velocity / myelinated_diameter``); the two meet at ``d* = (a / b)²``.
    Velocities in m/s, diameters in µm.
    """
    v_bare = _checks.positive("bare_velocity", bare_velocity, "m/s")
    d_bare = _checks.positive("bare_diameter", bare_diameter, "µm")
    v_myel = _checks.positive("myelinated_velocity", myelinated_velocity, "m/s")
    d_myel = _checks.positive("myelinated_diameter", myelinated_diameter, "µm")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        crossover = (v_bare / np.sqrt(d_bare) * d_myel / v_myel) ** 2
    if not np.all(np.isfinite(crossover)):
        raise ValueError(f"the crossover diameter overflows for bare_velocity={v_bare!r} m/s, bare_diameter={d_bare!r} "
                         f"µm, myelinated_velocity={v_myel!r} m/s and myelinated_diameter={d_myel!r} µm; "
                         "give velocities and diameters of ordinary sizes")
    return crossover


def charge_per_length(diameter, delta_v, c_m=1.0):
    """Charge (pC per mm of axon) that moves a bare cylindrical membrane's voltage by ``delta_v`` mV.

    ``Q = c_m π d ΔV`` per unit length (:func:`excitable.cable_theory.capacitance_per_length` times ΔV):
    ``diameter`` in µm, ``c_m`` in µF/cm². Positive for a positive ``delta_v`` (charge carried inward to
    depolarize).
    """
    dv = _checks.finite("delta_v", delta_v, "mV")
    # µF/cm × mV = 1e-9 C/cm = 100 pC/mm
    return cable_theory.capacitance_per_length(diameter, c_m) * dv * 100.0


def myelinated_charge_per_length(diameter, delta_v, node_length, internode_length, c_node=1.0,
                                 c_internode=0.005, internode_delta_v=None):
    """Charge (pC per mm of fibre) that moves a myelinated axon's membrane by ``delta_v`` mV (µF/cm², µm).

    One repeat is a node (``node_length``, ``c_node``) and an internode (``internode_length``,
    ``c_internode``), both of ``diameter``; the charge of one repeat, ``π d ΔV (c_node ℓ + c_int L)``, is
    spread over its length ``ℓ + L``. The internode's depolarization may differ from the node's:
    ``internode_delta_v`` (mV), by default ``delta_v``.
    """
    d = _checks.positive("diameter", diameter, "µm")
    dv = _checks.finite("delta_v", delta_v, "mV")
    node = _checks.positive("node_length", node_length, "µm")
    internode = _checks.positive("internode_length", internode_length, "µm")
    c_node = _checks.positive("c_node", c_node, "µF/cm²")
    c_internode = _checks.positive("c_internode", c_internode, "µF/cm²")
    dv_internode = dv if internode_delta_v is None else _checks.finite("internode_delta_v", internode_delta_v, "mV")
    node_charge = charge_per_length(d, dv, c_node) * node
    internode_charge = charge_per_length(d, dv_internode, c_internode) * internode
    return (node_charge + internode_charge) / (node + internode)


BLOCK_NODE = 18
"""The node a spike started at node 0 must reach to count as conducted (as ``cable.myelin_block_factor``)."""


def conducts(myelin_factor=1.0, node: int = BLOCK_NODE, celsius: float = 18.5, amplitude: float = 10.0,
             t_stop: float = 10.0, dt: float = 0.005, **axon_options) -> bool:
    """Whether a spike started at node 0 of a myelinated axon reaches ``node`` (a −15 mV crossing there).

    The axon is :func:`excitable.cable.myelinated_axon` with ``myelin_factor`` (a number, or one per
    internode), ``celsius`` (°C) and any further ``axon_options`` (its keywords; as many compartments per
    internode as :func:`internode_compartments` asks unless given, so that thinned internodes stay resolved);
    the stimulus is ``amplitude`` nA for 0.1 ms at node 0 from t = 0 (as
    :func:`excitable.cable.myelin_block_factor`); the run lasts ``t_stop`` ms at steps of ``dt`` ms.
    """
    from . import cable

    celsius = _checks.finite_scalar("celsius", celsius, "°C")
    k = _checks.positive("myelin_factor", myelin_factor)
    if "internode_compartments" not in axon_options:
        axon_options["internode_compartments"] = internode_compartments(k, **{
            name: value for name, value in axon_options.items()
            if name in ("internode_length", "node_diameter", "internode_diameter", "r_i", "internode_c_m")})
    axon = cable.myelinated_axon(myelin_factor=k, celsius=celsius, **axon_options)
    node = _checks.integer("node", node, 1, len(axon.nodes) - 1)
    amplitude = _checks.positive("amplitude", _checks.finite_scalar("amplitude", amplitude, "nA"), "nA")
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 1.0, 200.0, "ms")
    run = cable.simulate(axon, t_stop=t_stop, dt=dt, stimuli=[cable.Stimulus(int(axon.nodes[0]), amplitude, 0.0, 0.1)],
                         record=[int(axon.nodes[node])])
    return bool(cable.reaches(run, int(axon.nodes[node])))


def fibre_at_g_ratio(fibre_diameter: float, g_ratio: float, period: float, g_leak: float = 0.3):
    """The Moore et al. fibre (:func:`excitable.cable.myelinated_axon`) rebuilt inside a fixed outer diameter.

    The axon and its nodes are ``g_ratio`` (0.05 to 0.99) × ``fibre_diameter`` (0.1 to 100 µm) wide; the
    rest is filled with wraps of ``period`` µm (0.001 to 0.1; :func:`wraps_for_fibre`), whose coaxial layers
    set the internode's capacitance (:func:`sheath_capacitance` of a 1 µF/cm² membrane) and leak
    (:func:`sheath_conductance` of ``g_leak`` mS/cm²); each internode gets the compartments
    :func:`internode_compartments` asks for.
    """
    from . import cable

    outer = _checks.scalar_in_range("fibre_diameter", fibre_diameter, 0.1, 100.0, "µm")
    g = _checks.scalar_in_range("g_ratio", g_ratio, 0.05, 0.99)
    period = _checks.scalar_in_range("period", period, 1e-3, 0.1, "µm")
    g_leak = _checks.positive("g_leak", _checks.finite_scalar("g_leak", g_leak, "mS/cm²"), "mS/cm²")
    axon_diameter = g * outer                                                   # µm
    wraps = wraps_for_fibre(axon_diameter, outer, period)
    c_m = float(sheath_capacitance(1.0, wraps, axon_diameter, period))          # µF/cm²
    leak = cable.Passive(g=float(sheath_conductance(g_leak, wraps, axon_diameter, period)))   # mS/cm²
    return cable.myelinated_axon(node_diameter=axon_diameter, internode_c_m=c_m, internode_membrane=leak,
                                 internode_compartments=internode_compartments(node_diameter=axon_diameter,
                                                                               internode_c_m=c_m))


def internode_compartments(myelin_factor=1.0, internode_length: float = 2000.0, node_diameter: float = 10.0,
                           internode_diameter=None, r_i: float = 100.0, internode_c_m: float = 0.005,
                           least: int = 10) -> int:
    """Compartments per internode that resolve a sheath thinned by ``myelin_factor`` (NEURON's d_lambda rule).

    Each compartment at most ``cable.D_LAMBDA`` times the AC length constant of the thinned internode
    (capacitance ``internode_c_m × k`` µF/cm², diameter µm, ``r_i`` Ω·cm), and at least ``least``.
    """
    from . import cable

    def scalar(name, value, unit):
        return _checks.positive(name, _checks.finite_scalar(name, value, unit), unit)

    factors = _checks.positive("myelin_factor", myelin_factor)
    if np.size(factors) == 0:
        raise ValueError("myelin_factor must be a number or a non-empty array, got an empty array")
    k = float(np.max(factors))
    length = scalar("internode_length", internode_length, "µm")
    diameter = scalar("node_diameter", node_diameter, "µm")
    if internode_diameter is not None:
        diameter = scalar("internode_diameter", internode_diameter, "µm")
    r_i = scalar("r_i", r_i, "Ω·cm")
    c_m = scalar("internode_c_m", internode_c_m, "µF/cm²") * k
    least = _checks.integer("least", least, 1, 1000)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        length_constant = cable.ac_length_constant(diameter, r_i, c_m)  # µm
        needed = length / (cable.D_LAMBDA * length_constant)
    count = max(least, int(np.ceil(needed))) if np.isfinite(needed) and needed < 1e9 else 10**9
    if count > 1000:
        raise ValueError(f"myelin_factor={k!r} with internode_length={length!r} µm, node_diameter or "
                         f"internode_diameter={diameter!r} µm, r_i={r_i!r} Ω·cm and internode_c_m={c_m / k!r} µF/cm² "
                         f"needs more than 1000 compartments per internode: choose a smaller factor")
    return count
