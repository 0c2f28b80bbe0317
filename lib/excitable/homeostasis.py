"""Keeping the gradients: the Na/K pump against the leaks, cell volume and the Donnan state.

Three layers, each usable alone:

- pump–leak arithmetic (:func:`pump_leak_balance`): how much pump current
  balances a given sodium leak, and how much of it is net (electrogenic)
  current, with the 3 Na+ out : 2 K+ in stoichiometry of the Na/K-ATPase;
- a time-dependent model of a spherical cell (:class:`CellParams`,
  :func:`simulate`, :func:`steady_state`) in the spirit of the pump–leak
  model of Tosteson and Hoffman (1960) as written by Keener and Sneyd (2009,
  ch. 2): Na+, K+ and Cl- leak through the membrane with GHK currents, the
  pump exports 3 Na+ and imports 2 K+ per cycle at a rate that saturates with
  the internal sodium, the cell holds a fixed amount of impermeant anions, the
  membrane potential follows from current balance (no net current, so the
  interior stays electroneutral) and the volume from osmotic balance (water
  crosses fast compared with the ions);
- the Donnan equilibrium that the model relaxes to when the pump stops
  (:func:`donnan_ratio`, :func:`donnan_state`), in a rigid cell or, when the
  bath holds enough impermeant solute, in a cell free to swell.

Units: mV, mM, µA/cm² (outward positive), cm/s for permeabilities, µm for the
diameter, ms for time (``t_min`` gives minutes), °C; volumes are relative to
the reference volume pi d³ / 6 of the cell as parametrised.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import _checks, electrochem
from .constants import ELEMENTARY_CHARGE, FARADAY, GAS_CONSTANT, MAMMALIAN, IonSet, kelvin, thermal_voltage

NA_PER_CYCLE = 3
"""Na+ ions the Na/K-ATPase exports per cycle (one ATP)."""

K_PER_CYCLE = 2
"""K+ ions the Na/K-ATPase imports per cycle: one net elementary charge leaves per cycle."""


# -- pump–leak arithmetic -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PumpBalance:
    """The pump that exactly balances a sodium leak (currents in pA, outward positive).

    leak_current : the Na+ leak g (V - E_Na); negative = Na+ flowing in
    sodium_export_current : charge carried out by the pumped Na+ (= -leak_current)
    potassium_import_current : charge carried in by the pumped K+ (negative)
    net_pump_current : the pump's electrogenic current, export + import
    cycles_per_second : pump cycles per second needed (one ATP each)
    """

    leak_current: float
    sodium_export_current: float
    potassium_import_current: float
    net_pump_current: float
    cycles_per_second: float


def pump_leak_balance(g_leak, v, e_na) -> PumpBalance:
    """Pump currents (pA) that balance a sodium leak of ``g_leak`` (nS) at ``v`` (mV) with E_Na = ``e_na`` (mV).

    The leak carries I = g (V - E_Na) (nS x mV = pA). In a steady state the pump
    exports Na+ as fast as it leaks in, so its sodium export is -I; it brings
    in K_PER_CYCLE / NA_PER_CYCLE as much K+ charge, and its net current is the
    difference, one third of the sodium export.
    """
    g_leak = _checks.non_negative("g_leak", _checks.finite_scalar("g_leak", g_leak, "nS"), "nS")
    v = _checks.finite_scalar("v", v, "mV")
    e_na = _checks.finite_scalar("e_na", e_na, "mV")
    leak = g_leak * electrochem.driving_force(v, e_na)
    export = -leak
    cycles = export * 1e-12 / (NA_PER_CYCLE * ELEMENTARY_CHARGE)
    import_current = -K_PER_CYCLE * cycles * ELEMENTARY_CHARGE * 1e12
    return PumpBalance(float(leak), float(export), float(import_current), float(export + import_current),
                       float(cycles))


# -- the cell model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellParams:
    """A spherical cell with Na+, K+ and Cl- leaks, a Na/K pump and impermeant anions, in a fixed bath.

    diameter : µm (the membrane area pi d² and reference volume pi d³/6; area stays fixed as the cell swells)
    p_na, p_k, p_cl : membrane permeabilities (cm/s)
    pump_max : net pump current (µA/cm²) at full saturation by internal Na+ and pump_fraction = 1
    pump_k_na : internal [Na+] (mM) of half activation per site; the pump rate goes as (Na/(Na + K_Na))³
    pump_fraction : pump rate relative to normal (0 = blocked, e.g. by ouabain or lack of ATP)
    na_o, k_o, cl_o : bath concentrations (mM)
    impermeant_out : impermeant solute in the bath (mM, monovalent anions balancing the bath's charge)
    impermeant_in : impermeant solute in the cell, as mM at the reference volume (an amount)
    z_impermeant : mean charge per impermeant particle inside (negative)
    celsius : temperature (°C)
    """

    diameter: float
    p_na: float
    p_k: float
    p_cl: float
    pump_max: float
    pump_k_na: float
    pump_fraction: float
    na_o: float
    k_o: float
    cl_o: float
    impermeant_out: float
    impermeant_in: float
    z_impermeant: float
    celsius: float

    def __post_init__(self):
        _checks.positive("diameter", self.diameter, "µm")
        for name in ("p_na", "p_k", "p_cl"):
            _checks.non_negative(name, getattr(self, name), "cm/s")
        _checks.non_negative("pump_max", self.pump_max, "µA/cm²")
        _checks.positive("pump_k_na", self.pump_k_na, "mM")
        _checks.non_negative("pump_fraction", self.pump_fraction)
        for name in ("na_o", "k_o", "cl_o", "impermeant_in"):
            _checks.positive(name, getattr(self, name), "mM")
        _checks.non_negative("impermeant_out", self.impermeant_out, "mM")
        if not _checks.finite_scalar("z_impermeant", self.z_impermeant) < 0:
            raise ValueError(f"z_impermeant must be < 0 (impermeant anions), got {self.z_impermeant!r}")
        kelvin(self.celsius)

    def replace(self, **changes) -> CellParams:
        """A copy with some fields changed, e.g. ``params.replace(pump_fraction=0.0)``."""
        return dataclasses.replace(self, **changes)

    @property
    def osmolarity_out(self) -> float:
        """Total solute of the bath (mM), which the cell's interior must match."""
        return self.na_o + self.k_o + self.cl_o + self.impermeant_out

    @property
    def surface_to_volume(self) -> float:
        """Membrane area over reference volume, 6 / d (1/cm)."""
        return 6.0 / (self.diameter * 1e-4)


@dataclass(frozen=True)
class CellState:
    """The cell at one instant: concentrations (mM), volume (relative to the reference) and V (mV)."""

    na_i: float
    k_i: float
    cl_i: float
    volume: float
    v: float


def _ghk_factor(u: float) -> float:
    """u / (1 - e^-u), the GHK factor, with its limit 1 at u = 0."""
    if abs(u) < 1e-8:
        return 1.0 + 0.5 * u
    return u / -math.expm1(-u)


def _ghk_factor_slope(u: float) -> float:
    """Derivative of :func:`_ghk_factor` with respect to u."""
    if abs(u) < 1e-4:
        return 0.5 + u / 6.0
    e = math.exp(-u)
    return (1.0 - e - u * e) / (1.0 - e) ** 2


def pump_current(params: CellParams, na_i):
    """Net outward pump current (µA/cm²) at internal sodium ``na_i`` (mM).

    I_p = pump_fraction x pump_max x (Na / (Na + K_Na))³; the pump exports 3 I_p / F of Na+ and imports
    2 I_p / F of K+ (mol per cm² per second, with I_p in A/cm²).
    """
    _checks.instance("params", params, CellParams)
    na_i = _checks.non_negative("na_i", na_i, "mM")
    return params.pump_fraction * params.pump_max * (na_i / (na_i + params.pump_k_na)) ** 3


def _balance_u(a: float, b: float, q: float, guess: float | None = None) -> float:
    """Solve a f(u) - b f(-u) + q = 0 for u = FV/RT, f the GHK factor :func:`_ghk_factor` (the total current vanishes).

    a = sum of P c over the outgoing sides, b over the incoming sides (cm/s mM);
    q = pump current / F in the same units. The left side rises with u, so Newton's method from ``guess``
    (default: the GHK voltage, the root without pump) converges; steps are capped at 2 (about 50 mV).
    """
    if a <= 0.0 and b <= 0.0:
        if q != 0.0:
            raise ValueError("the pump runs but every permeability is zero: no leak can balance its current")
        return 0.0  # an insulating, electroneutral membrane carries no charge, so V = 0
    if a <= 0.0 or b <= 0.0:
        raise ValueError("current balance needs permeant ions on both sides of the membrane")
    u = math.log(b / a) if guess is None else guess
    for _ in range(100):
        h = a * _ghk_factor(u) - b * _ghk_factor(-u) + q
        step = h / (a * _ghk_factor_slope(u) + b * _ghk_factor_slope(-u))
        u -= max(-2.0, min(2.0, step))
        if abs(step) < 1e-13 * max(1.0, abs(u)):
            return u
    raise RuntimeError(f"current balance did not converge (a={a!r}, b={b!r}, q={q!r})")


def _membrane(params: CellParams, na: float, k: float, cl: float, guess: float | None = None):
    """V as u = FV/RT and the outward currents (µA/cm²) carried by Na+, K+ and Cl-, and the net pump current.

    ``guess`` is a starting value of u for the current-balance solve (e.g. the previous time step's).
    """
    pump = pump_current(params, na)
    a = params.p_na * na + params.p_k * k + params.p_cl * params.cl_o
    b = params.p_na * params.na_o + params.p_k * params.k_o + params.p_cl * cl
    u = _balance_u(a, b, pump / FARADAY, guess)
    forward, backward = _ghk_factor(u), _ghk_factor(-u)
    i_na = FARADAY * params.p_na * (na * forward - params.na_o * backward)
    i_k = FARADAY * params.p_k * (k * forward - params.k_o * backward)
    i_cl = FARADAY * params.p_cl * (params.cl_o * forward - cl * backward)
    return u, i_na, i_k, i_cl, pump


def _volume(params: CellParams, amounts, fixed_volume: float | None):
    """Relative volume: fixed (a rigid wall) or the one that makes the interior isosmotic with the bath."""
    if fixed_volume is not None:
        return fixed_volume
    return (amounts[0] + amounts[1] + amounts[2] + params.impermeant_in) / params.osmolarity_out


def _rates(params: CellParams, amounts, fixed_volume: float | None, last_u: list):
    """d(amount)/dt in mM (at the reference volume) per second, for Na+, K+, Cl-.

    ``last_u`` holds the latest u = FV/RT, the starting guess of the next current-balance solve.
    """
    amounts = amounts.tolist()  # plain floats: much faster than numpy scalars in this scalar arithmetic
    volume = _volume(params, amounts, fixed_volume)
    u, i_na, i_k, i_cl, pump = _membrane(params, amounts[0] / volume, amounts[1] / volume, amounts[2] / volume,
                                         last_u[0])
    last_u[0] = u
    # Outward ion flux I / (z F) leaves through the area A: d(amount)/dt = -(A / W0) I / (z F). The factors
    # 1e-6 (µA -> A) and 1e6 (mol/cm³ -> mM) cancel.
    factor = -params.surface_to_volume / FARADAY
    return (factor * (i_na + NA_PER_CYCLE * pump), factor * (i_k - K_PER_CYCLE * pump), -factor * i_cl)


@dataclass(frozen=True)
class CellResult:
    """Time courses of the cell model.

    t : time (ms); na_i, k_i, cl_i : internal concentrations (mM); volume : relative to the reference volume;
    v : membrane potential (mV); i_pump : net pump current (µA/cm², outward);
    i_na, i_k, i_cl : leak currents (µA/cm², outward positive); params, rigid : what was simulated.
    """

    t: np.ndarray
    na_i: np.ndarray
    k_i: np.ndarray
    cl_i: np.ndarray
    volume: np.ndarray
    v: np.ndarray
    i_pump: np.ndarray
    i_na: np.ndarray
    i_k: np.ndarray
    i_cl: np.ndarray
    params: CellParams
    rigid: bool

    @property
    def t_min(self) -> np.ndarray:
        """Time in minutes."""
        return self.t / 60e3

    @property
    def e_na(self) -> np.ndarray:
        return electrochem.nernst(self.params.na_o, self.na_i, 1, self.params.celsius)

    @property
    def e_k(self) -> np.ndarray:
        return electrochem.nernst(self.params.k_o, self.k_i, 1, self.params.celsius)

    @property
    def e_cl(self) -> np.ndarray:
        return electrochem.nernst(self.params.cl_o, self.cl_i, -1, self.params.celsius)

    @property
    def impermeant(self) -> np.ndarray:
        """Internal impermeant solute (mM): a fixed amount diluted by the volume."""
        return self.params.impermeant_in / self.volume

    @property
    def osmotic_excess(self) -> np.ndarray:
        """Internal minus bath solute (mM); zero for a cell free to swell, >0 builds pressure in a rigid one."""
        return self.na_i + self.k_i + self.cl_i + self.impermeant - self.params.osmolarity_out

    @property
    def pressure(self) -> np.ndarray:
        """Osmotic pressure difference RT x excess (kPa) that a wall must bear (van 't Hoff)."""
        return GAS_CONSTANT * kelvin(self.params.celsius) * self.osmotic_excess * 1e-3

    @property
    def charge_excess(self) -> np.ndarray:
        """Net charge concentration inside (mM), zero when the interior is electroneutral."""
        return self.na_i + self.k_i - self.cl_i + self.params.z_impermeant * self.impermeant


def _check_initial(params: CellParams, state: CellState, rigid: bool) -> None:
    """The model keeps the interior neutral (and, with a free volume, isosmotic); so must its starting point."""
    for name in ("na_i", "k_i", "cl_i", "volume"):
        _checks.positive(f"initial.{name}", getattr(state, name), "mM" if name != "volume" else "")
    impermeant = params.impermeant_in / state.volume
    charge = state.na_i + state.k_i - state.cl_i + params.z_impermeant * impermeant
    tolerance = 1e-6 * params.osmolarity_out
    if abs(charge) > tolerance:
        raise ValueError(f"initial state must be electroneutral: Na + K - Cl + z_X [X] = {charge:.3g} mM, not 0 "
                         f"([X] = {impermeant:.4g} mM at volume {state.volume:g})")
    excess = state.na_i + state.k_i + state.cl_i + impermeant - params.osmolarity_out
    if not rigid and abs(excess) > tolerance:
        raise ValueError(f"initial state of a cell free to swell must be isosmotic with the bath: internal minus "
                         f"bath solute is {excess:.3g} mM, not 0")


MIN_T_STOP = 1e-3
"""Shortest run (ms) of :func:`simulate`: the solver's tolerances assume spans of at least a microsecond."""

MAX_T_STOP = 1e5 * 3600e3
"""Longest run (ms) of :func:`simulate`: 100,000 hours (about eleven years)."""


def simulate(params: CellParams, t_stop: float, initial: CellState | None = None, rigid: bool = False,
             samples: int = 400) -> CellResult:
    """Integrate the cell model for ``t_stop`` ms from ``initial`` and sample it at ``samples`` times.

    ``initial`` defaults to the resting steady state with the pump at its
    normal rate (``params.replace(pump_fraction=1)``), so that by default the
    run shows what happens when the pump rate changes to
    ``params.pump_fraction`` at t = 0. ``rigid=True`` holds the volume at the
    initial one (a cell wall), so the osmotic excess builds a pressure instead.
    Uses :func:`scipy.integrate.solve_ivp` (LSODA, rtol 1e-8).
    """
    _checks.instance("params", params, CellParams)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, MIN_T_STOP, MAX_T_STOP, "ms")
    samples = _checks.integer("samples", samples, 2, 1_000_000)
    _checks.boolean("rigid", rigid)
    if initial is not None:
        _checks.instance("initial", initial, CellState)
    if initial is None:
        initial = steady_state(params.replace(pump_fraction=1.0))
    _check_initial(params, initial, rigid)
    start = np.array([initial.na_i, initial.k_i, initial.cl_i]) * initial.volume
    fixed_volume = initial.volume if rigid else None

    last_u = [initial.v / thermal_voltage(params.celsius)]

    def rhs(_t, y):
        return _rates(params, y, fixed_volume, last_u)

    times = np.linspace(0.0, t_stop * 1e-3, samples)
    solution = solve_ivp(rhs, (0.0, times[-1]), start, method="LSODA", t_eval=times, rtol=1e-8,
                         atol=1e-9 * params.osmolarity_out)
    if not solution.success:
        raise RuntimeError(f"cell model integration failed: {solution.message}")
    volume = _volume(params, solution.y, fixed_volume) * np.ones(times.size)
    na, k, cl = solution.y / volume
    membrane = []
    for c in zip(na, k, cl):
        membrane.append(_membrane(params, *c, guess=membrane[-1][0] if membrane else None))
    membrane = np.array(membrane)
    return CellResult(t=times * 1e3, na_i=na, k_i=k, cl_i=cl, volume=volume,
                      v=membrane[:, 0] * thermal_voltage(params.celsius), i_pump=membrane[:, 4],
                      i_na=membrane[:, 1], i_k=membrane[:, 2], i_cl=membrane[:, 3], params=params, rigid=rigid)


def membrane_potential(params: CellParams, na_i, k_i, cl_i) -> float:
    """Membrane potential (mV) at which leak and pump currents sum to zero, for internal concentrations (mM)."""
    _checks.instance("params", params, CellParams)
    na_i, k_i, cl_i = (_checks.non_negative(name, _checks.finite_scalar(name, c, "mM"), "mM")
                       for name, c in (("na_i", na_i), ("k_i", k_i), ("cl_i", cl_i)))
    return _membrane(params, na_i, k_i, cl_i)[0] * thermal_voltage(params.celsius)


# -- steady state ------------------------------------------------------------------------------------

def _free_volume_solute(params: CellParams, cl: float) -> tuple[float, float]:
    """Internal Na + K (mM) and impermeant concentration (mM) when the interior is neutral and isosmotic."""
    inv = 1.0 / abs(params.z_impermeant)
    cations = (params.osmolarity_out - cl * (1.0 - inv)) / (1.0 + inv)
    return cations, (cations - cl) * inv


def steady_state(params: CellParams) -> CellState:
    """The cell's steady state with a free volume: every ion's net flux zero, interior neutral and isosmotic.

    Needs ``p_cl > 0`` (chloride is then passively distributed, [Cl]i = [Cl]o e^{FV/RT})
    and ``p_na``, ``p_k`` > 0. With the pump blocked this is the Donnan state
    (:func:`donnan_state`). Raises ``ValueError`` if no steady state of finite
    volume exists: the cell would swell without bound.
    """
    _checks.instance("params", params, CellParams)
    for name in ("p_na", "p_k", "p_cl"):
        if getattr(params, name) <= 0:
            raise ValueError(f"steady_state needs {name} > 0, got {getattr(params, name)!r}")
    if params.pump_fraction == 0 or params.pump_max == 0:
        donnan = donnan_state(params, rigid=False)
        return CellState(donnan.na_i, donnan.k_i, donnan.cl_i, donnan.volume, donnan.potential)

    def sodium(u: float) -> float:
        # Na+ balance: leak (rising with Na) plus 3 x pump (rising with Na) = 0 has one root below na_o e^-u.
        top = params.na_o * math.exp(-u)

        def residual(na):
            return (FARADAY * params.p_na * _ghk_factor(u) * (na - top) + NA_PER_CYCLE * pump_current(params, na))
        return brentq(residual, 0.0, top, xtol=1e-14, rtol=1e-13)

    def potassium_residual(u: float, na: float | None = None) -> float:
        cl = params.cl_o * math.exp(u)
        cations, _ = _free_volume_solute(params, cl)
        na = sodium(u) if na is None else na
        k = cations - na
        return FARADAY * params.p_k * _ghk_factor(u) * (k - params.k_o * math.exp(-u)) - K_PER_CYCLE * pump_current(
            params, na)

    def scan(u: float) -> tuple[float, bool]:
        # The K+ residual, and whether the state at u is physical (impermeant and K+ concentrations positive).
        cations, impermeant = _free_volume_solute(params, params.cl_o * math.exp(u))
        na = sodium(u)
        return potassium_residual(u, na), impermeant > 0 and cations > na

    grid = np.linspace(-9.0, 1.0, 201)  # u = FV/RT from about -240 to +27 mV at 37 °C
    values, valid = np.array([scan(u) for u in grid]).T
    valid = valid.astype(bool)
    crossings = np.nonzero(valid[:-1] & valid[1:] & (np.sign(values[:-1]) != np.sign(values[1:])))[0]
    if crossings.size == 0:
        raise ValueError("no steady state of finite volume: with these parameters the cell swells without bound")
    u = brentq(potassium_residual, grid[crossings[0]], grid[crossings[0] + 1], xtol=1e-14, rtol=1e-13)
    cl = params.cl_o * math.exp(u)
    cations, impermeant = _free_volume_solute(params, cl)
    na = sodium(u)
    return CellState(na, cations - na, cl, params.impermeant_in / impermeant, u * thermal_voltage(params.celsius))


def calibrated_cell(v_rest: float = -70.0, ions: IonSet = MAMMALIAN, p_k: float = 1e-6, p_cl_ratio: float = 0.1,
                    diameter: float = 20.0, pump_k_na: float = 10.0, impermeant_out: float | None = None
                    ) -> CellParams:
    """Cell parameters whose steady state has V = ``v_rest`` (mV) and the internal Na+, K+ of ``ions``.

    The bath is ``ions``' outside; chloride, with no transporter, is passively
    distributed at rest ([Cl]i = [Cl]o e^{F v_rest/RT}). In a steady state the
    leaks must balance the pump ion by ion:

        I_K(leak) = 2 I_p,   I_Na(leak) = -3 I_p,

    so ``p_k`` (cm/s) fixes the pump current I_p, which fixes ``p_na`` and
    ``pump_max`` (given the pump's half-activation ``pump_k_na``, mM). The
    impermeant anions inside make the interior neutral and isosmotic with the
    bath, which fixes their amount and mean charge. ``impermeant_out`` (mM)
    defaults to the anion gap of the bath, na_o + k_o - cl_o, counted as
    impermeant monovalent anions (bicarbonate and the rest, lumped).
    """
    v_rest = _checks.scalar_in_range("v_rest", v_rest, -150.0, 0.0, "mV")
    p_k = _checks.positive("p_k", _checks.finite_scalar("p_k", p_k, "cm/s"), "cm/s")
    p_cl_ratio = _checks.non_negative("p_cl_ratio", _checks.finite_scalar("p_cl_ratio", p_cl_ratio))
    _checks.instance("ions", ions, IonSet)
    for name in ("Na", "K", "Cl"):
        if name not in {ion.name for ion in ions.ions}:
            raise ValueError(f"ions must hold Na, K and Cl, got {ions.name} without {name}")
    diameter = _checks.positive("diameter", _checks.finite_scalar("diameter", diameter, "µm"), "µm")
    pump_k_na = _checks.positive("pump_k_na", _checks.finite_scalar("pump_k_na", pump_k_na, "mM"), "mM")
    if impermeant_out is not None:
        impermeant_out = _checks.non_negative("impermeant_out", _checks.finite_scalar("impermeant_out",
                                                                                      impermeant_out, "mM"), "mM")
    na_o, na_i = ions["Na"].c_out, ions["Na"].c_in
    k_o, k_i = ions["K"].c_out, ions["K"].c_in
    cl_o = ions["Cl"].c_out
    gap = na_o + k_o - cl_o if impermeant_out is None else impermeant_out
    if gap < 0:
        raise ValueError(f"impermeant_out must be >= 0 mM, got {gap!r}")
    celsius = ions.celsius
    i_k = float(electrochem.ghk_current(v_rest, p_k, 1, k_i, k_o, celsius))
    if i_k <= 0:
        raise ValueError(f"v_rest must lie above E_K for the pump to balance the K+ leak, got {v_rest!r} mV")
    pump = i_k / K_PER_CYCLE
    p_na = -NA_PER_CYCLE * pump / float(electrochem.ghk_current(v_rest, 1.0, 1, na_i, na_o, celsius))
    cl_i = cl_o * math.exp(v_rest / thermal_voltage(celsius))
    osmolarity_out = na_o + k_o + cl_o + gap
    impermeant = osmolarity_out - (na_i + k_i + cl_i)
    charge = -(na_i + k_i - cl_i)
    return CellParams(diameter=diameter, p_na=p_na, p_k=p_k, p_cl=p_cl_ratio * p_k,
                      pump_max=pump / (na_i / (na_i + pump_k_na)) ** 3, pump_k_na=pump_k_na, pump_fraction=1.0,
                      na_o=na_o, k_o=k_o, cl_o=cl_o, impermeant_out=gap, impermeant_in=impermeant,
                      z_impermeant=charge / impermeant, celsius=celsius)


STANDARD_CELL = calibrated_cell()
"""A 20 µm mammalian cell resting at -70 mV with the MAMMALIAN concentrations (see :func:`calibrated_cell`)."""


def rundown_time(params: CellParams, ion: str = "K", state: CellState | None = None) -> float:
    """Time (ms) the leak of ``ion`` ("K" or "Na") alone would take to move as much of it as the cell holds.

    W [ion]i / (A |J|): the cell's content of the ion over its leak flux at
    ``state`` (default: the normal resting steady state). For K+ this is the
    time the potassium store would last at the resting leak rate without the
    pump; for Na+ the time for the leak to double the internal sodium.
    """
    _checks.instance("params", params, CellParams)
    if state is not None:
        _checks.instance("state", state, CellState)
    state = steady_state(params.replace(pump_fraction=1.0)) if state is None else state
    _, i_na, i_k, _, _ = _membrane(params, state.na_i, state.k_i, state.cl_i)
    currents = {"Na": (i_na, state.na_i), "K": (i_k, state.k_i)}
    if not isinstance(ion, str) or ion not in currents:
        raise ValueError(f"ion must be 'Na' or 'K', got {ion!r}")
    current, concentration = currents[ion]
    # W c / (A I / F) with c in mM = 1e-6 mol/cm³ and I in µA/cm² = 1e-6 A/cm² (the factors cancel), in s.
    return 1e3 * concentration * FARADAY / (params.surface_to_volume * abs(current)) * state.volume


# -- Donnan equilibrium ------------------------------------------------------------------------------

def donnan_ratio(cations_out, anions_out, fixed_charge):
    """Donnan ratio r = [cation]i/[cation]o = [anion]o/[anion]i for monovalent permeant ions.

    ``cations_out`` and ``anions_out`` are the bath's permeant cation and
    anion totals (mM); ``fixed_charge`` is the charge concentration of the
    impermeant solute inside, z_X [X] (mM, negative for anions). Neutrality
    inside, C r - A / r + z_X [X] = 0, is a quadratic whose positive root is

        r = (-z_X [X] + sqrt((z_X [X])² + 4 C A)) / (2 C).
    """
    cations_out = _checks.positive("cations_out", cations_out, "mM")
    anions_out = _checks.positive("anions_out", anions_out, "mM")
    fixed_charge = _checks.finite("fixed_charge", fixed_charge, "mM")
    return (-fixed_charge + np.sqrt(fixed_charge ** 2 + 4.0 * cations_out * anions_out)) / (2.0 * cations_out)


@dataclass(frozen=True)
class DonnanState:
    """A Donnan equilibrium: ratio r, potential (mV), internal concentrations (mM), volume and osmotic excess.

    ``volume`` is relative to the reference volume; ``osmotic_excess`` (mM) is internal minus bath solute and
    ``pressure`` (kPa) the osmotic pressure difference it causes (zero for a cell free to swell).
    """

    ratio: float
    potential: float
    na_i: float
    k_i: float
    cl_i: float
    impermeant: float
    volume: float
    osmotic_excess: float
    pressure: float


def donnan_state(params: CellParams, rigid: bool = True, volume: float = 1.0) -> DonnanState:
    """The equilibrium a cell without a pump reaches when Na+, K+ and Cl- all permeate.

    ``rigid=True``: the volume is held at ``volume`` (relative), the impermeant
    concentration is fixed and only neutrality matters (:func:`donnan_ratio`);
    the interior ends up hypertonic. ``rigid=False``: the volume is free and
    must also make the interior isosmotic with the bath. With z the mean
    impermeant charge and S the bath osmolarity, neutrality and osmotic balance
    give C (1 + 1/|z|) r² - S r + A (1 - 1/|z|) = 0; the root with C r > A / r
    leaves a positive impermeant concentration (C r - A / r) / |z|. If none
    does (e.g. a bath of pure salt), no finite volume balances the osmotic
    excess and ``ValueError`` is raised: Donnan swelling without bound.
    """
    _checks.instance("params", params, CellParams)
    _checks.boolean("rigid", rigid)
    bath_charge = params.na_o + params.k_o - params.cl_o - params.impermeant_out
    if abs(bath_charge) > 1e-9 * params.osmolarity_out:
        raise ValueError(f"params: the bath must be electroneutral, na_o + k_o - cl_o - impermeant_out = "
                         f"{bath_charge:.4g} mM, not 0")
    cations, anions = params.na_o + params.k_o, params.cl_o
    inv = 1.0 / abs(params.z_impermeant)
    if rigid:
        volume = _checks.scalar_in_range("volume", volume, 1e-6, 1e6)
        impermeant = params.impermeant_in / volume
        ratio = float(donnan_ratio(cations, anions, params.z_impermeant * impermeant))
    else:
        roots = np.roots([cations * (1.0 + inv), -params.osmolarity_out, anions * (1.0 - inv)])
        roots = roots[np.isreal(roots)].real
        roots = roots[(roots > 0) & (cations * roots ** 2 > anions * (1.0 + 1e-12))]
        if roots.size == 0:
            raise ValueError("no Donnan equilibrium of finite volume: without impermeant solute outside "
                             "(impermeant_out > 0) an unpumped cell swells without bound")
        ratio = float(roots.max())
        impermeant = (cations * ratio - anions / ratio) * inv
        volume = params.impermeant_in / impermeant
    na, k, cl = params.na_o * ratio, params.k_o * ratio, params.cl_o / ratio
    excess = na + k + cl + impermeant - params.osmolarity_out
    return DonnanState(ratio=ratio, potential=-thermal_voltage(params.celsius) * math.log(ratio), na_i=na, k_i=k,
                       cl_i=cl, impermeant=impermeant, volume=volume, osmotic_excess=excess,
                       pressure=GAS_CONSTANT * kelvin(params.celsius) * excess * 1e-3)


HOUR = 3600e3
"""One hour in ms, the time unit of pump-leak changes."""


@functools.lru_cache(maxsize=16)
def _cached_rest(params: CellParams) -> CellState:
    return steady_state(params)


@functools.lru_cache(maxsize=256)
def _cached_pump_change(params: CellParams, t_stop: float, samples: int) -> CellResult:
    # Rest does not depend on the diameter or on P_Cl, and its volume is proportional to the impermeant content.
    reference = params.replace(pump_fraction=1.0, p_cl=STANDARD_CELL.p_cl, diameter=STANDARD_CELL.diameter,
                               impermeant_in=STANDARD_CELL.impermeant_in)
    rest = _cached_rest(reference)
    start = dataclasses.replace(rest, volume=rest.volume * params.impermeant_in / STANDARD_CELL.impermeant_in)
    return simulate(params, t_stop, initial=start, samples=samples)


def pump_change(pump_fraction: float, params: CellParams = STANDARD_CELL, t_stop: float = 6 * HOUR,
                samples: int = 200) -> CellResult:
    """The cell of ``params`` at rest with its normal pump, whose pump rate becomes ``pump_fraction`` at t = 0.

    The resting state depends neither on the chloride permeability (chloride sits at equilibrium) nor on
    the amount of impermeant solute (only the volume scales with it), so it is computed with the standard
    chloride permeability and may be followed with any other. Results are cached.
    """
    _checks.instance("params", params, CellParams)
    pump_fraction = _checks.scalar_in_range("pump_fraction", pump_fraction, 0.0, 100.0)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, MIN_T_STOP, MAX_T_STOP, "ms")
    samples = _checks.integer("samples", samples, 2, 1_000_000)
    return _cached_pump_change(params.replace(pump_fraction=pump_fraction), t_stop, samples)
