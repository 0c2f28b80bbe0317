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
functions are used. A membrane without Na+ inactivation (``HHParams.inactivation``
False, as after pronase) gets a table whose h column is 1 with no decay, so h stays
at 1 without a test in the inner loop. Traces run in parallel threads when the batch
is large enough to pay for them.
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
def step_table(phi: float, dt: float, inactivation: bool = True) -> np.ndarray:
    """Per-step kinetics (n_grid x 6): x_inf and exp(-phi dt (alpha + beta)) for m, h and n.

    Without ``inactivation`` the h columns hold h_inf = 1 and a decay factor of 0, so h is 1 after every step.
    """
    grid = table_grid()
    columns = []
    for gate, (alpha, beta) in zip("mhn", _RATES):
        if gate == "h" and not inactivation:
            columns += [np.ones_like(grid), np.zeros_like(grid)]
            continue
        a, b = alpha(grid), beta(grid)
        columns += [a / (a + b), np.exp(-phi * dt * (a + b))]
    return np.ascontiguousarray(np.column_stack(columns))


CHUNK = 4
"""Traces advanced together, step by step: their independent arithmetic overlaps in the CPU."""


@njit(cache=True, inline="always")
def _gate_step(v, tables, which, inactivates, phi, dt):
    """(m_inf, m_decay, h_inf, h_decay, n_inf, n_decay) at v (mV) for one step, from table ``which``.

    Beyond the table the exact rates are used, with h held at 1 where ``inactivates[which]`` is False.
    """
    position = (v - TABLE_RANGE[0]) / TABLE_STEP
    if 0.0 <= position < tables.shape[1] - 1:
        k = int(position)
        w = position - k
        # Scalar indexing only: taking row views would cost a reference count per step.
        return (tables[which, k, 0] + w * (tables[which, k + 1, 0] - tables[which, k, 0]),
                tables[which, k, 1] + w * (tables[which, k + 1, 1] - tables[which, k, 1]),
                tables[which, k, 2] + w * (tables[which, k + 1, 2] - tables[which, k, 2]),
                tables[which, k, 3] + w * (tables[which, k + 1, 3] - tables[which, k, 3]),
                tables[which, k, 4] + w * (tables[which, k + 1, 4] - tables[which, k, 4]),
                tables[which, k, 5] + w * (tables[which, k + 1, 5] - tables[which, k, 5]))
    am, bm, ah, bh, an, bn = _alpha_m(v), _beta_m(v), _alpha_h(v), _beta_h(v), _alpha_n(v), _beta_n(v)
    h_inf, h_decay = (ah / (ah + bh), math.exp(-phi * dt * (ah + bh))) if inactivates[which] else (1.0, 0.0)
    return (am / (am + bm), math.exp(-phi * dt * (am + bm)), h_inf, h_decay,
            an / (an + bn), math.exp(-phi * dt * (an + bn)))


@njit(cache=True)
def _run_chunk(first, last, waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m,
               phi, dt, table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    """Advance traces first..last-1 together; their state arrays v, m, h, n are updated in place.

    V and the gates go to the rows of the outputs (one column each when not recorded); the upward
    crossings of ``threshold`` go to ``spikes`` and their number to ``counts``.
    """
    n_steps = waveforms.shape[1]
    record_v = v_out.shape[1] > 1
    record_gates = m_out.shape[1] > 1
    for j in range(first, last):
        if record_v:
            v_out[j, 0] = v[j]
        counts[j] = 0
    for k in range(n_steps):
        for j in range(first, last):
            # Gates from t_{k-1/2} to t_{k+1/2} at V(t_k).
            v_now = v[j]
            m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = _gate_step(v_now, tables, table_index[j], inactivates,
                                                                        phi[j], dt)
            m_new = m_inf + (m[j] - m_inf) * m_decay
            h_new = h_inf + (h[j] - h_inf) * h_decay
            n_new = n_inf + (n[j] - n_inf) * n_decay
            if record_gates:
                m_out[j, k] = 0.5 * (m[j] + m_new)
                h_out[j, k] = 0.5 * (h[j] + h_new)
                n_out[j, k] = 0.5 * (n[j] + n_new)
            m[j], h[j], n[j] = m_new, h_new, n_new
            # Voltage from t_k to t_{k+1}: C dV/dt = -G (V - V_inf) with G frozen at t_{k+1/2}.
            gna = g_na[j] * m_new * m_new * m_new * h_new
            gk = g_k[j] * n_new * n_new * n_new * n_new
            total = gna + gk + g_l[j]
            drive = scale[j] * waveforms[wave_index[j], k]
            v_inf = (drive + gna * e_na[j] + gk * e_k[j] + g_l[j] * e_l[j]) / total
            v_new = v_inf + (v_now - v_inf) * math.exp(-dt * total / c_m[j])
            if v_now < threshold <= v_new:
                if counts[j] < spikes.shape[1]:
                    spikes[j, counts[j]] = (k + (threshold - v_now) / (v_new - v_now)) * dt
                counts[j] += 1
            v[j] = v_new
            if record_v:
                v_out[j, k + 1] = v_new
    for j in range(first, last):
        # A last half step of the gates gives their values at t_N.
        m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = _gate_step(v[j], tables, table_index[j], inactivates,
                                                                    phi[j], dt)
        last_v, last_gate = v_out.shape[1] - 1, m_out.shape[1] - 1
        v_out[j, last_v] = v[j]
        m_out[j, last_gate] = m_inf + (m[j] - m_inf) * math.sqrt(m_decay)
        h_out[j, last_gate] = h_inf + (h[j] - h_inf) * math.sqrt(h_decay)
        n_out[j, last_gate] = n_inf + (n[j] - n_inf) * math.sqrt(n_decay)


@njit(cache=True)
def _run_serial(waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, dt,
                table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    n_traces = v.shape[0]
    for first in range(0, n_traces, CHUNK):
        _run_chunk(first, min(first + CHUNK, n_traces), waveforms, wave_index, scale, v, m, h, n, g_na, g_k,
                   g_l, e_na, e_k, e_l, c_m, phi, dt, table_index, tables, inactivates, threshold, v_out, m_out,
                   h_out, n_out, spikes, counts)


@njit(cache=True, parallel=True)
def _run_parallel(waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, dt,
                  table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    n_traces = v.shape[0]
    n_chunks = (n_traces + CHUNK - 1) // CHUNK
    for chunk in prange(n_chunks):
        first = chunk * CHUNK
        _run_chunk(first, min(first + CHUNK, n_traces), waveforms, wave_index, scale, v, m, h, n, g_na, g_k,
                   g_l, e_na, e_k, e_l, c_m, phi, dt, table_index, tables, inactivates, threshold, v_out, m_out,
                   h_out, n_out, spikes, counts)


def integrate(waveforms, wave_index, scale, v0, gates0, columns, phi, inactivation, dt, record_v, record_gates,
              threshold, spike_capacity):
    """Integrate a batch; see :func:`excitable.hh.simulate_batch` for the meaning of the outputs.

    waveforms (n_waves, n_steps): applied current (µA/cm²) of unit amplitude at the step midpoints;
    trace j uses ``scale[j] * waveforms[wave_index[j]]``. ``columns`` maps each HHParams field
    (g_na ... c_m) to a per-trace array; ``phi`` holds the per-trace temperature factors and
    ``inactivation`` whether each trace's Na+ channels inactivate (if not, h stays 1).
    Returns V, m, h, n (n_traces x n_time, or x 1 when not recorded) and the spike times.
    """
    n_traces, n_steps = len(v0), waveforms.shape[1]
    kinds = np.column_stack([np.asarray(phi, dtype=float), np.asarray(inactivation, dtype=float)])
    unique_kinds, table_index = np.unique(kinds, axis=0, return_inverse=True)
    tables = np.stack([step_table(float(p), float(dt), bool(i)) for p, i in unique_kinds])
    inactivates = unique_kinds[:, 1] > 0.5
    v_out = np.empty((n_traces, n_steps + 1 if record_v else 1))
    m_out, h_out, n_out = (np.empty((n_traces, n_steps + 1 if record_gates else 1)) for _ in range(3))
    spikes = np.empty((n_traces, spike_capacity))
    counts = np.zeros(n_traces, dtype=np.int64)
    run = _run_parallel if n_traces > 1 and n_traces * n_steps >= PARALLEL_MIN_WORK else _run_serial
    state = [np.array(x, dtype=float) for x in (v0, *gates0)]  # advanced in place
    run(waveforms, np.asarray(wave_index, dtype=np.int64), np.asarray(scale, dtype=float), *state,
        columns["g_na"], columns["g_k"], columns["g_l"], columns["e_na"], columns["e_k"], columns["e_l"],
        columns["c_m"], phi, float(dt), table_index.reshape(-1).astype(np.int64), tables, inactivates,
        float(threshold), v_out, m_out, h_out, n_out, spikes, counts)
    return v_out, m_out, h_out, n_out, spikes, counts
