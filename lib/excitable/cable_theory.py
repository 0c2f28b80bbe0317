"""Analytic cable theory: the core conductor, its constants and its closed-form solutions.

A cylindrical axon of diameter d, filled with axoplasm of resistivity R_i and wrapped in a membrane of
specific conductance g_m and capacitance C_m, is described per unit length by

    r_i = 4 R_i / (pi d^2)      axial resistance per length   (:func:`axial_resistance_per_length`)
    r_m = 1 / (g_m pi d)        membrane resistance times length (:func:`membrane_resistance_per_length`)
    c_m = C_m pi d              membrane capacitance per length (:func:`capacitance_per_length`)

and the voltage V(x, t) (deviation from rest) obeys the cable equation

    lambda^2 d2V/dx2 = tau dV/dt + V,   lambda = sqrt(r_m / r_i) = sqrt(d / (4 R_i g_m)),  tau = C_m / g_m.

Closed forms: :func:`length_constant`, :func:`input_resistance` (infinite, semi-infinite and finite
cables with a sealed or a clamped far end), :func:`steady_voltage` (the exponential and the sealed-end
cosh), :func:`charging_infinite` (Hodgkin & Rushton 1946: a current step into an infinite cable),
:func:`charging_sealed` (a finite sealed cable, as a sum of exponentials; Rall 1969),
:func:`equalizing_time_constants` (the time constants of that sum); and for the propagating spike,
:func:`travelling_wave_constant` and :func:`velocity_from_constant` (the constant K = 2 R_i theta^2 C_m / a
of Hodgkin & Huxley 1952, which makes velocity grow as the square root of the diameter) and
:func:`spike_length` (velocity times duration); and the local circuit of a voltage profile along the
axon, :func:`axial_current` and :func:`membrane_current_density`. The membrane time constant is
:func:`excitable.passive.membrane_time_constant`.

Units: diameter in µm; R_i (the argument ``r_i``, as in :mod:`excitable.cable`) in Ω·cm; g_m in mS/cm²;
C_m in µF/cm²; positions and lengths along the axon in mm; r_i in Ω/cm, r_m in Ω·cm, c_m in µF/cm;
input resistances in MΩ (so mV / nA); times in ms; velocity in m/s.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from . import _checks

__all__ = [
    "axial_resistance_per_length", "membrane_resistance_per_length", "capacitance_per_length",
    "length_constant", "input_resistance", "steady_voltage", "charging_infinite", "charging_sealed",
    "equalizing_time_constants", "travelling_wave_constant", "velocity_from_constant", "spike_length",
    "axial_current", "membrane_current_density",
]

_UM_TO_CM = 1e-4
_MM_TO_CM = 0.1
_MS_PER_CM2_TO_S = 1e-3
SERIES_TERMS = 4000
"""Terms of the sum of exponentials in :func:`charging_sealed` (error below 1e-4 of the final value)."""

DIAMETER_RANGE = (1e-3, 1e5)
"""Diameters (µm) accepted: a nanometre to ten centimetres."""

LENGTH_RANGE = (1e-6, 1e6)
"""Cable lengths (mm) accepted as finite; ``math.inf`` is an infinitely long cable."""


def _scalars(**named):
    """Check that each named value is one number (for functions whose other arguments are arrays)."""
    for name, value in named.items():
        _checks.finite_scalar(name, value)


def _diameter(diameter):
    return _checks.in_range("diameter", _checks.positive("diameter", diameter, "µm"), *DIAMETER_RANGE, "µm")


def _resistivity(r_i):
    return _checks.positive("r_i", r_i, "Ω·cm")


def _conductance(g_m):
    return _checks.positive("g_m", g_m, "mS/cm²")


def axial_resistance_per_length(diameter, r_i):
    """r_i = 4 R_i / (pi d^2): the resistance of the axoplasm per cm of axon (Ω/cm).

    ``diameter`` in µm, ``r_i`` (the specific resistivity R_i of the axoplasm) in Ω·cm.
    """
    d_cm = _diameter(diameter) * _UM_TO_CM
    return 4.0 * _resistivity(r_i) / (np.pi * d_cm**2)


def membrane_resistance_per_length(diameter, g_m):
    """r_m = 1 / (g_m pi d): the membrane resistance of one cm of axon, times that cm (Ω·cm).

    ``diameter`` in µm, ``g_m`` (the specific membrane conductance, 1/R_m) in mS/cm².
    """
    d_cm = _diameter(diameter) * _UM_TO_CM
    return 1.0 / (_conductance(g_m) * _MS_PER_CM2_TO_S * np.pi * d_cm)


def capacitance_per_length(diameter, c_m):
    """c_m = C_m pi d: the membrane capacitance per cm of axon (µF/cm); ``diameter`` in µm, ``c_m`` in µF/cm²."""
    d_cm = _diameter(diameter) * _UM_TO_CM
    return _checks.positive("c_m", c_m, "µF/cm²") * np.pi * d_cm


def length_constant(diameter, r_i, g_m):
    """lambda = sqrt(r_m / r_i) = sqrt(d / (4 R_i g_m)) in mm.

    ``diameter`` in µm, ``r_i`` (R_i) in Ω·cm, ``g_m`` in mS/cm². The DC length constant: in an infinite
    cable a steady deflection falls by a factor e over this distance.
    """
    ratio = membrane_resistance_per_length(diameter, g_m) / axial_resistance_per_length(diameter, r_i)
    return np.sqrt(ratio) / _MM_TO_CM


def _length(length):
    """A cable length in mm: positive, finite within LENGTH_RANGE, or +inf."""
    if isinstance(length, (int, float)) and not isinstance(length, bool) and length == math.inf:
        return math.inf
    return _checks.scalar_in_range("length", _checks.finite_scalar("length", length, "mm"), *LENGTH_RANGE, "mm")


def _far_end(far_end):
    return _checks.choice("far_end", far_end, ("sealed", "clamped"))


def input_resistance(diameter, r_i, g_m, length=math.inf, far_end="sealed", injection="end"):
    """Input resistance (MΩ = mV/nA) of a cable seen from the injection site.

    ``length`` (mm) is the length of cable beyond the injection site, ``math.inf`` for a semi-infinite
    cable: R_inf = r_i lambda = sqrt(r_i r_m). A finite cable with a ``"sealed"`` far end (no current
    leaves it) has R_inf coth(L/lambda), larger than R_inf; with a ``"clamped"`` far end (held at rest)
    R_inf tanh(L/lambda), smaller. ``injection="middle"`` injects halfway along a cable of twice ``length``
    (two such halves in parallel: half the resistance); ``"end"`` injects at one end.
    """
    lam_cm = length_constant(diameter, r_i, g_m) * _MM_TO_CM
    r_inf = axial_resistance_per_length(diameter, r_i) * lam_cm / 1e6
    length = _length(length)
    far_end = _far_end(far_end)
    halves = {"end": 1.0, "middle": 2.0}[_checks.choice("injection", injection, ("end", "middle"))]
    if length == math.inf:
        return r_inf / halves
    electrotonic = length * _MM_TO_CM / lam_cm
    factor = 1.0 / np.tanh(electrotonic) if far_end == "sealed" else np.tanh(electrotonic)
    return r_inf * factor / halves


def steady_voltage(x, current, diameter, r_i, g_m, length=math.inf, far_end="sealed"):
    """Steady deflection V(x) (mV) when ``current`` nA is injected at x = 0, the end of the cable.

    Semi-infinite cable (``length=math.inf``): V(x) = I R_inf exp(-x/lambda). A finite cable of
    ``length`` mm: V(x) = V(0) cosh((L - x)/lambda) / cosh(L/lambda) with a sealed far end, or
    V(0) sinh((L - x)/lambda) / sinh(L/lambda) with a clamped one, V(0) = I R_in (:func:`input_resistance`).
    ``x`` in mm, 0 <= x (<= L).
    """
    _scalars(diameter=diameter, r_i=r_i, g_m=g_m)
    x = _checks.non_negative("x", x, "mm")
    current = _checks.finite_scalar("current", current, "nA")
    length = _length(length)
    far_end = _far_end(far_end)
    if length != math.inf and np.any(np.asarray(x) > length * (1.0 + 1e-12)):
        raise ValueError(f"x must lie between 0 and the cable's length {length:g} (in mm), got {np.max(x)!r}")
    lam = length_constant(diameter, r_i, g_m)
    v0 = current * input_resistance(diameter, r_i, g_m, length, far_end)
    if length == math.inf:
        return v0 * np.exp(-np.asarray(x) / lam)
    big_l, big_x = length / lam, np.minimum(np.asarray(x), length) / lam
    if far_end == "sealed":  # cosh(L - X)/cosh(L), written to stay finite for long cables
        profile = (np.exp(-big_x) + np.exp(big_x - 2 * big_l)) / (1.0 + np.exp(-2 * big_l))
    else:
        profile = (np.exp(-big_x) - np.exp(big_x - 2 * big_l)) / -np.expm1(-2 * big_l)
    return v0 * profile


def _time_and_distance(time_in_tau, distance_in_lambda):
    big_t = _checks.non_negative("time_in_tau", time_in_tau)
    big_x = _checks.non_negative("distance_in_lambda", distance_in_lambda)
    try:
        big_t, big_x = np.broadcast_arrays(np.asarray(big_t, dtype=float), np.asarray(big_x, dtype=float))
    except ValueError:
        raise ValueError(f"time_in_tau of shape {np.shape(big_t)} and distance_in_lambda of shape "
                         f"{np.shape(big_x)} do not broadcast together") from None
    return big_t, big_x


def charging_infinite(time_in_tau, distance_in_lambda=0.0):
    """V(X, T) / V(0, inf) after a current step at X = 0 of an infinite (or semi-infinite) cable.

    Hodgkin & Rushton (1946): with T = t/tau and X = |x|/lambda,
    V/V_final(0) = [exp(-X) erfc(X/(2 sqrt T) - sqrt T) - exp(X) erfc(X/(2 sqrt T) + sqrt T)] / 2,
    which at the injection site is erf(sqrt T), not the isopotential 1 - exp(-T). Both arguments are
    dimensionless and broadcast; written with ``scipy.special.erfcx`` so it stays finite far out.
    """
    big_t, big_x = _time_and_distance(time_in_tau, distance_in_lambda)
    out = np.zeros(big_t.shape)
    live = big_t > 0
    t, x = big_t[live], big_x[live]
    root = np.sqrt(t)
    a = x / (2.0 * root)
    # exp(X) erfc(a + sqrt T) = exp(-a^2 - T) erfcx(a + sqrt T): never overflows
    second = np.exp(-a * a - t) * special.erfcx(a + root)
    low = a - root
    with np.errstate(over="ignore", invalid="ignore"):
        first = np.where(low > 0, np.exp(-a * a - t) * special.erfcx(np.maximum(low, 0.0)),
                         np.exp(-x) * special.erfc(np.minimum(low, 0.0)))
    out[live] = 0.5 * (first - second)
    return out if out.ndim else float(out)


def equalizing_time_constants(electrotonic_length, count=5):
    """tau_n / tau for n = 0 .. count-1 of a finite sealed cable: 1 / (1 + (n pi / L)^2) (Rall 1969).

    ``electrotonic_length`` is L = length/lambda. tau_0 = tau is the membrane's own time constant; the
    faster ones equalize charge along the cable. Returns an array of ``count`` ratios.
    """
    big_l = _checks.scalar_in_range("electrotonic_length", electrotonic_length, 1e-6, 1e6)
    count = _checks.integer("count", count, 1, 100_000)
    n = np.arange(count)
    return 1.0 / (1.0 + (n * np.pi / big_l) ** 2)


def charging_sealed(time_in_tau, distance_in_lambda, electrotonic_length, terms=SERIES_TERMS):
    """V(X, T) / V(0, inf) after a current step at X = 0 of a finite cable with sealed ends.

    The sum of exponentials of Rall (1969), with L = length/lambda and k_n = n pi / L:
    V(X, T) = V_inf(X) - (1/L) sum_n eps_n cos(k_n X) exp(-(1 + k_n^2) T) / (1 + k_n^2),
    eps_0 = 1, eps_n = 2, V_inf(X) = cosh(L - X)/sinh(L), all divided by V_inf(0) = coth(L). The decay
    rates are those of :func:`equalizing_time_constants`. For L much longer than 1 it approaches
    :func:`charging_infinite`; for L much shorter it approaches the isopotential 1 - exp(-T).
    """
    big_t, big_x = _time_and_distance(time_in_tau, distance_in_lambda)
    big_l = _checks.scalar_in_range("electrotonic_length", electrotonic_length, 1e-3, 1e3)
    terms = _checks.integer("terms", terms, 1, 1_000_000)
    if np.any(big_x > big_l * (1.0 + 1e-12)):
        raise ValueError(f"distance_in_lambda must lie between 0 and electrotonic_length {big_l:g}, "
                         f"got {np.max(big_x)!r}")
    ratios = equalizing_time_constants(big_l, terms)
    k = np.arange(terms) * np.pi / big_l
    weights = np.where(np.arange(terms) == 0, 1.0, 2.0) * ratios / big_l
    flat_t, flat_x = big_t.ravel(), np.minimum(big_x.ravel(), big_l)
    final = (np.exp(-flat_x) + np.exp(flat_x - 2 * big_l)) / -np.expm1(-2 * big_l)  # cosh(L-X)/sinh(L)
    out = np.empty(flat_t.shape)
    for start in range(0, flat_t.size, 256):  # bounded memory: 256 points x terms at a time
        t = flat_t[start:start + 256, None]
        x = flat_x[start:start + 256, None]
        tail = np.sum(weights * np.cos(k * x) * np.exp(-t / ratios), axis=1)
        out[start:start + 256] = final[start:start + 256] - tail
    coth = 1.0 / np.tanh(big_l)
    out = np.where(flat_t > 0, out, 0.0) / coth
    out = out.reshape(big_t.shape)
    return out if out.ndim else float(out)


def travelling_wave_constant(velocity, diameter, r_i, c_m=1.0):
    """K = 2 R_i theta^2 C_m / a (1/ms), the constant of Hodgkin & Huxley's travelling-wave equation.

    A wave moving at constant speed theta turns the cable equation into
    d2V/dt2 = K (dV/dt + I_ion / C_m): an ordinary differential equation in which the axon's size enters
    only through K. ``velocity`` in m/s, ``diameter`` in µm (a = d/2), ``r_i`` in Ω·cm, ``c_m`` in µF/cm².
    """
    theta_cm_per_ms = _checks.positive("velocity", velocity, "m/s") * 0.1
    radius_cm = _diameter(diameter) * _UM_TO_CM / 2.0
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    return 2.0 * _resistivity(r_i) * theta_cm_per_ms**2 * c_m / radius_cm * 1e-3  # Ω·µF = µs = 1e-3 ms


def velocity_from_constant(k, diameter, r_i, c_m=1.0):
    """theta = sqrt(K a / (2 R_i C_m)) in m/s: the speed that a membrane's constant ``k`` (1/ms) gives.

    The inverse of :func:`travelling_wave_constant`. K depends only on the membrane, so at fixed R_i and
    C_m the velocity grows as the square root of the diameter.
    """
    k = _checks.positive("k", k, "1/ms")
    radius_cm = _diameter(diameter) * _UM_TO_CM / 2.0
    c_m = _checks.positive("c_m", c_m, "µF/cm²")
    return np.sqrt(k * 1e3 * radius_cm / (2.0 * _resistivity(r_i) * c_m)) * 10.0


def spike_length(velocity, duration):
    """The length of axon (mm) a spike of ``duration`` ms occupies at ``velocity`` m/s (1 m/s x 1 ms = 1 mm)."""
    return _checks.positive("velocity", velocity, "m/s") * _checks.positive("duration", duration, "ms")


def _profile(x, v):
    x = np.asarray(_checks.finite("x", x, "mm"), dtype=float)
    v = np.asarray(_checks.finite("v", v, "mV"), dtype=float)
    if x.ndim != 1 or x.size < 3:
        raise ValueError(f"x must be a 1-D array of at least 3 positions (in mm), got shape {x.shape}")
    if np.any(np.diff(x) <= 0):
        raise ValueError("x must increase strictly (positions along the axon, in mm)")
    if v.shape[-1:] != x.shape:
        raise ValueError(f"v must have the positions along its last axis: {x.size} values, got shape {v.shape}")
    return x, v


def axial_current(x, v, diameter, r_i):
    """The current in the axon's core, -(1/r_i) dV/dx, in µA (positive towards larger x).

    ``v`` (mV) is the voltage at positions ``x`` (mm, increasing; the last axis of ``v``), ``diameter``
    in µm and ``r_i`` (R_i) in Ω·cm. The derivative is taken by second-order finite differences.
    """
    _scalars(diameter=diameter, r_i=r_i)
    x, v = _profile(x, v)
    slope_mv_per_cm = np.gradient(v, x * _MM_TO_CM, axis=-1)
    return -slope_mv_per_cm / axial_resistance_per_length(diameter, r_i) * 1e3  # mV/Ω = mA


def membrane_current_density(x, v, diameter, r_i):
    """The total membrane current (capacitive + ionic) per unit area, (d / 4 R_i) d2V/dx2, in µA/cm².

    Outward positive: the current that the core delivers to (positive) or draws from (negative) each piece
    of membrane. Ahead of a spike it is outward, charging the membrane there towards threshold; that is the
    local circuit. ``x`` in mm (increasing), ``v`` in mV, ``diameter`` in µm, ``r_i`` in Ω·cm.
    """
    _scalars(diameter=diameter, r_i=r_i)
    x, v = _profile(x, v)
    d_cm = _diameter(diameter) * _UM_TO_CM
    x_cm = x * _MM_TO_CM
    curvature = np.gradient(np.gradient(v, x_cm, axis=-1), x_cm, axis=-1)  # mV/cm²
    return d_cm / (4.0 * _resistivity(r_i)) * curvature * 1e3  # mV/(Ω cm²) = mA/cm²
