"""Strength and duration of a stimulus, and the voltage called "the threshold".

Square pulses from rest (the protocol of :mod:`excitable.experiments`: onset near
:data:`~excitable.experiments.PULSE_START`, followed for :data:`~excitable.experiments.PULSE_WINDOW` after it
ends; a spike is an upward crossing of 0 mV):

- :func:`pulse_dt`: the time step that resolves a pulse of a given duration (at least
  :data:`STEPS_PER_PULSE` steps across it, never more than :data:`MAX_PULSE_DT`);
- :func:`strength_duration`: the threshold current density of square pulses against their duration,
  one vectorized bisection (:func:`excitable.analysis.thresholds`) per time step;
- :func:`rheobase`: the threshold of a long step (:data:`RHEOBASE_WINDOW`), the least step that fires one spike;
- :func:`chronaxie`: the duration whose threshold is twice the rheobase;
- :func:`charge_threshold` and :func:`depolarization_equivalent`: the threshold charge Q = I t of a brief
  pulse (nC/cm²) and the sudden depolarization Q / C_m it amounts to (mV);
- :func:`fit_lapicque` and :func:`fit_weiss`: the two classical laws fitted to a strength-duration curve
  (:class:`LawFit`);

and the voltage threshold of one spike by three operational rules (Sekerli et al. 2004):

- :func:`threshold_by_dvdt`: where dV/dt crosses a criterion on the way into the upstroke;
- :func:`threshold_by_kink`: where the upstroke bends most sharply (largest d²V/dt², or largest slope of
  the phase plot dV/dt against V);
- :func:`threshold_by_current_balance`: where the net ionic current turns inward on the way up;
- :func:`dynamic_threshold`: the voltage threshold of the first spike on current ramps of many slopes,
  against the rate of depolarization just before it (:class:`DynamicThreshold`).

Units: mV, ms, µA/cm², nC/cm² (µA/cm² x ms), mV/ms, µA/cm² per ms for ramp slopes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

from . import _checks, analysis, hh, stimuli
from .accommodation import SLOPE_RANGE, RampToPlateau
from .experiments import PULSE_START, PULSE_WINDOW

DURATION_RANGE = (1e-3, 1e3)
"""Pulse durations (ms) accepted: 1 µs to 1 s."""

STEPS_PER_PULSE = 20
"""Least number of time steps across a pulse (:func:`pulse_dt`)."""

MAX_PULSE_DT = 0.025
"""Largest time step (ms) of the strength-duration runs: the book's standard step."""

RHEOBASE_WINDOW = 200.0
"""Simulated time (ms) of the rheobase step: a step of amplitude A from ``PULSE_START`` held to the end
(195 ms on), the protocol of the validation row ``rheobase_uA_cm2``."""

CHARGE_DURATION = 0.01
"""Duration (ms) of the brief pulse whose threshold charge :func:`charge_threshold` reports by default (10 µs)."""

DVDT_CRITERION = 10.0
"""Default dV/dt criterion (mV/ms) of :func:`threshold_by_dvdt`."""

KINK_METHODS = ("second_derivative", "third_derivative")
"""What :func:`threshold_by_kink` may look for: the largest d²V/dt² or the largest d³V/dt³ at the onset of the
upstroke (two of Sekerli et al. 2004's methods). The largest slope d(dV/dt)/dV of the phase plot is not offered:
after a brief pulse it sits where dV/dt passes through zero, the turning point of V, whatever the spike does."""

THRESHOLD_METHODS = ("dvdt", "kink", "current_balance")
"""Rules :func:`dynamic_threshold` may use."""


# --- strength and duration ---------------------------------------------------------------------------

def _check_params(params):
    return _checks.instance("params", params, hh.HHParams, "HHParams")


def _check_durations(durations):
    durations = np.atleast_1d(_checks.in_range("durations", durations, *DURATION_RANGE, "ms")).astype(float)
    if durations.ndim != 1 or durations.size == 0:
        raise ValueError(f"durations must be a number or a non-empty 1-D array (ms), got shape {durations.shape}")
    return durations


def pulse_dt(duration: float) -> float:
    """Time step (ms) for a pulse of ``duration`` ms: ``duration / N`` with N the least whole number of steps that
    is at least :data:`STEPS_PER_PULSE` and keeps the step at most :data:`MAX_PULSE_DT` ms.

    The pulse then starts on a step boundary (:func:`pulse_start`) and covers exactly N steps, so it delivers
    exactly its charge ``amplitude x duration``.
    """
    duration = _checks.scalar_in_range("duration", duration, *DURATION_RANGE, "ms")
    steps = max(STEPS_PER_PULSE, int(np.ceil(duration / MAX_PULSE_DT - 1e-9)))
    return duration / steps


def pulse_start(dt: float) -> float:
    """Onset (ms) of a test pulse on a grid of step ``dt`` ms: the grid point nearest ``PULSE_START``."""
    dt = _checks.scalar_in_range("dt", dt, 1e-6, hh.MAX_DT, "ms")
    return round(PULSE_START / dt) * dt


def _pulse(amplitude, duration):
    """The test pulse of ``duration`` ms, its time step and its t_stop (ms)."""
    dt = pulse_dt(duration)
    start = pulse_start(dt)
    return stimuli.Step(float(amplitude), start, start + duration), dt, start + duration + PULSE_WINDOW


def strength_duration(durations, params: hh.HHParams = hh.STANDARD, rel_tol: float = 1e-5) -> np.ndarray:
    """Threshold current density (µA/cm²) of a square pulse from rest, for each duration (ms).

    Each pulse starts near ``PULSE_START`` (on its own step grid, :func:`pulse_dt`) and the membrane is
    followed for ``PULSE_WINDOW`` ms after it ends; a spike is an upward crossing of 0 mV. Pulses that share a
    time step are bisected together in one batch (:func:`excitable.analysis.thresholds`), to ``rel_tol``.
    """
    durations = _check_durations(durations)
    params = _check_params(params)
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-9, 0.1)
    result = np.empty(durations.size)
    runs = [_pulse(3.0 + 7.0 / d, d) for d in durations]   # a first guess above HH's threshold at 6.3 °C
    for dt in sorted({run[1] for run in runs}):
        members = [j for j, run in enumerate(runs) if run[1] == dt]
        t_stop = max(runs[j][2] for j in members)
        result[members] = analysis.thresholds([runs[j][0] for j in members], t_stop, dt, params, rel_tol)
    return result


def rheobase(params: hh.HHParams = hh.STANDARD, rel_tol: float = 1e-5) -> float:
    """Rheobase (µA/cm²): the least step from rest that fires a spike within :data:`RHEOBASE_WINDOW` ms.

    The step starts at ``PULSE_START`` and stays on, as in the validation row ``rheobase_uA_cm2``. This is the
    least current that fires *one* spike; it is neither the least step that sustains repetitive firing nor the
    current at which rest loses its stability (both larger in HH).
    """
    params = _check_params(params)
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-9, 0.1)
    return analysis.threshold(stimuli.step(1.0, PULSE_START), RHEOBASE_WINDOW, params=params, rel_tol=rel_tol)


def _fires(amplitude, duration, params):
    pulse, dt, t_stop = _pulse(amplitude, duration)
    return bool(analysis.fires(hh.simulate_batch([pulse], t_stop, dt, params, record_voltage=False))[0])


def chronaxie(params: hh.HHParams = hh.STANDARD, rel_tol: float = 1e-4) -> float:
    """Chronaxie (ms): the least duration of a square pulse from rest at twice the rheobase that fires a spike.

    Equivalently the duration whose strength-duration threshold is twice :func:`rheobase`. Bisection on the
    logarithm of the duration between 10 µs and 100 ms, to a relative tolerance ``rel_tol``.
    """
    params = _check_params(params)
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-7, 0.1)
    amplitude = 2.0 * rheobase(params)
    low, high = 0.01, 100.0
    if _fires(amplitude, low, params) or not _fires(amplitude, high, params):
        raise ValueError(f"params: a pulse at twice the rheobase ({amplitude:.4g} µA/cm²) must fail at {low} ms and "
                         f"fire at {high} ms")
    log_d = analysis.boundary(lambda x: _fires(amplitude, 10.0 ** x, params), np.log10(low), np.log10(high),
                              rel_tol / np.log(10.0))
    return float(10.0 ** log_d)


def charge_threshold(duration: float = CHARGE_DURATION, params: hh.HHParams = hh.STANDARD,
                     rel_tol: float = 1e-5) -> float:
    """Threshold charge density Q = I_threshold x duration (nC/cm², i.e. µA/cm² x ms) of a square pulse from rest.

    For a pulse much briefer than the membrane's time constants Q hardly depends on the duration: the pulse
    only charges the capacitance, so it acts as a sudden depolarization of Q / C_m (:func:`depolarization_equivalent`).
    """
    duration = _checks.scalar_in_range("duration", duration, *DURATION_RANGE, "ms")
    return float(strength_duration([duration], params, rel_tol)[0] * duration)


def depolarization_equivalent(duration: float = CHARGE_DURATION, params: hh.HHParams = hh.STANDARD,
                              rel_tol: float = 1e-5) -> float:
    """The sudden depolarization (mV) that the threshold charge of a pulse of ``duration`` ms would make: Q / C_m.

    Compare with :func:`excitable.analysis.threshold_depolarization`, the least voltage jump (gates at rest) that
    fires; the two agree as the pulse becomes brief.
    """
    params = _check_params(params)
    return charge_threshold(duration, params, rel_tol) / params.c_m


@dataclass(frozen=True)
class LawFit:
    """A classical strength-duration law fitted to thresholds.

    law : "lapicque" (I = I_rh / (1 - exp(-d / tau))) or "weiss" (I = I_rh (1 + c / d))
    rheobase : fitted I_rh (µA/cm²)
    chronaxie : the law's duration at twice I_rh (ms): tau ln 2 (Lapicque) or c (Weiss)
    durations : the durations fitted (ms)
    thresholds : the thresholds fitted (µA/cm²)
    fitted : the law's thresholds at those durations (µA/cm²)
    residuals : fitted / measured - 1, the relative error at each duration
    """

    law: str
    rheobase: float
    chronaxie: float
    durations: np.ndarray
    thresholds: np.ndarray
    fitted: np.ndarray
    residuals: np.ndarray

    @property
    def max_error(self) -> float:
        """Largest relative error |fitted / measured - 1| over the fitted durations."""
        return float(np.max(np.abs(self.residuals)))

    def at(self, durations) -> np.ndarray:
        """The fitted law's thresholds (µA/cm²) at ``durations`` (ms)."""
        durations = _check_durations(durations)
        return _LAWS[self.law](durations, self.rheobase, self.chronaxie)


def _check_law(durations, rheobase_value, chronaxie_value):
    rheobase_value = _checks.finite_scalar("rheobase_value", rheobase_value, "µA/cm²")
    chronaxie_value = _checks.finite_scalar("chronaxie_value", chronaxie_value, "ms")
    return (_check_durations(durations), _checks.positive("rheobase_value", rheobase_value, "µA/cm²"),
            _checks.positive("chronaxie_value", chronaxie_value, "ms"))


def lapicque_law(durations, rheobase_value: float, chronaxie_value: float) -> np.ndarray:
    """Lapicque's threshold (µA/cm²) I_rh / (1 - exp(-d ln2 / c)) at durations d (ms), rheobase I_rh (µA/cm²) and
    chronaxie c (ms): a passive RC membrane charged to a fixed voltage, with time constant c / ln 2."""
    durations, rheobase_value, chronaxie_value = _check_law(durations, rheobase_value, chronaxie_value)
    return _lapicque(durations, rheobase_value, chronaxie_value)


def weiss_law(durations, rheobase_value: float, chronaxie_value: float) -> np.ndarray:
    """Weiss's threshold (µA/cm²) I_rh (1 + c / d) at durations d (ms), rheobase I_rh (µA/cm²) and chronaxie c (ms):
    the threshold charge I d = I_rh (d + c) grows linearly with the duration."""
    durations, rheobase_value, chronaxie_value = _check_law(durations, rheobase_value, chronaxie_value)
    return _weiss(durations, rheobase_value, chronaxie_value)


def _lapicque(durations, rheobase_value, chronaxie_value):
    return rheobase_value / -np.expm1(-durations * np.log(2.0) / chronaxie_value)


def _weiss(durations, rheobase_value, chronaxie_value):
    return rheobase_value * (1.0 + chronaxie_value / durations)


_LAWS = {"lapicque": _lapicque, "weiss": _weiss}


def _fit(law, durations, thresholds):
    durations = _check_durations(durations)
    thresholds = np.atleast_1d(_checks.positive("thresholds", thresholds, "µA/cm²")).astype(float)
    if thresholds.shape != durations.shape:
        raise ValueError(f"thresholds must have one value per duration ({durations.size}), got shape "
                         f"{thresholds.shape}")
    if durations.size < 3 or np.unique(durations).size < 3:
        raise ValueError(f"durations must hold at least 3 distinct values to fit 2 parameters, got {durations.size}")
    function = _LAWS[law]

    def log_law(d, log_rheobase, log_chronaxie):
        return np.log(function(d, np.exp(log_rheobase), np.exp(log_chronaxie)))

    # Least squares on log thresholds: every duration counts by its relative error, as on log axes.
    order = np.argsort(durations)
    guess = (np.log(thresholds[order[-1]]), np.log(float(np.median(durations))))
    try:
        with np.errstate(all="ignore"):
            (log_rheobase, log_chronaxie), _ = curve_fit(log_law, durations, np.log(thresholds), p0=guess,
                                                         maxfev=20000)
    except RuntimeError as error:
        raise ValueError(f"thresholds: the {law} law could not be fitted ({error})") from None
    if not np.all(np.isfinite([log_rheobase, log_chronaxie])) or abs(log_chronaxie) > 50 or abs(log_rheobase) > 50:
        raise ValueError(f"thresholds: the {law} law does not fit these thresholds (no finite rheobase and chronaxie)")
    rheobase_value, chronaxie_value = float(np.exp(log_rheobase)), float(np.exp(log_chronaxie))
    fitted = function(durations, rheobase_value, chronaxie_value)
    return LawFit(law, rheobase_value, chronaxie_value, durations, thresholds, fitted, fitted / thresholds - 1.0)


def fit_lapicque(durations, thresholds) -> LawFit:
    """Fit Lapicque's law I = I_rh / (1 - exp(-d ln2 / c)) to thresholds (µA/cm²) at durations (ms).

    The exponential charging of a passive RC membrane to a fixed voltage. Least squares on the logarithm of the
    thresholds (relative errors), by :func:`scipy.optimize.curve_fit`; returns a :class:`LawFit`.
    """
    return _fit("lapicque", durations, thresholds)


def fit_weiss(durations, thresholds) -> LawFit:
    """Fit Weiss's law I = I_rh (1 + c / d) to thresholds (µA/cm²) at durations (ms): the threshold charge I d grows
    linearly with d, Q = I_rh (d + c). Least squares on the logarithm of the thresholds; returns a :class:`LawFit`.
    """
    return _fit("weiss", durations, thresholds)


# --- the voltage threshold of one spike ---------------------------------------------------------------

def _slopes(t, v):
    """dV/dt and d²V/dt² (mV/ms, mV/ms²) of one trace, by second-order differences."""
    t, v = analysis._check_trace(t, v)
    if v.ndim != 1:
        raise ValueError(f"v must be a single trace (1-D), got shape {v.shape}")
    if t.size < 5 or np.any(np.diff(t) <= 0):
        raise ValueError("t must hold at least 5 strictly increasing sample times (ms)")
    dvdt = np.gradient(v, t)
    return t, v, dvdt, np.gradient(dvdt, t)


def _upstroke(t, v, dvdt):
    """Indices (start, peak) of the first spike's upstroke (the first upward crossing of 0 mV): ``peak`` is its
    fastest rise (the local maximum of dV/dt nearest the crossing, between the last local maximum before it and the
    spike's peak); ``start`` is the last local minimum of dV/dt before that, which ends any stimulus artefact or
    preceding decay. A threshold is searched between the two.
    """
    above = np.nonzero(v >= analysis.SPIKE_THRESHOLD)[0]
    if above.size == 0 or above[0] == 0:
        raise ValueError(f"v must contain an upward crossing of {analysis.SPIKE_THRESHOLD:g} mV (a spike) after its "
                         "first sample")
    cross = top = int(above[0])
    while top + 1 < v.size and v[top + 1] >= v[top]:
        top += 1
    # Back from the crossing to the fastest rise if it came before 0 mV, then forward to the spike's peak.
    while cross > 0 and dvdt[cross - 1] >= dvdt[cross]:
        cross -= 1
    peak = cross + int(np.argmax(dvdt[cross:top + 1]))
    start = peak
    while start > 0 and dvdt[start - 1] <= dvdt[start]:
        start -= 1
    return start, peak


def _crossing(t, x, values, level, first, last):
    """V (mV) and t (ms) where ``values`` crosses ``level`` upwards for the last time in [first, last]."""
    segment = values[first:last + 1]
    below = np.nonzero(segment < level)[0]
    if below.size == 0 or below[-1] == segment.size - 1:
        raise ValueError(f"criterion: the upstroke's rate never crosses {level:g} mV/ms upwards")
    k = first + int(below[-1])
    fraction = (level - values[k]) / (values[k + 1] - values[k])
    return float(x[k] + fraction * (x[k + 1] - x[k])), float(t[k] + fraction * (t[k + 1] - t[k]))


def threshold_by_dvdt(t, v, criterion: float = DVDT_CRITERION) -> float:
    """Voltage threshold (mV) of the first spike of one trace: V where dV/dt last crosses ``criterion`` (mV/ms)
    upwards before the upstroke's fastest rise (linear interpolation between samples).

    ``t`` in ms (increasing), ``v`` in mV; dV/dt by second-order differences. Looking back from the fastest rise,
    and only as far as the last minimum of dV/dt before it, ignores the jump a current pulse makes at its onset.
    """
    t, v, dvdt, _ = _slopes(t, v)
    criterion = _checks.scalar_in_range("criterion", criterion, 1e-3, 1e3, "mV/ms")
    start, peak = _upstroke(t, v, dvdt)
    return _crossing(t, v, dvdt, criterion, start, peak)[0]


def threshold_by_kink(t, v, method: str = "second_derivative") -> float:
    """Voltage threshold (mV) of the first spike of one trace at the sharpest bend of the upstroke's onset.

    ``method`` "second_derivative": V at the largest d²V/dt² (mV/ms²) between the start of the upstroke and its
    fastest rise; "third_derivative": V at the largest d³V/dt³ (mV/ms³) over the same samples. ``t`` in ms,
    ``v`` in mV; derivatives by second-order differences.
    """
    t, v, dvdt, d2vdt2 = _slopes(t, v)
    method = _checks.choice("method", method, KINK_METHODS)
    start, peak = _upstroke(t, v, dvdt)
    window = slice(start, peak + 1)
    measure = d2vdt2 if method == "second_derivative" else np.gradient(d2vdt2, t)
    return float(v[start + int(np.argmax(measure[window]))])


def threshold_by_current_balance(result) -> float:
    """Voltage threshold (mV) of the first spike of a single-trace :class:`~excitable.hh.HHResult`: V where the
    net ionic current I_ion (outward positive) last changes from outward to inward before the upstroke's fastest rise.

    Here the inward Na⁺ current first exceeds the outward K⁺ and leak currents for good. Linear interpolation
    between samples.
    """
    result = analysis._check_result(result, "t", "v", "m", "h", "n", single=True)
    if np.ndim(result.m) != 1 or np.shape(result.m) != np.shape(result.v):
        raise ValueError("result must record the gates (simulate with record_gates=True)")
    t, v, dvdt, _ = _slopes(result.t, result.v)
    start, peak = _upstroke(t, v, dvdt)
    inward = -np.asarray(result.i_ion, dtype=float)      # positive when the net ionic current is inward
    segment = inward[:peak + 1]
    outward = np.nonzero(segment <= 0.0)[0]
    if outward.size == 0 or outward[-1] == peak:
        raise ValueError("result: the net ionic current never turns from outward to inward before the upstroke")
    return _crossing(t, v, inward, 0.0, int(outward[-1]), peak)[0]


@dataclass(frozen=True)
class DynamicThreshold:
    """Voltage thresholds of the first spike on ramps of current.

    slopes : ramp slopes (µA/cm² per ms), increasing
    threshold_v : voltage threshold of each first spike by ``method`` (mV)
    threshold_t : its time after the ramp's start (ms)
    rate : mean dV/dt over the ``lead`` ms before the threshold (mV/ms), the rate of depolarization preceding it
    method : the rule used ("dvdt", "kink" or "current_balance")
    lead : the window (ms) over which ``rate`` is averaged
    v_rest : the resting potential the ramps start from (mV)
    """

    slopes: np.ndarray
    threshold_v: np.ndarray
    threshold_t: np.ndarray
    rate: np.ndarray
    method: str
    lead: float
    v_rest: float


def _threshold_time(result, method, criterion):
    """(V, t) of the threshold of a single-trace result by ``method``."""
    t, v, dvdt, _ = _slopes(result.t, result.v)
    if method == "dvdt":
        start, peak = _upstroke(t, v, dvdt)
        return _crossing(t, v, dvdt, criterion, start, peak)
    if method == "kink":
        value = threshold_by_kink(t, v)
    else:
        value = threshold_by_current_balance(result)
    start, peak = _upstroke(t, v, dvdt)
    k = start + int(np.argmin(np.abs(v[start:peak + 1] - value)))
    return value, float(t[k])


def dynamic_threshold(slopes, method: str = "dvdt", criterion: float = DVDT_CRITERION, lead: float = 1.0,
                      plateau: float = 100.0, params: hh.HHParams = hh.STANDARD, dt: float = 0.005) -> DynamicThreshold:
    """Voltage threshold (mV) of the first spike on current ramps from rest, against the rate of depolarization.

    Each ramp rises at its slope (µA/cm² per ms) from ``PULSE_START`` to ``plateau`` µA/cm² and is held there
    (:class:`excitable.accommodation.RampToPlateau`); all run in one batch at step ``dt`` ms until the slowest
    has been on its plateau for 20 ms. The threshold of its first spike is found by ``method`` ("dvdt" with
    ``criterion`` mV/ms, "kink" or "current_balance"); the rate of depolarization is the mean dV/dt over the
    ``lead`` ms before it. A ramp that does not fire raises ``ValueError`` (choose faster slopes or a higher
    plateau: a slow ramp below the Hopf current accommodates).
    """
    slopes = np.sort(np.atleast_1d(_checks.in_range("slopes", slopes, *SLOPE_RANGE, "µA/cm² per ms")).astype(float))
    if slopes.ndim != 1 or slopes.size == 0 or slopes.size > 64:
        raise ValueError(f"slopes must be a number or a 1-D array of 1 to 64 slopes (µA/cm² per ms), "
                         f"got {slopes!r:.80}")
    method = _checks.choice("method", method, THRESHOLD_METHODS)
    criterion = _checks.scalar_in_range("criterion", criterion, 1e-3, 1e3, "mV/ms")
    lead = _checks.scalar_in_range("lead", lead, 0.05, 20.0, "ms")
    plateau = _checks.scalar_in_range("plateau", plateau, 1.0, 1e3, "µA/cm²")
    params = _check_params(params)
    dt = _checks.scalar_in_range("dt", dt, 1e-4, 0.025, "ms")
    t_stop = PULSE_START + plateau / slopes[0] + 20.0
    if t_stop > 5000.0:
        raise ValueError(f"slopes: the slowest ramp ({slopes[0]:g} µA/cm² per ms) needs {t_stop:.0f} ms; at most "
                         "5000 ms are simulated")
    batch = hh.simulate_batch([RampToPlateau(float(s), plateau, PULSE_START) for s in slopes], t_stop, dt, params)
    v_rest = hh.resting_potential(params)
    values, times, rates = [], [], []
    for j, slope in enumerate(slopes):
        trace = batch[j]
        if trace.spike_times.size == 0:
            raise ValueError(f"slopes: the ramp of {slope:g} µA/cm² per ms to {plateau:g} µA/cm² does not fire")
        # Only the run up to just after the first spike's peak matters.
        stop = min(trace.t.size, int(np.searchsorted(trace.t, trace.spike_times[0] + 2.0)) + 1)
        first = hh.HHResult(trace.t[:stop], trace.v[:stop], trace.m[:stop], trace.h[:stop], trace.n[:stop],
                            trace.i_app[:stop], trace.params, trace.spike_times[:1], trace.spike_threshold)
        value, when = _threshold_time(first, method, criterion)
        before = max(when - lead, 0.0)
        rates.append((value - float(np.interp(before, first.t, first.v))) / (when - before))
        values.append(value)
        times.append(when - PULSE_START)
    return DynamicThreshold(slopes, np.array(values), np.array(times), np.array(rates), method, float(lead), v_rest)
