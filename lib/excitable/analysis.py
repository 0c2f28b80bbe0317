"""Measurements on simulated membranes: spikes, thresholds and f-I curves.

A "spike" is an upward crossing of ``SPIKE_THRESHOLD`` (0 mV): the HH model
has no sharp voltage threshold, and every response that reaches 0 mV is a
full action potential, while subthreshold responses stay well below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import bisect

from . import _checks
from .constants import ELEMENTARY_CHARGE
from .gating import temperature_factor
from .hh import (
    CELSIUS_RANGE,
    MAX_DT,
    STANDARD,
    HHParams,
    gate_steady_states,
    resting_potential,
    simulate_batch,
    time_axis,
)
from .stimuli import Stimulus, step

SPIKE_THRESHOLD = 0.0
"""Voltage (mV) an upward crossing of which counts as a spike."""

REPETITIVE_SPIKE_THRESHOLD = -30.0
"""Crossing (mV) that counts spikes in repetitive firing: under strong steady currents the
spikes shrink (at 100 µA/cm² they peak near -20 mV), so f-I curves count crossings of -30 mV."""


def _check_result(result, *attributes, single: bool = False):
    """``result`` after checking it is a simulation result with ``attributes`` (a single trace if ``single``)."""
    if not all(hasattr(result, name) for name in attributes):
        raise TypeError(f"result must be a simulation result (excitable.hh.HHResult), got {result!r:.80}")
    if single and np.ndim(result.v) != 1:
        raise ValueError("result must hold a single trace; index the batch first (result[j])")
    return result


def _check_trace(t, v):
    """(t, v) as float arrays after checking t is 1-D and v has len(t) samples along its last axis."""
    t = np.asarray(_checks.finite("t", t, "ms"))
    v = np.asarray(_checks.finite("v", v, "mV"))
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t must be a 1-D array of at least 2 sample times (ms), got shape {t.shape}")
    if v.ndim not in (1, 2) or v.shape[-1] != t.size:
        raise ValueError(f"v has shape {v.shape}; it must have {t.size} samples along time (the length of t)")
    return t, v


def spike_times(t, v, threshold: float = SPIKE_THRESHOLD):
    """Times (ms) at which ``v`` (mV) crosses ``threshold`` upwards, linearly interpolated.

    ``t`` has shape (n_time,); for a 2-D ``v`` of shape (n_traces, n_time) a
    list with one array per trace is returned.
    """
    t, v = _check_trace(t, v)
    threshold = _checks.finite_scalar("threshold", threshold, "mV")
    if v.ndim == 2:
        return [spike_times(t, trace, threshold) for trace in v]
    below, above = v[:-1] < threshold, v[1:] >= threshold
    k = np.nonzero(below & above)[0]
    fraction = (threshold - v[k]) / (v[k + 1] - v[k])
    return t[k] + fraction * (t[k + 1] - t[k])


@dataclass(frozen=True)
class SpikeVerdict:
    """What one current-clamp response did.

    spiked : whether V crossed the spike threshold (0 mV) upwards at least once
    count : number of such crossings
    peak_v : highest V of the response (mV)
    peak_t : time of that peak (ms)
    """

    spiked: bool
    count: int
    peak_v: float
    peak_t: float

    def short(self) -> str:
        """A few words for a figure label."""
        if not self.spiked:
            return f"no spike (V peaks at {self.peak_v:.1f} mV)"
        spikes = "spike" if self.count == 1 else f"{self.count} spikes"
        return f"{spikes}, peak {self.peak_v:+.1f} mV at {self.peak_t:.1f} ms"

    def message(self) -> str:
        """One plain-text sentence for a reader."""
        if not self.spiked:
            return (f"No spike: V peaks at {self.peak_v:.1f} mV (t = {self.peak_t:.1f} ms), "
                    f"below the {SPIKE_THRESHOLD:g} mV spike criterion.")
        spikes = "Spike" if self.count == 1 else f"{self.count} spikes"
        return f"{spikes}: V peaks at {self.peak_v:+.1f} mV at t = {self.peak_t:.1f} ms."


def judge_response(result) -> SpikeVerdict:
    """Spike or no spike, how many, and the peak, for a single-trace :class:`~excitable.hh.HHResult`."""
    _check_result(result, "t", "v", single=True)
    times = spike_times(result.t, result.v)
    k = int(np.argmax(result.v))
    return SpikeVerdict(bool(times.size), int(times.size), float(result.v[k]), float(result.t[k]))


def fires(result) -> np.ndarray:
    """Boolean per trace of a simulation result: did it cross its spike threshold upwards?"""
    times = _check_result(result, "spike_times").spike_times
    return np.array([times.size > 0] if isinstance(times, np.ndarray) else [s.size > 0 for s in times])


def thresholds(stimuli, t_stop: float, dt: float = 0.025, params: HHParams = STANDARD,
               rel_tol: float = 1e-4, upper: float = 1e4) -> np.ndarray:
    """Least amplitude of each stimulus protocol that makes a spike, by bisection.

    ``stimuli`` are protocols whose amplitude is scaled (``with_amplitude``);
    all of them are bisected together, one batch simulation per halving. The
    answer is in the stimulus's amplitude unit (µA/cm² for pulses) and is
    accurate to ``rel_tol`` relative. ``upper`` bounds the search; a protocol
    that does not fire even there raises ``ValueError``.
    """
    stimuli = _checks.sequence("stimuli", stimuli)
    for s in stimuli:
        _checks.instance("stimuli", s, Stimulus, "excitable.stimuli stimulus (each item)")
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-9, 0.1)
    upper = _checks.positive("upper", _checks.finite_scalar("upper", upper), "stimulus amplitude")
    sign = np.array([np.sign(_amplitude(s)) or 1.0 for s in stimuli])
    low = np.zeros(len(stimuli))
    high = np.array([abs(_amplitude(s)) or 1.0 for s in stimuli])

    def spiking(amplitudes):
        batch = simulate_batch([s.with_amplitude(a * sg) for s, a, sg in zip(stimuli, amplitudes, sign)],
                               t_stop, dt, params, record_voltage=False)
        return fires(batch)

    # Grow the upper bracket until every protocol fires.
    fired = spiking(high)
    while not np.all(fired):
        if np.any(high[~fired] >= upper):
            raise ValueError(f"no spike for amplitudes up to upper = {upper:g}; raise upper or check the protocol")
        high = np.where(fired, high, np.minimum(2.0 * high, upper))
        fired = spiking(high)
    return sign * _bisect_batch(spiking, low, high, rel_tol=rel_tol)


def _bisect_batch(predicate, low, high, rel_tol: float = 0.0, abs_tol: float = 0.0) -> np.ndarray:
    """Where a yes/no ``predicate`` switches from False to True, for a whole batch of brackets at once.

    ``low`` and ``high`` are arrays of one shape, one bracket per entry, with the predicate False at
    ``low`` and True at ``high`` (the caller checks the ends; they are not evaluated here).
    ``predicate`` takes an array of that shape of trial points and returns a boolean array (True: at or
    above the switch), so each halving costs one call on the batch (one batch simulation, say). Every
    bracket is halved at each call, the ones already narrow enough too, until every width
    ``high - low`` is at most ``rel_tol * |high| + abs_tol``; at least one tolerance must be positive.
    Returns the midpoints of the final brackets, in the unit of the brackets.
    """
    low, high = np.array(low, dtype=float), np.array(high, dtype=float)
    if not rel_tol > 0 and not abs_tol > 0:
        raise ValueError(f"rel_tol ({rel_tol}) or abs_tol ({abs_tol}) must be positive, or the bisection never ends")
    while np.any(high - low > rel_tol * np.abs(high) + abs_tol):
        middle = 0.5 * (low + high)
        above = np.asarray(predicate(middle), dtype=bool)
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return 0.5 * (low + high)


def threshold(stimulus: Stimulus, t_stop: float, dt: float = 0.025, params: HHParams = STANDARD,
              rel_tol: float = 1e-4) -> float:
    """Least amplitude of ``stimulus`` (same protocol, scaled) that makes a spike (µA/cm²)."""
    return float(thresholds([stimulus], t_stop, dt, params, rel_tol)[0])


def _amplitude(stimulus: Stimulus) -> float:
    amplitude = stimulus.scale
    if amplitude is None:
        raise ValueError(f"cannot scale {stimulus!r}: it has no amplitude")
    return float(amplitude)


@dataclass(frozen=True)
class FICurve:
    """Steady firing rate against step current.

    currents : step amplitudes (µA/cm²); rates_hz : steady firing rate (Hz),
    0 where the membrane does not fire repetitively; spike_times : list of
    arrays of spike times (ms) after the step onset.
    """

    currents: np.ndarray
    rates_hz: np.ndarray
    spike_times: list


def steady_rate(times, duration: float, transient: float) -> float:
    """Steady firing rate (Hz) from spike ``times`` (ms) during a step of ``duration`` ms.

    Counts only spikes after ``transient`` ms; firing is "steady" when at least
    two intervals follow the transient and the last spike is no more than two
    intervals before the end of the step. Otherwise the rate is 0.
    """
    times = np.asarray(_checks.finite("times", times, "ms"))
    if times.ndim != 1:
        raise ValueError(f"times must be a 1-D array of spike times (ms), got shape {times.shape}")
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    transient = _checks.non_negative("transient", _checks.finite_scalar("transient", transient, "ms"), "ms")
    if transient > duration:
        raise ValueError(f"transient ({transient} ms) must not exceed duration ({duration} ms)")
    late = times[times >= transient]
    if late.size < 3:
        return 0.0
    interval = float(np.mean(np.diff(late)))
    if duration - late[-1] > 2.0 * interval:
        return 0.0
    return 1000.0 / interval


def fi_curve(currents, duration: float = 500.0, dt: float = 0.025, params: HHParams = STANDARD,
             transient: float | None = None, threshold: float = REPETITIVE_SPIKE_THRESHOLD) -> FICurve:
    """f-I curve: steady firing rate for steps of each current (µA/cm²), all simulated in one batch.

    Each step starts at t = 0 from rest and lasts ``duration`` ms; rates are
    measured after ``transient`` ms (default: a fifth of the duration) from
    upward crossings of ``threshold`` (mV).
    """
    currents = np.atleast_1d(_checks.finite("currents", currents, "µA/cm²"))
    if currents.ndim != 1 or currents.size == 0:
        raise ValueError(f"currents must be a number or a non-empty 1-D array (µA/cm²), got shape {currents.shape}")
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    try:
        time_axis(duration, dt)
    except ValueError as error:
        raise ValueError(f"duration (as t_stop) and dt: {error}") from None
    threshold = _checks.finite_scalar("threshold", threshold, "mV")
    transient = duration / 5 if transient is None else _checks.in_range("transient", transient, 0, duration, "ms")
    batch = simulate_batch([step(float(i)) for i in currents], duration, dt, params, record_voltage=False,
                           spike_threshold=threshold)
    times = list(batch.spike_times)
    rates = np.array([steady_rate(s, duration, transient) for s in times])
    return FICurve(currents, rates, times)


def repetitive_onset(low: float = 0.0, high: float = 20.0, duration: float = 1000.0, dt: float = 0.025,
                     params: HHParams = STANDARD, abs_tol: float = 1e-3) -> float:
    """Least step current (µA/cm²) from rest that sustains repetitive firing, by bisection.

    Repetitive means :func:`steady_rate` > 0 for a step of ``duration`` ms. The
    search assumes ``low`` does not sustain firing and ``high`` does.
    """
    low = _checks.finite_scalar("low", low, "µA/cm²")
    high = _checks.finite_scalar("high", high, "µA/cm²")
    if not low < high:
        raise ValueError(f"low must be below high (µA/cm²), got low = {low} and high = {high}")
    abs_tol = _checks.tolerance("abs_tol", abs_tol, 1e-9, 1e6, "µA/cm²")

    def sustains(current):
        curve = fi_curve([current], duration, dt, params)
        return curve.rates_hz[0] > 0

    if sustains(low) or not sustains(high):
        raise ValueError(f"repetitive firing must be absent at low = {low} and present at high = {high} µA/cm²")
    return boundary(sustains, low, high, abs_tol)


def boundary(predicate, low: float, high: float, xtol: float) -> float:
    """Where a yes/no ``predicate`` switches from False (at ``low``) to True (at ``high``), within ``xtol``.

    Bisection by :func:`scipy.optimize.bisect` on +1/-1, which needs only the
    sign; for example the least current that makes a model fire.
    """
    if not callable(predicate):
        raise TypeError(f"predicate must be a callable returning True or False, got {predicate!r:.80}")
    low = _checks.finite_scalar("low", low)
    high = _checks.finite_scalar("high", high)
    if not low < high:
        raise ValueError(f"low must be below high, got low = {low} and high = {high}")
    xtol = _checks.tolerance("xtol", xtol, 1e-12 * max(1.0, abs(low), abs(high)), high - low)
    return bisect(lambda x: 1.0 if predicate(x) else -1.0, low, high, xtol=xtol)


def threshold_depolarization(t_stop: float = 30.0, dt: float = 0.01, params: HHParams = STANDARD,
                             abs_tol: float = 1e-4) -> float:
    """Least sudden depolarization (mV) from rest that makes a spike.

    The voltage is displaced at t = 0 while the gates keep their resting
    values, as if a very brief shock had charged the membrane; this is the
    protocol of Hodgkin and Huxley's (1952) fig. 12. Found by bisection to ``abs_tol`` mV
    (1e-9 to 10 mV: a tolerance below the resolution of floating point would never be met).
    """
    abs_tol = _checks.tolerance("abs_tol", abs_tol, 1e-9, 10.0, "mV")
    time_axis(t_stop, dt)
    rest = resting_potential(params)
    gates = tuple(float(x) for x in gate_steady_states(rest, params))

    def spiking(shifts):
        batch = simulate_batch([None] * len(shifts), t_stop, dt, params, v0=rest + shifts, gates0=gates,
                               record_voltage=False)
        return fires(batch)

    low, high = 0.0, 40.0
    if not spiking(np.array([high]))[0]:
        raise ValueError(f"no spike for a sudden depolarization of {high} mV with these parameters")
    while high - low > abs_tol:
        # Eight trial depolarizations per batch shrink the bracket ninefold per simulation.
        trials = np.linspace(low, high, 10)[1:-1]
        fired = spiking(trials)
        first = int(np.argmax(fired)) if fired.any() else trials.size
        high = trials[first] if first < trials.size else high
        low = trials[first - 1] if first > 0 else low
    return 0.5 * (low + high)


def half_width(t, v, v_rest):
    """Spike width (ms) at half amplitude; the amplitude runs from ``v_rest`` to the peak (mV).

    Half amplitude is the level ``v_rest + (v_peak - v_rest) / 2``; the width is
    the time between its upward crossing before the peak and its downward
    crossing after it, each linearly interpolated. ``v`` may be one trace
    (n_time,) or a batch (n_traces, n_time) with one ``v_rest`` per trace. A
    trace that never crosses :data:`SPIKE_THRESHOLD` (0 mV) has no spike and
    gets NaN, so a sweep can mark the traces that failed.
    """
    t, v = _check_trace(t, v)
    single = v.ndim == 1
    v = np.atleast_2d(v)
    v_rest = _checks.finite("v_rest", v_rest, "mV")
    if np.ndim(v_rest) and np.shape(v_rest) != v.shape[:1]:
        raise ValueError(f"v_rest must be one number or one per trace ({v.shape[0]}), got shape {np.shape(v_rest)}")
    v_rest = np.broadcast_to(v_rest, v.shape[:1])
    widths = np.full(v.shape[0], np.nan)
    for j, (trace, rest) in enumerate(zip(v, v_rest)):
        k = int(np.argmax(trace))
        if trace[k] < SPIKE_THRESHOLD or k == 0 or k == trace.size - 1:
            continue
        level = rest + 0.5 * (trace[k] - rest)
        up = np.nonzero(trace[:k] < level)[0]
        down = np.nonzero(trace[k:] < level)[0]
        if up.size == 0 or down.size == 0:
            continue
        i, d = up[-1], k + down[0]
        t_up = t[i] + (level - trace[i]) / (trace[i + 1] - trace[i]) * (t[i + 1] - t[i])
        t_down = t[d - 1] + (trace[d - 1] - level) / (trace[d - 1] - trace[d]) * (t[d] - t[d - 1])
        widths[j] = t_down - t_up
    return float(widths[0]) if single else widths


def spike_half_width(result, v_rest: float | None = None) -> float:
    """Half-amplitude width (ms) of the spike in a single-trace simulation result.

    The amplitude runs from ``v_rest`` (default: the trace's first sample,
    which is the resting potential when the simulation starts from rest) to
    the peak. Raises ``ValueError`` if the trace has no spike (no crossing of 0 mV).
    """
    _check_result(result, "t", "v", single=True)
    rest = float(result.v[0]) if v_rest is None else _checks.finite_scalar("v_rest", v_rest, "mV")
    width = half_width(result.t, result.v, rest)
    if not np.isfinite(width):
        raise ValueError(f"no spike: V peaks at {float(np.max(result.v)):.1f} mV, below {SPIKE_THRESHOLD} mV")
    return width


def chord_potential(result, include_stimulus: bool = False):
    """Conductance-weighted average of the reversal potentials (mV) at every sample.

    V_chord = (g_Na E_Na + g_K E_K + g_L E_L) / (g_Na + g_K + g_L): the voltage
    the membrane would settle at if the conductances froze. Where dV/dt = 0
    (at the peak and at the bottom of the undershoot) the net current is zero
    and V equals this average, shifted by I_app / g_total; with
    ``include_stimulus`` that shift is added, so the identity is exact.
    """
    _check_result(result, "_columns", "g_na", "i_app")
    _checks.boolean("include_stimulus", include_stimulus)
    params = result._columns()  # one HHParams, or per-trace columns of a batch
    total = result.g_na + result.g_k + result.g_l
    weighted = result.g_na * params.e_na + result.g_k * params.e_k + result.g_l * params.e_l
    if include_stimulus:
        weighted = weighted + result.i_app
    return weighted / total


@dataclass(frozen=True)
class SpikeActs:
    """The four acts of one spike, as times (ms) on the simulation's axis.

    - rise: from ``onset`` (the net ionic current turns inward: the membrane
      drives itself) to ``top_start`` (V reaches 90 % of the amplitude);
    - peak: from ``top_start`` to ``top_end`` (V above 90 % of the amplitude),
      with the maximum at ``peak_time``;
    - repolarization: from ``top_end`` to ``rest_crossing`` (V falls back through rest);
    - undershoot: from ``rest_crossing`` to ``undershoot_end`` (V has recovered
      90 % of the way from its minimum, at ``minimum_time``, back to rest).

    The amplitude runs from ``v_rest`` to ``v_peak`` (mV); ``v_min`` is the
    bottom of the undershoot (mV).
    """

    onset: float
    top_start: float
    peak_time: float
    top_end: float
    rest_crossing: float
    minimum_time: float
    undershoot_end: float
    v_rest: float
    v_peak: float
    v_min: float

    NAMES = ("rise", "peak", "repolarization", "undershoot")

    @property
    def boundaries(self) -> tuple[float, ...]:
        """Start of each act and the end of the last (ms)."""
        return (self.onset, self.top_start, self.top_end, self.rest_crossing, self.undershoot_end)

    def act_at(self, time: float) -> str:
        """Name of the act at ``time`` (ms): one of :attr:`NAMES`, or "before" / "after"."""
        edges = self.boundaries
        if time < edges[0]:
            return "before"
        for name, end in zip(self.NAMES, edges[1:]):
            if time < end:
                return name
        return "after"


def spike_acts(result, v_rest: float | None = None) -> SpikeActs:
    """Split the first spike of a single-trace result into its four acts (:class:`SpikeActs`).

    ``v_rest`` defaults to the first sample of V. Raises ``ValueError`` if the
    trace has no spike (no crossing of 0 mV) or V does not fall back through rest.
    """
    t, v = _check_result(result, "t", "v", single=True).t, result.v
    rest = float(v[0]) if v_rest is None else _checks.scalar_in_range("v_rest", v_rest, -200.0, 200.0, "mV")
    k = int(np.argmax(v))
    if v[k] < SPIKE_THRESHOLD:
        raise ValueError(f"no spike: V peaks at {float(v[k]):.1f} mV, below {SPIKE_THRESHOLD} mV")
    inward = np.nonzero(result.i_ion[:k] >= 0)[0]
    onset = t[inward[-1] + 1] if inward.size else t[0]
    top = rest + 0.9 * (v[k] - rest)
    above = np.nonzero(v >= top)[0]
    below_rest = np.nonzero(v[k:] < rest)[0]
    if below_rest.size == 0:
        raise ValueError("V does not fall back through rest after the peak; simulate longer")
    r = k + below_rest[0]
    m = r + int(np.argmin(v[r:]))
    recovered = np.nonzero(v[m:] >= v[m] + 0.9 * (rest - v[m]))[0]
    end = t[m + recovered[0]] if recovered.size else t[-1]
    return SpikeActs(float(onset), float(t[above[0]]), float(t[k]), float(t[above[-1]]), float(t[r]),
                     float(t[m]), float(end), rest, float(v[k]), float(v[m]))


def heat_block(stimulus: Stimulus, t_stop: float, params: HHParams = STANDARD, low: float = 6.3,
               high: float = 50.0, xtol: float = 0.01, check_points: int = 45) -> float:
    """Lowest temperature (°C) at which ``stimulus`` no longer evokes a spike (a crossing of 0 mV).

    The model fires at ``low`` and fails at ``high``; the boundary is found by
    bisection to ``xtol`` °C. Before the search, ``check_points`` temperatures
    across the bracket are simulated in one batch to check that the response is
    monotone (fires below some temperature, fails above it); otherwise
    ``ValueError``. Each temperature uses :func:`heat_dt`, so the step shrinks
    as the gates speed up.
    """
    _checks.instance("stimulus", stimulus, Stimulus)
    _checks.instance("params", params, HHParams)
    low = _checks.scalar_in_range("low", low, *CELSIUS_RANGE, "°C")
    high = _checks.scalar_in_range("high", high, *CELSIUS_RANGE, "°C")
    if not low < high:
        raise ValueError(f"low must be below high (°C), got low = {low} and high = {high}")
    xtol = _checks.tolerance("xtol", xtol, 1e-6, high - low, "°C")
    check_points = _checks.integer("check_points", check_points, 3, 1000)
    time_axis(t_stop, heat_dt(high))

    def fire(celsius):
        return fires(simulate_batch([stimulus], t_stop, heat_dt(celsius), params.replace(celsius=celsius),
                                    record_voltage=False))[0]

    temps = np.linspace(low, high, check_points)
    pattern = np.array([fire(c) for c in temps])
    if not pattern[0] or pattern[-1]:
        raise ValueError(f"the model must fire at low = {low} °C and fail at high = {high} °C")
    if np.any(np.diff(pattern.astype(int)) > 0):
        raise ValueError(f"firing is not monotone in temperature between {low} and {high} °C")
    k = int(np.argmin(pattern))
    return boundary(lambda c: not fire(c), temps[k - 1], temps[k], xtol)


HEAT_DT_REFERENCE = 0.025
"""Time step (ms) at 6.3 °C of :func:`heat_dt`."""


def heat_dt(celsius: float, reference: float = HEAT_DT_REFERENCE) -> float:
    """Time step (ms) for a simulation at ``celsius``: ``reference`` divided by the rates' temperature factor.

    The integrator is stable for any step, but its accuracy depends on how far
    the gates move in one step; dividing by the factor (never below 1) keeps that the
    same as at 6.3 °C, and a floor of 0.0005 ms bounds the cost.
    """
    celsius = _checks.finite_scalar("celsius", celsius, "°C")
    reference = _checks.scalar_in_range("reference", reference, 1e-6, MAX_DT, "ms")
    rate_factor = float(temperature_factor(celsius))
    return max(reference / max(rate_factor, 1.0), 0.0005)


@dataclass(frozen=True)
class TemperatureSweep:
    """The same stimulus at several temperatures: one spike measurement per temperature.

    celsius : temperatures (°C); peak_mV : highest V (mV); v_rest : resting potential (mV);
    amplitude_mV : peak - v_rest (mV); half_width_ms : width at half amplitude (ms), NaN where
    V never reaches 0 mV (no spike); fired : whether V crossed 0 mV; dt : the common time step (ms).
    """

    celsius: np.ndarray
    peak_mV: np.ndarray
    v_rest: np.ndarray
    amplitude_mV: np.ndarray
    half_width_ms: np.ndarray
    fired: np.ndarray
    dt: float


def temperature_sweep(stimulus: Stimulus, celsius, t_stop: float, params: HHParams = STANDARD,
                      dt: float | None = None) -> TemperatureSweep:
    """Simulate ``stimulus`` at every temperature in ``celsius`` (°C) in one batch and measure each spike.

    All traces share one step, by default :func:`heat_dt` of the warmest
    temperature, so the fastest gates are resolved everywhere.
    """
    celsius = np.atleast_1d(_checks.in_range("celsius", celsius, *CELSIUS_RANGE, "°C"))
    if celsius.ndim != 1 or celsius.size == 0:
        raise ValueError(f"celsius must be a number or a non-empty 1-D array (°C), got shape {celsius.shape}")
    _checks.instance("params", params, HHParams)
    dt = heat_dt(float(celsius.max())) if dt is None else dt
    batch = simulate_batch([stimulus], t_stop, dt, [params.replace(celsius=float(c)) for c in celsius],
                           record_gates=False)
    v_rest = batch.v[:, 0]
    peak = batch.v.max(axis=1)
    return TemperatureSweep(celsius, peak, v_rest, peak - v_rest, half_width(batch.t, batch.v, v_rest),
                            fires(batch), float(dt))


@dataclass(frozen=True)
class SodiumEntry:
    """Sodium charge that enters during a spike, against the least charge that could make it.

    charge : sodium charge entering above the resting influx, -∫(I_Na - I_Na,rest) dt (nC/cm²);
    capacitive : C_m ΔV, the charge that moves V from rest to the peak (nC/cm²);
    ratio : charge / capacitive (1 would be a perfectly efficient spike);
    ions : the sodium ions per cm² that the charge represents.
    """

    charge: float
    capacitive: float
    ratio: float
    ions: float


def sodium_entry(result, v_rest: float | None = None) -> SodiumEntry:
    """Sodium charge per spike of a current-clamp ``result`` (one spike), and its ratio to C_m ΔV.

    The resting sodium current (the first sample's, or that at ``v_rest``) is subtracted, so only the
    spike's extra influx counts. ΔV is the peak minus the start of the record (mV); µA/cm² × ms = nC/cm².
    The excess over C_m ΔV is sodium whose charge is carried back out by potassium while both flow at
    once (Carter & Bean 2009).
    """
    _check_result(result, "t", "v", "i_na", "params", single=True)
    t, i_na = np.asarray(result.t), np.asarray(result.i_na)
    if i_na.ndim != 1 or t.size < 3:
        raise ValueError(f"sodium_entry needs one trace of at least 3 samples, got shape {i_na.shape}")
    start = float(result.v[0]) if v_rest is None else _checks.scalar_in_range("v_rest", v_rest, -200.0, 200.0, "mV")
    rest_current = float(i_na[0])
    excess = -(i_na - rest_current)
    charge = float(np.sum(0.5 * (excess[1:] + excess[:-1]) * np.diff(t)))  # nC/cm²
    capacitive = float(result.params.c_m * (np.max(result.v) - start))
    if capacitive <= 0:
        raise ValueError("the record never rises above its start: no spike to charge")
    return SodiumEntry(charge, capacitive, charge / capacitive, charge * 1e-9 / ELEMENTARY_CHARGE)
