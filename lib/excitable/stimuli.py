"""Applied-current protocols for current clamp.

A stimulus is a small frozen dataclass; calling it with an array of times
(ms) returns the applied current density (µA/cm², positive = depolarizing)
at those times. Stimuli add: ``pulse(...) + step(...)`` is a stimulus too.
Edges are half-open, ``start <= t < stop``, so a pulse of duration d
delivers exactly ``amplitude * d`` of charge (nC/cm²) on a grid that
resolves its edges.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from . import _checks


class Stimulus:
    """Base class: a function of time t (ms) giving current density (µA/cm²)."""

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        return self._current(t)

    def _current(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __add__(self, other: Stimulus) -> Stimulus:
        if not isinstance(other, Stimulus):
            return NotImplemented
        return Sum((self, other))

    @property
    def scale(self) -> float | None:
        """The number :meth:`with_amplitude` replaces (µA/cm²), or None for a protocol without one."""
        return getattr(self, "amplitude", None)

    def with_amplitude(self, amplitude: float) -> Stimulus:
        """The same protocol with a different amplitude (µA/cm²)."""
        return dataclasses.replace(self, amplitude=amplitude)


def _check_window(start, stop) -> None:
    """A stimulus is on from ``start`` (ms, >= 0) until a later ``stop`` (ms)."""
    start = _checks.non_negative("start", _checks.finite_scalar("start", start, "ms"), "ms")
    if stop is None or isinstance(stop, (str, bytes)) or np.iscomplexobj(stop) or np.ndim(stop) \
            or np.isnan(stop) or not stop > start:
        raise ValueError(f"stop must be a number later than start ({start} ms; inf for never), got {stop!r}")


@dataclass(frozen=True)
class NoStimulus(Stimulus):
    """Zero applied current."""

    def _current(self, t):
        return np.zeros_like(t)


@dataclass(frozen=True)
class Step(Stimulus):
    """Current ``amplitude`` (µA/cm²) from ``start`` to ``stop`` (ms); ``stop=inf`` holds it on."""

    amplitude: float
    start: float = 0.0
    stop: float = np.inf

    def __post_init__(self):
        _checks.finite_scalar("amplitude", self.amplitude, "µA/cm²")
        _check_window(self.start, self.stop)

    def _current(self, t):
        return np.where((t >= self.start) & (t < self.stop), float(self.amplitude), 0.0)


@dataclass(frozen=True)
class Train(Stimulus):
    """``count`` pulses of ``amplitude`` (µA/cm²) and ``duration`` (ms), one every ``interval`` ms."""

    amplitude: float
    start: float
    duration: float
    interval: float
    count: int

    def __post_init__(self):
        _checks.finite_scalar("amplitude", self.amplitude, "µA/cm²")
        _checks.non_negative("start", _checks.finite_scalar("start", self.start, "ms"), "ms")
        _checks.positive("duration", _checks.finite_scalar("duration", self.duration, "ms"), "ms")
        _checks.positive("interval", _checks.finite_scalar("interval", self.interval, "ms"), "ms")
        if self.interval < self.duration:
            raise ValueError(
                f"interval must be at least the pulse duration ({self.duration} ms), got {self.interval!r}"
            )
        _checks.integer("count", self.count, 1, 10**9)

    def _current(self, t):
        since = t - self.start
        index = np.floor(since / self.interval)
        within = since - index * self.interval
        on = (since >= 0) & (index < self.count) & (within < self.duration)
        return np.where(on, float(self.amplitude), 0.0)


@dataclass(frozen=True)
class Ramp(Stimulus):
    """Current rising linearly at ``slope`` (µA/cm² per ms) from ``start`` until ``stop`` (ms), then off."""

    slope: float
    start: float = 0.0
    stop: float = np.inf

    def __post_init__(self):
        _checks.finite_scalar("slope", self.slope, "µA/cm² per ms")
        _check_window(self.start, self.stop)

    @property
    def scale(self) -> float:
        """A ramp is scaled by its slope (µA/cm² per ms)."""
        return self.slope

    def with_amplitude(self, amplitude: float) -> Stimulus:
        return dataclasses.replace(self, slope=amplitude)

    def _current(self, t):
        return np.where((t >= self.start) & (t < self.stop), self.slope * (t - self.start), 0.0)


@dataclass(frozen=True)
class Sum(Stimulus):
    """The sum of several stimuli."""

    parts: tuple[Stimulus, ...]

    def with_amplitude(self, amplitude: float) -> Stimulus:
        raise ValueError("a sum of stimuli has no single amplitude; scale its parts instead")

    def _current(self, t):
        return sum((part(t) for part in self.parts), np.zeros_like(t))


def step(amplitude: float, start: float = 0.0, stop: float = np.inf) -> Step:
    """A current step of ``amplitude`` µA/cm² switched on at ``start`` ms (and off at ``stop``)."""
    return Step(amplitude, start, stop)


def pulse(amplitude: float, start: float, duration: float) -> Step:
    """One rectangular pulse: ``amplitude`` µA/cm² for ``duration`` ms from ``start`` ms."""
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    start = _checks.non_negative("start", _checks.finite_scalar("start", start, "ms"), "ms")
    if not start + duration > start:
        raise ValueError(f"duration must be long enough to end after start ({start} ms), got {duration!r}")
    return Step(amplitude, start, start + duration)


def train(amplitude: float, start: float, duration: float, interval: float, count: int) -> Train:
    """``count`` equal pulses (µA/cm², ms) repeating every ``interval`` ms from ``start`` ms."""
    return Train(amplitude, start, duration, interval, count)


def ramp(slope: float, start: float = 0.0, stop: float = np.inf) -> Ramp:
    """A current ramp of ``slope`` µA/cm² per ms beginning at ``start`` ms."""
    return Ramp(slope, start, stop)


def paired_pulse(amplitude: float, start: float, duration: float, interval: float,
                 second_amplitude: float | None = None) -> Sum:
    """Two pulses of ``duration`` ms whose onsets are ``interval`` ms apart.

    The second pulse has ``second_amplitude`` (µA/cm²), by default the same as
    the first; this is the protocol that measures refractoriness.
    """
    interval = _checks.positive("interval", _checks.finite_scalar("interval", interval, "ms"), "ms")
    duration = _checks.positive("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    if second_amplitude is not None:
        _checks.finite_scalar("second_amplitude", second_amplitude, "µA/cm²")
    if interval < duration:
        raise ValueError(f"interval must be at least the pulse duration ({duration} ms), got {interval!r}")
    second = amplitude if second_amplitude is None else second_amplitude
    return Sum((pulse(amplitude, start, duration), pulse(second, start + interval, duration)))
