"""Phase planes of the HH membrane: the two-variable (V, n) reduction and the FitzHugh–Nagumo caricature.

The reduction (Krinskii & Kokoz 1973; Rinzel 1985) keeps V and the slow potassium gate n and removes the
other two gates: m is set to its steady state m_inf(V), because tau_m is about a tenth of tau_h and
tau_n, and h is tied to n by a straight line through the resting point,
``h = h_rest - slope (n - n_rest)`` (clipped to [0, 1]), because along a spike h falls nearly as n
rises. :func:`fit_h_slope` fits the slope to a simulated spike by least squares; a
:class:`Reduction` holds it. The vector field is :func:`excitable.hh.derivatives`, the model's one
right-hand side, evaluated at (V, m_inf(V), h(n), n): nothing of the HH equations is written again.

On the plane: :func:`reduced_derivatives`, the nullclines (:func:`v_nullcline`, where dV/dt = 0, and
:func:`n_nullcline`, n = n_inf(V)), :func:`reduced_fixed_points` with their 2x2 Jacobian's
eigenvalues, trajectories (:func:`simulate_reduced`) and the least sudden depolarization from rest
that fires (:func:`reduced_threshold_kick`).

FitzHugh–Nagumo (FitzHugh 1961; Nagumo, Arimoto & Yoshizawa 1962), in FitzHugh's dimensionless form::

    dv/dt = v - v^3/3 - w + I,     dw/dt = epsilon (v + a - b w)

with :func:`fitzhugh_nagumo_derivatives`, :func:`fitzhugh_nagumo_nullclines`,
:func:`fitzhugh_nagumo_fixed_point`, :func:`fitzhugh_nagumo_hopf_currents` and
:func:`simulate_fitzhugh_nagumo`. Its variables and time have no units.

Units of the HH side: V in mV, t in ms, currents in µA/cm².
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import _checks
from .analysis import _bisect_batch
from .hh import (
    STANDARD,
    HHParams,
    _derivatives,
    derivatives,
    gate_steady_states,
    ionic_current,
    resting_potential,
    simulate,
)
from .stimuli import pulse

FIT_PULSE = (20.0, 1.0)
"""Amplitude (µA/cm²) and duration (ms) of the pulse whose spike :func:`fitted_reduction` fits h against n."""

FIT_WINDOW = 30.0
"""Time (ms) after the pulse onset over which h and n are fitted: the spike and its recovery."""

V_RANGE = (-120.0, 80.0)
"""Voltages (mV) the phase plane covers (fixed points are sought here)."""

FHN_A, FHN_B, FHN_EPSILON = 0.7, 0.8, 0.08
"""FitzHugh's (1961) constants of the FitzHugh–Nagumo model."""


@dataclass(frozen=True)
class Reduction:
    """The (V, n) reduction: m = m_inf(V) and h = h_rest - slope (n - n_rest), clipped to [0, 1].

    ``slope`` (dimensionless) is -dh/dn along the line; ``params`` the HH membrane reduced. The line
    passes through the resting point, so the reduced and the full model rest at the same state.
    """

    slope: float
    params: HHParams = STANDARD

    def __post_init__(self):
        _checks.scalar_in_range("slope", self.slope, 0.0, 100.0)
        _checks.instance("params", self.params, HHParams)

    @functools.cached_property
    def rest(self) -> tuple[float, float, float]:
        """(V_rest in mV, n_rest, h_rest) of the full model at no applied current."""
        v = resting_potential(self.params)
        _, h, n = gate_steady_states(v, self.params)
        return float(v), float(n), float(h)

    def h(self, n):
        """h tied to n (dimensionless), clipped to [0, 1]."""
        n = _checks.finite("n", n)
        _, n_rest, h_rest = self.rest
        return np.clip(h_rest - self.slope * (n - n_rest), 0.0, 1.0)

    @property
    def n_max(self) -> float:
        """The n at which the line reaches h = 0 (or 1 if it never does)."""
        _, n_rest, h_rest = self.rest
        return min(1.0, n_rest + h_rest / self.slope) if self.slope > 0 else 1.0


def fit_h_slope(n, h, params: HHParams = STANDARD) -> float:
    """Least-squares slope s of h - h_rest = -s (n - n_rest) over samples of a trajectory (line through rest)."""
    n = np.ravel(_checks.finite("n", n))
    h = np.ravel(_checks.finite("h", h))
    if n.shape != h.shape or n.size < 2:
        raise ValueError(f"n and h must hold the same number (at least 2) of samples, got {n.size} and {h.size}")
    _checks.instance("params", params, HHParams)
    rest = Reduction(0.0, params).rest
    dn, dh = n - rest[1], h - rest[2]
    if not np.any(dn):
        raise ValueError("n never leaves its resting value, so no slope can be fitted")
    return float(-np.dot(dn, dh) / np.dot(dn, dn))


@dataclass(frozen=True)
class FittedReduction:
    """A :class:`Reduction` with the spike it was fitted to: ``t`` (ms), ``n`` and ``h`` of the full model,
    and ``rms_error``, the rms distance of h from the line over that spike."""

    reduction: Reduction
    t: np.ndarray
    n: np.ndarray
    h: np.ndarray
    rms_error: float


def fitted_reduction(params: HHParams = STANDARD) -> FittedReduction:
    """The reduction with h's slope fitted to the full model's spike after a 1 ms pulse of 20 µA/cm² from rest."""
    return _fitted_reduction(_checks.instance("params", params, HHParams))


@functools.lru_cache(maxsize=16)
def _fitted_reduction(params: HHParams) -> FittedReduction:
    amplitude, duration = FIT_PULSE
    run = simulate(pulse(amplitude, 1.0, duration), 1.0 + FIT_WINDOW, 0.01, params)
    keep = run.t >= 1.0
    slope = fit_h_slope(run.n[keep], run.h[keep], params)
    reduction = Reduction(slope, params)
    error = float(np.sqrt(np.mean((run.h[keep] - reduction.h(run.n[keep])) ** 2)))
    return FittedReduction(reduction, run.t[keep], run.n[keep], run.h[keep], error)


def _full_state(v, n, reduction):
    m_inf = gate_steady_states(v, reduction.params)[0]
    return v, m_inf, reduction.h(n), n


def reduced_derivatives(v, n, reduction: Reduction, i_app=0.0):
    """(dV/dt in mV/ms, dn/dt in 1/ms) of the reduction at V (mV) and n, applied current ``i_app`` (µA/cm²)."""
    _checks.instance("reduction", reduction, Reduction)
    v = _checks.finite("v", v, "mV")
    n = _checks.in_range("n", n, 0.0, 1.0)
    rates = derivatives(np.broadcast_arrays(*_full_state(v, n, reduction)), reduction.params, i_app)
    return rates[0], rates[3]


def n_nullcline(v, params: HHParams = STANDARD):
    """The n-nullcline n = n_inf(V) at voltages ``v`` (mV)."""
    return gate_steady_states(_checks.finite("v", v, "mV"), params)[2]


def v_nullcline(v, reduction: Reduction, i_app: float = 0.0):
    """The V-nullcline: for each V (mV) the n where dV/dt = 0 at ``i_app`` (µA/cm²); NaN where none exists.

    At a fixed V between E_K and E_Na the ionic current rises with n (more K+ conductance, less Na+
    conductance as h falls), so there is at most one such n in [0, n_max]; it is found by bisection,
    all voltages at once.
    """
    _checks.instance("reduction", reduction, Reduction)
    v = np.atleast_1d(_checks.finite("v", v, "mV")).astype(float)
    i_app = _checks.finite_scalar("i_app", i_app, "µA/cm²")
    p = reduction.params

    def excess(n):
        return ionic_current(*_full_state(v, n, reduction), p) - i_app

    low, high = np.zeros_like(v), np.full_like(v, reduction.n_max)
    f_low, f_high = excess(low), excess(high)
    inside = (f_low <= 0) & (f_high >= 0)
    # A tolerance between 2^-36 and 2^-35 of n_max: exactly 36 halvings, to below 1e-10.
    middle = _bisect_batch(lambda n: excess(n) > 0, low, high, abs_tol=reduction.n_max * 2.0**-35.5)
    return np.where(inside, middle, np.nan)


@dataclass(frozen=True)
class PlaneFixedPoint:
    """A fixed point of a planar model with the eigenvalues of its 2x2 Jacobian.

    ``x`` and ``y`` are its coordinates (V in mV and n for the reduction; v and w for FitzHugh–Nagumo).
    """

    x: float
    y: float
    eigenvalues: np.ndarray

    @property
    def stable(self) -> bool:
        return bool(np.all(self.eigenvalues.real < 0))

    @property
    def kind(self) -> str:
        """'stable node', 'stable focus', 'unstable node', 'unstable focus' or 'saddle'."""
        real, imag = self.eigenvalues.real, self.eigenvalues.imag
        if real[0] * real[1] < 0:
            return "saddle"
        return f"{'stable' if self.stable else 'unstable'} {'focus' if np.any(imag != 0) else 'node'}"


def reduced_jacobian(v: float, n: float, reduction: Reduction, i_app: float = 0.0) -> np.ndarray:
    """2x2 Jacobian (1/ms and mV/ms) of :func:`reduced_derivatives` at (V, n), by central differences."""
    v = _checks.scalar_in_range("v", v, -1000.0, 1000.0, "mV")
    n = _checks.scalar_in_range("n", n, 1e-6, 1 - 1e-6)
    dv, dn = 1e-5, 1e-7
    columns = []
    for step_v, step_n, size in ((dv, 0.0, dv), (0.0, dn, dn)):
        up = reduced_derivatives(v + step_v, n + step_n, reduction, i_app)
        down = reduced_derivatives(v - step_v, n - step_n, reduction, i_app)
        columns.append([(float(a) - float(b)) / (2 * size) for a, b in zip(up, down, strict=True)])
    return np.array(columns).T


def reduced_fixed_points(reduction: Reduction, i_app: float = 0.0) -> list[PlaneFixedPoint]:
    """Every fixed point of the reduction in :data:`V_RANGE` at ``i_app`` (µA/cm²), by increasing V.

    A fixed point lies on the n-nullcline, so dV/dt at (V, n_inf(V)) is scanned for sign changes and each
    is refined by Brent's method.
    """
    _checks.instance("reduction", reduction, Reduction)
    i_app = _checks.finite_scalar("i_app", i_app, "µA/cm²")
    grid = np.linspace(*V_RANGE, 2001)
    n_grid = np.minimum(n_nullcline(grid, reduction.params), reduction.n_max)

    def rate(v):
        return float(reduced_derivatives(v, min(float(n_nullcline(v, reduction.params)), reduction.n_max),
                                         reduction, i_app)[0])

    values = reduced_derivatives(grid, n_grid, reduction, i_app)[0]
    points = []
    for k in np.nonzero(np.sign(values[:-1]) != np.sign(values[1:]))[0]:
        v = brentq(rate, grid[k], grid[k + 1], xtol=1e-12)
        n = float(n_nullcline(v, reduction.params))
        jac = reduced_jacobian(v, n, reduction, i_app)
        points.append(PlaneFixedPoint(float(v), n, np.linalg.eigvals(jac)))
    return points


@dataclass(frozen=True)
class PlaneTrajectory:
    """A trajectory of a planar model: time ``t`` and the coordinates ``x`` and ``y``."""

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray


def simulate_reduced(reduction: Reduction, i_app: float = 0.0, v0: float | None = None, n0: float | None = None,
                     t_stop: float = 50.0, dt: float = 0.05, rtol: float = 1e-6) -> PlaneTrajectory:
    """Integrate the reduction at constant ``i_app`` (µA/cm²) from (``v0`` mV, ``n0``) for ``t_stop`` ms.

    By default the start is the resting state of the full model (with no applied current). Output
    every ``dt`` ms; x is V (mV), y is n. ``rtol`` is the integrator's relative tolerance (1e-4 is
    enough for a drawing and twice as fast).
    """
    _checks.instance("reduction", reduction, Reduction)
    i_app = _checks.scalar_in_range("i_app", i_app, -1000.0, 1000.0, "µA/cm²")
    v_rest, n_rest, _ = reduction.rest
    v0 = v_rest if v0 is None else _checks.scalar_in_range("v0", v0, *V_RANGE, "mV")
    n0 = n_rest if n0 is None else _checks.scalar_in_range("n0", n0, 0.0, 1.0)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 0.1, 10_000.0, "ms")
    dt = _checks.scalar_in_range("dt", dt, 1e-3, 1.0, "ms")
    rtol = _checks.tolerance("rtol", rtol, 1e-10, 1e-2)
    t_eval = np.arange(int(round(t_stop / dt)) + 1) * dt
    params = reduction.params

    grid, m_table = _m_table(params)
    _, n_rest, h_rest = reduction.rest

    def rhs(_t, y):
        v, n = y[0], min(max(y[1], 0.0), 1.0)
        h = min(max(h_rest - reduction.slope * (n - n_rest), 0.0), 1.0)  # the line of Reduction.h, unchecked
        rates = _derivatives(v, np.interp(v, grid, m_table), h, n, params, i_app)
        return [rates[0], rates[3]]

    solution = solve_ivp(rhs, (0.0, t_eval[-1]), [v0, n0], method="LSODA", t_eval=t_eval, rtol=rtol, atol=rtol * 1e-2,
                         max_step=1.0)
    if not solution.success:
        raise RuntimeError(f"integration failed: {solution.message}")
    return PlaneTrajectory(solution.t, solution.y[0], solution.y[1])


@functools.lru_cache(maxsize=16)
def _m_table(params: HHParams):
    """m_inf (from :func:`excitable.hh.gate_steady_states`) on a 0.01 mV grid over a wide range, for
    interpolation inside the integrator's inner loop (linear interpolation errs by less than 1e-6)."""
    grid = np.linspace(-250.0, 250.0, 50_001)
    return grid, np.asarray(gate_steady_states(grid, params)[0])


def reduced_threshold_kick(reduction: Reduction, t_stop: float = 40.0, abs_tol: float = 1e-4) -> float:
    """Least sudden depolarization (mV) from rest, n kept at rest, after which the reduction reaches 0 mV."""
    _checks.instance("reduction", reduction, Reduction)
    abs_tol = _checks.tolerance("abs_tol", abs_tol, 1e-9, 1.0, "mV")
    v_rest = reduction.rest[0]

    def fires(kick):
        return simulate_reduced(reduction, 0.0, v_rest + kick, None, t_stop, 0.05).x.max() > 0.0

    low, high = 0.0, 40.0
    if not fires(high):
        raise ValueError("no spike for a sudden depolarization of 40 mV with this reduction")
    while high - low > abs_tol:
        middle = 0.5 * (low + high)
        low, high = (low, middle) if fires(middle) else (middle, high)
    return 0.5 * (low + high)


# --- FitzHugh–Nagumo ----------------------------------------------------------------------------------

def _fhn_constants(a, b, epsilon):
    a = _checks.scalar_in_range("a", a, -10.0, 10.0)
    b = _checks.scalar_in_range("b", b, 1e-3, 10.0)
    epsilon = _checks.scalar_in_range("epsilon", epsilon, 1e-6, 10.0)
    return a, b, epsilon


def fitzhugh_nagumo_derivatives(v, w, i_app=0.0, a: float = FHN_A, b: float = FHN_B, epsilon: float = FHN_EPSILON):
    """(dv/dt, dw/dt) of the FitzHugh–Nagumo model (dimensionless) at (v, w) and input ``i_app``."""
    a, b, epsilon = _fhn_constants(a, b, epsilon)
    v = _checks.finite("v", v)
    w = _checks.finite("w", w)
    i_app = _checks.finite("i_app", i_app)
    return v - v**3 / 3.0 - w + i_app, epsilon * (v + a - b * w)


def fitzhugh_nagumo_nullclines(v, i_app: float = 0.0, a: float = FHN_A, b: float = FHN_B):
    """(w on the v-nullcline, w on the w-nullcline) at ``v``: the cubic v - v^3/3 + I and the line (v + a)/b."""
    a, b, _ = _fhn_constants(a, b, 1.0)
    v = _checks.finite("v", v)
    i_app = _checks.finite_scalar("i_app", i_app)
    return v - v**3 / 3.0 + i_app, (v + a) / b


def fitzhugh_nagumo_fixed_point(i_app: float = 0.0, a: float = FHN_A, b: float = FHN_B,
                                epsilon: float = FHN_EPSILON) -> PlaneFixedPoint:
    """The fixed point of FitzHugh–Nagumo at input ``i_app`` with its eigenvalues (unique for 0 < b < 1)."""
    a, b, epsilon = _fhn_constants(a, b, epsilon)
    if not 0 < b < 1:
        raise ValueError(f"b must lie between 0 and 1 (exclusive) for a unique fixed point, got {b!r}")
    i_app = _checks.scalar_in_range("i_app", i_app, -1e6, 1e6)
    # v - v^3/3 - (v + a)/b + I = 0, a cubic with a single real root when b < 1
    roots = np.roots([-1.0 / 3.0, 0.0, 1.0 - 1.0 / b, i_app - a / b])
    v = float(roots[np.argmin(np.abs(roots.imag))].real)
    w = (v + a) / b
    jac = np.array([[1.0 - v * v, -1.0], [epsilon, -epsilon * b]])
    return PlaneFixedPoint(v, w, np.linalg.eigvals(jac))


def fitzhugh_nagumo_hopf_currents(a: float = FHN_A, b: float = FHN_B, epsilon: float = FHN_EPSILON) -> np.ndarray:
    """Inputs at which the FitzHugh–Nagumo fixed point changes stability (empty if it never does).

    The trace of the Jacobian, 1 - v*^2 - epsilon b, vanishes at v* = +-sqrt(1 - epsilon b); while the
    determinant epsilon (1 - b (1 - v*^2)) stays positive the eigenvalues cross as a complex pair. The
    input that puts the fixed point there follows from the nullclines: I = (v* + a)/b - v* + v*^3/3.
    """
    a, b, epsilon = _fhn_constants(a, b, epsilon)
    if epsilon * b >= 1:
        return np.array([])
    points = np.array([-1.0, 1.0]) * np.sqrt(1.0 - epsilon * b)
    if 1 - b * (1 - points[0] ** 2) <= 0:
        return np.array([])
    return (points + a) / b - points + points**3 / 3.0


def simulate_fitzhugh_nagumo(i_app: float = 0.0, v0: float | None = None, w0: float | None = None,
                             t_stop: float = 100.0, dt: float = 0.1, a: float = FHN_A, b: float = FHN_B,
                             epsilon: float = FHN_EPSILON) -> PlaneTrajectory:
    """Integrate FitzHugh–Nagumo at constant input from (v0, w0) (default: the fixed point at no input)."""
    a, b, epsilon = _fhn_constants(a, b, epsilon)
    i_app = _checks.scalar_in_range("i_app", i_app, -100.0, 100.0)
    rest = fitzhugh_nagumo_fixed_point(0.0, a, b, epsilon) if b < 1 else PlaneFixedPoint(-a, 0.0, np.zeros(2))
    v0 = rest.x if v0 is None else _checks.scalar_in_range("v0", v0, -10.0, 10.0)
    w0 = rest.y if w0 is None else _checks.scalar_in_range("w0", w0, -10.0, 10.0)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 0.1, 100_000.0)
    dt = _checks.scalar_in_range("dt", dt, 1e-4, 10.0)
    t_eval = np.arange(int(round(t_stop / dt)) + 1) * dt

    def rhs(_t, y):
        return fitzhugh_nagumo_derivatives(y[0], y[1], i_app, a, b, epsilon)

    solution = solve_ivp(rhs, (0.0, t_eval[-1]), [v0, w0], method="LSODA", t_eval=t_eval, rtol=1e-8, atol=1e-10)
    if not solution.success:
        raise RuntimeError(f"integration failed: {solution.message}")
    return PlaneTrajectory(solution.t, solution.y[0], solution.y[1])
