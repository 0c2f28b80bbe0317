"""Voltage-dependent gates.

A two-state gate flips between closed and open with opening rate ``alpha``
and closing rate ``beta`` (both 1/ms). Its open probability ``x`` obeys
``dx/dt = alpha (1 - x) - beta x``; at a fixed voltage it relaxes
exponentially to ``x_inf = alpha / (alpha + beta)`` with time constant
``tau = 1 / (alpha + beta)``.

The Hodgkin-Huxley rate functions are given in the modern convention
(membrane potential V in mV, rest near -65 mV) at the reference temperature
of 6.3 °C. ``alpha_m`` and ``alpha_n`` have the form ``u / (1 - exp(-u))``,
which is 0/0 at ``u = 0`` (V = -40 mV and V = -55 mV); written with the
relative exponential ``exprel(u) = (exp(u) - 1) / u`` they are exact and
finite there. The same compiled functions are used by the integrator in
:mod:`excitable.hh`, so the rates are defined in exactly one place.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, vectorize

from . import _validate

REFERENCE_CELSIUS = 6.3
"""Temperature (°C) at which Hodgkin and Huxley's rate constants were measured."""

HH_Q10 = 3.0
"""Temperature coefficient of the HH rates (Hodgkin & Huxley 1952d)."""


@njit(cache=True)
def _exprel(x):
    # (exp(x) - 1) / x, continuous at 0; expm1 keeps full precision for small x.
    if x == 0.0:
        return 1.0
    return math.expm1(x) / x


@vectorize(["float64(float64)"], cache=True)
def _alpha_m(v):
    return 1.0 / _exprel(-(v + 40.0) / 10.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_m(v):
    return 4.0 * math.exp(-(v + 65.0) / 18.0)


@vectorize(["float64(float64)"], cache=True)
def _alpha_h(v):
    return 0.07 * math.exp(-(v + 65.0) / 20.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_h(v):
    return 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))


@vectorize(["float64(float64)"], cache=True)
def _alpha_n(v):
    return 0.1 / _exprel(-(v + 55.0) / 10.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_n(v):
    return 0.125 * math.exp(-(v + 65.0) / 80.0)


def _public(rate, doc):
    def function(v):
        return rate(_validate.finite("v", v, "mV"))

    function.__name__ = rate.__name__.lstrip("_")
    function.__qualname__ = function.__name__
    function.__doc__ = doc
    return function


alpha_m = _public(_alpha_m, "Opening rate of the Na+ activation gate m (1/ms) at V (mV), 6.3 °C.\n\n"
                  "alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40)/10)); equal to 1 at V = -40 mV.")
beta_m = _public(_beta_m, "Closing rate of m (1/ms) at V (mV), 6.3 °C: 4 exp(-(V + 65)/18).")
alpha_h = _public(_alpha_h, "Opening rate of the Na+ inactivation gate h (1/ms), 6.3 °C: 0.07 exp(-(V + 65)/20).")
beta_h = _public(_beta_h, "Closing rate of h (1/ms), 6.3 °C: 1 / (1 + exp(-(V + 35)/10)).")
alpha_n = _public(_alpha_n, "Opening rate of the K+ activation gate n (1/ms) at V (mV), 6.3 °C.\n\n"
                  "alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55)/10)); equal to 0.1 at V = -55 mV.")
beta_n = _public(_beta_n, "Closing rate of n (1/ms), 6.3 °C: 0.125 exp(-(V + 65)/80).")

RATES = {"m": (alpha_m, beta_m), "h": (alpha_h, beta_h), "n": (alpha_n, beta_n)}
"""The HH rate functions (alpha, beta) of each gate, keyed by the gate's name."""


def temperature_factor(celsius, q10: float = HH_Q10, reference: float = REFERENCE_CELSIUS):
    """Factor phi = q10 ** ((celsius - reference) / 10) that scales every rate.

    ``celsius`` and ``reference`` in °C; phi = 1 at 6.3 °C for the HH model.
    """
    celsius = _validate.finite("celsius", celsius, "°C")
    if np.any(np.asarray(celsius) <= -273.15):
        raise ValueError(f"celsius must be above absolute zero (-273.15 °C), got {celsius!r}")
    q10 = _validate.positive("q10", q10)
    return q10 ** ((celsius - reference) / 10.0)


def steady_state(alpha, beta):
    """Steady-state open probability x_inf = alpha / (alpha + beta) (rates in 1/ms)."""
    alpha = _validate.non_negative("alpha", alpha, "1/ms")
    beta = _validate.non_negative("beta", beta, "1/ms")
    total = np.asarray(alpha) + np.asarray(beta)
    if np.any(total <= 0):
        raise ValueError("alpha + beta must be > 0 (1/ms); a gate with both rates zero never moves")
    return alpha / total


def time_constant(alpha, beta):
    """Relaxation time constant tau = 1 / (alpha + beta), in ms (rates in 1/ms)."""
    alpha = _validate.non_negative("alpha", alpha, "1/ms")
    beta = _validate.non_negative("beta", beta, "1/ms")
    total = np.asarray(alpha) + np.asarray(beta)
    if np.any(total <= 0):
        raise ValueError("alpha + beta must be > 0 (1/ms); a gate with both rates zero never moves")
    return 1.0 / total


def clamp_step(x0, alpha, beta, t):
    """Open probability of a two-state gate at times ``t`` (ms) after a voltage step.

    Before the step the gate sat at ``x0``; at the new voltage its rates are
    ``alpha`` and ``beta`` (1/ms). The exact solution is
    ``x(t) = x_inf - (x_inf - x0) exp(-t / tau)``.
    """
    x0 = _validate.in_range("x0", x0, 0.0, 1.0)
    t = _validate.non_negative("t", t, "ms")
    x_inf = steady_state(alpha, beta)
    tau = time_constant(alpha, beta)
    return x_inf - (x_inf - x0) * np.exp(-np.asarray(t) / tau)


def gate_steady_state(gate: str, v):
    """x_inf(V) of HH gate ``'m'``, ``'h'`` or ``'n'`` at V (mV).

    Temperature scales alpha and beta by the same factor, so x_inf does not depend on it.
    """
    alpha, beta = _rates_of(gate)
    return steady_state(alpha(v), beta(v))


def gate_time_constant(gate: str, v, celsius: float = REFERENCE_CELSIUS):
    """tau_x(V) in ms of HH gate ``'m'``, ``'h'`` or ``'n'`` at V (mV) and ``celsius`` (°C)."""
    alpha, beta = _rates_of(gate)
    return time_constant(alpha(v), beta(v)) / temperature_factor(celsius)


def _rates_of(gate: str):
    if gate not in RATES:
        raise ValueError(f"gate must be one of 'm', 'h', 'n', got {gate!r}")
    return RATES[gate]
