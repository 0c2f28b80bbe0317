"""Voltage-clamp protocols that measure sodium inactivation, as Hodgkin and Huxley ran them (1952c).

Each protocol is a sequence of ideal clamp steps run with :func:`excitable.hh.voltage_clamp` (exact
two-state solutions for every gate), and each reads the peak sodium conductance of a test step:

- :func:`two_pulse`: a long prepulse to V_pre, then a test step; the test's peak g_Na, relative to
  the peak after a strongly hyperpolarizing prepulse, estimates h_inf(V_pre) (the "h_inf curve");
- :func:`recovery`: a conditioning step inactivates the channels, an interval at a recovery potential
  lets h recover, a test step reads how much has come back; against the interval this rises as
  1 - exp(-t/tau_h) at the recovery potential;
- :func:`sodium_step`: one step, the g_Na record whose rise and fall separate tau_m and tau_h
  (fitted by :func:`excitable.fitting.fit_sodium_record`).

Units: mV, ms, mS/cm². The recovered quantities are compared with the closed forms
``gating.hh_x_inf('h', V)`` and ``gating.hh_tau('h', V, celsius)`` in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks
from .hh import STANDARD, HHParams, voltage_clamp

REFERENCE_PREPULSE = -120.0
"""Prepulse (mV) taken to remove all inactivation (h_inf(-120 mV) = 0.9998): the normalizing record."""

TEST_VOLTAGE = -20.0
"""Default test step (mV), about HH's 44 mV depolarization from rest (1952c)."""


def _peak_g_na(clamp, start: float):
    """Largest g_Na (mS/cm²) of a clamp record at or after time ``start`` (ms) and its time from ``start``."""
    window = clamp.t >= start - 1e-9
    g = clamp.g_na[window]
    k = int(np.argmax(g))
    return float(g[k]), float(clamp.t[window][k] - start)


@dataclass(frozen=True)
class TwoPulseResult:
    """The two-pulse (prepulse) experiment: peak test g_Na after each prepulse.

    prepulse : prepulse potentials (mV); peak_g_na : peak g_Na in the test step (mS/cm²);
    reference_peak : peak after the :data:`REFERENCE_PREPULSE` (mS/cm²); h_estimate : peak_g_na /
    reference_peak, the experiment's estimate of h_inf(prepulse); h_start : h at the end of each
    prepulse (the true value the estimate aims at); prepulse_duration, test_voltage, test_duration,
    holding (ms, mV).
    """

    prepulse: np.ndarray
    peak_g_na: np.ndarray
    reference_peak: float
    h_estimate: np.ndarray
    h_start: np.ndarray
    prepulse_duration: float
    test_voltage: float
    test_duration: float
    holding: float


def two_pulse(prepulse, prepulse_duration: float = 50.0, test_voltage: float = TEST_VOLTAGE,
              test_duration: float = 5.0, holding: float = -65.0, dt: float = 0.01,
              params: HHParams = STANDARD) -> TwoPulseResult:
    """Run the prepulse protocol for every potential in ``prepulse`` (mV) and estimate h_inf there.

    From ``holding``, the membrane is stepped to the prepulse for ``prepulse_duration`` ms (long
    against tau_h, so h reaches h_inf(prepulse)), then to ``test_voltage`` for ``test_duration`` ms.
    The peak g_Na of the test, divided by the peak after a prepulse to :data:`REFERENCE_PREPULSE`,
    estimates h_inf(prepulse). The estimate is slightly biased: m starts from m_inf(prepulse), not
    from zero, and h already falls during the rise of m.
    """
    prepulse = np.atleast_1d(_checks.in_range("prepulse", prepulse, -150.0, 60.0, "mV"))
    if prepulse.ndim != 1 or prepulse.size == 0:
        raise ValueError(f"prepulse must be a number or a non-empty 1-D array (mV), got shape {prepulse.shape}")
    prepulse_duration = _checks.scalar_in_range("prepulse_duration", prepulse_duration, 0.01, 1000.0, "ms")
    test_voltage = _checks.scalar_in_range("test_voltage", test_voltage, -60.0, 60.0, "mV")
    test_duration = _checks.scalar_in_range("test_duration", test_duration, 0.1, 100.0, "ms")

    def run(v_pre):
        clamp = voltage_clamp([(float(v_pre), prepulse_duration), (test_voltage, test_duration)],
                              holding=holding, dt=dt, params=params)
        end = int(np.searchsorted(clamp.t, prepulse_duration - 1e-9))
        return _peak_g_na(clamp, prepulse_duration)[0], float(clamp.h[end])

    runs = [run(v) for v in prepulse]
    reference, _ = run(REFERENCE_PREPULSE)
    if reference <= 0:
        raise ValueError(f"no sodium conductance in the test step to {test_voltage:g} mV (g_na = {params.g_na:g})")
    peaks = np.array([p for p, _ in runs])
    return TwoPulseResult(prepulse, peaks, reference, peaks / reference, np.array([h for _, h in runs]),
                          float(prepulse_duration), float(test_voltage), float(test_duration), float(holding))


@dataclass(frozen=True)
class RecoveryResult:
    """Recovery from inactivation: peak test g_Na after each interval at the recovery potential.

    interval : recovery intervals (ms); peak_g_na : test peaks (mS/cm²); fraction : peak_g_na divided
    by the peak of a test from rest at the recovery potential (fully recovered); h_start : h at the
    start of each test; recovery_voltage, conditioning_voltage, conditioning_duration, test_voltage (mV, ms).
    """

    interval: np.ndarray
    peak_g_na: np.ndarray
    fraction: np.ndarray
    h_start: np.ndarray
    recovery_voltage: float
    conditioning_voltage: float
    conditioning_duration: float
    test_voltage: float


def recovery(intervals, recovery_voltage: float = -65.0, conditioning_voltage: float = -20.0,
             conditioning_duration: float = 30.0, test_voltage: float = TEST_VOLTAGE, test_duration: float = 5.0,
             dt: float = 0.01, params: HHParams = STANDARD) -> RecoveryResult:
    """Paired steps: inactivate, recover for each interval (ms) at ``recovery_voltage``, test.

    The membrane starts at rest at ``recovery_voltage`` (mV), is stepped to ``conditioning_voltage``
    for ``conditioning_duration`` ms (inactivating the sodium channels), returned to the recovery
    potential for the interval, then stepped to ``test_voltage``. ``fraction`` is the test peak over
    the peak of the same test from rest at the recovery potential; it rises from near zero to 1 as
    1 - exp(-interval/tau_h(recovery_voltage)) (:func:`excitable.fitting.fit_recovery`).
    """
    intervals = np.atleast_1d(_checks.in_range("intervals", intervals, 0.0, 1000.0, "ms"))
    if intervals.ndim != 1 or intervals.size == 0:
        raise ValueError(f"intervals must be a number or a non-empty 1-D array (ms), got shape {intervals.shape}")
    recovery_voltage = _checks.scalar_in_range("recovery_voltage", recovery_voltage, -150.0, -30.0, "mV")
    conditioning_voltage = _checks.scalar_in_range("conditioning_voltage", conditioning_voltage, -40.0, 60.0, "mV")
    conditioning_duration = _checks.scalar_in_range("conditioning_duration", conditioning_duration, 0.1, 1000.0, "ms")
    test_voltage = _checks.scalar_in_range("test_voltage", test_voltage, -60.0, 60.0, "mV")
    test_duration = _checks.scalar_in_range("test_duration", test_duration, 0.1, 100.0, "ms")
    fresh = voltage_clamp([(test_voltage, test_duration)], holding=recovery_voltage, dt=dt, params=params)
    reference = _peak_g_na(fresh, 0.0)[0]
    if reference <= 0:
        raise ValueError(f"no sodium conductance in the test step to {test_voltage:g} mV (g_na = {params.g_na:g})")
    peaks, h_start = [], []
    for gap in intervals:
        steps = [(conditioning_voltage, conditioning_duration)]
        if gap > 0:
            steps.append((recovery_voltage, float(gap)))
        steps.append((test_voltage, test_duration))
        clamp = voltage_clamp(steps, holding=recovery_voltage, dt=dt, params=params)
        start = conditioning_duration + float(gap)
        peaks.append(_peak_g_na(clamp, start)[0])
        h_start.append(float(clamp.h[int(np.searchsorted(clamp.t, start - 1e-9))]))
    peaks = np.array(peaks)
    return RecoveryResult(intervals, peaks, peaks / reference, np.array(h_start), float(recovery_voltage),
                          float(conditioning_voltage), float(conditioning_duration), float(test_voltage))


def sodium_step(voltage: float, holding: float = -65.0, duration: float = 10.0, dt: float = 0.02,
                params: HHParams = STANDARD):
    """One clamp step from ``holding`` to ``voltage`` (mV) for ``duration`` ms: (t from the step, g_Na record).

    t in ms starting at 0 (the step), g_Na in mS/cm²; the record starts at the holding value.
    """
    voltage = _checks.scalar_in_range("voltage", voltage, -150.0, 100.0, "mV")
    duration = _checks.scalar_in_range("duration", duration, 0.01, 1000.0, "ms")
    clamp = voltage_clamp([(voltage, duration)], holding=holding, dt=dt, params=params)
    return clamp.t, clamp.g_na
