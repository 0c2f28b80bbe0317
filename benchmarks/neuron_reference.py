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

import numpy as np
from neuron_models import FICells, MooreAxon, SingleCell, UniformAxon, neuron_threshold

from excitable import analysis, cable, experiments, gating, hh
from excitable.validation import propagation, spike_shape

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
        **cable_reference_values(),
    }


# --- propagation (chapter 5): the same compartments, step and protocols as excitable.validation.propagation --

def _as_result(t, v, axon, sites=None):
    """NEURON's recorded t and V (sites x times) as a ``cable.CableResult``, so the same analyses apply."""
    sites = np.arange(axon.n) if sites is None else np.asarray(sites)
    return cable.CableResult(t, v, sites, axon.x[sites], axon)


def neuron_squid_velocity(celsius: float = 18.5, dt: float | None = None, diameter=None) -> float:
    """NEURON's conduction velocity (m/s) of ``propagation.squid_axon`` under the validation's protocol."""
    axon = propagation.squid_axon(celsius, diameter or propagation.SQUID_DIAMETER_UM)
    stimulus = propagation.SQUID_STIMULUS
    model = UniformAxon(float(axon.diameter[0]), axon.total_length, axon.n, propagation.SQUID_R_I,
                        axon.membranes[0], stimulus.amplitude, stimulus.start, stimulus.duration)
    try:
        t, v = model.run(propagation.SQUID_T_STOP_MS[celsius], dt or propagation.SQUID_DT_MS[celsius],
                         cable.rest_state(axon), SECONDORDER)
    finally:
        model.close()
    return cable.conduction_velocity(_as_result(t, v, axon))


def _moore_run(myelin_factor=1.0, t_stop=propagation.MYELIN_T_STOP_MS, record_all=False):
    """t and V at every node of NEURON's Moore et al. (1978) fibre, and the matching excitable axon."""
    axon = cable.myelinated_axon(myelin_factor=myelin_factor)
    stimulus = propagation.MYELIN_STIMULUS
    model = MooreAxon(myelin_factor=myelin_factor, amplitude=stimulus.amplitude, start=stimulus.start,
                      duration=stimulus.duration, record_all=record_all)
    try:
        t, v = model.run(t_stop, propagation.MYELIN_DT_MS, cable.rest_state(axon), SECONDORDER)
    finally:
        model.close()
    return _as_result(t, v, axon, None if record_all else axon.nodes), axon


def neuron_myelinated_velocity() -> float:
    """NEURON's velocity (m/s) of the Moore fibre between nodes 10 and 11 (-15 mV crossings)."""
    result, axon = _moore_run()
    return cable.velocity_between(result, int(axon.nodes[10]), int(axon.nodes[11]))


def neuron_block_factor(low: float = 1.0, high: float = 39.0, xtol: float = 0.01) -> float:
    """Smallest k (all internodes) at which NEURON's spike no longer reaches node 18 within 10 ms; bisection."""
    def reaches(k):
        result, axon = _moore_run(k, t_stop=10.0)
        return cable.reaches(result, int(axon.nodes[propagation.BLOCK_NODE]))

    if not reaches(low) or reaches(high):
        raise RuntimeError(f"[{low}, {high}] does not bracket NEURON's block factor")
    while high - low > xtol:
        middle = 0.5 * (low + high)
        low, high = (middle, high) if reaches(middle) else (low, middle)
    return 0.5 * (low + high)


def cable_reference_values() -> dict[str, float]:
    """NEURON's value of every NEURON-referenced row of the propagation group."""
    return {
        "cv_squid_6p3C_m_s": neuron_squid_velocity(6.3),
        "cv_myelinated_m_s": neuron_myelinated_velocity(),
        "myelin_block_factor_uniform": neuron_block_factor(),
    }


def same_discretization_values() -> dict[str, float]:
    """NEURON's value of propagation rows whose reference is literature, with the package's discretization."""
    return {"cv_squid_18p5C_m_s": neuron_squid_velocity(18.5)}


if __name__ == "__main__":
    print(json.dumps({**reference_values(), **same_discretization_values()}, indent=2))
