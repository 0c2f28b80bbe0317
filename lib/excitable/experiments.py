"""The book's standard experiments on the standard squid-axon membrane (6.3 °C, dt = 0.025 ms).

Chapters, validation and benchmarks share these protocols so that a number quoted on one page is the
number computed on another: a pulse from rest starting at :data:`PULSE_START`, followed for
:data:`PULSE_WINDOW` after it ends; the threshold of such a pulse; and the reference spike, evoked by a
1 ms pulse at twice its threshold.
"""

from __future__ import annotations

import functools

from . import _checks, analysis, hh, stimuli

PULSE_START = 5.0
"""Onset (ms) of the test pulses."""

PULSE_WINDOW = 40.0
"""Simulated time (ms) after a test pulse ends: long enough for a late spike and the undershoot."""


def threshold_pulse(duration: float) -> float:
    """Threshold (µA/cm²) of a pulse of ``duration`` ms from rest, standard parameters (relative tolerance 1e-5)."""
    return _threshold_pulse(_checks.scalar_in_range("duration", duration, 1e-3, 1e4, "ms"))


@functools.cache
def _threshold_pulse(duration: float) -> float:
    shape = stimuli.pulse(1.0, PULSE_START, duration)
    return analysis.threshold(shape, PULSE_START + duration + PULSE_WINDOW, rel_tol=1e-5)


def spike_at_twice_threshold() -> hh.HHResult:
    """The reference spike: the response to a 1 ms pulse at twice its threshold (:func:`threshold_pulse`)."""
    amplitude = 2.0 * threshold_pulse(1.0)
    return hh.simulate(stimuli.pulse(amplitude, PULSE_START, 1.0), PULSE_START + 1.0 + PULSE_WINDOW)
