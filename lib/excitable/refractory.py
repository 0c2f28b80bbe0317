"""Refractoriness measured as the book measures it: the paired-pulse protocol and its test-threshold curve.

A conditioning pulse of 1 ms at twice the 1 ms threshold T1 fires a spike from rest at
:data:`~excitable.experiments.PULSE_START`; a test pulse of 1 ms follows ``interval`` ms later (onset
to onset). The test *fires* when the run holds more upward crossings of 0 mV after the test onset
than the conditioning spike alone holds there (so the conditioning spike's own upstroke, when it comes
after a very early test, does not count). The test threshold is the least test amplitude that fires;
relative to T1 it is the recovery curve of excitability.

- :func:`gate_frozen_params`: the membrane with one gate held at a fixed value, expressed exactly as
  :class:`~excitable.hh.HHParams` (h frozen at h0 is g_Na scaled by h0 without inactivation; n frozen
  at n0 is a fixed potassium conductance g_K n0^4 folded into the leak), so the compiled integrator
  runs it;
- :func:`single_threshold`: T1 of a membrane (µA/cm²);
- :func:`recovery_thresholds`: the test threshold at many intervals at once (vectorized bisection over one
  batch per halving); a threshold above the cap is ``inf``. ``restore`` sets chosen variables (V, m,
  h, n) back to their resting values at the test onset, the experiment that says which one limits
  recovery;
- :func:`absolute_refractory_period`: the shortest interval after which a test of at most ``cap`` T1
  fires for every longer interval;
- :func:`paired_pulse_run`: one paired-pulse trace, for figures;
- :func:`train_spike_counts` and :func:`following_limit`: trains of pulses, and the shortest period the
  membrane follows one to one (the ceiling on its firing rate at that strength).

The spike criterion is an upward crossing of :data:`~excitable.analysis.SPIKE_THRESHOLD` (0 mV), and a
strong enough pulse carries V through 0 mV by charging the membrane alone, spike or no spike. So every
answer is checked against the same stimulus on the membrane without sodium current (``g_na = 0``, one
extra batch): the test pulses from the state the conditioning spike left (at the thresholds found, at
the cap where the absolute period ends, at every pair :func:`fires_at` is asked about), and each train
from rest. Where that passive response alone would count as a spike, the function raises a
:class:`PassiveChargingError` (a ``ValueError``) instead of answering: the criterion cannot tell a spike
from passive charging there. In the standard membrane at 6.3 °C, caps of 100 T1 and trains of 15 T1 pass;
caps of 150 T1 and trains of 20 T1 do not.

Units: mV, ms, µA/cm²; thresholds as multiples of T1 are dimensionless.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import _checks, analysis, hh, stimuli
from .experiments import PULSE_START, PULSE_WINDOW

PULSE_DURATION = 1.0
"""Duration (ms) of the conditioning and the test pulse."""

CONDITIONING_MULTIPLE = 2.0
"""The conditioning pulse is this multiple of T1, the 1 ms threshold from rest."""

DEFAULT_CAP = 50.0
"""Largest test amplitude (multiple of T1) the standard protocol tries: the cap of the absolute period."""

INTERVAL_RANGE = (PULSE_DURATION, 200.0)
"""Intervals (ms, onset to onset) the protocol accepts."""

CAP_RANGE = (1.0, 1000.0)
"""Caps (multiples of T1) the protocol accepts."""

TRAIN_MULTIPLE = 10.0
"""Default strength (multiple of T1) of the pulses of a train: well below where the pulses alone cross 0 mV."""

RESTORABLE = ("v", "m", "h", "n")
"""Variables :func:`recovery_thresholds` can set back to rest at the test onset."""


def gate_frozen_params(gate: str, value: float, params: hh.HHParams = hh.STANDARD) -> hh.HHParams:
    """``params`` with gate ``gate`` ('h' or 'n') held at ``value`` (0..1), as an exactly equivalent membrane.

    h held at h0: g_Na m^3 h0 is the conductance of a membrane without inactivation and g_Na h0. n held
    at n0: g_K n0^4 (V - E_K) is a constant conductance; added to the leak it gives one leak of
    g_L + g_K n0^4 reversing at the conductance-weighted mean of E_L and E_K, and g_K becomes 0.
    """
    gate = _checks.choice("gate", gate, ("h", "n"))
    value = _checks.scalar_in_range("value", value, 0.0, 1.0)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    if gate == "h":
        return params.replace(g_na=params.g_na * (value if params.inactivation else 1.0), inactivation=False)
    g_fixed = params.g_k * value**4
    g_leak = params.g_l + g_fixed
    if g_leak == 0.0:
        return params.replace(g_k=0.0, g_l=0.0)
    e_leak = (params.g_l * params.e_l + g_fixed * params.e_k) / g_leak
    return params.replace(g_k=0.0, g_l=g_leak, e_l=e_leak)


def single_threshold(params: hh.HHParams = hh.STANDARD, dt: float = 0.025) -> float:
    """T1: the least amplitude (µA/cm²) of a 1 ms pulse from rest that fires, for ``params``."""
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    return _single_threshold(params, _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms"))


@functools.lru_cache(maxsize=64)
def _single_threshold(params, dt):
    shape = stimuli.pulse(1.0, PULSE_START, PULSE_DURATION)
    return analysis.threshold(shape, PULSE_START + PULSE_DURATION + PULSE_WINDOW, dt, params, rel_tol=1e-6)


@dataclass(frozen=True)
class RecoveryCurve:
    """Test thresholds of the paired-pulse protocol.

    intervals : intervals (ms, onset to onset); threshold : least test amplitude that fires (µA/cm²,
    ``inf`` above the cap); ratio : threshold / T1; t1 : the 1 ms threshold from rest (µA/cm²); cap :
    largest test tried (multiple of T1); restore : variables set back to rest at the test onset.
    """

    intervals: np.ndarray
    threshold: np.ndarray
    ratio: np.ndarray
    t1: float
    cap: float
    restore: tuple[str, ...]


def _check_intervals(intervals):
    intervals = np.atleast_1d(_checks.in_range("intervals", intervals, *INTERVAL_RANGE, "ms")).astype(float)
    if intervals.ndim != 1 or intervals.size == 0:
        raise ValueError(f"intervals must be a number or a non-empty 1-D array (ms), got shape {intervals.shape}")
    return intervals


def _check_restore(restore):
    if isinstance(restore, str) or not hasattr(restore, "__iter__"):
        raise ValueError(f"restore must be a sequence of names from {RESTORABLE}, got {restore!r:.80}")
    restore = tuple(restore)
    for name in restore:
        _checks.choice("restore", name, RESTORABLE)
    return restore


class _Protocol:
    """The conditioning run, sampled at dt, and a way to test many (interval, amplitude) pairs from it."""

    def __init__(self, params, dt, t1, last_interval, restore):
        self.params, self.dt, self.restore = params, dt, restore
        self.t_test = PULSE_DURATION + PULSE_WINDOW
        conditioning = stimuli.pulse(CONDITIONING_MULTIPLE * t1, PULSE_START, PULSE_DURATION)
        self.run = hh.simulate(conditioning, PULSE_START + last_interval + self.t_test, dt, params)
        self.rest = {name: getattr(self.run, name)[0] for name in RESTORABLE}

    def _start(self, intervals):
        """Test onsets (ms), the state there (with ``restore`` applied) and the conditioning run's later crossings."""
        k = np.rint((PULSE_START + intervals) / self.dt).astype(int)
        start = self.run.t[k]
        state = {name: getattr(self.run, name)[k].copy() for name in ("v", "m", "h", "n")}
        for name in self.restore:
            state[name][:] = self.rest[name]
        later = [int(np.count_nonzero((self.run.spike_times >= s) & (self.run.spike_times < s + self.t_test)))
                 for s in start]
        return state, later

    def _tests(self, intervals, amplitudes, params, record_voltage):
        state, later = self._start(intervals)
        test = [stimuli.pulse(float(a), 0.0, PULSE_DURATION) for a in amplitudes]
        batch = hh.simulate_batch(test, self.t_test, self.dt, params, v0=state["v"],
                                  gates0=(state["m"], state["h"], state["n"]), record_voltage=record_voltage,
                                  record_gates=False)
        fired = np.array([times.size > before for times, before in zip(batch.spike_times, later, strict=True)])
        return fired, batch

    def fires(self, intervals, amplitudes):
        """Whether a test of each amplitude (µA/cm²) at the paired interval (ms) fires a new spike."""
        return self._tests(intervals, amplitudes, self.params, False)[0]

    def refuse_charging(self, intervals, amplitudes, parameter, advice):
        """Raise a ValueError if a test (µA/cm², at ``intervals`` ms) fires without sodium current; see
        :func:`_refuse_charging`."""
        if np.size(intervals) == 0:
            return
        fired, batch = self._tests(intervals, amplitudes, self.params.replace(g_na=0.0), True)
        t1 = single_threshold(self.params, self.dt)
        _refuse_charging(fired, batch.v.max(axis=-1), parameter, advice,
                         lambda j: f"a test of {amplitudes[j] / t1:.4g} T1 {intervals[j]:g} ms after the conditioning "
                                   f"pulse")


class PassiveChargingError(ValueError):
    """A stimulus that carries V past the 0 mV spike criterion without sodium current (this module's check)."""


def _refuse_charging(passive_fired, passive_peak, parameter, advice, describe):
    """The one check of this module: raise where the stimulus alone passes the spike criterion.

    ``passive_fired`` (bool per run) says whether the run on the membrane without sodium current
    (``g_na = 0``), under the same stimulus from the same state, counts as a spike by the rule the
    function applies (an upward crossing of :data:`~excitable.analysis.SPIKE_THRESHOLD`, 0 mV);
    ``passive_peak`` (mV, per run, or a callable of the run's index) is its highest V. Where any run
    fired, the 0 mV criterion cannot tell the membrane's spikes from passive charging, and the
    :class:`PassiveChargingError` (a ``ValueError``) names ``parameter``, the stimulus (``describe(index)``),
    the peak and ``advice``.
    """
    crossed = np.nonzero(passive_fired)[0]
    if crossed.size == 0:
        return
    j = int(crossed[0])
    peak = float(passive_peak(j) if callable(passive_peak) else passive_peak[j])
    raise PassiveChargingError(
        f"{parameter}: {describe(j)} drives V past {analysis.SPIKE_THRESHOLD:g} mV with no sodium current at all "
        f"(peak {peak:+.1f} mV): the {analysis.SPIKE_THRESHOLD:g} mV spike criterion cannot tell a spike from "
        f"passive charging there; {advice}")


def _bisect_amplitudes(fires, high, rel_tol):
    """Least amplitude in (0, high] for which ``fires`` is True, per entry; inf where even ``high`` fails."""
    top = fires(high)
    return np.where(top, analysis._bisect_batch(fires, np.zeros_like(high), high, rel_tol=rel_tol), np.inf)


def recovery_thresholds(intervals, cap: float = DEFAULT_CAP, restore=(), params: hh.HHParams = hh.STANDARD,
                    dt: float = 0.025, rel_tol: float = 1e-4) -> RecoveryCurve:
    """Test threshold at each interval (ms) of the paired-pulse protocol, by bisection within [0, cap T1].

    ``restore`` names variables among 'v', 'm', 'h', 'n' set back to their resting values at the test onset
    (the rest are the conditioning run's); ``()`` is the plain protocol, and all four make the test
    meet a resting membrane (ratio 1). Where the restored membrane fires with no test at all, the
    threshold is 0. Thresholds are accurate to
    ``rel_tol`` relative; where a test of ``cap`` T1 does not fire the threshold is ``inf``.

    Raises a ``ValueError`` if a threshold found would also count as firing on the membrane without
    sodium current (the module's check): the cap is then too high for the 0 mV criterion.
    """
    intervals = _check_intervals(intervals)
    cap = _checks.scalar_in_range("cap", cap, *CAP_RANGE)
    restore = _check_restore(restore)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-9, 0.1)
    t1 = single_threshold(params, dt)
    protocol = _Protocol(params, dt, t1, float(intervals.max()), restore)
    threshold = _bisect_amplitudes(lambda a: protocol.fires(intervals, a), np.full(intervals.shape, cap * t1),
                                   rel_tol)
    found = np.isfinite(threshold)
    protocol.refuse_charging(intervals[found], threshold[found], "cap", "use a lower cap")
    return RecoveryCurve(intervals, threshold, threshold / t1, t1, cap, restore)


def fires_at(intervals, amplitudes, params: hh.HHParams = hh.STANDARD, dt: float = 0.025) -> np.ndarray:
    """Whether a test of ``amplitudes`` (µA/cm², one per interval or one for all) at ``intervals`` (ms) fires.

    Raises a ``ValueError`` where a test would fire on the membrane without sodium current as well (the
    module's check): the answer would be True by passive charging alone.
    """
    intervals = _check_intervals(intervals)
    amplitudes = _checks.in_range("amplitudes", amplitudes, 0.0, 1e5, "µA/cm²")
    _checks.broadcastable("intervals", intervals.shape, amplitudes=amplitudes)
    if np.size(amplitudes) == 0 or np.ndim(amplitudes) > 1:
        raise ValueError(f"amplitudes must be a number or one per interval (µA/cm²), got shape {np.shape(amplitudes)}")
    amplitudes = np.broadcast_to(amplitudes, intervals.shape)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    protocol = _Protocol(params, dt, single_threshold(params, dt), float(intervals.max()), ())
    amplitudes = amplitudes.astype(float)
    protocol.refuse_charging(intervals, amplitudes, "amplitudes", "use a weaker test")
    return protocol.fires(intervals, amplitudes)


def absolute_refractory_period(cap: float = DEFAULT_CAP, params: hh.HHParams = hh.STANDARD, dt: float = 0.025,
                               search: tuple[float, float] = (PULSE_DURATION, 30.0)) -> float:
    """The absolute refractory period (ms) under a cap on test strength, to within one step ``dt``.

    The shortest interval (onset to onset) after which a test of ``cap`` T1 fires at every longer
    interval within ``search``: a scan every 0.25 ms finds the last interval that fails, and a scan
    every ``dt`` between it and the next finds the first interval that fires. If the test fires at
    every interval scanned, the result is the lower end of ``search``.

    Raises a ``ValueError`` if the test of ``cap`` T1 at the answer would fire on the membrane without
    sodium current as well (the module's check): the cap is then so high that the end of the period is
    set by passive charging, not by recovery.
    """
    cap = _checks.scalar_in_range("cap", cap, *CAP_RANGE)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-3, hh.MAX_DT, "ms")
    low, high = _checks.ordered_pair("search", search, *INTERVAL_RANGE, "ms", labels=("shortest", "longest"),
                                     gap=0.25)
    t1 = single_threshold(params, dt)
    protocol = _Protocol(params, dt, t1, high, ())
    grid = np.arange(low, high + 1e-9, 0.25)
    fired = protocol.fires(grid, np.full(grid.shape, cap * t1))
    if fired.all():
        protocol.refuse_charging(np.array([float(low)]), np.array([cap * t1]), "cap", "use a lower cap")
        return float(low)
    last_failure = int(np.nonzero(~fired)[0][-1])
    if last_failure == grid.size - 1:
        raise ValueError(f"search: a test of {cap:g} T1 still fails at {high:g} ms; raise its upper end")
    fine = grid[last_failure] + dt * np.arange(1, int(round(0.25 / dt)) + 1)
    fine_fired = protocol.fires(fine, np.full(fine.shape, cap * t1))
    failures = np.nonzero(~fine_fired)[0]
    period = float(fine[failures[-1] + 1] if failures.size else fine[0])
    protocol.refuse_charging(np.array([period]), np.array([cap * t1]), "cap", "use a lower cap")
    return period


def supernormal_minimum(window: tuple[float, float] = (15.0, 30.0), params: hh.HHParams = hh.STANDARD,
                        dt: float = 0.025, step: float = 0.1) -> tuple[float, float]:
    """(interval in ms, test threshold / T1) at the lowest test threshold over intervals in ``window``.

    Scanned every ``step`` ms; a ratio below 1 is supernormal excitability.
    """
    low, high = _checks.ordered_pair("window", window, *INTERVAL_RANGE, "ms", labels=("shortest", "longest"))
    step = _checks.scalar_in_range("step", step, 0.01, high - low, "ms")
    grid = np.arange(low, high + 1e-9, step)
    curve = recovery_thresholds(grid, cap=2.0, params=params, dt=dt, rel_tol=1e-5)
    k = int(np.argmin(curve.ratio))
    return float(grid[k]), float(curve.ratio[k])


def paired_pulse_run(interval: float, test_amplitude: float, params: hh.HHParams = hh.STANDARD,
                     dt: float = 0.025, t_after: float = 20.0) -> hh.HHResult:
    """One trace of the protocol: conditioning at 2 T1, then a test of ``test_amplitude`` µA/cm² ``interval`` ms later.

    Simulated until ``t_after`` ms after the test pulse ends.
    """
    interval = _checks.scalar_in_range("interval", interval, *INTERVAL_RANGE, "ms")
    test_amplitude = _checks.scalar_in_range("test_amplitude", test_amplitude, 0.0, 1e5, "µA/cm²")
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    t_after = _checks.scalar_in_range("t_after", t_after, 0.0, 1000.0, "ms")
    t1 = single_threshold(params, dt)
    stimulus = stimuli.paired_pulse(CONDITIONING_MULTIPLE * t1, PULSE_START, PULSE_DURATION, interval,
                                    second_amplitude=test_amplitude)
    return hh.simulate(stimulus, PULSE_START + interval + PULSE_DURATION + t_after, dt, params)


def train_spike_counts(periods, multiple: float = TRAIN_MULTIPLE, count: int = 20,
                       params: hh.HHParams = hh.STANDARD, dt: float = 0.025) -> np.ndarray:
    """Spikes fired by a train of ``count`` 1 ms pulses of ``multiple`` T1, one every ``periods`` ms (one batch).

    ``count`` spikes means the membrane follows the train one to one; fewer, that some pulses fell in the
    refractory period of the spike before. Raises a ``ValueError`` if a train crosses 0 mV on the
    membrane without sodium current too (the module's check, one more batch, from the same resting
    state): its "spikes" could be passive charging.
    """
    periods = np.atleast_1d(_checks.in_range("periods", periods, *INTERVAL_RANGE, "ms")).astype(float)
    if periods.ndim != 1 or periods.size == 0:
        raise ValueError(f"periods must be a number or a non-empty 1-D array (ms), got shape {periods.shape}")
    multiple = _checks.scalar_in_range("multiple", multiple, *CAP_RANGE)
    count = _checks.integer("count", count, 1, 1000)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-3, hh.MAX_DT, "ms")
    amplitude = multiple * single_threshold(params, dt)
    trains = [stimuli.train(amplitude, PULSE_START, PULSE_DURATION, float(p), count) for p in periods]
    t_stop = PULSE_START + count * float(periods.max()) + PULSE_WINDOW
    # Each train is its own waveform: run them in groups that keep the waveforms within hh.MAX_STEPS.
    fine_steps = int(np.ceil(t_stop / min(dt, hh.max_step(params.celsius)))) + 1
    group = max(1, hh.MAX_STEPS // (2 * fine_steps))
    passive, rest = params.replace(g_na=0.0), float(hh.resting_potential(params))
    counts, passive_fired = [], []
    for first in range(0, len(trains), group):
        batch = hh.simulate_batch(trains[first:first + group], t_stop, dt, params, record_voltage=False)
        counts.extend(times.size for times in batch.spike_times)
        batch = hh.simulate_batch(trains[first:first + group], t_stop, dt, passive, v0=rest, record_voltage=False)
        passive_fired.extend(times.size > 0 for times in batch.spike_times)

    def peak(j):
        return float(hh.simulate(trains[j], t_stop, dt, passive, v0=rest).v.max())

    _refuse_charging(np.array(passive_fired), peak, "multiple", "use a weaker train",
                     lambda j: f"a train of {count} pulses of {multiple:g} T1 every {periods[j]:g} ms")
    return np.array(counts)


def following_limit(multiple: float = TRAIN_MULTIPLE, count: int = 20, params: hh.HHParams = hh.STANDARD,
                    dt: float = 0.025, search: tuple[float, float] = (PULSE_DURATION, 20.0),
                    step: float = 0.05) -> float:
    """Shortest period (ms) from which on a train of ``count`` pulses of ``multiple`` T1 fires one spike per pulse.

    Periods in ``search`` are scanned every ``step`` ms; the answer is the first period after the last one
    that misses a pulse. 1000 / this period is the highest rate (Hz) the membrane follows at this strength.
    Raises a ``ValueError`` where :func:`train_spike_counts` does: a train so strong that it crosses 0 mV
    without sodium current.
    """
    step = _checks.scalar_in_range("step", step, 0.01, 1.0, "ms")
    low, high = _checks.ordered_pair("search", search, *INTERVAL_RANGE, "ms", labels=("shortest", "longest"),
                                     gap=step)
    count = _checks.integer("count", count, 1, 1000)
    periods = np.round(np.arange(low, high + 1e-9, step), 9)
    spikes = train_spike_counts(periods, multiple, count, params, dt)
    misses = np.nonzero(spikes != count)[0]
    if misses.size and misses[-1] == periods.size - 1:
        raise ValueError(f"search: the train still misses pulses at {high:g} ms; raise its upper end")
    return float(periods[misses[-1] + 1] if misses.size else periods[0])
