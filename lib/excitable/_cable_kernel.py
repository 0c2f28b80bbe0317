"""Compiled time stepping of a batch of unbranched compartmental cables (used by :mod:`excitable.cable`).

NEURON's second-order method (``secondorder = 2``): the gates live at half steps and advance by the
exact solution of their linear equation at the present voltage, with the membrane step of
:mod:`excitable._membrane` (the same calls the space-clamped integrator makes); the voltage then
advances by Crank-Nicolson with the membrane conductances frozen at the half step. Crank-Nicolson is
written as NEURON writes it: a backward-Euler solve over half a step (one tridiagonal system, Thomas
algorithm) followed by the extrapolation V(t + dt) = 2 V(t + dt/2) - V(t).

Units inside the kernel are absolute: capacitance µF, conductance mS, voltage mV, current µA (mS x mV),
time ms. Axons of a batch run in parallel threads when the batch is large enough to pay for them; the
launch is serialized by :data:`excitable._integrator.PARALLEL_LOCK`.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from ._integrator import PARALLEL_LOCK, PARALLEL_MIN_WORK
from ._membrane import conductances, gate_update, relax


@njit(cache=True)
def _run_axon(a, v0, m0, h0, n0, cap, g_na, g_k, g_l, e_na, e_k, e_l, kind, shift, g_axial, stim_site, stim_amp,
              stim_on, stim_off, stim_first, tables, inactivates, rate_factor, dt, n_steps, record_sites, stride,
              v_out):
    """Advance axon ``a`` of the batch for ``n_steps`` steps of ``dt``; V at ``record_sites`` every ``stride`` steps."""
    n = v0.shape[1]
    v = v0[a].copy()
    m = m0[a].copy()
    h = h0[a].copy()
    ng = n0[a].copy()
    diag = np.empty(n)
    rhs = np.empty(n)
    upper = np.empty(n)
    two_over_dt = 2.0 / dt
    n_record = record_sites.shape[0]
    for r in range(n_record):
        v_out[a, r, 0] = v[record_sites[r]]
    sample = 1
    for k in range(n_steps):
        # Gates from t_{k-1/2} to t_{k+1/2} at V(t_k); the membrane as a conductance and a source at t_{k+1/2}.
        for j in range(n):
            c2 = two_over_dt * cap[a, j]
            which = kind[a, j]
            if which >= 0:
                vj = v[j]
                m_inf, m_decay, h_inf, h_decay, n_inf, n_decay = gate_update(vj, tables, which, inactivates,
                                                                             rate_factor[which], dt)
                if shift[a, j] != 0.0:
                    m_inf, m_decay, _, _, _, _ = gate_update(vj - shift[a, j], tables, which, inactivates,
                                                             rate_factor[which], dt)
                m[j] = relax(m[j], m_inf, m_decay)
                h[j] = relax(h[j], h_inf, h_decay)
                ng[j] = relax(ng[j], n_inf, n_decay)
                gna, gk = conductances(g_na[a, j], g_k[a, j], m[j], h[j], ng[j])
                diag[j] = c2 + gna + gk + g_l[a, j]
                rhs[j] = c2 * vj + gna * e_na[a, j] + gk * e_k[a, j] + g_l[a, j] * e_l[a, j]
            else:
                diag[j] = c2 + g_l[a, j]
                rhs[j] = c2 * v[j] + g_l[a, j] * e_l[a, j]
        for s in range(stim_first[a], stim_first[a + 1]):
            if stim_on[s] <= k < stim_off[s]:
                rhs[stim_site[s]] += stim_amp[s]
        # Backward Euler over dt/2 (tridiagonal, off-diagonal -g_axial), by the Thomas algorithm.
        if n > 1:
            diag[0] += g_axial[a, 0]
            for j in range(1, n - 1):
                diag[j] += g_axial[a, j - 1] + g_axial[a, j]
            diag[n - 1] += g_axial[a, n - 2]
        upper[0] = 0.0
        for j in range(n - 1):
            # eliminate the sub-diagonal of row j + 1
            upper[j] = -g_axial[a, j] / diag[j]
            rhs[j] /= diag[j]
            diag[j + 1] += g_axial[a, j] * upper[j]
            rhs[j + 1] += g_axial[a, j] * rhs[j]
        rhs[n - 1] /= diag[n - 1]
        for j in range(n - 2, -1, -1):
            rhs[j] -= upper[j] * rhs[j + 1]
        # V(t + dt) = 2 V(t + dt/2) - V(t)
        for j in range(n):
            v[j] = 2.0 * rhs[j] - v[j]
        if (k + 1) % stride == 0:
            for r in range(n_record):
                v_out[a, r, sample] = v[record_sites[r]]
            sample += 1


@njit(cache=True)
def _run_serial(v0, m0, h0, n0, cap, g_na, g_k, g_l, e_na, e_k, e_l, kind, shift, g_axial, stim_site, stim_amp,
                stim_on, stim_off, stim_first, tables, inactivates, rate_factor, dt, n_steps, record_sites, stride,
                v_out):
    for a in range(v0.shape[0]):
        _run_axon(a, v0, m0, h0, n0, cap, g_na, g_k, g_l, e_na, e_k, e_l, kind, shift, g_axial, stim_site, stim_amp,
                  stim_on, stim_off, stim_first, tables, inactivates, rate_factor, dt, n_steps, record_sites, stride,
                  v_out)


@njit(cache=True, parallel=True)
def _run_parallel(v0, m0, h0, n0, cap, g_na, g_k, g_l, e_na, e_k, e_l, kind, shift, g_axial, stim_site, stim_amp,
                  stim_on, stim_off, stim_first, tables, inactivates, rate_factor, dt, n_steps, record_sites, stride,
                  v_out):
    for a in prange(v0.shape[0]):
        _run_axon(a, v0, m0, h0, n0, cap, g_na, g_k, g_l, e_na, e_k, e_l, kind, shift, g_axial, stim_site, stim_amp,
                  stim_on, stim_off, stim_first, tables, inactivates, rate_factor, dt, n_steps, record_sites, stride,
                  v_out)


def integrate(state, columns, kind, shift, g_axial, stimuli, tables, inactivates, rate_factor, dt, n_steps,
              record_sites, stride):
    """Integrate a batch of cables; returns V (n_axons x n_record x n_samples, mV).

    ``state`` is (V, m, h, n), each n_axons x n_compartments; ``columns`` the per-compartment capacitance
    (µF), conductances (mS: g_na, g_k, g_l) and reversal potentials (mV: e_na, e_k, e_l), each
    n_axons x n_compartments; ``kind`` the kinetics table of each compartment (-1: passive) and ``shift``
    its Na+ activation shift (mV); ``g_axial`` (n_axons x max(1, n_compartments - 1), mS) the conductance between
    neighbouring compartment centres. ``stimuli`` is (site, amplitude µA, first step, end step, first
    stimulus of each axon (n_axons + 1 offsets)). The voltage is recorded at ``record_sites`` at the start
    and after every ``stride`` steps.
    """
    v0, m0, h0, n0 = (np.ascontiguousarray(x, dtype=float) for x in state)
    n_axons = v0.shape[0]
    n_samples = n_steps // stride + 1
    v_out = np.empty((n_axons, len(record_sites), n_samples))
    site, amplitude, on, off, first = stimuli
    arguments = (v0, m0, h0, n0, *(np.ascontiguousarray(columns[name], dtype=float) for name in
                                   ("cap", "g_na", "g_k", "g_l", "e_na", "e_k", "e_l")),
                 np.ascontiguousarray(kind, dtype=np.int64), np.ascontiguousarray(shift, dtype=float),
                 np.ascontiguousarray(g_axial, dtype=float),
                 np.asarray(site, dtype=np.int64), np.asarray(amplitude, dtype=float), np.asarray(on, dtype=np.int64),
                 np.asarray(off, dtype=np.int64), np.asarray(first, dtype=np.int64), tables,
                 np.asarray(inactivates, dtype=np.bool_), np.asarray(rate_factor, dtype=float), float(dt),
                 int(n_steps), np.asarray(record_sites, dtype=np.int64), int(stride), v_out)
    if n_axons > 1 and n_axons * v0.shape[1] * n_steps >= PARALLEL_MIN_WORK:
        with PARALLEL_LOCK:
            _run_parallel(*arguments)
    else:
        _run_serial(*arguments)
    return v_out
