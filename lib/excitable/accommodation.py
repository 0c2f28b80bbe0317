"""Slow stimuli: accommodation to current ramps, and anode-break excitation after hyperpolarization.

- :class:`RampToPlateau`: a current rising linearly to a plateau and held there;
- :func:`ramp_first_spike`: for ramps of many slopes, the time of the first spike (upward crossing of
  0 mV) and the applied current at that moment; ``freeze`` holds h or n at rest throughout
  (:func:`excitable.refractory.gate_frozen_params`), the experiment that says which gate accommodates;
- :func:`minimal_slope`: the least slope of a ramp to a given plateau that still fires;
- :func:`anode_break_fires` and :func:`anode_break_thresholds`: whether the release of a
  hyperpolarizing step fires, and the least step amplitude that does, against the step's duration;
  ``freeze`` holds h or n at rest during the step only (it moves freely again after the release).

Units: mV, ms, µA/cm², µA/cm² per ms for slopes. Anode-break amplitudes are given as positive numbers:
the step itself is that much hyperpolarizing current.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks, hh, stimuli
from .experiments import PULSE_START, PULSE_WINDOW
from .refractory import _bisect_amplitudes, gate_frozen_params

SLOPE_RANGE = (1e-4, 1e3)
"""Ramp slopes (µA/cm² per ms) accepted."""

FREEZABLE = (None, "h", "n")
"""What ``freeze`` may name: nothing, or the gate held at its resting value."""

ANODE_DURATION_RANGE = (2.0, 500.0)
"""Durations (ms) of the hyperpolarizing step accepted."""

ANODE_CAP = 30.0
"""Largest hyperpolarizing amplitude (µA/cm²) :func:`anode_break_thresholds` tries."""


@dataclass(frozen=True)
class RampToPlateau(stimuli.Stimulus):
    """Current rising at ``slope`` (µA/cm² per ms) from ``start`` (ms) to ``plateau`` (µA/cm²), then held there."""

    slope: float
    plateau: float
    start: float = 0.0

    def __post_init__(self):
        _checks.scalar_in_range("slope", self.slope, *SLOPE_RANGE, "µA/cm² per ms")
        _checks.scalar_in_range("plateau", self.plateau, 0.0, 1e4, "µA/cm²")
        _checks.non_negative("start", _checks.finite_scalar("start", self.start, "ms"), "ms")

    @property
    def scale(self):
        """None: the waveform does not scale with one number (the plateau stays put when the slope changes)."""
        return None

    def _current(self, t):
        return np.clip(self.slope * (t - self.start), 0.0, self.plateau)


def _check_freeze(freeze):
    if freeze is not None and not isinstance(freeze, str):
        raise ValueError(f"freeze must be None, 'h' or 'n', got {freeze!r:.80}")
    return _checks.choice("freeze", freeze, ("h", "n")) if freeze is not None else None


def _frozen(freeze, params):
    """``params`` with ``freeze`` held at its resting value (or unchanged for None)."""
    if freeze is None:
        return params
    rest = hh.gate_steady_states(hh.resting_potential(params), params)
    return gate_frozen_params(freeze, float(rest[hh.GATES.index(freeze)]), params)


@dataclass(frozen=True)
class RampResponse:
    """First spikes on ramps: slopes (µA/cm² per ms), spike_time (ms from the ramp's start, ``inf`` if none),
    current (µA/cm² applied at that time, ``inf`` if none), plateau (µA/cm²), t_stop (ms), freeze."""

    slopes: np.ndarray
    spike_time: np.ndarray
    current: np.ndarray
    plateau: float
    t_stop: float
    freeze: str | None

    @property
    def fired(self) -> np.ndarray:
        """Whether each ramp fired before ``t_stop``."""
        return np.isfinite(self.spike_time)


def _check_slopes(slopes):
    slopes = np.atleast_1d(_checks.in_range("slopes", slopes, *SLOPE_RANGE, "µA/cm² per ms")).astype(float)
    if slopes.ndim != 1 or slopes.size == 0:
        raise ValueError(f"slopes must be a number or a non-empty 1-D array (µA/cm² per ms), got shape {slopes.shape}")
    return slopes


def ramp_first_spike(slopes, plateau: float = 40.0, hold: float = 200.0, freeze=None,
                     params: hh.HHParams = hh.STANDARD, dt: float = 0.025) -> RampResponse:
    """First spike on ramps of each slope (µA/cm² per ms) from rest up to ``plateau`` µA/cm², then held ``hold`` ms.

    All ramps run in one batch until the slowest has been on its plateau for ``hold`` ms. ``freeze``
    ('h' or 'n') holds that gate at its resting value throughout.
    """
    slopes = _check_slopes(slopes)
    plateau = _checks.scalar_in_range("plateau", plateau, 1e-3, 1e3, "µA/cm²")
    hold = _checks.scalar_in_range("hold", hold, 0.0, 1e4, "ms")
    freeze = _check_freeze(freeze)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    t_stop = PULSE_START + plateau / float(slopes.min()) + hold
    if t_stop > 1e5:
        raise ValueError(f"slopes: the slowest ramp ({slopes.min():g} µA/cm² per ms) needs {t_stop:.0f} ms to reach "
                         f"the plateau and hold it; at most 100000 ms are simulated")
    ramps = [RampToPlateau(float(s), plateau, PULSE_START) for s in slopes]
    batch = hh.simulate_batch(ramps, t_stop, dt, _frozen(freeze, params), record_voltage=False)
    first = np.array([times[0] - PULSE_START if times.size else np.inf for times in batch.spike_times])
    current = np.where(np.isfinite(first), np.minimum(slopes * np.where(np.isfinite(first), first, 0.0), plateau),
                       np.inf)
    return RampResponse(slopes, first, current, float(plateau), float(t_stop), freeze)


def minimal_slope(plateau: float, hold: float = 200.0, freeze=None, params: hh.HHParams = hh.STANDARD,
                  dt: float = 0.025, bracket: tuple[float, float] = (0.01, 10.0), rel_tol: float = 1e-3) -> float:
    """The least slope (µA/cm² per ms) of a ramp to ``plateau`` µA/cm² (held ``hold`` ms) that fires a spike.

    Bisection on a log scale within ``bracket``: the slower end must not fire and the faster must.
    A plateau above the Hopf current fires at any slope (the rest is unstable there), so this is
    a question for plateaus below it.
    """
    slow, fast = _checks.ordered_pair("bracket", bracket, *SLOPE_RANGE, "µA/cm² per ms", labels=("slow", "fast"))
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-6, 0.5)
    ends = ramp_first_spike([slow, fast], plateau, hold, freeze, params, dt).fired
    if ends[0] or not ends[1]:
        raise ValueError(f"bracket: a ramp to {plateau:g} µA/cm² must fail at {slow:g} and fire at {fast:g} "
                         f"µA/cm² per ms (got {'fires' if ends[0] else 'fails'} and {'fires' if ends[1] else 'fails'})")
    while fast / slow - 1.0 > rel_tol:
        middle = float(np.sqrt(slow * fast))
        if ramp_first_spike([middle], plateau, hold, freeze, params, dt).fired[0]:
            fast = middle
        else:
            slow = middle
    return float(np.sqrt(slow * fast))


def _check_durations(durations):
    durations = np.atleast_1d(_checks.in_range("durations", durations, *ANODE_DURATION_RANGE, "ms")).astype(float)
    if durations.ndim != 1 or durations.size == 0:
        raise ValueError(f"durations must be a number or a non-empty 1-D array (ms), got shape {durations.shape}")
    return durations


def anode_break_fires(amplitudes, durations, freeze=None, params: hh.HHParams = hh.STANDARD,
                      dt: float = 0.025) -> np.ndarray:
    """Whether releasing a step of ``-amplitudes`` µA/cm² lasting ``durations`` ms (paired entries) fires a spike.

    The step starts from rest at :data:`~excitable.experiments.PULSE_START`; after the release the
    membrane is followed for :data:`~excitable.experiments.PULSE_WINDOW` ms. ``freeze`` ('h' or 'n')
    holds that gate at its resting value during the step; it is released with the current.
    """
    amplitudes = np.atleast_1d(_checks.in_range("amplitudes", amplitudes, 0.0, 1e4, "µA/cm²")).astype(float)
    durations = _check_durations(durations)
    _checks.broadcastable("durations", durations.shape, amplitudes=amplitudes)
    amplitudes, durations = np.broadcast_arrays(amplitudes, durations)
    if amplitudes.ndim != 1 or amplitudes.size == 0:
        raise ValueError(f"amplitudes must be a number or a non-empty 1-D array (µA/cm²), got shape {amplitudes.shape}")
    freeze = _check_freeze(freeze)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    return _anode_break_fires(amplitudes, durations, freeze, params, dt)


def _anode_break_fires(amplitudes, durations, freeze, params, dt):
    if freeze is None:
        steps = [stimuli.pulse(-float(a), PULSE_START, float(d)) for a, d in zip(amplitudes, durations, strict=True)]
        batch = hh.simulate_batch(steps, PULSE_START + float(durations.max()) + PULSE_WINDOW, dt, params,
                                  record_voltage=False)
        return np.array([times.size > 0 for times in batch.spike_times])
    # The step with the gate held (an exactly equivalent membrane), then the release with every gate free.
    fired = np.zeros(amplitudes.size, dtype=bool)
    frozen = _frozen(freeze, params)
    rest = hh.gate_steady_states(hh.resting_potential(params), params)
    for duration in np.unique(durations):
        rows = np.nonzero(durations == duration)[0]
        steps = [stimuli.step(-float(a)) for a in amplitudes[rows]]
        during = hh.simulate_batch(steps, float(duration), dt, frozen, record_voltage=False)
        gates = [during.m[:, -1], during.h[:, -1], during.n[:, -1]]
        gates[hh.GATES.index(freeze)] = np.full(rows.size, float(rest[hh.GATES.index(freeze)]))
        after = hh.simulate_batch([None], PULSE_WINDOW, dt, [params] * rows.size, v0=during.v[:, -1], gates0=gates,
                                  record_voltage=False)
        fired[rows] = [times.size > 0 for times in after.spike_times]
    return fired


def anode_break_thresholds(durations, freeze=None, params: hh.HHParams = hh.STANDARD, dt: float = 0.025,
                           rel_tol: float = 1e-4) -> np.ndarray:
    """Least hyperpolarizing amplitude (µA/cm², positive) of a step of each duration (ms) whose release fires.

    Vectorized bisection in (0, :data:`ANODE_CAP`]; ``inf`` where even the cap does not fire.
    ``freeze`` as in :func:`anode_break_fires`.
    """
    durations = _check_durations(durations)
    freeze = _check_freeze(freeze)
    params = _checks.instance("params", params, hh.HHParams, "HHParams")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, hh.MAX_DT, "ms")
    rel_tol = _checks.tolerance("rel_tol", rel_tol, 1e-9, 0.1)
    return _bisect_amplitudes(lambda a: _anode_break_fires(a, durations, freeze, params, dt),
                              np.full(durations.shape, ANODE_CAP), rel_tol)
