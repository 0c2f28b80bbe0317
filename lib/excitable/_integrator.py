"""Compiled time stepping for batches of Hodgkin-Huxley membranes.

The scheme is staggered: the gates live at half steps and advance with the
exact solution of their linear equation at the present voltage; the voltage
then advances with the exact solution of the current-balance equation with
the conductances frozen at the half step. It is stable for any step and
second-order accurate (``tests/test_hh.py::test_second_order_convergence``).

As in NEURON's ``usetable``, the gate kinetics are read from tables built
from :mod:`excitable.gating`, so the rate functions are defined in one place:
for each temperature factor phi and step dt the table holds, on a 0.01 mV
grid, every gate's steady state and its one-step decay factor
``exp(-phi dt (alpha + beta))``. Linear interpolation errs by less than
3e-8 in any of these (``tests/test_hh.py``); outside the table the exact
functions are used. Traces run in parallel threads when the batch is large enough to
pay for them.
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np
from numba import njit, prange

from .gating import _alpha_h, _alpha_m, _alpha_n, _beta_h, _beta_m, _beta_n

TABLE_RANGE = (-250.0, 250.0)
"""Voltages (mV) covered by the kinetics tables."""

TABLE_STEP = 0.01
"""Grid spacing (mV) of the kinetics tables."""

PARALLEL_MIN_WORK = 400_000
"""Batches with fewer trace-steps than this run on one thread: starting threads would cost more."""

if numba.config.THREADING_LAYER == "default":
    # OpenMP keeps idle threads spinning after each parallel batch, stealing the core a notebook
    # needs to redraw on a small machine; numba's own work queue lets them sleep.
    numba.config.THREADING_LAYER = "workqueue"

_RATES = ((_alpha_m, _beta_m), (_alpha_h, _beta_h), (_alpha_n, _beta_n))


def table_grid() -> np.ndarray:
    """The voltages (mV) at which the kinetics tables are sampled."""
    low, high = TABLE_RANGE
    return np.linspace(low, high, int(round((high - low) / TABLE_STEP)) + 1)


@functools.lru_cache(maxsize=16)
def step_table(phi: float, dt: float) -> np.ndarray:
    """Per-step kinetics (n_grid x 6): x_inf and exp(-phi dt (alpha + beta)) for m, h and n."""
    grid = table_grid()
    columns = []
    for alpha, beta in _RATES:
        a, b = alpha(grid), beta(grid)
        columns += [a / (a + b), np.exp(-phi * dt * (a + b))]
    return np.ascontiguousarray(np.column_stack(columns))


@njit(cache=True)
def _gate_step(v, table, phi, dt):
    """(m_inf, m_decay, h_inf, h_decay, n_inf, n_decay) at v (mV) for one step."""
    position = (v - TABLE_RANGE[0]) / TABLE_STEP
    if 0.0 <= position < table.shape[0] - 1:
        k = int(position)
        w = position - k
        lo, hi = table[k], table[k + 1]
        return (lo[0] + w * (hi[0] - lo[0]), lo[1] + w * (hi[1] - lo[1]), lo[2] + w * (hi[2] - lo[2]),
                lo[3] + w * (hi[3] - lo[3]), lo[4] + w * (hi[4] - lo[4]), lo[5] + w * (hi[5] - lo[5]))
    am, bm, ah, bh, an, bn = _alpha_m(v), _beta_m(v), _alpha_h(v), _beta_h(v), _alpha_n(v), _beta_n(v)
    return (am / (am + bm), math.exp(-phi * dt * (am + bm)), ah / (ah + bh), math.exp(-phi * dt * (ah + bh)),
            an / (an + bn), math.exp(-phi * dt * (an + bn)))


@njit(cache=True)
def _run_trace(j, waveforms, wave_index, scale, v0, m0, h0, n0, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi,
               dt, table_index, tables, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    """Integrate trace j in place; V and gates go to row j of the outputs (one column if not recorded)."""
    n_steps = waveforms.shape[1]
    record_v = v_out.shape[1] > 1
    record_gates = m_out.shape[1] > 1
    table = tables[table_index[j]]
    wave = waveforms[wave_index[j]]
    amplitude = scale[j]
    v, m, h, n = v0[j], m0[j], h0[j], n0[j]
    if record_v:
        v_out[j, 0] = v
    count = 0
    for k in range(n_steps):
        # Gates from t_{k-1/2} to t_{k+1/2} at V(t_k).
        m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = _gate_step(v, table, phi[j], dt)
        m_new = m_inf + (m - m_inf) * m_decay
        h_new = h_inf + (h - h_inf) * h_decay
        n_new = n_inf + (n - n_inf) * n_decay
        if record_gates:
            m_out[j, k] = 0.5 * (m + m_new)
            h_out[j, k] = 0.5 * (h + h_new)
            n_out[j, k] = 0.5 * (n + n_new)
        m, h, n = m_new, h_new, n_new
        # Voltage from t_k to t_{k+1}: C dV/dt = -G (V - V_inf) with G frozen at t_{k+1/2}.
        gna = g_na[j] * m * m * m * h
        gk = g_k[j] * n * n * n * n
        total = gna + gk + g_l[j]
        v_inf = (amplitude * wave[k] + gna * e_na[j] + gk * e_k[j] + g_l[j] * e_l[j]) / total
        v_new = v_inf + (v - v_inf) * math.exp(-dt * total / c_m[j])
        if v < threshold <= v_new:
            if count < spikes.shape[1]:
                spikes[j, count] = (k + (threshold - v) / (v_new - v)) * dt
            count += 1
        v = v_new
        if record_v:
            v_out[j, k + 1] = v
    # A last half step of the gates gives their values at t_N.
    m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = _gate_step(v, table, phi[j], dt)
    m_end = m_inf + (m - m_inf) * math.sqrt(m_decay)
    h_end = h_inf + (h - h_inf) * math.sqrt(h_decay)
    n_end = n_inf + (n - n_inf) * math.sqrt(n_decay)
    last_v, last_gate = v_out.shape[1] - 1, m_out.shape[1] - 1
    v_out[j, last_v] = v
    m_out[j, last_gate], h_out[j, last_gate], n_out[j, last_gate] = m_end, h_end, n_end
    counts[j] = count


@njit(cache=True)
def _run_serial(waveforms, wave_index, scale, v0, m0, h0, n0, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, dt,
                table_index, tables, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    for j in range(v0.shape[0]):
        _run_trace(j, waveforms, wave_index, scale, v0, m0, h0, n0, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi,
                   dt, table_index, tables, threshold, v_out, m_out, h_out, n_out, spikes, counts)


@njit(cache=True, parallel=True)
def _run_parallel(waveforms, wave_index, scale, v0, m0, h0, n0, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, dt,
                  table_index, tables, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    for j in prange(v0.shape[0]):
        _run_trace(j, waveforms, wave_index, scale, v0, m0, h0, n0, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi,
                   dt, table_index, tables, threshold, v_out, m_out, h_out, n_out, spikes, counts)


def integrate(waveforms, wave_index, scale, v0, gates0, columns, phi, dt, record_v, record_gates, threshold,
              spike_capacity):
    """Integrate a batch; see :func:`excitable.hh.simulate_batch` for the meaning of the outputs.

    waveforms (n_waves, n_steps): applied current (µA/cm²) of unit amplitude at the step midpoints;
    trace j uses ``scale[j] * waveforms[wave_index[j]]``. ``columns`` maps each HHParams field
    (g_na ... c_m) to a per-trace array; ``phi`` holds the per-trace temperature factors.
    Returns V, m, h, n (n_traces x n_time, or x 1 when not recorded) and the spike times.
    """
    n_traces, n_steps = len(v0), waveforms.shape[1]
    unique_phi, table_index = np.unique(phi, return_inverse=True)
    tables = np.stack([step_table(float(p), float(dt)) for p in unique_phi])
    v_out = np.empty((n_traces, n_steps + 1 if record_v else 1))
    m_out, h_out, n_out = (np.empty((n_traces, n_steps + 1 if record_gates else 1)) for _ in range(3))
    spikes = np.empty((n_traces, spike_capacity))
    counts = np.zeros(n_traces, dtype=np.int64)
    run = _run_parallel if n_traces > 1 and n_traces * n_steps >= PARALLEL_MIN_WORK else _run_serial
    run(waveforms, np.asarray(wave_index, dtype=np.int64), np.asarray(scale, dtype=float), v0, *gates0,
        columns["g_na"], columns["g_k"], columns["g_l"], columns["e_na"], columns["e_k"], columns["e_l"],
        columns["c_m"], phi, float(dt), table_index.astype(np.int64), tables, float(threshold),
        v_out, m_out, h_out, n_out, spikes, counts)
    return v_out, m_out, h_out, n_out, spikes, counts
