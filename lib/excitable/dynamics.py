"""The HH membrane as a dynamical system: fixed points, linear stability, Hopf bifurcations.

State x = (V, m, h, n) with V in mV and time in ms; when Na+ channels do not
inactivate (``params.inactivation`` False, as after pronase) h is held at 1
and the state is (V, m, n). A fixed point for a constant applied current I
(µA/cm²) has every gate at its steady state and the steady-state ionic
current equal to I. Its stability follows from the
eigenvalues (1/ms) of the 4x4 Jacobian; the resting state loses stability
where a complex pair crosses the imaginary axis (a Hopf bifurcation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from . import _checks
from .hh import STANDARD, HHParams, conductances, gate_rates, gate_steady_states, steady_state_current

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
