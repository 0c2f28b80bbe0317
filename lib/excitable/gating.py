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
:mod:`excitable.hh`, so the rates are defined in exactly one place. Every
exponent is clipped at :data:`EXPONENT_LIMIT`, so the rates stay finite for
any finite voltage (beyond about ±10 V, far outside any membrane, they are
capped instead of overflowing to infinity and NaN).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, vectorize
from scipy.constants import h as PLANCK

from . import _checks, constants

REFERENCE_CELSIUS = 6.3
"""Temperature (°C) at which Hodgkin and Huxley's rate constants were measured."""

HH_Q10 = 3.0
"""Temperature coefficient of the HH rates (Hodgkin & Huxley 1952d)."""


EXPONENT_LIMIT = 600.0
"""Largest exponent the rate functions evaluate: exp(600) ~ 4e260 leaves room for sums and the temperature factor."""


@njit(cache=True)
def _exp(x):
    # exp(x) with x capped at EXPONENT_LIMIT: finite for any finite x.
    return math.exp(min(x, EXPONENT_LIMIT))


@njit(cache=True)
def _exprel(x):
    # (exp(x) - 1) / x, continuous at 0; expm1 keeps full precision for small x; capped like _exp.
    if x == 0.0:
        return 1.0
    return math.expm1(min(x, EXPONENT_LIMIT)) / x


@vectorize(["float64(float64)"], cache=True)
def _alpha_m(v):
    return 1.0 / _exprel(-(v + 40.0) / 10.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_m(v):
    return 4.0 * _exp(-(v + 65.0) / 18.0)


@vectorize(["float64(float64)"], cache=True)
def _alpha_h(v):
    return 0.07 * _exp(-(v + 65.0) / 20.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_h(v):
    return 1.0 / (1.0 + _exp(-(v + 35.0) / 10.0))


@vectorize(["float64(float64)"], cache=True)
def _alpha_n(v):
    return 0.1 / _exprel(-(v + 55.0) / 10.0)


@vectorize(["float64(float64)"], cache=True)
def _beta_n(v):
    return 0.125 * _exp(-(v + 65.0) / 80.0)


def _public(rate, doc):
    def function(v):
        return rate(_checks.finite("v", v, "mV"))

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
    """Factor ``q10 ** ((celsius - reference) / 10)`` (dimensionless) that scales every rate.

    ``celsius`` and ``reference`` in °C; the factor is 1 at 6.3 °C for the HH model. This is the one
    place the model's temperature enters: :func:`hh_rates` and :attr:`excitable.hh.HHParams.rate_factor`
    call it.
    """
    celsius = _checks.finite("celsius", celsius, "°C")
    if np.any(np.asarray(celsius) <= -273.15):
        raise ValueError(f"celsius must be above absolute zero (-273.15 °C), got {celsius!r}")
    q10 = _checks.positive("q10", q10)
    reference = _checks.finite_scalar("reference", reference, "°C")
    if reference <= -273.15:
        raise ValueError(f"reference must be above absolute zero (-273.15 °C), got {reference!r}")
    exponent = (np.asarray(celsius) - reference) / 10.0 * np.log(q10)
    if np.any(exponent > 700.0):
        raise ValueError(f"q10 ** ((celsius - reference) / 10) overflows for q10 = {q10!r}, celsius = {celsius!r}")
    return q10 ** ((celsius - reference) / 10.0)


def steady_state(alpha, beta):
    """Steady-state open probability x_inf = alpha / (alpha + beta) (rates in 1/ms)."""
    alpha = _checks.non_negative("alpha", alpha, "1/ms")
    beta = _checks.non_negative("beta", beta, "1/ms")
    total = np.asarray(alpha) + np.asarray(beta)
    if np.any(total <= 0):
        raise ValueError("alpha + beta must be > 0 (1/ms); a gate with both rates zero never moves")
    return alpha / total


def time_constant(alpha, beta):
    """Relaxation time constant tau = 1 / (alpha + beta), in ms (rates in 1/ms)."""
    alpha = _checks.non_negative("alpha", alpha, "1/ms")
    beta = _checks.non_negative("beta", beta, "1/ms")
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
    x0 = _checks.in_range("x0", x0, 0.0, 1.0)
    t = _checks.non_negative("t", t, "ms")
    _checks.broadcastable("t", np.shape(t), x0=x0, alpha=alpha, beta=beta)
    x_inf = steady_state(alpha, beta)
    tau = time_constant(alpha, beta)
    return x_inf - (x_inf - x0) * np.exp(-np.asarray(t) / tau)


def hh_rates(gate: str, v, celsius: float = REFERENCE_CELSIUS):
    """(alpha, beta) in 1/ms of HH gate ``'m'``, ``'h'`` or ``'n'`` at V (mV) and ``celsius`` (°C).

    The rate functions at 6.3 °C times :func:`temperature_factor`. They describe the gate alone: no
    drug acts on them (for a membrane, pronase included, see :func:`excitable.hh.gate_rates`).
    """
    alpha, beta = _rates_of(gate)
    factor = temperature_factor(celsius)
    return factor * alpha(v), factor * beta(v)


def hh_x_inf(gate: str, v):
    """x_inf(V) of HH gate ``'m'``, ``'h'`` or ``'n'`` at V (mV), from its rate functions alone.

    Temperature scales alpha and beta by the same factor, so x_inf does not depend on it. No drug
    enters: after pronase the membrane's h is 1, which :func:`excitable.hh.gate_steady_states` gives.
    """
    alpha, beta = _rates_of(gate)
    return steady_state(alpha(v), beta(v))


def hh_tau(gate: str, v, celsius: float = REFERENCE_CELSIUS):
    """tau_x(V) in ms of HH gate ``'m'``, ``'h'`` or ``'n'`` at V (mV) and ``celsius`` (°C), from its rates alone."""
    return time_constant(*hh_rates(gate, v, celsius))


def _rates_of(gate: str):
    if not isinstance(gate, str) or gate not in RATES:
        raise ValueError(f"gate must be one of 'm', 'h', 'n', got {gate!r}")
    return RATES[gate]


# -- Physical rate theory and cooperative channels ---------------------------------------------------------------

def eyring_rate(v, delta_g, charge, celsius: float = REFERENCE_CELSIUS, kappa: float = 1.0):
    """Transition-state (Eyring) rate (1/ms) of a voltage-driven conformational change.

    ``rate = kappa (k_B T / h) exp(-delta_g / RT) exp(charge F V / RT)``

    Parameters
    ----------
    v : membrane potential (mV)
    delta_g : free-energy barrier at V = 0 (kJ/mol)
    charge : effective gating charge moved from the start state to the barrier peak (elementary
        charges, signed; ``z_g * delta`` for an opening step, ``-z_g * (1 - delta)`` for the closing step,
        where ``delta`` is the barrier's electrical distance through the field)
    celsius : temperature (°C)
    kappa : transmission coefficient (dimensionless, 0 < kappa <= 1)
    """
    v = _checks.finite("v", v, "mV")
    delta_g = _checks.finite("delta_g", delta_g, "kJ/mol")
    charge = _checks.finite("charge", charge, "elementary charges")
    kappa = _checks.in_range("kappa", kappa, 1e-12, 1.0)
    temperature = constants.kelvin(celsius)
    rt = constants.GAS_CONSTANT * temperature  # J/mol
    attempt = kappa * constants.BOLTZMANN * temperature / PLANCK * 1e-3  # 1/ms
    exponent = (-np.asarray(delta_g) * 1e3 + np.asarray(charge) * constants.FARADAY * np.asarray(v) * 1e-3) / rt
    if np.any(exponent > 700.0):
        raise ValueError("eyring_rate overflows: delta_g (kJ/mol) too small or charge * v too large "
                         f"(exponent {np.max(exponent):.0f} > 700)")
    return attempt * np.exp(exponent)


def eyring_barrier(rate, celsius: float = REFERENCE_CELSIUS, kappa: float = 1.0):
    """Free-energy barrier (kJ/mol) that gives ``rate`` (1/ms) at V = 0 in :func:`eyring_rate`."""
    rate = _checks.positive("rate", rate, "1/ms")
    kappa = _checks.in_range("kappa", kappa, 1e-12, 1.0)
    temperature = constants.kelvin(celsius)
    attempt = kappa * constants.BOLTZMANN * temperature / PLANCK * 1e-3
    ratio = attempt / np.asarray(rate)
    if not np.all(np.isfinite(ratio)):
        raise ValueError(f"rate is too small for a barrier (below {attempt / 1e300:.3g} 1/ms), got {rate!r}")
    return constants.GAS_CONSTANT * temperature * np.log(ratio) * 1e-3


def mwc_open_probability(v, n_sensors: int = 4, v_half_sensor: float = -40.0, z_sensor: float = 2.0,
                         l0: float = 1e-4, coupling: float = 20.0, celsius: float = REFERENCE_CELSIUS):
    """Equilibrium open probability of a Monod-Wyman-Changeux (allosteric) voltage-gated channel.

    ``n_sensors`` identical voltage sensors, each activated with equilibrium constant
    ``K(V) = exp(z_sensor F (V - v_half_sensor) / RT)``; the pore opens with equilibrium constant
    ``l0`` when no sensor is active, and each active sensor multiplies it by ``coupling``::

        P_open = l0 (1 + coupling K)^N / (l0 (1 + coupling K)^N + (1 + K)^N)

    v, v_half_sensor in mV; z_sensor in elementary charges; l0, coupling dimensionless (> 0).
    """
    v = _checks.finite("v", v, "mV")
    n_sensors = _checks.integer("n_sensors", n_sensors, 1, 32)
    l0 = _checks.positive("l0", l0)
    coupling = _checks.positive("coupling", coupling)
    v_half_sensor = _checks.finite("v_half_sensor", v_half_sensor, "mV")
    z_sensor = _checks.finite("z_sensor", z_sensor, "elementary charges")
    k = np.exp(np.clip(z_sensor * (np.asarray(v) - v_half_sensor) / constants.thermal_voltage(celsius), -700, 700))
    # log-space ratio closed/open keeps the formula finite for any V
    log_ratio = n_sensors * (np.log1p(k) - np.log1p(coupling * k)) - np.log(l0)
    return 1.0 / (1.0 + np.exp(np.clip(log_ratio, -700.0, 700.0)))


def subunit_generator(alpha, beta, n_subunits: int = 4, coupling: float = 1.0) -> np.ndarray:
    """Rate matrix Q (1/ms) of a channel whose ``n_subunits`` gates activate one after another.

    State k (0..N) has k activated subunits; the channel conducts only in state N. Forward
    ``k -> k+1`` at ``(N - k) alpha coupling**k``, backward ``k+1 -> k`` at ``(k + 1) beta``. With
    ``coupling = 1`` the subunits are independent and P(state N) = n^N exactly; ``coupling > 1``
    means each activated subunit speeds the activation of the others (positive cooperativity).
    ``dp/dt = p Q`` for the row vector of state occupancies p.
    """
    alpha = _checks.positive("alpha", alpha, "1/ms")
    beta = _checks.positive("beta", beta, "1/ms")
    alpha = _checks.scalar_in_range("alpha", alpha, 1e-9, 1e9, "1/ms")
    beta = _checks.scalar_in_range("beta", beta, 1e-9, 1e9, "1/ms")
    n_subunits = _checks.integer("n_subunits", n_subunits, 1, 12)
    coupling = _checks.scalar_in_range("coupling", coupling, 1e-3, 1e3)
    q = np.zeros((n_subunits + 1, n_subunits + 1))
    for k in range(n_subunits):
        q[k, k + 1] = (n_subunits - k) * alpha * coupling**k
        q[k + 1, k] = (k + 1) * beta
    q -= np.diag(q.sum(axis=1))
    return q


def subunit_steady_state(alpha, beta, n_subunits: int = 4, coupling: float = 1.0):
    """Equilibrium open probability of the sequential scheme of :func:`subunit_generator`.

    Detailed balance gives the occupancy of state k (k gates activated) as proportional to
    ``C(N, k) (alpha/beta)**k coupling**(k (k - 1) / 2)``; the channel is open in state N. With
    ``coupling = 1`` this is ``x_inf**N``. ``alpha`` and ``beta`` (1/ms) may be arrays (e.g. over V).
    """
    alpha = np.asarray(_checks.positive("alpha", alpha, "1/ms"), dtype=float)
    beta = np.asarray(_checks.positive("beta", beta, "1/ms"), dtype=float)
    n_subunits = _checks.integer("n_subunits", n_subunits, 1, 12)
    coupling = _checks.scalar_in_range("coupling", coupling, 1e-3, 1e3)
    k = np.arange(n_subunits + 1)
    log_binomial = np.array([math.lgamma(n_subunits + 1) - math.lgamma(j + 1) - math.lgamma(n_subunits - j + 1)
                             for j in k])
    log_weight = (log_binomial + np.multiply.outer(np.log(alpha / beta), k) + 0.5 * k * (k - 1) * np.log(coupling))
    log_weight = log_weight - log_weight.max(axis=-1, keepdims=True)
    weight = np.exp(log_weight)
    return weight[..., -1] / weight.sum(axis=-1)


def subunit_open_probability(t, alpha, beta, n_subunits: int = 4, coupling: float = 1.0, start=None):
    """Open probability (state N of :func:`subunit_generator`) at times ``t`` (ms) after a voltage step.

    ``start`` is the occupancy vector at t = 0 (default: every subunit resting, state 0). Solved
    exactly with the matrix exponential via the eigen-decomposition of Q.
    """
    t = _checks.non_negative("t", t, "ms")
    q = subunit_generator(alpha, beta, n_subunits, coupling)
    p0 = np.zeros(q.shape[0])
    if start is None:
        p0[0] = 1.0
    else:
        p0 = np.asarray(_checks.in_range("start", start, 0.0, 1.0), dtype=float)
        if p0.shape != (q.shape[0],) or not np.isclose(p0.sum(), 1.0):
            raise ValueError(f"start must be {q.shape[0]} occupancies summing to 1, got {start!r}")
    times = np.atleast_1d(np.asarray(t, dtype=float))
    occupancy = p0 @ _expm_series(q, times)
    return np.clip(occupancy[..., -1], 0.0, 1.0).reshape(np.shape(t))


def _expm_series(q, times):
    """exp(Q t) for every t, shape (len(times), n, n), for a birth-death generator Q.

    Such a chain obeys detailed balance, so D Q D^-1 is symmetric with D = diag(sqrt(pi)) (pi the
    equilibrium occupancies); its eigen-decomposition is real and well conditioned.
    """
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(np.diag(q, 1)) - np.log(np.diag(q, -1)))])
    half = 0.5 * (log_pi - log_pi.max())
    symmetric = np.exp(half)[:, None] * q * np.exp(-half)[None, :]
    eigenvalues, vectors = np.linalg.eigh(0.5 * (symmetric + symmetric.T))
    decay = np.exp(np.outer(times, eigenvalues))
    core = np.einsum("ij,tj,kj->tik", vectors, decay, vectors)
    return np.exp(-half)[None, :, None] * core * np.exp(half)[None, None, :]
