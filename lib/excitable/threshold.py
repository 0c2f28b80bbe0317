"""The threshold of the space-clamped HH membrane near rest: current balance, the fast I-V and the fast (V, m) plane.

Near rest the sodium activation gate m is more than ten times faster than h and n, so on the time scale
of the take-off the membrane behaves like a fast system (V, m) with h and n frozen at the values they
had (by default their resting values). Its current balance is the *fast* (instantaneous) I-V curve::

    I_fast(V) = g_Na m_inf(V)^3 h (V - E_Na) + g_K n^4 (V - E_K) + g_L (V - E_L)

(µA/cm², outward positive), which is :func:`excitable.hh.ionic_current` with m at its steady state;
this module writes no equation of the model again. What it offers:

- :func:`fast_iv`, :func:`fast_iv_zeros`, :func:`fast_iv_threshold`: the curve, its zeros (rest, the
  threshold, the upstroke's end; one or three as h and n move) and the middle zero;
- :func:`slope_conductance` (dI_fast/dV, negative between the ends of :func:`negative_slope_region`)
  against :func:`chord_conductance` (the sum of the conductances, never negative), and
  :func:`steady_state_slope_conductance` of the steady-state I-V, which never turns negative;
- :func:`relaxation_time_constants`: the chord and the slope time constants at rest (ms);
- :func:`step_response_slopes` (dV/dt after a current step from rest, exactly I/C_m at 0+) and
  :func:`latency` (pulse onset to spike, longer as the stimulus nears threshold);
- the fast subsystem: :func:`fast_derivatives`, :func:`fast_v_nullcline`, :func:`simulate_fast`,
  :func:`fast_fixed_points` (with the Jacobian's
  eigen-directions), :func:`separatrix` (the saddle's stable manifold, by backward integration) and
  :func:`separatrix_jump` (the sudden depolarization from rest that lands on it);
- the full model's quasi-threshold: :func:`quasi_threshold_band` (peaks at the threshold plus or minus
  tiny offsets) and :func:`graded_band` (the width of the band of graded responses, scanned with a
  stated step).

Units: V in mV, t in ms, currents in µA/cm², conductances in mS/cm², C_m in µF/cm², temperature in °C.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import _checks, analysis, dynamics, gating, hh, stimuli
from .experiments import PULSE_START, PULSE_WINDOW

V_GRID = (-150.0, 150.0, 0.05)
"""Voltages (low, high, step in mV) scanned for the zeros of the fast I-V and of its slope. For any reversal
potentials within the model's usual range every zero lies inside: far below, m_inf is 0 and the K+ and leak
currents are inward; far above, every current is outward."""

_SLOPE_STEP = 1e-4
"""Voltage step (mV) of the central differences of m_inf(V) and of the steady-state current."""

MAX_AMPLITUDES = 2000
"""Most stimuli or offsets one call simulates at once."""

AMPLITUDE_LIMIT = 1e4
"""Largest stimulus current (µA/cm², either sign) the step and pulse protocols accept."""


def _check_params(params):
    return _checks.instance("params", params, hh.HHParams)


@functools.lru_cache(maxsize=64)
def _resting_gates(params: hh.HHParams) -> tuple[float, float, float, float]:
    """(V_rest, m, h, n) of ``params`` at rest."""
    rest = hh.resting_potential(params)
    return (rest, *(float(x) for x in hh.gate_steady_states(rest, params)))


def _frozen(h, n, params):
    """(h, n) after checking each is None (its resting value) or a number between 0 and 1."""
    _, _, h_rest, n_rest = _resting_gates(_check_params(params))
    h = h_rest if h is None else _checks.scalar_in_range("h", h, 0.0, 1.0)
    n = n_rest if n is None else _checks.scalar_in_range("n", n, 0.0, 1.0)
    return h, n


def _fast_iv(v, h, n, params):
    """I_fast (µA/cm²) without input checks: :func:`excitable.hh` currents with m = m_inf(V)."""
    m_inf = gating.hh_x_inf("m", v)
    return sum(hh._ionic_currents(v, m_inf, h, n, params))


def fast_iv(v, h=None, n=None, params: hh.HHParams = hh.STANDARD):
    """The fast (instantaneous) I-V curve: total ionic current (µA/cm², outward positive) at V (mV).

    m sits at m_inf(V) while h and n are frozen at the given values (dimensionless, 0..1; ``None``
    means the resting value of ``params``), as just after a sudden step of voltage from rest. ``v`` may
    be a number or an array.
    """
    h, n = _frozen(h, n, params)
    v = _checks.finite("v", v, "mV")
    return hh.ionic_current(v, hh.gate_steady_states(v, params)[0], h, n, params)


def slope_conductance(v, h=None, n=None, params: hh.HHParams = hh.STANDARD):
    """dI_fast/dV (mS/cm²) of the fast I-V at V (mV); negative where the current grows more inward with V.

    The conductances' sum plus the term of m's voltage dependence,
    3 g_Na m_inf^2 h (dm_inf/dV) (V - E_Na), with dm_inf/dV by central differences. h and n as in
    :func:`fast_iv`.
    """
    h, n = _frozen(h, n, params)
    v = _checks.finite("v", v, "mV")
    return _slope(v, h, n, params)


def _slope(v, h, n, params):
    m_inf = gating.hh_x_inf("m", v)
    dm_dv = (gating.hh_x_inf("m", v + _SLOPE_STEP) - gating.hh_x_inf("m", v - _SLOPE_STEP)) / (2 * _SLOPE_STEP)
    g_na, g_k, g_l = hh._conductances(v, m_inf, h, n, params)
    h_held = hh._inactivation_held(h, params)
    return g_na + g_k + g_l + 3.0 * params.g_na * m_inf**2 * h_held * dm_dv * (v - params.e_na)


def chord_conductance(v, h=None, n=None, params: hh.HHParams = hh.STANDARD):
    """Total chord conductance g_Na + g_K + g_L (mS/cm²) on the fast I-V at V (mV): never negative.

    Each current is its conductance times its driving force (Ohm's law per channel type), and each
    conductance is >= 0, whatever the sign of the slope. h and n as in :func:`fast_iv`.
    """
    h, n = _frozen(h, n, params)
    v = _checks.finite("v", v, "mV")
    return sum(hh.conductances(v, hh.gate_steady_states(v, params)[0], h, n, params))


def steady_state_slope_conductance(v, params: hh.HHParams = hh.STANDARD):
    """Slope (mS/cm²) of the steady-state I-V, d/dV of :func:`excitable.hh.steady_state_current`, at V (mV).

    Central differences with a step of 1e-4 mV. For the standard membrane it stays positive at every
    voltage: the steady-state I-V is monotonic.
    """
    _check_params(params)
    v = _checks.finite("v", v, "mV")
    return (hh.steady_state_current(v + _SLOPE_STEP, params) - hh.steady_state_current(v - _SLOPE_STEP, params)) / (
        2 * _SLOPE_STEP)


def _grid_zeros(function, grid):
    """Zeros of ``function`` (vectorized) on the voltage ``grid``: sign changes refined by Brent's method."""
    values = function(grid)
    zeros = [float(grid[k]) for k in np.nonzero(values == 0.0)[0]]
    crossing = np.nonzero(values[:-1] * values[1:] < 0)[0]
    zeros += [brentq(lambda x: float(function(x)), grid[k], grid[k + 1], xtol=1e-12) for k in crossing]
    return np.array(sorted(zeros))


def _monotone_pieces(h, n, params):
    """Grid points that split V_GRID into pieces on which I_fast is monotone (the slope's zeros added)."""
    low, high, step = V_GRID
    grid = np.linspace(low, high, int(round((high - low) / step)) + 1)
    turns = _grid_zeros(lambda x: _slope(x, h, n, params), grid)
    return np.unique(np.concatenate([grid, turns]))


def fast_iv_zeros(h=None, n=None, params: hh.HHParams = hh.STANDARD) -> np.ndarray:
    """Sorted voltages (mV) where the fast I-V (:func:`fast_iv`) is zero: fixed points of the fast subsystem.

    The grid of :data:`V_GRID` is refined by the zeros of the slope, so that the curve is monotone between
    neighbouring points; each sign change is then refined by Brent's method to 1e-12 mV. With h and n at
    rest there are three zeros (rest, the threshold, the upstroke's end near E_Na). As h falls (inactivation)
    the threshold and the upstroke's end approach, merge and vanish, leaving rest alone: no spike can start.
    As n falls below its resting value (after a hyperpolarization) rest and the threshold merge and vanish,
    leaving the upstroke's end alone: the fast subsystem takes off by itself. A zero where the curve only
    touches the axis (a double zero) is returned once if it falls on a grid point and may be missed otherwise.
    """
    h, n = _frozen(h, n, params)
    grid = _monotone_pieces(h, n, params)
    return _grid_zeros(lambda x: _fast_iv(x, h, n, params), grid)


def fast_iv_threshold(params: hh.HHParams = hh.STANDARD) -> float:
    """The threshold of the fast I-V (mV): its middle zero with h and n at their resting values.

    There the net current is zero and its slope negative; a little above it the net current is inward and
    the fast subsystem runs away to the upstroke. ``ValueError`` if the curve has not three zeros.
    """
    zeros = fast_iv_zeros(None, None, params)
    if zeros.size != 3:
        raise ValueError(f"params: the fast I-V has {zeros.size} zero(s) with h and n at rest, not 3, "
                         "so it has no threshold")
    return float(zeros[1])


def negative_slope_region(h=None, n=None, params: hh.HHParams = hh.STANDARD):
    """(low, high) in mV between which the fast I-V's slope is negative, or ``None`` if it never is.

    The ends are zeros of :func:`slope_conductance`, found on the grid of :data:`V_GRID` and refined by
    Brent's method; if the slope is negative on several stretches, the first one from below is returned.
    """
    h, n = _frozen(h, n, params)
    low, high, step = V_GRID
    grid = np.linspace(low, high, int(round((high - low) / step)) + 1)
    turns = _grid_zeros(lambda x: _slope(x, h, n, params), grid)
    for a, b in zip(turns[:-1], turns[1:], strict=True):
        if _slope(0.5 * (a + b), h, n, params) < 0:
            return float(a), float(b)
    return None


def relaxation_time_constants(params: hh.HHParams = hh.STANDARD) -> tuple[float, float]:
    """(chord, slope) time constants (ms) of small departures from rest.

    Chord: C_m divided by the resting conductance (g_Na + g_K + g_L at rest), the time constant with the
    gates held. Slope: C_m divided by the slope of the steady-state I-V at rest
    (:func:`steady_state_slope_conductance`), the time constant if the gates followed V at once. The
    true response mixes the two (and rings); either says how long V stays near its initial slope.
    """
    rest = _resting_gates(_check_params(params))[0]
    slope = float(steady_state_slope_conductance(rest, params))
    if slope <= 0:
        raise ValueError(f"params: the steady-state I-V has slope {slope:.3g} mS/cm² at rest, so rest is unstable")
    return params.c_m / hh.resting_conductance(params), params.c_m / slope


def step_response_slopes(amplitude: float, times, params: hh.HHParams = hh.STANDARD, dt: float = 0.001):
    """dV/dt (mV/ms) at ``times`` (ms after onset) of the response to a current step from rest.

    The step of ``amplitude`` µA/cm² (positive depolarizing) switches on at t = 0 and stays on; the
    membrane is simulated (:func:`excitable.hh.simulate`, step ``dt`` ms) and dV/dt is current balance,
    (I - I_ion)/C_m, evaluated on the simulated state and interpolated linearly to ``times``. At 0+ V is
    still V_rest, where I_ion = 0, so dV/dt(0+) = I/C_m exactly, for the HH membrane and for a passive
    one (:func:`excitable.passive.passive_params`) alike; it then falls as the ionic current builds up.
    """
    amplitude = _checks.scalar_in_range("amplitude", amplitude, -AMPLITUDE_LIMIT, AMPLITUDE_LIMIT, "µA/cm²")
    times = _checks.in_range("times", times, 0.0, 1000.0, "ms")
    if np.size(times) == 0:
        raise ValueError("times must hold at least one time (ms), got an empty array")
    _check_params(params)
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    t_stop = max(float(np.max(times)), dt)
    result = hh.simulate(stimuli.step(amplitude, 0.0), t_stop, dt, params)
    i_ion = hh.ionic_current(result.v, result.m, result.h, result.n, params)
    dv_dt = (amplitude - i_ion) / params.c_m
    out = np.interp(times, result.t, dv_dt)
    return float(out) if np.ndim(times) == 0 else out


def latency(amplitudes, duration: float = 1.0, params: hh.HHParams = hh.STANDARD, dt: float = 0.025) -> np.ndarray:
    """Latency (ms) from the onset of a current pulse to its spike (the first upward crossing of 0 mV).

    Pulses of each amplitude (µA/cm², positive depolarizing) and ``duration`` ms start from rest at
    :data:`~excitable.experiments.PULSE_START` and are followed for
    :data:`~excitable.experiments.PULSE_WINDOW` ms after they end, all in one batch
    (:func:`excitable.hh.simulate_batch`, step ``dt`` ms; the default is the step of
    :func:`excitable.experiments.threshold_pulse`, so that amplitudes given as multiples of that threshold are
    measured against the threshold of the same computation). ``inf`` where no spike came. Just above
    threshold the latency grows without bound, because V lingers near the unstable balance of currents.
    """
    amplitudes = np.atleast_1d(_checks.in_range("amplitudes", amplitudes, -AMPLITUDE_LIMIT, AMPLITUDE_LIMIT, "µA/cm²"))
    if amplitudes.ndim != 1 or not 1 <= amplitudes.size <= MAX_AMPLITUDES:
        raise ValueError(f"amplitudes must be a number or a 1-D array of 1 to {MAX_AMPLITUDES} currents (µA/cm²), "
                         f"got shape {amplitudes.shape}")
    duration = _checks.scalar_in_range("duration", duration, 1e-3, 1000.0, "ms")
    _check_params(params)
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    batch = hh.simulate_batch([stimuli.pulse(float(a), PULSE_START, duration) for a in amplitudes],
                              PULSE_START + duration + PULSE_WINDOW, dt, params, record_voltage=False)
    return np.array([s[0] - PULSE_START if s.size else np.inf for s in batch.spike_times])


# --- the fast (V, m) subsystem -------------------------------------------------------------------------------


def fast_derivatives(v, m, h=None, n=None, params: hh.HHParams = hh.STANDARD, i_app=0.0):
    """(dV/dt in mV/ms, dm/dt in 1/ms) of the fast subsystem at (V in mV, m), with h and n frozen.

    The first two rows of :func:`excitable.hh.derivatives`; h and n as in :func:`fast_iv`, ``i_app``
    (µA/cm², positive depolarizing) the applied current.
    """
    h, n = _frozen(h, n, params)
    v = _checks.finite("v", v, "mV")
    m = _checks.in_range("m", m, 0.0, 1.0)
    i_app = _checks.finite_scalar("i_app", i_app, "µA/cm²")
    _checks.broadcastable("v", np.shape(v), m=m)
    if np.ndim(v) or np.ndim(m):
        v, m = np.broadcast_arrays(v, m)
        h, n = np.full(v.shape, h), np.full(v.shape, n)
    rates = hh.derivatives((v, m, h, n), params, i_app)
    return rates[0], rates[1]


def fast_v_nullcline(v, h=None, n=None, params: hh.HHParams = hh.STANDARD):
    """The V-nullcline of the fast subsystem: the m (0..1) at which dV/dt = 0 for each V (mV), h and n frozen.

    There the sodium current g_Na m^3 h (V - E_Na) cancels the potassium and leak currents, so
    m^3 = -(I_K + I_L) / (g_Na h (V - E_Na)), each current from :func:`excitable.hh.ionic_currents`. NaN where
    no m between 0 and 1 balances them (a gap in a drawing). The m-nullcline is m = m_inf(V).
    """
    h, n = _frozen(h, n, params)
    v = _checks.finite("v", v, "mV")
    _, i_k, i_l = hh.ionic_currents(v, 0.0, h, n, params)
    sodium_at_full_m = hh.ionic_currents(v, 1.0, h, n, params)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        cube = np.where(sodium_at_full_m != 0.0, -(i_k + i_l) / sodium_at_full_m, np.nan)
    m = np.where((cube >= 0.0) & (cube <= 1.0), np.cbrt(np.clip(cube, 0.0, 1.0)), np.nan)
    return float(m) if np.ndim(m) == 0 else m


@dataclass(frozen=True)
class FastTrajectory:
    """A run of the fast subsystem: t (ms), V (mV) and m, with h and n frozen at ``h`` and ``n``."""

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: float
    n: float


def simulate_fast(v0: float, m0: float | None = None, t_stop: float = 20.0, h=None, n=None,
                  params: hh.HHParams = hh.STANDARD, dt: float = 0.01) -> FastTrajectory:
    """Integrate the fast (V, m) subsystem from (``v0`` mV, ``m0``) for ``t_stop`` ms, h and n frozen.

    ``m0`` defaults to m at rest (a sudden jump of V from rest leaves m where it was). The right-hand side is
    :func:`excitable.hh.derivatives` with h and n held; :func:`scipy.integrate.solve_ivp` (LSODA, rtol 1e-9),
    sampled every ``dt`` ms.
    """
    h, n = _frozen(h, n, params)
    v0 = _checks.scalar_in_range("v0", v0, *_V_BOX, "mV")
    m0 = _resting_gates(params)[1] if m0 is None else _checks.scalar_in_range("m0", m0, 0.0, 1.0)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 1e-3, 1000.0, "ms")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, 1.0, "ms")
    if t_stop / dt > 1_000_000:
        raise ValueError(f"t_stop / dt = {t_stop / dt:.3g} samples; at most 1,000,000")
    t_eval = np.arange(int(round(t_stop / dt)) + 1) * dt
    solution = solve_ivp(_fast_rhs(h, n, params), (0.0, t_eval[-1]), [v0, m0], method="LSODA", t_eval=t_eval,
                         rtol=1e-9, atol=[1e-9, 1e-12], max_step=0.05)
    return FastTrajectory(solution.t, solution.y[0], np.clip(solution.y[1], 0.0, 1.0), h, n)


def _fast_rhs(h, n, params, direction=1.0):
    """Right-hand side of the fast subsystem for solve_ivp, forward (+1) or backward (-1) in time."""
    def rhs(_t, y):
        rates = hh._derivatives(y[0], y[1], h, n, params, 0.0)
        return direction * rates[:2]
    return rhs


@dataclass(frozen=True)
class FastFixedPoint:
    """A fixed point of the fast (V, m) subsystem: V (mV), m = m_inf(V), its Jacobian's eigenvalues (1/ms,
    ascending real part) and eigenvectors (columns, in (V in mV, m) units), and its kind."""

    v: float
    m: float
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray

    @property
    def kind(self) -> str:
        """'stable', 'saddle' or 'unstable' (from the signs of the eigenvalues' real parts)."""
        real = self.eigenvalues.real
        if np.all(real < 0):
            return "stable"
        if np.all(real > 0):
            return "unstable"
        return "saddle"


def _fixed_point(v, h, n, params):
    m = float(gating.hh_x_inf("m", v))
    jac = dynamics.jacobian(v, m, h, n, params)[:2, :2]
    values, vectors = np.linalg.eig(jac)
    order = np.argsort(values.real)
    return FastFixedPoint(float(v), m, values[order], vectors[:, order])


def fast_fixed_points(h=None, n=None, params: hh.HHParams = hh.STANDARD) -> list[FastFixedPoint]:
    """The fixed points of the fast (V, m) subsystem, ascending in V: the zeros of :func:`fast_iv_zeros` with
    m = m_inf(V), each with the eigenvalues and eigenvectors of its 2x2 Jacobian (from
    :func:`excitable.dynamics.jacobian`). With h and n at rest: a stable rest, a saddle, a stable upstroke end.
    """
    h, n = _frozen(h, n, params)
    return [_fixed_point(v, h, n, params) for v in fast_iv_zeros(h, n, params)]


def _saddle(h, n, params):
    saddles = [p for p in fast_fixed_points(h, n, params) if p.kind == "saddle"]
    if not saddles:
        raise ValueError(f"h, n: the fast subsystem has no saddle at h = {h:.4g}, n = {n:.4g}, so no separatrix")
    return saddles[0]


@dataclass(frozen=True)
class Separatrix:
    """The stable manifold of the fast subsystem's saddle: two branches of (V in mV, m), each starting at
    the saddle. ``lower`` runs towards smaller m (and larger V), ``upper`` towards larger m."""

    saddle: FastFixedPoint
    lower_v: np.ndarray
    lower_m: np.ndarray
    upper_v: np.ndarray
    upper_m: np.ndarray


_MANIFOLD_START = 1e-6
"""Distance from the saddle (in V/1 mV, m/0.01 units) where the backward integration of each branch starts."""

_V_BOX = (-150.0, 150.0)
"""Voltages (mV) beyond which a branch of the separatrix is no longer followed."""


def _branch(saddle, sign, h, n, params, t_max, m_target=None):
    """Backward integration of one branch of the stable manifold; the event solution at m = m_target if asked."""
    vector = saddle.eigenvectors[:, 0].real
    scaled = vector / np.array([1.0, 0.01])
    vector = vector / np.linalg.norm(scaled)
    if vector[1] * sign < 0:
        vector = -vector
    start = np.array([saddle.v, saddle.m]) + _MANIFOLD_START * vector

    def leaves(_t, y):
        return min(y[0] - _V_BOX[0], _V_BOX[1] - y[0], y[1], 1.0 - y[1])
    leaves.terminal = True
    events = [leaves]
    if m_target is not None:
        def reaches(_t, y):
            return y[1] - m_target
        reaches.terminal = True
        events.append(reaches)
    solution = solve_ivp(_fast_rhs(h, n, params, -1.0), (0.0, t_max), start, method="LSODA", rtol=1e-10,
                         atol=[1e-10, 1e-13], events=events, dense_output=False, max_step=0.05)
    v = np.concatenate([[saddle.v], solution.y[0]])
    m = np.concatenate([[saddle.m], solution.y[1]])
    hit = None
    if m_target is not None and solution.t_events[1].size:
        hit = solution.y_events[1][0]
    return v, m, hit


def separatrix(h=None, n=None, params: hh.HHParams = hh.STANDARD, t_max: float = 20.0) -> Separatrix:
    """The true separatrix of the fast (V, m) subsystem: its saddle's stable manifold.

    Each branch starts a tiny step from the saddle along the stable eigenvector and is integrated
    backward in time (:func:`scipy.integrate.solve_ivp`, LSODA, rtol 1e-10) for up to ``t_max`` ms or until it
    leaves 0 <= m <= 1 or -150 <= V <= 150 mV. Points on one side flow to rest, on the other to the upstroke.
    """
    h, n = _frozen(h, n, params)
    t_max = _checks.scalar_in_range("t_max", t_max, 1e-3, 1000.0, "ms")
    saddle = _saddle(h, n, params)
    lower_v, lower_m, _ = _branch(saddle, -1.0, h, n, params, t_max)
    upper_v, upper_m, _ = _branch(saddle, 1.0, h, n, params, t_max)
    return Separatrix(saddle, lower_v, lower_m, upper_v, upper_m)


def separatrix_jump(params: hh.HHParams = hh.STANDARD) -> float:
    """The sudden depolarization (mV) from rest that lands on the fast subsystem's separatrix.

    With m, h and n at their resting values a sudden jump of V moves the state horizontally in the (V, m)
    plane; the separatrix crosses m = m_rest this many mV above rest. Jumps larger than this fire the
    fast subsystem. (The full model needs more, :func:`excitable.analysis.threshold_depolarization`,
    because h falls and n rises during the latency.)
    """
    rest, m_rest, h_rest, n_rest = _resting_gates(_check_params(params))
    saddle = _saddle(h_rest, n_rest, params)
    if saddle.m <= m_rest:
        raise ValueError("params: the saddle's m lies below m at rest, so the separatrix does not cross m_rest "
                         "above it")
    _, _, hit = _branch(saddle, -1.0, h_rest, n_rest, params, 1000.0, m_target=m_rest)
    if hit is None:
        raise ValueError("params: the separatrix does not reach m at rest")
    return float(hit[0] - rest)


# --- the full model's quasi-threshold ----------------------------------------------------------------------


QUASI_T_STOP = 40.0
"""Duration (ms, at 6.3 °C; shortened by the rates' temperature factor) of the runs that measure peaks."""

QUASI_DT = 0.001
"""Time step (ms) of the quasi-threshold runs. The threshold jump converges only in proportion to the step
(first order): at 6.3 °C it is 6.451, 6.483, 6.494 and 6.503 mV at 0.025, 0.01, 0.005 and 0.001 ms, against a
converged 6.5051 mV (an adaptive ``solve_ivp`` run, and the Richardson extrapolation of 0.001 and 0.0005 ms),
errors of 0.054, 0.022, 0.011 and 0.0022 mV; at 18.5 °C it is 7.3835 mV at this step against 7.3860 mV
converged. So this step puts the threshold about 2e-3 mV below the converged value, far more than the widths
of the graded band; those widths are measured around the threshold of the same step, and halving the step
leaves them unchanged (1.9e-10 mV at 6.3 °C and 2.7e-3 mV at 18.5 °C with 201 scan points)."""


@dataclass(frozen=True)
class QuasiThreshold:
    """Peaks of the full model's responses to sudden depolarizations at its threshold plus and minus offsets.

    celsius (°C); threshold_mV: least sudden depolarization that fires (mV, bisected to 1e-9 mV by
    :func:`excitable.analysis.threshold_depolarization`); offsets (mV); peak_below and peak_above: highest V
    (mV) after a depolarization of threshold - offset and threshold + offset; rest_mV: V_rest.
    """

    celsius: float
    threshold_mV: float
    offsets: np.ndarray
    peak_below: np.ndarray
    peak_above: np.ndarray
    rest_mV: float


def _temperature_params(celsius, params):
    celsius = _checks.scalar_in_range("celsius", celsius, 0.0, 30.0, "°C")
    return _check_params(params).replace(celsius=celsius)


@functools.lru_cache(maxsize=32)
def _full_threshold(params: hh.HHParams) -> float:
    t_stop = QUASI_T_STOP / max(1.0, params.rate_factor)
    return analysis.threshold_depolarization(t_stop, QUASI_DT, params, abs_tol=1e-9)


def _peaks(depolarizations, params):
    """Highest V (mV) after each sudden depolarization (mV) from rest, gates at rest; one batch."""
    rest, m, h, n = _resting_gates(params)
    t_stop = QUASI_T_STOP / max(1.0, params.rate_factor)
    batch = hh.simulate_batch([None] * len(depolarizations), t_stop, QUASI_DT, params,
                              v0=rest + np.asarray(depolarizations), gates0=(m, h, n), record_gates=False)
    return batch.v.max(axis=1)


def quasi_threshold_band(celsius: float = 6.3, offsets=(1e-2, 1e-8), params: hh.HHParams = hh.STANDARD
                         ) -> QuasiThreshold:
    """The full HH model's quasi-threshold at ``celsius`` (°C, 0 to 30): peaks near its sudden-depolarization threshold.

    The threshold is bisected to 1e-9 mV (step :data:`QUASI_DT`, the protocol of
    :func:`excitable.analysis.threshold_depolarization`); then sudden depolarizations of threshold -/+ each
    offset (mV, 1e-9 to 1) are simulated in one batch and their peaks returned. Far apart peaks (a
    subthreshold bump and a spike) mean all-or-none at that resolution; intermediate ones mean graded.
    """
    p = _temperature_params(celsius, params)
    offsets = np.atleast_1d(_checks.in_range("offsets", offsets, 1e-9, 1.0, "mV"))
    if offsets.ndim != 1 or not 1 <= offsets.size <= MAX_AMPLITUDES // 2:
        raise ValueError(f"offsets must be a number or a 1-D array of 1 to {MAX_AMPLITUDES // 2} values (mV), "
                         f"got shape {offsets.shape}")
    threshold = _full_threshold(p)
    peaks = _peaks(np.concatenate([threshold - offsets, threshold + offsets]), p)
    return QuasiThreshold(float(p.celsius), threshold, offsets, peaks[:offsets.size], peaks[offsets.size:],
                          _resting_gates(p)[0])


@dataclass(frozen=True)
class GradedBand:
    """Graded responses of the full model around its threshold, scanned with a fixed step.

    depolarizations (mV) scanned, with their peaks (mV); levels: the peaks (mV) between which a response
    counts as graded (intermediate); step (mV); width_mV: (number of graded responses) x step, 0 when
    none was found (the band is then narrower than the step); threshold_mV as in :class:`QuasiThreshold`.
    """

    celsius: float
    threshold_mV: float
    depolarizations: np.ndarray
    peaks: np.ndarray
    levels: tuple[float, float]
    step: float
    width_mV: float


def graded_band(celsius: float = 6.3, step: float = 1e-9, points: int = 201, levels=(-40.0, 0.0),
                params: hh.HHParams = hh.STANDARD) -> GradedBand:
    """Width (mV) of the band of sudden depolarizations whose peak is intermediate (graded), at ``celsius`` (°C).

    ``points`` depolarizations, ``step`` mV apart (1e-12 to 1), around the threshold of
    :func:`quasi_threshold_band` (offset by half a step, so that none sits on the bisected threshold, whose
    response is intermediate by construction), are simulated in one batch; a response is graded when its peak lies
    between ``levels`` (mV, low < high): well above a subthreshold bump, below a full spike. The width is
    the number of graded responses times the step, so it is resolved to one step; the scan must be wider
    than the band (the first and last points must not be graded, else ``ValueError`` asks for a larger step).
    """
    p = _temperature_params(celsius, params)
    step = _checks.scalar_in_range("step", step, 1e-12, 1.0, "mV")
    points = _checks.integer("points", points, 3, MAX_AMPLITUDES)
    if not hasattr(levels, "__len__") or isinstance(levels, str) or len(levels) != 2:
        raise ValueError(f"levels must be (low, high) in mV, got {levels!r:.80}")
    low, high = (_checks.scalar_in_range(f"levels[{i}]", x, -100.0, 100.0, "mV") for i, x in enumerate(levels))
    if not low < high:
        raise ValueError(f"levels must be (low, high) with low < high (mV), got {levels!r}")
    threshold = _full_threshold(p)
    depolarizations = threshold + (np.arange(points) - points // 2 + 0.5) * step
    peaks = _peaks(depolarizations, p)
    graded = (peaks > low) & (peaks < high)
    if graded[0] or graded[-1]:
        raise ValueError(f"step: the scan of {points} points {step:g} mV apart is narrower than the graded band; "
                         "raise step or points")
    return GradedBand(float(p.celsius), threshold, depolarizations, peaks, (low, high), step,
                      float(np.count_nonzero(graded)) * step)
