"""Measurements on simulated membranes: spikes, thresholds and f-I curves.

A "spike" is an upward crossing of ``SPIKE_THRESHOLD`` (0 mV): the HH model
has no sharp voltage threshold, and every response that reaches 0 mV is a
full action potential, while subthreshold responses stay well below it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import bisect

from . import _validate
from .gating import gate_steady_state
from .hh import STANDARD, HHParams, resting_potential, simulate_batch
from .stimuli import Stimulus, step

SPIKE_THRESHOLD = 0.0
"""Voltage (mV) an upward crossing of which counts as a spike."""

REPETITIVE_SPIKE_THRESHOLD = -30.0
"""Crossing (mV) that counts spikes in repetitive firing: under strong steady currents the
spikes shrink (at 100 µA/cm² they peak near -20 mV), so f-I curves count crossings of -30 mV."""


def spike_times(t, v, threshold: float = SPIKE_THRESHOLD):
    """Times (ms) at which ``v`` (mV) crosses ``threshold`` upwards, linearly interpolated.

    ``t`` has shape (n_time,); for a 2-D ``v`` of shape (n_traces, n_time) a
    list with one array per trace is returned.
    """
    t = _validate.finite("t", t, "ms")
    v = np.asarray(v, dtype=float)
    threshold = _validate.finite("threshold", threshold, "mV")
    if v.shape[-1] != np.shape(t)[0]:
        raise ValueError(f"v has {v.shape[-1]} samples along time but t has {np.shape(t)[0]}")
    if v.ndim == 2:
        return [spike_times(t, trace, threshold) for trace in v]
    below, above = v[:-1] < threshold, v[1:] >= threshold
    k = np.nonzero(below & above)[0]
    fraction = (threshold - v[k]) / (v[k + 1] - v[k])
    return t[k] + fraction * (t[k + 1] - t[k])


def fires(result) -> np.ndarray:
    """Boolean per trace of a simulation result: did it cross its spike threshold upwards?"""
    times = result.spike_times
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
    stimuli = list(stimuli)
    rel_tol = _validate.in_range("rel_tol", rel_tol, 1e-9, 0.1)
    upper = _validate.positive("upper", upper, "stimulus amplitude")
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
    # Shrink: the low bracket is the largest amplitude seen not to fire.
    while np.any(high - low > rel_tol * high):
        middle = 0.5 * (low + high)
        fired = spiking(middle)
        high = np.where(fired, middle, high)
        low = np.where(fired, low, middle)
    return sign * 0.5 * (low + high)


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
    late = np.asarray(times)[np.asarray(times) >= transient]
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
    currents = np.atleast_1d(_validate.finite("currents", currents, "µA/cm²"))
    duration = _validate.positive("duration", duration, "ms")
    transient = duration / 5 if transient is None else _validate.in_range("transient", transient, 0, duration, "ms")
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
    return bisect(lambda x: 1.0 if predicate(x) else -1.0, low, high, xtol=xtol)


def threshold_depolarization(t_stop: float = 30.0, dt: float = 0.01, params: HHParams = STANDARD,
                             abs_tol: float = 1e-4) -> float:
    """Least sudden depolarization (mV) from rest that makes a spike.

    The voltage is displaced at t = 0 while the gates keep their resting
    values, as if a very brief shock had charged the membrane; this is the
    protocol of Hodgkin and Huxley's (1952) fig. 12. Found by bisection.
    """
    rest = resting_potential(params)
    gates = tuple(float(gate_steady_state(g, rest)) for g in "mhn")

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
