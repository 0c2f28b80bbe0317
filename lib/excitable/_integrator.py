"""Compiled time stepping for batches of space-clamped Hodgkin-Huxley membranes.

The scheme is staggered: the gates live at half steps and advance with the
exact solution of their linear equation at the present voltage; the voltage
then advances with the exact solution of the current-balance equation with
the conductances frozen at the half step. It is stable for any step and
second-order accurate (``tests/test_hh.py::test_second_order_convergence``).
The membrane itself (kinetics tables, gate update, conductances, voltage
step) comes from :mod:`excitable._membrane`, which a cable kernel shares.
Traces run in parallel threads when the batch is large enough to pay for them.

Importing this module leaves numba's threading layer alone: numba picks one
(``tbb``, ``omp`` or ``workqueue``, in that order of preference) unless
``NUMBA_THREADING_LAYER`` or :func:`use_threading_layer` chose it. Parallel
launches are serialized by :data:`PARALLEL_LOCK`, because the ``workqueue``
layer aborts the process when two Python threads launch parallel kernels at
once; so every layer is safe to call from several threads.
"""

from __future__ import annotations

import math
import threading

import numba
import numpy as np
from numba import njit, prange

from ._membrane import conductances, gate_tables, gate_update, relax, voltage_relax

PARALLEL_MIN_WORK = 400_000
"""Batches with fewer trace-steps than this run on one thread: starting threads would cost more."""

PARALLEL_LOCK = threading.Lock()
"""Held while a parallel kernel runs: one parallel launch at a time per process, whatever the threading layer."""

THREADING_LAYERS = ("default", "workqueue", "omp", "tbb", "safe", "forksafe", "threadsafe")
"""Names numba accepts for its threading layer."""


def use_threading_layer(layer: str) -> None:
    """Choose numba's threading layer for the parallel batches of this process (one of :data:`THREADING_LAYERS`).

    A process-wide setting, so the package never makes it on its own; call this before the first large
    batch (or set ``NUMBA_THREADING_LAYER`` before Python starts). ``"workqueue"`` lets idle worker
    threads sleep, where OpenMP's spin for a while after each batch and, on a two-core machine, can
    steal the core a notebook needs to redraw. Once a parallel batch has run, the layer is fixed:
    asking for another raises ``ValueError``.
    """
    if layer not in THREADING_LAYERS:
        raise ValueError(f"layer must be one of {', '.join(THREADING_LAYERS)}, got {layer!r}")
    try:
        running = numba.threading_layer()
    except ValueError:  # no parallel kernel has run yet
        running = None
    if running is not None and layer not in ("default", running):
        raise ValueError(f"layer cannot change once parallel batches ran with {running!r}, got {layer!r}")
    numba.config.THREADING_LAYER = layer

MAX_TABLES = 32
"""Most kinetics tables (one per temperature and kind of membrane, 2.4 MB each) one kernel launch holds; a batch
with more distinct temperatures runs in groups of traces, so its memory stays bounded."""

CHUNK = 4
"""Traces advanced together, step by step: their independent arithmetic overlaps in the CPU."""


@njit(cache=True)
def _run_chunk(first, last, waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m,
               rate_factor, dt, table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes,
               counts):
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
            m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = gate_update(v_now, tables, table_index[j], inactivates,
                                                                         rate_factor[j], dt)
            m_new = relax(m[j], m_inf, m_decay)
            h_new = relax(h[j], h_inf, h_decay)
            n_new = relax(n[j], n_inf, n_decay)
            if record_gates:
                m_out[j, k] = 0.5 * (m[j] + m_new)
                h_out[j, k] = 0.5 * (h[j] + h_new)
                n_out[j, k] = 0.5 * (n[j] + n_new)
            m[j], h[j], n[j] = m_new, h_new, n_new
            # Voltage from t_k to t_{k+1}: C dV/dt = -G (V - V_inf) with G frozen at t_{k+1/2}.
            gna, gk = conductances(g_na[j], g_k[j], m_new, h_new, n_new)
            v_new = voltage_relax(v_now, dt, c_m[j], scale[j] * waveforms[wave_index[j], k], gna, gk, g_l[j],
                                  e_na[j], e_k[j], e_l[j])
            if v_now < threshold <= v_new:
                if counts[j] < spikes.shape[1]:
                    spikes[j, counts[j]] = (k + (threshold - v_now) / (v_new - v_now)) * dt
                counts[j] += 1
            v[j] = v_new
            if record_v:
                v_out[j, k + 1] = v_new
    for j in range(first, last):
        # A last half step of the gates gives their values at t_N.
        m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = gate_update(v[j], tables, table_index[j], inactivates,
                                                                     rate_factor[j], dt)
        last_v, last_gate = v_out.shape[1] - 1, m_out.shape[1] - 1
        v_out[j, last_v] = v[j]
        m_out[j, last_gate] = relax(m[j], m_inf, math.sqrt(m_decay))
        h_out[j, last_gate] = relax(h[j], h_inf, math.sqrt(h_decay))
        n_out[j, last_gate] = relax(n[j], n_inf, math.sqrt(n_decay))


@njit(cache=True)
def _run_serial(waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m, rate_factor, dt,
                table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    n_traces = v.shape[0]
    for first in range(0, n_traces, CHUNK):
        _run_chunk(first, min(first + CHUNK, n_traces), waveforms, wave_index, scale, v, m, h, n, g_na, g_k,
                   g_l, e_na, e_k, e_l, c_m, rate_factor, dt, table_index, tables, inactivates, threshold, v_out, m_out,
                   h_out, n_out, spikes, counts)


@njit(cache=True, parallel=True)
def _run_parallel(waveforms, wave_index, scale, v, m, h, n, g_na, g_k, g_l, e_na, e_k, e_l, c_m, rate_factor, dt,
                  table_index, tables, inactivates, threshold, v_out, m_out, h_out, n_out, spikes, counts):
    n_traces = v.shape[0]
    n_chunks = (n_traces + CHUNK - 1) // CHUNK
    for chunk in prange(n_chunks):
        first = chunk * CHUNK
        _run_chunk(first, min(first + CHUNK, n_traces), waveforms, wave_index, scale, v, m, h, n, g_na, g_k,
                   g_l, e_na, e_k, e_l, c_m, rate_factor, dt, table_index, tables, inactivates, threshold, v_out, m_out,
                   h_out, n_out, spikes, counts)


def integrate(waveforms, wave_index, scale, v0, gates0, columns, rate_factor, inactivation, dt, record_v, record_gates,
              threshold, spike_capacity):
    """Integrate a batch; see :func:`excitable.hh.simulate_batch` for the meaning of the outputs.

    waveforms (n_waves, n_steps): applied current (µA/cm²) of unit amplitude at the step midpoints;
    trace j uses ``scale[j] * waveforms[wave_index[j]]``. ``columns`` maps each HHParams field
    (g_na ... c_m) to a per-trace array; ``rate_factor`` holds the per-trace temperature factors and
    ``inactivation`` whether each trace's Na+ channels inactivate (if not, h stays 1).
    Returns V, m, h, n (n_traces x n_time, or x 1 when not recorded) and the spike times.
    """
    n_traces, n_steps = len(v0), waveforms.shape[1]
    kinds = np.column_stack([np.asarray(rate_factor, dtype=float), np.asarray(inactivation, dtype=float)])
    unique_kinds, table_index = np.unique(kinds, axis=0, return_inverse=True)
    table_index = table_index.reshape(-1)
    if len(unique_kinds) > MAX_TABLES:
        return _integrate_in_groups(table_index, len(unique_kinds), waveforms, wave_index, scale, v0, gates0, columns,
                                    rate_factor, inactivation, dt, record_v, record_gates, threshold, spike_capacity)
    tables = np.stack([gate_tables(float(p), float(dt), bool(i)) for p, i in unique_kinds])
    inactivates = unique_kinds[:, 1] > 0.5
    v_out = np.empty((n_traces, n_steps + 1 if record_v else 1))
    m_out, h_out, n_out = (np.empty((n_traces, n_steps + 1 if record_gates else 1)) for _ in range(3))
    spikes = np.empty((n_traces, spike_capacity))
    counts = np.zeros(n_traces, dtype=np.int64)
    parallel = n_traces > 1 and n_traces * n_steps >= PARALLEL_MIN_WORK
    state = [np.array(x, dtype=float) for x in (v0, *gates0)]  # advanced in place
    arguments = (waveforms, np.asarray(wave_index, dtype=np.int64), np.asarray(scale, dtype=float), *state,
                 *(columns[name] for name in ("g_na", "g_k", "g_l", "e_na", "e_k", "e_l", "c_m")), rate_factor,
                 float(dt), table_index.astype(np.int64), tables, inactivates, float(threshold), v_out,
                 m_out, h_out, n_out, spikes, counts)
    if parallel:
        with PARALLEL_LOCK:
            _run_parallel(*arguments)
    else:
        _run_serial(*arguments)
    return v_out, m_out, h_out, n_out, spikes, counts


def _integrate_in_groups(table_index, n_kinds, waveforms, wave_index, scale, v0, gates0, columns, rate_factor,
                         inactivation, dt, record_v, record_gates, threshold, spike_capacity):
    """:func:`integrate` over groups of traces that need at most :data:`MAX_TABLES` tables each; same outputs."""
    n_traces, n_steps = len(v0), waveforms.shape[1]
    v_out = np.empty((n_traces, n_steps + 1 if record_v else 1))
    m_out, h_out, n_out = (np.empty((n_traces, n_steps + 1 if record_gates else 1)) for _ in range(3))
    spikes = np.empty((n_traces, spike_capacity))
    counts = np.zeros(n_traces, dtype=np.int64)
    per_trace = [np.asarray(x) for x in (wave_index, scale, v0, *gates0, rate_factor, inactivation)]
    for first in range(0, n_kinds, MAX_TABLES):
        rows = np.nonzero((table_index >= first) & (table_index < first + MAX_TABLES))[0]
        wave, sc, v, m, h, n, rate, inact = (x[rows] for x in per_trace)
        part = integrate(waveforms, wave, sc, v, (m, h, n), {name: np.asarray(c)[rows] for name, c in columns.items()},
                         rate, inact, dt, record_v, record_gates, threshold, spike_capacity)
        for out, piece in zip((v_out, m_out, h_out, n_out, spikes, counts), part, strict=True):
            out[rows] = piece
    return v_out, m_out, h_out, n_out, spikes, counts
