"""Reading gating kinetics off voltage-clamp records, as Hodgkin and Huxley did.

The functions here fit the conductance time courses of :func:`excitable.hh.voltage_clamp` (or of a
noisy copy made by :func:`noisy_record`) with the forms Hodgkin and Huxley used, and turn the fitted
steady states and time constants into opening and closing rates:

- :func:`fit_power_onset` fits ``g(t) = g_inf (1 - exp(-t/tau))**N`` with N free (the exponent);
- :func:`fit_gate_record` fits ``g(t) = g_bar [x_inf - (x_inf - x0) exp(-t/tau)]**N`` with N fixed,
  which allows the gate to start above zero (HH 1952, their eq. 11 for g_K);
- :func:`rates_from_gate` inverts ``x_inf = alpha/(alpha + beta)``, ``tau = 1/(alpha + beta)``;
- :func:`extract_k_rates` runs the whole experiment: clamp steps, noise, fits and inversion;
- :func:`fit_eyring` fits a transition-state rate to rates against voltage.

Units: t and tau in ms, conductances in mS/cm², voltages in mV, rates in 1/ms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

from . import _checks, constants, gating
from .hh import STANDARD, HHParams, gate_steady_states, voltage_clamp


def power_onset(t, g_inf, tau, exponent):
    """Conductance rising from zero as a power of an exponential: g_inf (1 - exp(-t/tau))**exponent.

    t and tau in ms, g_inf in mS/cm² (returns the same unit); exponent dimensionless.
    """
    t = _checks.non_negative("t", t, "ms")
    g_inf = _checks.finite("g_inf", g_inf, "mS/cm²")
    tau = _checks.positive("tau", tau, "ms")
    exponent = _checks.in_range("exponent", exponent, 0.0, 100.0)
    _checks.broadcastable("t", np.shape(t), g_inf=g_inf, tau=tau, exponent=exponent)
    return _power_onset(t, g_inf, tau, exponent)


def _power_onset(t, g_inf, tau, exponent):
    # The model curve_fit evaluates (its trial parameters stay inside the bounds).
    return g_inf * (-np.expm1(-np.asarray(t, dtype=float) / tau)) ** exponent


def gate_onset(t, x0, x_inf, tau, exponent, g_bar=1.0):
    """g_bar [x_inf - (x_inf - x0) exp(-t/tau)]**exponent: N independent gates relaxing from x0 to x_inf.

    t and tau in ms, x0 and x_inf between 0 and 1, g_bar in mS/cm² (the unit of the result).
    """
    t = _checks.non_negative("t", t, "ms")
    x0 = _checks.in_range("x0", x0, 0.0, 1.0)
    x_inf = _checks.in_range("x_inf", x_inf, 0.0, 1.0)
    tau = _checks.positive("tau", tau, "ms")
    exponent = _checks.in_range("exponent", exponent, 0.0, 100.0)
    g_bar = _checks.non_negative("g_bar", g_bar, "mS/cm²")
    _checks.broadcastable("t", np.shape(t), x0=x0, x_inf=x_inf, tau=tau, exponent=exponent, g_bar=g_bar)
    return _gate_onset(t, x0, x_inf, tau, exponent, g_bar)


def _gate_onset(t, x0, x_inf, tau, exponent, g_bar=1.0):
    # The model curve_fit evaluates: trial steps may leave the physical range, so x is clipped at 0.
    x = x_inf - (x_inf - x0) * np.exp(-np.asarray(t, dtype=float) / tau)
    return g_bar * np.clip(x, 0.0, None) ** exponent


@dataclass(frozen=True)
class PowerFit:
    """Least-squares fit of :func:`power_onset`: g_inf (mS/cm²), tau (ms), exponent, rms residual (mS/cm²)."""

    g_inf: float
    tau: float
    exponent: float
    rms: float

    def __call__(self, t):
        return power_onset(t, self.g_inf, self.tau, self.exponent)


@dataclass(frozen=True)
class GateFit:
    """Fit of :func:`gate_onset` with the exponent fixed: x0, x_inf, tau (ms) and the rms residual."""

    x0: float
    x_inf: float
    tau: float
    exponent: float
    g_bar: float
    rms: float

    def __call__(self, t):
        return gate_onset(t, self.x0, self.x_inf, self.tau, self.exponent, self.g_bar)


def _check_record(t, g):
    t = _checks.non_negative("t", t, "ms")
    g = _checks.finite("g", g, "mS/cm²")
    if np.ndim(t) != 1 or np.shape(g) != np.shape(t) or np.size(t) < 4:
        raise ValueError(f"t and g must be 1-D arrays of equal length >= 4, got shapes {np.shape(t)} "
                         f"and {np.shape(g)}")
    return np.asarray(t, dtype=float), np.asarray(g, dtype=float)


def fit_power_onset(t, g, exponent_bounds=(0.5, 12.0)) -> PowerFit:
    """Fit g(t) = g_inf (1 - exp(-t/tau))**N to a conductance record starting at the step (t = 0).

    ``t`` in ms, ``g`` in mS/cm² (same length). The exponent N is free within ``exponent_bounds``.
    """
    t, g = _check_record(t, g)
    low_n, high_n = _checks.ordered_pair("exponent_bounds", exponent_bounds, 0.1, 100.0)
    g_end = float(np.mean(g[-max(1, t.size // 20):]))
    if g_end <= 0:
        raise ValueError(f"g must rise to a positive value (mS/cm²) by the end of the record, got {g_end:g}")
    scaled = g / g_end  # fit in units of the final value, so tiny and large records converge alike
    half = t[np.argmax(scaled >= 0.5)] or t[1]
    p0 = (1.0, max(half / 2.0, 1e-3), 2.0)
    bounds = ([0.0, 1e-4, low_n], [10.0, 10.0 * t[-1], high_n])
    p0 = (1.0, p0[1], float(np.clip(p0[2], low_n, high_n)))
    (g_inf, tau, exponent), _ = curve_fit(_power_onset, t, scaled, p0=p0, bounds=bounds)
    g_inf *= g_end
    rms = float(np.sqrt(np.mean((_power_onset(t, g_inf, tau, exponent) - g) ** 2)))
    return PowerFit(float(g_inf), float(tau), float(exponent), rms)


def fit_gate_record(t, g, g_bar: float, exponent: float = 4.0, x0: float | None = None) -> GateFit:
    """Fit g(t) = g_bar [x_inf - (x_inf - x0) exp(-t/tau)]**exponent to a record from the step (t = 0).

    ``g_bar`` (mS/cm²) is the maximal conductance; the gate's start ``x0`` is fitted unless given
    (e.g. from the steady state at the holding potential). Returns x0, x_inf, tau (ms). The fit is
    Levenberg-Marquardt with the analytic Jacobian (fast enough for an explorer); if it fails or
    leaves the physical range it is redone with bounds (0 <= x <= 1, tau > 0).
    """
    t, g = _check_record(t, g)
    g_bar = _checks.positive("g_bar", _checks.finite_scalar("g_bar", g_bar, "mS/cm²"), "mS/cm²")
    exponent = _checks.scalar_in_range("exponent", exponent, 0.5, 12.0)
    if x0 is not None:
        x0 = _checks.scalar_in_range("x0", x0, 0.0, 1.0)
    free_start = x0 is None
    g_end = float(np.mean(g[-max(1, t.size // 20):]))
    x_end = float(np.clip(max(g_end, 0.0) / g_bar, 1e-6, 1.0) ** (1.0 / exponent))
    x_start = float(np.clip(max(g[0], 0.0) / g_bar, 0.0, 1.0) ** (1.0 / exponent)) if free_start else x0
    half = t[np.argmax(np.abs(g - g[0]) >= 0.5 * abs(g_end - g[0]))] if g_end != g[0] else t[-1] / 5.0
    p0 = [x_end, max(float(half), t[1])] + ([x_start] if free_start else [])

    def model(t, *p):
        return _gate_onset(t, p[2] if free_start else x0, p[0], p[1], exponent, g_bar)

    def jacobian(t, *p):
        x_inf, tau = p[0], p[1]
        start = p[2] if free_start else x0
        decay = np.exp(-t / tau)
        x = np.clip(x_inf - (x_inf - start) * decay, 1e-12, None)
        slope = g_bar * exponent * x ** (exponent - 1.0)
        columns = [slope * (1.0 - decay), -slope * (x_inf - start) * decay * t / tau**2]
        return np.column_stack(columns + ([slope * decay] if free_start else []))

    lower = [0.0, 1e-4] + ([0.0] if free_start else [])
    upper = [1.0, 10.0 * t[-1]] + ([1.0] if free_start else [])
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # trial steps may wander far; checked below
            popt, _ = curve_fit(model, t, g, p0=p0, jac=jacobian, method="lm")
        inside = bool(np.all(np.isfinite(popt)) and np.all(popt >= lower) and np.all(popt <= upper))
    except RuntimeError:
        inside = False
    if not inside:
        popt, _ = curve_fit(model, t, g, p0=np.clip(p0, lower, upper), jac=jacobian, bounds=(lower, upper))
    start = float(popt[2]) if free_start else float(x0)
    rms = float(np.sqrt(np.mean((model(t, *popt) - g) ** 2)))
    return GateFit(start, float(popt[0]), float(popt[1]), float(exponent), float(g_bar), rms)


def rates_from_gate(x_inf, tau):
    """Opening and closing rates (1/ms) from a steady state and time constant (ms).

    alpha = x_inf / tau and beta = (1 - x_inf) / tau, the inverse of x_inf = alpha/(alpha + beta),
    tau = 1/(alpha + beta).
    """
    x_inf = _checks.in_range("x_inf", x_inf, 0.0, 1.0)
    tau = _checks.positive("tau", tau, "ms")
    return x_inf / tau, (1.0 - x_inf) / tau


def noisy_record(g, noise_sd: float, rng: np.random.Generator):
    """``g`` plus independent Gaussian noise of standard deviation ``noise_sd`` (same unit as g)."""
    noise_sd = _checks.non_negative("noise_sd", _checks.finite_scalar("noise_sd", noise_sd))
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {rng!r}")
    g = np.asarray(_checks.finite("g", g))
    return g + rng.normal(0.0, noise_sd, g.shape) if noise_sd > 0 else g.copy()


@dataclass(frozen=True)
class RateExtraction:
    """Rates of the K+ gate n recovered from simulated clamp records, one entry per step voltage.

    v (mV); n0 (start), n_inf, tau (ms), alpha and beta (1/ms) as fitted; records holds the (noisy) g_K traces
    (mS/cm²) on the time axis t (ms, from the step).
    """

    v: np.ndarray
    n0: np.ndarray
    n_inf: np.ndarray
    tau: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    t: np.ndarray
    records: np.ndarray


def extract_k_rates(voltages, holding: float = -65.0, duration: float = 12.0, dt: float = 0.1,
                    noise_sd: float = 0.0, rng: np.random.Generator | None = None,
                    params: HHParams = STANDARD) -> RateExtraction:
    """Simulate K+ conductance records for clamp steps to ``voltages`` and recover alpha_n and beta_n.

    Each step starts from ``holding`` (mV) and lasts ``duration`` (ms); Gaussian noise of ``noise_sd``
    (mS/cm²) is added to g_K. Each record is fitted with :func:`fit_gate_record` (exponent 4, g_bar
    known, n0 fitted), and the fitted n_inf and tau are inverted with :func:`rates_from_gate`. The
    temperature of ``params`` scales the rates, so the result is compared with :func:`excitable.hh.gate_rates`.
    """
    voltages = np.atleast_1d(_checks.in_range("voltages", voltages, -150.0, 100.0, "mV"))
    if voltages.ndim != 1 or voltages.size == 0:
        raise ValueError(f"voltages must be a number or a non-empty 1-D array (mV), got shape {voltages.shape}")
    noise_sd = _checks.non_negative("noise_sd", _checks.finite_scalar("noise_sd", noise_sd))
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    _checks.instance("params", params, HHParams)
    if rng is not None:
        _checks.instance("rng", rng, np.random.Generator, "numpy.random.Generator")
    if duration / _checks.scalar_in_range("dt", dt, 1e-4, 1.0, "ms") < 8:
        raise ValueError(f"duration must span at least 8 steps of dt = {dt} ms, got {duration!r}")
    if noise_sd > 0 and rng is None:
        raise ValueError("noise_sd > 0 (noisy records) needs rng, a numpy.random.Generator "
                         "(np.random.default_rng(seed))")
    records, fits = [], []
    for v in voltages:
        clamp = voltage_clamp([(float(v), duration)], holding=holding, dt=dt, params=params)
        t, g = clamp.t, clamp.g_k
        g = noisy_record(g, noise_sd, rng) if noise_sd > 0 else g
        records.append(g)
        fits.append(fit_gate_record(t, g, params.g_k, 4.0))
    n0 = np.array([f.x0 for f in fits])
    n_inf = np.array([f.x_inf for f in fits])
    tau = np.array([f.tau for f in fits])
    alpha, beta = rates_from_gate(n_inf, tau)
    return RateExtraction(voltages, n0, n_inf, tau, np.asarray(alpha), np.asarray(beta), t, np.array(records))


@dataclass(frozen=True)
class EyringFit:
    """A rate fitted by :func:`excitable.gating.eyring_rate`: barrier (kJ/mol) and charge (e0)."""

    delta_g: float
    charge: float
    celsius: float

    def __call__(self, v):
        return gating.eyring_rate(v, self.delta_g, self.charge, self.celsius)


def fit_eyring(v, rate, celsius: float = gating.REFERENCE_CELSIUS) -> EyringFit:
    """Fit rate(V) = (k_B T/h) exp(-delta_g/RT) exp(charge F V/RT) to rates (1/ms) at voltages V (mV).

    The fit is a straight line in log(rate) against V (least squares on the logarithm, so every
    point counts in proportion to its relative error); the slope gives the charge, the intercept
    the barrier at V = 0.
    """
    v = _checks.finite("v", v, "mV")
    rate = _checks.positive("rate", rate, "1/ms")
    celsius = _checks.finite_scalar("celsius", celsius, "°C")
    if np.ndim(v) != 1 or np.shape(rate) != np.shape(v) or np.size(v) < 2:
        raise ValueError("v and rate must be 1-D arrays of equal length >= 2")
    if np.ptp(v) <= 0:
        raise ValueError("v must hold at least two different voltages (mV) to fit a slope")
    slope, intercept = np.polyfit(v, np.log(rate), 1)
    charge = slope * constants.thermal_voltage(celsius)
    delta_g = float(gating.eyring_barrier(np.exp(intercept), celsius))
    return EyringFit(delta_g, float(charge), float(celsius))


# -- Sodium inactivation: the h_inf curve, recovery, and m and h from one record ------------------------------------

def boltzmann(v, v_half, slope):
    """1 / (1 + exp((V - v_half)/slope)): falls from 1 to 0 for slope > 0 (mV), as h_inf does."""
    v = _checks.finite("v", v, "mV")
    v_half = _checks.finite("v_half", v_half, "mV")
    slope = _checks.finite("slope", slope, "mV")
    if np.any(np.asarray(slope) == 0):
        raise ValueError("slope must not be 0 (mV)")
    _checks.broadcastable("v", np.shape(v), v_half=v_half, slope=slope)
    return _boltzmann(v, v_half, slope)


def _boltzmann(v, v_half, slope):
    # The model curve_fit evaluates.
    return 0.5 * (1.0 - np.tanh(0.5 * (np.asarray(v, dtype=float) - v_half) / slope))


@dataclass(frozen=True)
class BoltzmannFit:
    """Fit of :func:`boltzmann`: half-point v_half (mV), slope factor (mV) and rms residual."""

    v_half: float
    slope: float
    rms: float

    def __call__(self, v):
        return boltzmann(v, self.v_half, self.slope)


def fit_boltzmann(v, y) -> BoltzmannFit:
    """Fit y = 1/(1 + exp((V - v_half)/slope)) to normalized values ``y`` (0..1) at voltages ``v`` (mV)."""
    v = _checks.finite("v", v, "mV")
    y = _checks.finite("y", y)
    if np.ndim(v) != 1 or np.shape(y) != np.shape(v) or np.size(v) < 3:
        raise ValueError(f"v and y must be 1-D arrays of equal length >= 3, got shapes {np.shape(v)} and {np.shape(y)}")
    v, y = np.asarray(v, dtype=float), np.asarray(y, dtype=float)
    v_half0 = float(v[np.argmin(np.abs(y - 0.5))])
    (v_half, slope), _ = curve_fit(_boltzmann, v, y, p0=(v_half0, 7.0), bounds=([-200.0, 0.1], [200.0, 100.0]))
    rms = float(np.sqrt(np.mean((_boltzmann(v, v_half, slope) - y) ** 2)))
    return BoltzmannFit(float(v_half), float(slope), rms)


def recovery_curve(t, plateau, depth, tau):
    """plateau - depth exp(-t/tau): recovery toward ``plateau`` with time constant ``tau`` (ms)."""
    t = _checks.non_negative("t", t, "ms")
    plateau = _checks.finite("plateau", plateau)
    depth = _checks.finite("depth", depth)
    tau = _checks.positive("tau", tau, "ms")
    _checks.broadcastable("t", np.shape(t), plateau=plateau, depth=depth, tau=tau)
    return _recovery_curve(t, plateau, depth, tau)


def _recovery_curve(t, plateau, depth, tau):
    # The model curve_fit evaluates.
    return plateau - depth * np.exp(-np.asarray(t, dtype=float) / tau)


@dataclass(frozen=True)
class RecoveryFit:
    """Fit of :func:`recovery_curve`: plateau, depth (dimensionless), tau (ms) and rms residual."""

    plateau: float
    depth: float
    tau: float
    rms: float

    def __call__(self, t):
        return recovery_curve(t, self.plateau, self.depth, self.tau)


def fit_recovery(interval, fraction) -> RecoveryFit:
    """Fit fraction(t) = plateau - depth exp(-t/tau) to recovered fractions at intervals ``interval`` (ms).

    Plateau and depth are free (the test peak is only nearly proportional to h), so tau is read from the
    shape of the curve, not from its end points.
    """
    interval = _checks.non_negative("interval", interval, "ms")
    fraction = _checks.finite("fraction", fraction)
    if np.ndim(interval) != 1 or np.shape(fraction) != np.shape(interval) or np.size(interval) < 4:
        raise ValueError("interval and fraction must be 1-D arrays of equal length >= 4")
    t, y = np.asarray(interval, dtype=float), np.asarray(fraction, dtype=float)
    span = float(y.max() - y.min()) or 1.0
    half = float(t[np.argmax(y >= y.min() + 0.5 * span)]) or float(t[-1]) / 5.0
    p0 = (float(y[-1]), span, max(half / np.log(2.0), 1e-3))
    (plateau, depth, tau), _ = curve_fit(_recovery_curve, t, y, p0=p0,
                                         bounds=([0.0, -10.0, 1e-3], [10.0, 10.0, 100.0 * max(t[-1], 1e-3)]))
    rms = float(np.sqrt(np.mean((_recovery_curve(t, plateau, depth, tau) - y) ** 2)))
    return RecoveryFit(float(plateau), float(depth), float(tau), rms)


def sodium_onset(t, m0, m_inf, tau_m, h0, h_inf, tau_h, g_bar=1.0):
    """g_bar [m_inf - (m_inf - m0) e^(-t/tau_m)]^3 [h_inf - (h_inf - h0) e^(-t/tau_h)]: HH's g_Na after a step."""
    t = _checks.non_negative("t", t, "ms")
    named = {name: _checks.in_range(name, value, 0.0, 1.0)
             for name, value in (("m0", m0), ("m_inf", m_inf), ("h0", h0), ("h_inf", h_inf))}
    tau_m = _checks.positive("tau_m", tau_m, "ms")
    tau_h = _checks.positive("tau_h", tau_h, "ms")
    g_bar = _checks.non_negative("g_bar", g_bar, "mS/cm²")
    _checks.broadcastable("t", np.shape(t), tau_m=tau_m, tau_h=tau_h, g_bar=g_bar, **named)
    return _sodium_onset(t, m0, m_inf, tau_m, h0, h_inf, tau_h, g_bar)


def _sodium_onset(t, m0, m_inf, tau_m, h0, h_inf, tau_h, g_bar=1.0):
    # The model curve_fit evaluates.
    t = np.asarray(t, dtype=float)
    m = m_inf - (m_inf - m0) * np.exp(-t / tau_m)
    h = h_inf - (h_inf - h0) * np.exp(-t / tau_h)
    return g_bar * np.clip(m, 0.0, None) ** 3 * np.clip(h, 0.0, None)


@dataclass(frozen=True)
class SodiumFit:
    """Fit of :func:`sodium_onset` with m0, h0 and g_bar fixed: m_inf, tau_m (ms), h_inf, tau_h (ms), rms."""

    m0: float
    m_inf: float
    tau_m: float
    h0: float
    h_inf: float
    tau_h: float
    g_bar: float
    rms: float

    def __call__(self, t):
        return sodium_onset(t, self.m0, self.m_inf, self.tau_m, self.h0, self.h_inf, self.tau_h, self.g_bar)


def fit_sodium_record(t, g, g_bar: float, m0: float, h0: float) -> SodiumFit:
    """Fit a g_Na record after a step (t = 0) with HH's m^3 h form; separates tau_m from tau_h.

    ``g_bar`` (mS/cm²) and the gates' starting values ``m0``, ``h0`` (their steady states at the
    holding potential, as HH took them) are fixed; m_inf, tau_m, h_inf and tau_h are fitted, with
    0 <= m_inf, h_inf <= 1 and tau_m < tau_h (the fast gate is m: this is what tells them apart).
    """
    t, g = _check_record(t, g)
    g_bar = _checks.positive("g_bar", _checks.finite_scalar("g_bar", g_bar, "mS/cm²"), "mS/cm²")
    m0 = _checks.scalar_in_range("m0", m0, 0.0, 1.0)
    h0 = _checks.scalar_in_range("h0", h0, 0.0, 1.0)
    k_peak = int(np.argmax(g))
    t_peak = max(float(t[k_peak]), float(t[1]))
    g_peak = max(float(g[k_peak]), 1e-9)
    # Parametrize tau_h = tau_m + extra so that the fast gate is always m.
    m_inf0 = float(np.clip((g_peak / (g_bar * max(h0, 1e-3))) ** (1.0 / 3.0), 0.02, 1.0))
    p0 = [m_inf0, t_peak / 3.0, 0.05, max(t_peak, 0.1)]

    def model(t, m_inf, tau_m, h_inf, extra):
        return _sodium_onset(t, m0, m_inf, tau_m, h0, h_inf, tau_m + extra, g_bar)

    lower, upper = [0.0, 1e-3, 0.0, 1e-3], [1.0, 50.0, 1.0, 200.0]
    (m_inf, tau_m, h_inf, extra), _ = curve_fit(model, t, g, p0=np.clip(p0, lower, upper), bounds=(lower, upper))
    rms = float(np.sqrt(np.mean((model(t, m_inf, tau_m, h_inf, extra) - g) ** 2)))
    return SodiumFit(float(m0), float(m_inf), float(tau_m), float(h0), float(h_inf), float(tau_m + extra),
                     float(g_bar), rms)


@dataclass(frozen=True)
class SodiumRateExtraction:
    """Rates of m and h recovered from simulated g_Na records, one entry per step voltage.

    v (mV); m_inf, tau_m (ms), h_inf, tau_h (ms) as fitted; alpha_m, beta_m, alpha_h, beta_h (1/ms);
    t (ms from the step) and records (the (noisy) g_Na traces, mS/cm²).
    """

    v: np.ndarray
    m_inf: np.ndarray
    tau_m: np.ndarray
    h_inf: np.ndarray
    tau_h: np.ndarray
    alpha_m: np.ndarray
    beta_m: np.ndarray
    alpha_h: np.ndarray
    beta_h: np.ndarray
    t: np.ndarray
    records: np.ndarray


def extract_na_rates(voltages, holding: float = -65.0, duration: float = 10.0, dt: float = 0.02,
                     noise_sd: float = 0.0, rng: np.random.Generator | None = None,
                     params: HHParams = STANDARD) -> SodiumRateExtraction:
    """Simulate g_Na records for steps to ``voltages`` and recover alpha and beta of m and of h.

    Each step from ``holding`` (mV) lasts ``duration`` ms; Gaussian noise of ``noise_sd`` (mS/cm²) is
    added. Each record is fitted with :func:`fit_sodium_record` (g_bar known, m0 and h0 the steady
    states at the holding potential), and each gate's fitted steady state and time constant are
    inverted with :func:`rates_from_gate`. Compare with phi * alpha(V) of the temperature of ``params``.
    """
    voltages = np.atleast_1d(_checks.in_range("voltages", voltages, -60.0, 100.0, "mV"))
    if voltages.ndim != 1 or voltages.size == 0:
        raise ValueError(f"voltages must be a number or a non-empty 1-D array (mV), got shape {voltages.shape}")
    holding = _checks.scalar_in_range("holding", holding, -200.0, 200.0, "mV")
    noise_sd = _checks.non_negative("noise_sd", _checks.finite_scalar("noise_sd", noise_sd))
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    _checks.instance("params", params, HHParams)
    if rng is not None:
        _checks.instance("rng", rng, np.random.Generator, "numpy.random.Generator")
    if duration / _checks.scalar_in_range("dt", dt, 1e-4, 1.0, "ms") < 8:
        raise ValueError(f"duration must span at least 8 steps of dt = {dt} ms, got {duration!r}")
    if noise_sd > 0 and rng is None:
        raise ValueError("noise_sd > 0 (noisy records) needs rng, a numpy.random.Generator "
                         "(np.random.default_rng(seed))")
    m0, h0, _ = (float(x) for x in gate_steady_states(holding, params))
    records, fits = [], []
    for v in voltages:
        clamp = voltage_clamp([(float(v), duration)], holding=holding, dt=dt, params=params)
        t, g = clamp.t, clamp.g_na
        g = noisy_record(g, noise_sd, rng) if noise_sd > 0 else g
        records.append(g)
        fits.append(fit_sodium_record(t, g, params.g_na, m0, h0))
    field = {name: np.array([getattr(f, name) for f in fits]) for name in ("m_inf", "tau_m", "h_inf", "tau_h")}
    alpha_m, beta_m = rates_from_gate(field["m_inf"], field["tau_m"])
    alpha_h, beta_h = rates_from_gate(field["h_inf"], field["tau_h"])
    return SodiumRateExtraction(voltages, field["m_inf"], field["tau_m"], field["h_inf"], field["tau_h"],
                                np.asarray(alpha_m), np.asarray(beta_m), np.asarray(alpha_h), np.asarray(beta_h),
                                t, np.array(records))
