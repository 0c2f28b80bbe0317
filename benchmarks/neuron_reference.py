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

import functools
import json

import numpy as np
from neuron_models import NA_PER_UA_CM2, FICells, MooreAxon, SingleCell, UniformAxon, neuron_threshold
from scipy.optimize import minimize_scalar

from excitable import analysis, cable, experiments, gating, hh
from excitable.validation import excitability, propagation, spike_shape
from excitable.validation import refractory as refractory_rows

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


# --- chapter 4, refractoriness (sections 1-3): the paired-pulse protocol and anode break --------------

class _PairedPulse:
    """NEURON's paired-pulse protocol: conditioning at 2 T1 (NEURON's own T1), a 1 ms test ``interval`` ms later.

    The test fires when the run crosses 0 mV upwards more often after the test onset than the conditioning
    pulse alone does there (the rule of :mod:`excitable.refractory`). Runs at :data:`DT` with Crank-Nicolson.
    """

    def __init__(self, threshold_1ms: float):
        self.t1, self.start = threshold_1ms, experiments.PULSE_START
        self.window = 1.0 + experiments.PULSE_WINDOW
        self.cell = SingleCell([(self.start, 1.0, 2.0 * threshold_1ms), (self.start + 1.0, 1.0, 0.0)])
        self.cell.clamps[1].amp = 0.0
        t, v = self.cell.run(self.start + 60.0 + self.window, DT, hh.resting_potential(), SECONDORDER)
        self.alone = analysis.spike_times(t, v)

    def fires(self, interval: float, ratio: float) -> bool:
        onset = self.start + interval
        test = self.cell.clamps[1]
        test.delay, test.amp = onset, ratio * self.t1 * NA_PER_UA_CM2
        t, v = self.cell.run(onset + self.window, DT, hh.resting_potential(), SECONDORDER)
        after = analysis.spike_times(t, v)
        before = np.count_nonzero((self.alone >= onset) & (self.alone < onset + self.window))
        return np.count_nonzero(after >= onset) > before

    def threshold_ratio(self, interval: float, high: float, rel_tol: float = 1e-5) -> float:
        """Test threshold at ``interval`` ms as a multiple of T1, by bisection below ``high`` (which must fire)."""
        if not self.fires(interval, high):
            raise ValueError(f"a test of {high} T1 does not fire at {interval} ms")
        return analysis.boundary(lambda r: self.fires(interval, r), 0.0, high, rel_tol * high)

    def close(self):
        self.cell.close()


def _arp(protocol: _PairedPulse, cap: float, low: float = 1.0, high: float = 30.0, xtol: float = 1e-3) -> float:
    """Shortest interval (ms) after which a test of ``cap`` T1 fires at every longer interval: scan every 0.5 ms, then
    bisect between the last failure and the next interval."""
    grid = np.arange(low, high + 1e-9, 0.5)
    fired = np.array([protocol.fires(float(i), cap) for i in grid])
    last = int(np.nonzero(~fired)[0][-1])
    return analysis.boundary(lambda i: protocol.fires(i, cap), float(grid[last]), float(grid[last + 1]), xtol)


def _supernormal(protocol: _PairedPulse, window=refractory_rows.SUPERNORMAL_WINDOW) -> float:
    """Lowest test threshold / T1 over intervals in ``window`` (ms): a 1 ms scan, then a bounded minimization."""
    grid = np.arange(window[0], window[1] + 1e-9, 1.0)
    ratios = [protocol.threshold_ratio(float(i), 1.5, rel_tol=1e-4) for i in grid]
    k = int(np.argmin(ratios))
    found = minimize_scalar(lambda i: protocol.threshold_ratio(float(i), 1.5),
                            bounds=(float(grid[max(k - 1, 0)]), float(grid[min(k + 1, grid.size - 1)])),
                            method="bounded", options={"xatol": 0.02})
    return float(found.fun)


def _anode_break(duration: float, high: float = 10.0, rel_tol: float = 1e-6) -> float:
    """Least amplitude (µA/cm²) of a hyperpolarizing step of ``duration`` ms whose release fires, in NEURON."""
    start = experiments.PULSE_START
    cell = SingleCell([(start, duration, -1.0)])
    try:
        def fires(amplitude):
            cell.set_amplitude(-amplitude)
            t, v = cell.run(start + duration + experiments.PULSE_WINDOW, DT, hh.resting_potential(), SECONDORDER)
            return analysis.spike_times(t, v).size > 0

        return analysis.boundary(fires, 0.0, high, rel_tol * high)
    finally:
        cell.close()


def refractory_values(threshold_1ms: float) -> dict[str, float]:
    """NEURON's values of the refractoriness rows (:mod:`excitable.validation.refractory`)."""
    protocol = _PairedPulse(threshold_1ms)
    try:
        values = {
            "arp_cap50_ms": _arp(protocol, refractory_rows.ARP_CAP),
            "relative_threshold_10ms": protocol.threshold_ratio(refractory_rows.RELATIVE_INTERVAL, 10.0),
            "supernormal_min_ratio": _supernormal(protocol),
        }
    finally:
        protocol.close()
    values["anode_break_threshold_uA_cm2"] = _anode_break(refractory_rows.ANODE_BREAK_DURATION)
    return values
# --- chapter 2, threshold (sections 4-5): strength and duration -------------------------------------------

SD_STEPS_PER_PULSE = 40
"""Least NEURON steps across a strength-duration pulse (the package takes 20): NEURON's own finer grid."""


def _sd_grid(duration: float) -> tuple[float, float]:
    """NEURON's step (ms) for a pulse of ``duration`` ms (at most DT, at least SD_STEPS_PER_PULSE steps across the
    pulse, a whole number of them) and the pulse's onset on that grid nearest PULSE_START: the pulse's charge is
    delivered exactly, as in ``excitable.strength_duration``."""
    dt = duration / max(SD_STEPS_PER_PULSE, int(np.ceil(duration / DT - 1e-9)))
    return dt, round(experiments.PULSE_START / dt) * dt


def _sd_fires(amplitude: float, duration: float) -> bool:
    dt, start = _sd_grid(duration)
    cell = SingleCell([(start, duration, amplitude)])
    try:
        t, v = cell.run(start + duration + experiments.PULSE_WINDOW, dt, hh.resting_potential(), SECONDORDER)
    finally:
        cell.close()
    return analysis.spike_times(t, v).size > 0


@functools.cache  # the 10 µs pulse (about 2 s of runs) serves both the charge row and the test of the whole curve
def _sd_threshold(duration: float, rel_tol: float = 1e-6) -> float:
    """NEURON's threshold (µA/cm²) of a square pulse of ``duration`` ms from rest, on its own fine grid."""
    dt, start = _sd_grid(duration)
    return neuron_threshold(duration, start, start + duration + experiments.PULSE_WINDOW, dt,
                            hh.resting_potential(), SECONDORDER, rel_tol=rel_tol, high=3.0 + 7.0 / duration)


def _chronaxie(rheobase: float, rel_tol: float = 1e-6) -> float:
    """NEURON's chronaxie (ms): the least duration of a pulse at twice NEURON's rheobase that fires; bisection on
    log10 of the duration between 0.1 and 10 ms."""
    log_d = analysis.boundary(lambda x: _sd_fires(2.0 * rheobase, 10.0 ** x), -1.0, 1.0, rel_tol / np.log(10.0))
    return float(10.0 ** log_d)


def strength_duration_values(rheobase: float) -> dict[str, float]:
    """NEURON's values of the strength-duration rows (:mod:`excitable.validation.strength_duration`)."""
    from excitable.validation import strength_duration as sd_rows

    return {
        "chronaxie_ms": _chronaxie(rheobase),
        "charge_threshold_nC_cm2": _sd_threshold(sd_rows.CHARGE_DURATION_MS) * sd_rows.CHARGE_DURATION_MS,
    }


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
    rheobase = _rheobase()
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
        "rheobase_uA_cm2": rheobase,
        "rate_at_10_uA_cm2_Hz": rates[0],
        "rate_at_20_uA_cm2_Hz": rates[1],
        "rate_at_50_uA_cm2_Hz": rates[2],
        **cable_reference_values(),
        **refractory_values(threshold_1ms),
        "onset_frequency_Hz": _onset_rate(),
        **strength_duration_values(rheobase),
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
