"""The HH membrane as a dynamical system: fixed points, linear stability, Hopf bifurcations, limit cycles.

State x = (V, m, h, n) with V in mV and time in ms; when Na+ channels do not
inactivate (``params.inactivation`` False, as after pronase) h is held at 1
and the state is (V, m, n). A fixed point for a constant applied current I
(µA/cm²) has every gate at its steady state and the steady-state ionic
current equal to I. Its stability follows from the
eigenvalues (1/ms) of the 4x4 Jacobian; the resting state loses stability
where a complex pair crosses the imaginary axis (a Hopf bifurcation).

Near a fixed point, :func:`linear_modes` splits a small perturbation into the
Jacobian's eigenmodes and gives the linear response (a damped oscillation
from the complex pair beside slower monotonic modes); :func:`ringing` names
the pair's decay rate and frequency.

Repetitive firing is a limit cycle: :func:`limit_cycle` finds a periodic orbit
by shooting (Newton's method on the flow over one period, stable or not) and
its Floquet multipliers; :func:`cycle_branch` follows the family of cycles in
the applied current by pseudo-arclength continuation, around the fold of
limit cycles where sustained firing starts and along the unstable cycles that
end at the subcritical Hopf; :func:`attractor_scan` records where simulation
from rest settles for a grid of currents (rest, or a cycle with its range and
rate). Flows are integrated with :func:`scipy.integrate.solve_ivp` of
:func:`excitable.hh.derivatives`, the model's one right-hand side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import _checks
from ._membrane import stacked_derivatives
from .hh import (
    STANDARD,
    HHParams,
    conductances,
    derivatives,
    gate_rates,
    gate_steady_states,
    simulate_batch,
    steady_state_current,
)
from .stimuli import step

FIXED_POINT_SEARCH = (-150.0, 150.0)
"""Voltages (mV) searched for a fixed point."""

_DERIVATIVE_STEP = 1e-4
"""Voltage step (mV) of the central differences that give the rates' slopes."""


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point (V in mV, gates) for applied current ``i_app`` (µA/cm²) and its stability.

    ``eigenvalues`` (1/ms) are those of the Jacobian over the dynamic variables: four, or three
    when h is held at 1.
    """

    i_app: float
    v: float
    m: float
    h: float
    n: float
    eigenvalues: np.ndarray

    @property
    def stable(self) -> bool:
        """True when every eigenvalue has a negative real part."""
        return bool(np.all(self.eigenvalues.real < 0))


def fixed_point_voltage(i_app: float = 0.0, params: HHParams = STANDARD) -> float:
    """Voltage (mV) of the fixed point for applied current ``i_app`` (µA/cm²).

    The steady-state current of the standard HH membrane rises monotonically
    with V, so the fixed point is unique; it is found by Brent's method.
    """
    i_app = _checks.finite_scalar("i_app", i_app, "µA/cm²")
    _checks.instance("params", params, HHParams)
    low, high = FIXED_POINT_SEARCH

    def net(v):
        return float(steady_state_current(v, params)) - i_app

    if net(low) * net(high) > 0:
        raise ValueError(f"no fixed point between {low} and {high} mV for i_app = {i_app} µA/cm²")
    return brentq(net, low, high, xtol=1e-12)


def jacobian(v: float, m: float, h: float, n: float, params: HHParams = STANDARD) -> np.ndarray:
    """Jacobian (4x4, 1/ms) of :func:`excitable.hh.derivatives` at the state (V in mV, gates m, h, n).

    Written out analytically (tested against finite differences of the right-hand side); the rates'
    slopes are central differences. When ``params.inactivation`` is False, h is held at 1 and its row is zero.
    """
    p = _checks.instance("params", params, HHParams)
    v = _checks.scalar_in_range("v", v, -1000.0, 1000.0, "mV")
    m, h, n = (_checks.scalar_in_range(name, x, 0.0, 1.0) for name, x in (("m", m), ("h", h), ("n", n)))
    if not p.inactivation:
        h = 1.0
    jac = np.zeros((4, 4))
    jac[0, 0] = -sum(conductances(v, m, h, n, p)) / p.c_m
    jac[0, 1] = -3 * p.g_na * m**2 * h * (v - p.e_na) / p.c_m
    jac[0, 2] = -p.g_na * m**3 * (v - p.e_na) / p.c_m if p.inactivation else 0.0
    jac[0, 3] = -4 * p.g_k * n**3 * (v - p.e_k) / p.c_m
    rates, above, below = (gate_rates(x, p) for x in (v, v + _DERIVATIVE_STEP, v - _DERIVATIVE_STEP))
    for row, x in enumerate((m, h, n), start=1):
        (alpha, beta), (alpha_up, beta_up), (alpha_down, beta_down) = rates[row - 1], above[row - 1], below[row - 1]
        slope_alpha = (alpha_up - alpha_down) / (2 * _DERIVATIVE_STEP)
        slope_beta = (beta_up - beta_down) / (2 * _DERIVATIVE_STEP)
        jac[row, 0] = slope_alpha * (1 - x) - slope_beta * x
        jac[row, row] = -(alpha + beta)
    return jac


def steady_state_at(v: float, params: HHParams = STANDARD) -> FixedPoint:
    """The steady state at voltage ``v`` (mV): gates at their steady states, the current that holds it
    there (µA/cm²) and the eigenvalues (1/ms) of the Jacobian over the dynamic variables."""
    v = _checks.scalar_in_range("v", v, -1000.0, 1000.0, "mV")
    _checks.instance("params", params, HHParams)
    m, h, n = (float(x) for x in gate_steady_states(v, params))
    jac = jacobian(v, m, h, n, params)
    if not params.inactivation:  # h is not a variable: drop its (zero) row and column
        jac = jac[np.ix_([0, 1, 3], [0, 1, 3])]
    return FixedPoint(float(steady_state_current(v, params)), v, m, h, n, np.linalg.eigvals(jac))


def fixed_point(i_app: float = 0.0, params: HHParams = STANDARD) -> FixedPoint:
    """The fixed point for applied current ``i_app`` (µA/cm²) with its eigenvalues (1/ms)."""
    point = steady_state_at(fixed_point_voltage(i_app, params), params)
    return FixedPoint(float(i_app), point.v, point.m, point.h, point.n, point.eigenvalues)


def leading_real_part(i_app: float, params: HHParams = STANDARD) -> float:
    """Largest real part (1/ms) among the eigenvalues at the fixed point for ``i_app``."""
    return float(np.max(fixed_point(i_app, params).eigenvalues.real))


def stability_scan(currents, params: HHParams = STANDARD) -> np.ndarray:
    """Largest eigenvalue real part (1/ms) of the fixed point for each current (µA/cm²)."""
    currents = np.atleast_1d(_checks.finite("currents", currents, "µA/cm²"))
    if currents.ndim != 1:
        raise ValueError(f"currents must be a number or a 1-D array (µA/cm²), got shape {currents.shape}")
    try:
        return np.array([leading_real_part(float(i), params) for i in currents])
    except ValueError as error:
        raise ValueError(f"currents: {error}") from None


def hopf_currents(low: float = 0.0, high: float = 200.0, step: float = 1.0,
                  params: HHParams = STANDARD) -> np.ndarray:
    """Currents (µA/cm²) in [low, high] where the fixed point changes stability.

    Scans the leading real part on a grid of ``step`` µA/cm² and refines each
    sign change with Brent's method to 1e-9 µA/cm². For the standard
    membrane these are the two Hopf bifurcations of Rinzel and Miller (1980).
    """
    low = _checks.finite_scalar("low", low, "µA/cm²")
    high = _checks.finite_scalar("high", high, "µA/cm²")
    if not low < high:
        raise ValueError(f"low must be below high (µA/cm²), got low = {low} and high = {high}")
    step = _checks.positive("step", _checks.finite_scalar("step", step, "µA/cm²"), "µA/cm²")
    if (high - low) / step > 100_000:
        raise ValueError(f"step must give at most 100,000 grid points between low and high, got {step!r}")
    _checks.instance("params", params, HHParams)
    grid = np.arange(low, high + 0.5 * step, step)
    real = stability_scan(grid, params)
    crossings = np.nonzero(np.sign(real[:-1]) != np.sign(real[1:]))[0]
    return np.array([brentq(leading_real_part, grid[k], grid[k + 1], args=(params,), xtol=1e-9)
                     for k in crossings])


# --- small perturbations of a fixed point: the Jacobian's eigenmodes -----------------------------------

@dataclass(frozen=True)
class LinearModes:
    """The eigenmodes of the Jacobian at a fixed point.

    Near the fixed point x* a small perturbation evolves as
    x(t) - x* = sum_k c_k exp(lambda_k t) w_k, with eigenvalues ``eigenvalues`` (1/ms) and
    eigenvectors ``eigenvectors`` (columns, over ``variables``: V in mV, then the gates).
    """

    point: FixedPoint
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    variables: tuple[str, ...]

    def _perturbation(self, perturbation) -> np.ndarray:
        dx = np.asarray(_checks.finite("perturbation", perturbation), dtype=float)
        if dx.shape != (len(self.variables),):
            raise ValueError(f"perturbation must hold one number per variable {self.variables}, got shape {dx.shape}")
        return dx

    def coefficients(self, perturbation) -> np.ndarray:
        """Complex weights c_k of each eigenmode in ``perturbation`` (V in mV, gates), x - x* = W c."""
        return np.linalg.solve(self.eigenvectors, self._perturbation(perturbation))

    def mode_responses(self, t, perturbation) -> list[tuple[complex, np.ndarray]]:
        """Each mode's share of the linear response to ``perturbation``, complex pairs merged into one real term.

        Returns (eigenvalue, contribution) pairs, slowest decay last; a contribution has shape
        (len(variables), len(t)) and the contributions add up to :meth:`response`. A complex pair is
        listed once, under its eigenvalue with positive imaginary part.
        """
        t = np.atleast_1d(_checks.finite("t", t, "ms"))
        c = self.coefficients(perturbation)
        terms = []
        for k, value in enumerate(self.eigenvalues):
            if value.imag < -1e-12:
                continue
            term = np.outer(self.eigenvectors[:, k] * c[k], np.exp(value * t))
            terms.append((complex(value), (2.0 * term.real) if value.imag > 1e-12 else term.real))
        return sorted(terms, key=lambda pair: -abs(pair[0].real))

    def response(self, t, perturbation) -> np.ndarray:
        """Linear response x(t) - x* (shape (len(variables), len(t))) to ``perturbation`` at t = 0."""
        return sum(term for _, term in self.mode_responses(t, perturbation))


def linear_modes(i_app: float = 0.0, params: HHParams = STANDARD) -> LinearModes:
    """Eigenvalues (1/ms) and eigenvectors of the Jacobian at the fixed point for ``i_app`` (µA/cm²)."""
    point = fixed_point(i_app, params)
    jac = jacobian(point.v, point.m, point.h, point.n, params)
    variables = ("v", "m", "h", "n")
    if not params.inactivation:
        jac = jac[np.ix_([0, 1, 3], [0, 1, 3])]
        variables = ("v", "m", "n")
    eigenvalues, eigenvectors = np.linalg.eig(jac)
    return LinearModes(point, eigenvalues, eigenvectors, variables)


def ringing(i_app: float = 0.0, params: HHParams = STANDARD) -> tuple[float, float]:
    """(real part in 1/ms, frequency in Hz) of the complex eigenvalue pair at the fixed point for ``i_app``.

    The pair lambda = mu +- i omega makes a small perturbation ring at omega / 2 pi while that part of
    it decays as exp(mu t). Raises ``ValueError`` where every eigenvalue is real.
    """
    eigenvalues = fixed_point(i_app, params).eigenvalues
    pair = eigenvalues[eigenvalues.imag > 1e-12]
    if pair.size == 0:
        raise ValueError(f"i_app: the fixed point for i_app = {i_app} µA/cm² has no complex eigenvalue pair")
    value = pair[np.argmax(pair.real)]
    return float(value.real), float(value.imag / (2.0 * np.pi) * 1000.0)


# --- limit cycles: shooting, Floquet multipliers, continuation ------------------------------------------

CYCLE_RTOL = 1e-9
"""Relative tolerance of the integrations behind limit cycles."""

_CYCLE_ATOL = np.array([1e-7, 1e-10, 1e-10, 1e-10])
"""Absolute tolerances of (V in mV, m, h, n) in those integrations."""

_PERTURBATION = np.array([1e-4, 1e-6, 1e-6, 1e-6])
"""Displacements of (V, m, h, n) whose flows give the monodromy matrix by differences."""

_CURRENT_PERTURBATION = 1e-4
"""Change of applied current (µA/cm²) whose flow gives the cycle's sensitivity to the current."""

_SCALE = np.array([10.0, 1.0, 1.0, 1.0])
"""Typical sizes of (V in mV, m, h, n): residuals and continuation steps are measured in these units."""

_PERIOD_SCALE = 10.0
"""Typical period (ms) in the continuation's distance."""

_CLOSURE = 1e-7
"""An orbit closes when it returns to its start within this (in units of 10 mV and of the gates), or when a
Newton step is that small."""

CYCLE_CURRENT_RANGE = (-50.0, 300.0)
"""Applied currents (µA/cm²) at which limit cycles are sought."""


@dataclass(frozen=True)
class LimitCycle:
    """A periodic orbit of the HH membrane at constant applied current ``i_app`` (µA/cm²).

    ``t`` (ms) spans one period from the upward crossing of the section voltage; ``v`` (mV), ``m``,
    ``h``, ``n`` are the orbit there. ``multipliers`` are the Floquet multipliers (eigenvalues of the
    monodromy matrix), one of which is 1 for any periodic orbit; the orbit is stable when every other
    one lies inside the unit circle.
    """

    i_app: float
    period: float
    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    multipliers: np.ndarray

    @property
    def frequency_hz(self) -> float:
        """Firing rate (Hz) on the cycle: 1000 / period."""
        return 1000.0 / self.period

    @property
    def nontrivial_multipliers(self) -> np.ndarray:
        """The multipliers without the one closest to 1 (the shift along the orbit)."""
        return np.delete(self.multipliers, np.argmin(np.abs(self.multipliers - 1.0)))

    @property
    def stable(self) -> bool:
        """True when every nontrivial multiplier lies inside the unit circle."""
        return bool(np.all(np.abs(self.nontrivial_multipliers) < 1.0))

    @property
    def state(self) -> np.ndarray:
        """The state (V, m, h, n) at the start of the period."""
        return np.array([self.v[0], self.m[0], self.h[0], self.n[0]])


def _variables(params: HHParams) -> list[int]:
    """Indices of the dynamic variables in (V, m, h, n): h is no variable when it is held at 1."""
    return [0, 1, 2, 3] if params.inactivation else [0, 1, 3]


def _flow(state, period, i_app, params, sensitivities=True, t_eval=None):
    """The state after ``period`` ms from ``state``; with ``sensitivities`` also d(state)/d(start) (4x4)
    and d(state)/d(i_app), by central differences of neighbouring flows integrated in the same steps."""
    copies = 11 if sensitivities else 1
    start = np.tile(np.asarray(state, dtype=float)[:, None], (1, copies))
    currents = np.full(copies, float(i_app))
    if sensitivities:
        start[np.arange(4), np.arange(1, 5)] += _PERTURBATION
        start[np.arange(4), np.arange(5, 9)] -= _PERTURBATION
        currents[9] += _CURRENT_PERTURBATION
        currents[10] -= _CURRENT_PERTURBATION

    membrane = (params.rate_factor, params.inactivation, params.c_m, params.g_na, params.g_k, params.g_l,
                params.e_na, params.e_k, params.e_l)

    def rhs(_t, y):  # hh's equations, compiled (_membrane.stacked_derivatives; tests/test_hh.py pins them)
        return stacked_derivatives(y, currents, *membrane)

    solution = solve_ivp(rhs, (0.0, period), start.ravel(), method="DOP853", rtol=CYCLE_RTOL,
                         atol=np.repeat(_CYCLE_ATOL, copies), t_eval=t_eval)
    if not solution.success:
        raise RuntimeError(f"integration failed: {solution.message}")
    end = solution.y[:, -1].reshape(4, copies)
    if not sensitivities:
        return end[:, 0], solution
    monodromy = (end[:, 1:5] - end[:, 5:9]) / (2 * _PERTURBATION)
    by_current = (end[:, 9] - end[:, 10]) / (2 * _CURRENT_PERTURBATION)
    return end[:, 0], monodromy, by_current


def _newton_cycle(state, period, i_app, params, anchor, tangent=None, previous=None, max_iterations=12):
    """Newton's method for a periodic orbit that starts on the plane through ``anchor`` (a state) normal to
    the flow there; with ``tangent`` (and ``previous``) the current is also unknown and a pseudo-arclength
    condition closes the system.

    Returns (state, period, i_app, monodromy) or None if it does not converge.
    """
    index = _variables(params)
    size = len(index)
    state = np.array(state, dtype=float)
    if np.ndim(anchor) == 0:  # the plane V = anchor
        anchor = np.array([float(anchor), 0.0, 0.0, 0.0])
        normal = np.eye(size)[0]
    else:  # the plane through the state ``anchor`` normal to the flow there
        anchor = np.asarray(anchor, dtype=float)
        normal = (np.asarray(derivatives(anchor, params, i_app)) / _SCALE)[index]
        normal /= np.linalg.norm(normal)
    for _ in range(max_iterations):
        if not (5.0 < period < 1000.0) or not np.all((state[1:] >= 0) & (state[1:] <= 1)):
            return None
        try:
            end, monodromy, by_current = _flow(state, period, i_app, params)
        except (RuntimeError, ValueError):
            return None
        velocity = np.asarray(derivatives(end, params, i_app))
        residual = np.append((end - state)[index] / _SCALE[index], normal @ ((state - anchor) / _SCALE)[index])
        matrix = np.zeros((size + 1, size + 1 + (tangent is not None)))
        matrix[:size, :size] = (monodromy[np.ix_(index, index)] - np.eye(size)) * _SCALE[index] / _SCALE[index][:, None]
        matrix[:size, size] = velocity[index] * _PERIOD_SCALE / _SCALE[index]
        matrix[size, :size] = normal
        if tangent is not None:
            matrix[:size, size + 1] = by_current[index] / _SCALE[index]
            point = _scaled(state, period, i_app, index)
            matrix = np.vstack([matrix, tangent])
            residual = np.append(residual, tangent @ (point - previous))
        if np.max(np.abs(residual)) < _CLOSURE:
            return state, period, i_app, monodromy
        try:
            delta = np.linalg.solve(matrix, -residual)
        except np.linalg.LinAlgError:
            return None
        state[index] += delta[:size] * _SCALE[index]
        period += delta[size] * _PERIOD_SCALE
        if tangent is not None:
            i_app += delta[size + 1]
        if np.max(np.abs(delta)) < _CLOSURE:  # the integration's own error is reached: one more step changes nothing
            return state, period, i_app, monodromy
    return None


def _scaled(state, period, i_app, index):
    """A point of the continuation in scaled units: (state, period, current)."""
    return np.concatenate([np.asarray(state)[index] / _SCALE[index], [period / _PERIOD_SCALE, i_app]])


def _cycle(state, period, i_app, params, monodromy, samples) -> LimitCycle:
    """The :class:`LimitCycle` through ``state`` sampled at ``samples`` points of one period."""
    index = _variables(params)
    t = np.linspace(0.0, period, samples)
    _, solution = _flow(state, period, i_app, params, sensitivities=False, t_eval=t)
    v, m, h, n = solution.y
    multipliers = np.linalg.eigvals(monodromy[np.ix_(index, index)])
    return LimitCycle(float(i_app), float(period), t, v, m, h, n, multipliers)


def _cycle_from_simulation(i_app, params, t_stop=400.0, dt=0.01):
    """(state, period) near a stable cycle: the last full period of a run from rest at ``i_app``, starting
    where V crosses the middle of its late range upwards (where the flow is fast)."""
    run = simulate_batch([step(i_app)], t_stop, dt, params)[0]
    late = run.v[run.t > t_stop / 2]
    section = 0.5 * (late.max() + late.min())
    above = run.v >= section
    crossings = np.nonzero(~above[:-1] & above[1:])[0]
    if crossings.size < 3:
        raise ValueError(f"i_app: no sustained firing from rest at i_app = {i_app} µA/cm² to start a limit cycle from")
    k, j = crossings[-2], crossings[-1]
    fraction = (section - run.v[k]) / (run.v[k + 1] - run.v[k])
    state = np.array([section, *(x[k] + fraction * (x[k + 1] - x[k]) for x in (run.m, run.h, run.n))])
    return state, float(run.t[j] - run.t[k])


def limit_cycle(i_app: float, params: HHParams = STANDARD, guess: LimitCycle | None = None,
                samples: int = 400) -> LimitCycle:
    """The periodic orbit at constant applied current ``i_app`` (µA/cm²), found by shooting.

    Without ``guess`` the start is the last period of a 400 ms run from rest, so the orbit found is
    the stable firing cycle; with ``guess`` (a :class:`LimitCycle` at a nearby current, stable or not)
    Newton's method starts from it, which reaches unstable cycles too. The orbit is refined until it
    closes on itself to 1e-7 (in units of 10 mV and of the gates) and sampled at ``samples`` points;
    its Floquet multipliers come from the monodromy matrix. Raises ``ValueError`` when no cycle is found.
    """
    i_app = _checks.scalar_in_range("i_app", i_app, *CYCLE_CURRENT_RANGE, "µA/cm²")
    _checks.instance("params", params, HHParams)
    samples = _checks.integer("samples", samples, 3, 100_000)
    if guess is None:
        state, period = _cycle_from_simulation(i_app, params)
        anchor = state
    else:
        _checks.instance("guess", guess, LimitCycle)
        state, period = guess.state, guess.period
        anchor = state
    found = _newton_cycle(state, period, i_app, params, anchor)
    if found is None:
        raise ValueError(f"i_app: no limit cycle found at i_app = {i_app} µA/cm² from this start")
    state, period, _, monodromy = found
    return _cycle(state, period, i_app, params, monodromy, samples)


@dataclass(frozen=True)
class CycleBranch:
    """A family of limit cycles followed in the applied current (one entry per cycle, in branch order).

    i_app (µA/cm²), period (ms), v_max and v_min (mV, the cycle's range) and stable (bool).
    ``fold_current`` (µA/cm²) and ``fold_period`` (ms) locate the turning point where the stable and
    the unstable cycles meet (the fold of limit cycles); NaN if the branch did not turn.
    """

    i_app: np.ndarray
    period: np.ndarray
    v_max: np.ndarray
    v_min: np.ndarray
    stable: np.ndarray
    fold_current: float
    fold_period: float

    @property
    def frequency_hz(self) -> np.ndarray:
        """Firing rate (Hz) of each cycle."""
        return 1000.0 / self.period


def _fold(i_app, period):
    """The turning point (smallest current) of a branch, by a parabola through the three points around it."""
    k = int(np.argmin(i_app))
    if k == 0 or k == len(i_app) - 1:
        return float("nan"), float("nan")
    s = np.arange(-1.0, 2.0)
    a, b, c = np.polyfit(s, i_app[k - 1:k + 2], 2)
    if a <= 0:
        return float(i_app[k]), float(period[k])
    vertex = -b / (2 * a)
    return float(c - b * b / (4 * a)), float(np.polyval(np.polyfit(s, period[k - 1:k + 2], 2), vertex))


def cycle_branch(i_start: float = 8.0, params: HHParams = STANDARD, step_size: float = 0.1,
                 max_points: int = 120, min_amplitude: float = 2.0) -> CycleBranch:
    """Follow the firing cycle from ``i_start`` (µA/cm²) towards lower currents, around the fold and beyond.

    Pseudo-arclength continuation: from the stable cycle at ``i_start`` (found by :func:`limit_cycle`)
    each step predicts along the secant of the last two cycles (a distance ``step_size`` in units of
    10 mV, the gates, 10 ms and 1 µA/cm²) and corrects by Newton's method with the current as an
    unknown, so the branch can turn at the fold of limit cycles and go on as unstable cycles. It stops
    when a cycle's range in V falls below ``min_amplitude`` mV (the cycles shrink onto the fixed point at
    a Hopf bifurcation), after ``max_points`` cycles, or when the current leaves the sought range.
    The step shrinks where Newton's method fails and grows where it converges at once.
    """
    i_start = _checks.scalar_in_range("i_start", i_start, *CYCLE_CURRENT_RANGE, "µA/cm²")
    _checks.instance("params", params, HHParams)
    step_size = _checks.scalar_in_range("step_size", step_size, 1e-3, 1.0)
    max_points = _checks.integer("max_points", max_points, 3, 2000)
    min_amplitude = _checks.scalar_in_range("min_amplitude", min_amplitude, 0.01, 100.0, "mV")
    index = _variables(params)
    try:
        cycles = [limit_cycle(i_start, params, samples=_BRANCH_SAMPLES)]
        cycles.append(limit_cycle(i_start - 0.05, params, guess=cycles[0], samples=_BRANCH_SAMPLES))
    except ValueError as error:
        raise ValueError(f"i_start = {i_start} µA/cm² must carry a stable firing cycle: {error}") from None
    rows = [_summary(c) for c in cycles]
    size = step_size
    while len(rows) < max_points and size >= step_size / 64:
        # Both cycles cut by the same plane V = section, high in the last one's range (on its upstroke).
        section = _section(cycles[-1])
        points = [_scaled(_crossing(c, section), c.period, c.i_app, index) for c in cycles[-2:]]
        secant = points[1] - points[0]
        tangent = secant / np.linalg.norm(secant)
        guess = points[1] + size * tangent
        i_guess = float(guess[-1])
        if not CYCLE_CURRENT_RANGE[0] < i_guess < CYCLE_CURRENT_RANGE[1]:
            break
        state = np.array([section, 0.0, 1.0, 0.0])
        state[index] = guess[:len(index)] * _SCALE[index]
        found = _newton_cycle(state, guess[len(index)] * _PERIOD_SCALE, i_guess, params, section,
                              tangent=tangent, previous=guess, max_iterations=8)
        if found is None or np.linalg.norm(_scaled(*found[:3], index) - points[1]) > 3 * size:
            size /= 2
            continue
        cycle = _cycle(found[0], found[1], found[2], params, found[3], _BRANCH_SAMPLES)
        if cycle.v.max() - cycle.v.min() < min_amplitude:
            break
        cycles.append(cycle)
        rows.append(_summary(cycle))
        size = min(size * 1.5, 4 * step_size)
    i_app, period, v_max, v_min, stable = (np.array(column) for column in zip(*rows, strict=True))
    fold_current, fold_period = _fold(i_app, period)
    return CycleBranch(i_app, period, v_max, v_min, stable.astype(bool), fold_current, fold_period)


_BRANCH_SAMPLES = 400
"""Samples per period of the cycles of a branch (their range and the predictor's crossing come from them)."""


SECTION_LEVEL = 0.7
"""Where in a cycle's range of V (0 = its minimum, 1 = its maximum) the shooting's section lies: on the
upstroke, where the flow is fast, and away from the fixed point inside the cycle (an orbit sitting at the
fixed point would otherwise close on itself for any period)."""


def _section(cycle: LimitCycle) -> float:
    """The section voltage (mV) of a cycle: :data:`SECTION_LEVEL` of the way up its range."""
    return float(cycle.v.min() + SECTION_LEVEL * (cycle.v.max() - cycle.v.min()))


def _crossing(cycle: LimitCycle, section: float) -> np.ndarray:
    """The state where ``cycle`` crosses V = ``section`` upwards, by linear interpolation of its samples."""
    v = np.append(cycle.v, cycle.v[0])
    up = np.nonzero((v[:-1] < section) & (v[1:] >= section))[0]
    k = int(up[0]) if up.size else int(np.argmin(np.abs(v[:-1] - section)))
    fraction = (section - v[k]) / (v[k + 1] - v[k]) if up.size else 0.0
    gates = [np.append(x, x[0]) for x in (cycle.m, cycle.h, cycle.n)]
    return np.array([section, *(x[k] + fraction * (x[k + 1] - x[k]) for x in gates)])


def cycles_from_hopf(i_stop: float = 8.2, params: HHParams = STANDARD, step_size: float = 0.25,
                     max_cycles: int = 16, amplitude: float = 0.5) -> list[LimitCycle]:
    """The small cycles born at the lower Hopf bifurcation, followed by shooting towards ``i_stop`` (µA/cm²).

    The first cycle lies 0.03 µA/cm² from the Hopf current, on the side ``i_stop`` is on; its guess is the
    linear oscillation of the complex eigenvector, ``amplitude`` mV in V, with period 2 pi / omega. Each
    next current is ``step_size`` further (halved where Newton's method fails, grown where it succeeds) and
    starts from the cycle before. The list ends at ``i_stop``, after ``max_cycles`` cycles, or where the
    step has been halved six times (for example where the branch turns back).
    """
    i_stop = _checks.scalar_in_range("i_stop", i_stop, *CYCLE_CURRENT_RANGE, "µA/cm²")
    _checks.instance("params", params, HHParams)
    step_size = _checks.scalar_in_range("step_size", step_size, 1e-3, 5.0, "µA/cm²")
    max_cycles = _checks.integer("max_cycles", max_cycles, 1, 1000)
    amplitude = _checks.scalar_in_range("amplitude", amplitude, 1e-3, 10.0, "mV")
    hopf = hopf_currents(params=params)
    if hopf.size == 0:
        raise ValueError("params: this membrane has no Hopf bifurcation between 0 and 200 µA/cm²")
    direction = -1.0 if i_stop < hopf[0] else 1.0
    first = float(hopf[0] + 0.03 * direction)
    modes = linear_modes(first, params)
    k = int(np.argmax(modes.eigenvalues.imag))
    vector = modes.eigenvectors[:, k] / modes.eigenvectors[0, k]
    point = modes.point
    start = np.array([point.v, point.m, point.h, point.n])
    start[_variables(params)] += amplitude * np.real(-1j * vector)
    found = _newton_cycle(start, 2 * np.pi / modes.eigenvalues[k].imag, first, params, float(start[0]),
                          max_iterations=15)
    if found is None:
        return []
    cycles = [_cycle(found[0], found[1], first, params, found[3], _BRANCH_SAMPLES)]
    size = step_size
    while len(cycles) < max_cycles and size > step_size / 64 and direction * (i_stop - cycles[-1].i_app) > 1e-9:
        current = cycles[-1].i_app + direction * min(size, abs(i_stop - cycles[-1].i_app))
        try:
            cycle = limit_cycle(current, params, guess=cycles[-1], samples=_BRANCH_SAMPLES)
        except ValueError:
            size /= 2
            continue
        if cycle.stable or abs(cycle.period - cycles[-1].period) > 3.0:  # jumped to another cycle
            size /= 2
            continue
        cycles.append(cycle)
        size = min(size * 1.5, 2 * step_size)
    return cycles


def _summary(cycle: LimitCycle):
    return cycle.i_app, cycle.period, float(cycle.v.max()), float(cycle.v.min()), cycle.stable


# --- where simulation settles ------------------------------------------------------------------------

@dataclass(frozen=True)
class AttractorScan:
    """Where the membrane settles at each constant current (µA/cm²) after a transient.

    v_max and v_min (mV) span V over the last ``window`` ms; rate_hz is the oscillation rate there
    (0 when V has settled to a constant within 0.5 mV); ``firing`` marks an oscillation of at least
    20 mV (spikes, not the ringing of a fixed point).
    """

    i_app: np.ndarray
    v_max: np.ndarray
    v_min: np.ndarray
    rate_hz: np.ndarray
    window: float

    @property
    def firing(self) -> np.ndarray:
        return self.v_max - self.v_min > 20.0


def attractor_scan(currents, t_stop: float = 500.0, window: float = 100.0, params: HHParams = STANDARD,
                   v0=None, gates0=None, dt: float = 0.025) -> AttractorScan:
    """Simulate each constant current (µA/cm²) from a common start for ``t_stop`` ms and report the last
    ``window`` ms: the range of V and the rate of oscillation.

    The start is the resting state (a step from rest) unless ``v0`` (mV) and ``gates0`` (m, h, n) are
    given, e.g. a state on a firing cycle: comparing the two starts shows where rest and firing coexist.
    All currents run in one batch of :func:`excitable.hh.simulate_batch`.
    """
    currents = np.atleast_1d(_checks.finite("currents", currents, "µA/cm²"))
    if currents.ndim != 1 or currents.size == 0:
        raise ValueError(f"currents must be a number or a non-empty 1-D array (µA/cm²), got shape {currents.shape}")
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 1.0, 20_000.0, "ms")
    window = _checks.scalar_in_range("window", window, 1.0, t_stop, "ms")
    run = simulate_batch([step(float(i)) for i in currents], t_stop, dt, params, v0=v0, gates0=gates0)
    late = run.t >= t_stop - window
    v = run.v[:, late]
    t = run.t[late]
    v_max, v_min = v.max(axis=1), v.min(axis=1)
    rates = np.zeros(currents.size)
    for k in range(currents.size):
        if v_max[k] - v_min[k] < 0.5:
            continue
        middle = 0.5 * (v_max[k] + v_min[k])
        up = np.nonzero((v[k, :-1] < middle) & (v[k, 1:] >= middle))[0]
        if up.size >= 2:
            rates[k] = 1000.0 * (up.size - 1) / (t[up[-1]] - t[up[0]])
    return AttractorScan(currents, v_max, v_min, rates, window)


@dataclass(frozen=True)
class BifurcationDiagram:
    """What the HH membrane does at each constant current ``i_app`` (µA/cm²).

    ``fixed_v`` (mV) and ``eigenvalues`` (n_currents x 4, 1/ms) describe the fixed point, ``rest_stable``
    its stability. ``from_rest`` is where the membrane settles when started 0.5 mV above that fixed point
    (a current switched on slowly, then a small nudge); ``from_firing`` where it settles when started on
    the firing cycle of ``FIRING_START_CURRENT``. Where the two differ, rest and firing coexist.
    """

    i_app: np.ndarray
    fixed_v: np.ndarray
    eigenvalues: np.ndarray
    from_rest: AttractorScan
    from_firing: AttractorScan

    @property
    def rest_stable(self) -> np.ndarray:
        return np.all(self.eigenvalues.real < 0, axis=1)

    @property
    def bistable(self) -> np.ndarray:
        """Currents where a stable rest and sustained firing coexist."""
        return self.rest_stable & self.from_firing.firing


FIRING_START_CURRENT = 10.0
"""Current (µA/cm²) whose firing cycle starts the ``from_firing`` runs of :func:`bifurcation_diagram`."""


def bifurcation_diagram(currents, params: HHParams = STANDARD, t_stop: float = 400.0) -> BifurcationDiagram:
    """Fixed points, their eigenvalues and the attractors reached from rest and from firing, for each current.

    Two batches of ``t_stop`` ms (:func:`attractor_scan`) and one fixed point per current: a few seconds for a
    hundred currents, computed once for a figure or an explorer.
    """
    currents = np.atleast_1d(_checks.finite("currents", currents, "µA/cm²"))
    if currents.ndim != 1 or currents.size == 0:
        raise ValueError(f"currents must be a number or a non-empty 1-D array (µA/cm²), got shape {currents.shape}")
    _checks.instance("params", params, HHParams)
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 50.0, 5000.0, "ms")
    try:
        points = [fixed_point(float(i), params) for i in currents]
    except ValueError as error:
        raise ValueError(f"currents: {error}") from None
    v0 = np.array([p.v for p in points]) + 0.5
    gates = tuple(np.array([getattr(p, g) for p in points]) for g in "mhn")
    from_rest = attractor_scan(currents, t_stop, 100.0, params, v0=v0, gates0=gates)
    cycle = simulate_batch([step(FIRING_START_CURRENT)], 200.0, 0.025, params)[0]
    k = int(np.argmax(cycle.v[cycle.t > 150.0])) + int(np.sum(cycle.t <= 150.0))
    from_firing = attractor_scan(currents, t_stop, 100.0, params, v0=float(cycle.v[k]),
                                 gates0=(float(cycle.m[k]), float(cycle.h[k]), float(cycle.n[k])))
    eigenvalues = np.array([np.sort_complex(p.eigenvalues) for p in points]) if params.inactivation else \
        np.array([np.sort_complex(np.append(p.eigenvalues, np.nan)) for p in points])
    return BifurcationDiagram(currents, np.array([p.v for p in points]), eigenvalues, from_rest, from_firing)
