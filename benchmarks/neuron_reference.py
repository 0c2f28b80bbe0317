"""Reference values from NEURON for the validation quantities no paper states.

Spike shape, pulse thresholds, rheobase and firing rates of the standard HH
membrane are not printed in a source we could check, so the validation table
compares them with NEURON (Carnevale & Hines 2006), an independent
implementation of the same equations: the built-in ``hh`` mechanism with
exact rates, Crank-Nicolson (``secondorder = 2``) at a fine step, and the same
protocols and spike rules as :mod:`excitable.validation`.

Run ``python benchmarks/neuron_reference.py`` to print the values as JSON;
``tests/test_neuron_crosscheck.py`` recomputes them and checks that the
numbers recorded in :data:`excitable.validation.REFERENCES` are what NEURON gives.
"""

from __future__ import annotations

import json

from neuron_models import FICells, SingleCell, neuron_threshold

from excitable import analysis, experiments, gating, hh
from excitable.validation import excitability, spike_shape

DT = 0.005
"""Step (ms) of the reference runs: fine enough that halving it changes no value at the recorded precision."""

SECONDORDER = 2
"""NEURON's Crank-Nicolson method (second order, like excitable's integrator)."""


def _threshold(duration: float) -> float:
    start, window = experiments.PULSE_START, experiments.PULSE_WINDOW
    return neuron_threshold(duration, start, start + duration + window, DT, hh.resting_potential(),
                            SECONDORDER, rel_tol=1e-6)


def _rheobase(window: float = 200.0, rel_tol: float = 1e-6) -> float:
    cell = SingleCell([(experiments.PULSE_START, 1e9, 1.0)])
    try:
        def fires(amplitude):
            cell.set_amplitude(amplitude)
            t, v = cell.run(window, DT, hh.resting_potential(), SECONDORDER)
            return analysis.spike_times(t, v).size > 0

        return analysis.boundary(fires, 0.0, 5.0, rel_tol * 5.0)
    finally:
        cell.close()


def _heat_block(threshold_1ms: float, low: float = 25.0, high: float = 40.0, xtol: float = 1e-3) -> float:
    """Lowest temperature (°C) at which NEURON's response to the heat-block pulse stays below 0 mV.

    The pulse is ``spike_shape.HEAT_BLOCK_MULTIPLE`` times NEURON's own 1 ms threshold at 6.3 °C; the
    step is DT divided by the rates' temperature factor, so the gates move as far per step as at 6.3 °C.
    """
    start = experiments.PULSE_START

    def blocked(celsius):
        cell = SingleCell([(start, 1.0, spike_shape.HEAT_BLOCK_MULTIPLE * threshold_1ms)],
                          hh.STANDARD.replace(celsius=celsius))
        try:
            dt = DT / max(float(gating.temperature_factor(celsius)), 1.0)
            t, v = cell.run(spike_shape.T_STOP, dt, hh.resting_potential(), SECONDORDER)
        finally:
            cell.close()
        return analysis.spike_times(t, v).size == 0

    return analysis.boundary(blocked, low, high, xtol)


def _onset_rate() -> float:
    """NEURON's steady rate (Hz) during the onset step of :mod:`excitable.validation.excitability`."""
    cells = FICells([excitability.ONSET_CURRENT], threshold=analysis.REPETITIVE_SPIKE_THRESHOLD)
    try:
        (train,) = cells.run(excitability.ONSET_DURATION, DT, hh.resting_potential(), SECONDORDER)
    finally:
        cells.close()
    return analysis.steady_rate(train, excitability.ONSET_DURATION, excitability.ONSET_TRANSIENT)


def reference_values() -> dict[str, float]:
    """NEURON's value of every validation quantity that has no checked literature value."""
    threshold_1ms = _threshold(1.0)
    start = experiments.PULSE_START
    cell = SingleCell([(start, 1.0, 2.0 * threshold_1ms)])
    try:
        t, v = cell.run(start + 1.0 + experiments.PULSE_WINDOW, DT, hh.resting_potential(), SECONDORDER)
    finally:
        cell.close()
    cells = FICells([10.0, 20.0, 50.0], threshold=analysis.REPETITIVE_SPIKE_THRESHOLD)
    try:
        trains = cells.run(500.0, DT, hh.resting_potential(), SECONDORDER)
    finally:
        cells.close()
    rates = [analysis.steady_rate(train, 500.0, 100.0) for train in trains]
    return {
        "spike_peak_mV": float(v.max()),
        "spike_half_width_ms": analysis.half_width(t, v, hh.resting_potential()),
        "heat_block_celsius": _heat_block(threshold_1ms),
        "ahp_min_mV": float(v[t > start].min()),
        "threshold_1ms_uA_cm2": threshold_1ms,
        "rheobase_uA_cm2": _rheobase(),
        "rate_at_10_uA_cm2_Hz": rates[0],
        "rate_at_20_uA_cm2_Hz": rates[1],
        "rate_at_50_uA_cm2_Hz": rates[2],
        "onset_frequency_Hz": _onset_rate(),
    }


if __name__ == "__main__":
    print(json.dumps(reference_values(), indent=2))
