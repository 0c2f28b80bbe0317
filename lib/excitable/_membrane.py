"""The HH membrane's compiled step, shared by every kernel that advances HH membranes in time.

A kernel (the space-clamped integrator in :mod:`excitable._integrator`, a cable later) calls these
njit functions instead of writing the membrane out again; they implement the equations of
:mod:`excitable.hh` and are tested against them:

- :func:`gate_tables` builds, once per rate factor, step and kind of membrane, the kinetics table
  of every gate on a voltage grid (the rate functions come from :mod:`excitable.gating`);
- :func:`gate_update` reads the table at a voltage: each gate's steady state and one-step decay factor;
- :func:`relax` advances one gate by the exact solution of its linear equation;
- :func:`conductances` and :func:`voltage_relax` give the Na+ and K+ conductances and the exact
  step of a voltage whose conductances are frozen;
- :func:`stacked_derivatives` is the right-hand side of the four equations for several membranes
  at once, for adaptive solvers (:mod:`excitable.dynamics` integrates periodic orbits with it).

As in NEURON's ``usetable``, for each rate factor (temperature) and step dt a table holds, on a
0.01 mV grid, every gate's steady state and its one-step decay factor
``exp(-rate_factor dt (alpha + beta))``. Linear interpolation errs by less than 3e-8 in any of these
(``tests/test_hh.py``); outside the table the exact functions are used, whose exponents are capped
(:data:`excitable.gating.EXPONENT_LIMIT`), so a membrane driven to any finite voltage stays finite.
A membrane without Na+ inactivation (``HHParams.inactivation`` False, as after pronase) gets a table whose h column is 1
with no decay, so h stays at 1 without a test in the inner loop.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit

from .gating import _alpha_h, _alpha_m, _alpha_n, _beta_h, _beta_m, _beta_n

TABLE_RANGE = (-250.0, 250.0)
"""Voltages (mV) covered by the kinetics tables."""

TABLE_STEP = 0.01
"""Grid spacing (mV) of the kinetics tables."""

_RATES = ((_alpha_m, _beta_m), (_alpha_h, _beta_h), (_alpha_n, _beta_n))


def table_grid() -> np.ndarray:
    """The voltages (mV) at which the kinetics tables are sampled."""
    low, high = TABLE_RANGE
    return np.linspace(low, high, int(round((high - low) / TABLE_STEP)) + 1)


@functools.lru_cache(maxsize=16)
def gate_tables(rate_factor: float, dt: float, inactivation: bool = True) -> np.ndarray:
    """Per-step kinetics (n_grid x 6): x_inf and exp(-rate_factor dt (alpha + beta)) for m, h and n.

    ``rate_factor`` is the temperature factor of the rates (:attr:`excitable.hh.HHParams.rate_factor`),
    ``dt`` the step (ms). Without ``inactivation`` the h columns hold h_inf = 1 and a decay factor of 0,
    so h is 1 after every step.
    """
    grid = table_grid()
    columns = []
    for gate, (alpha, beta) in zip("mhn", _RATES, strict=True):
        if gate == "h" and not inactivation:
            columns += [np.ones_like(grid), np.zeros_like(grid)]
            continue
        a, b = alpha(grid), beta(grid)
        columns += [a / (a + b), np.exp(-rate_factor * dt * (a + b))]
    return np.ascontiguousarray(np.column_stack(columns))


@njit(cache=True, inline="always")
def gate_update(v, tables, which, inactivates, rate_factor, dt):
    """(m_inf, m_decay, h_inf, h_decay, n_inf, n_decay) at v (mV) for one step of dt (ms), from table ``which``.

    ``tables`` stacks :func:`gate_tables` (n_kinds x n_grid x 6). Beyond the table the exact rates are
    used, scaled by ``rate_factor``, with h held at 1 where ``inactivates[which]`` is False.
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
    if inactivates[which]:
        h_inf, h_decay = ah / (ah + bh), math.exp(-rate_factor * dt * (ah + bh))
    else:
        h_inf, h_decay = 1.0, 0.0
    return (am / (am + bm), math.exp(-rate_factor * dt * (am + bm)), h_inf, h_decay,
            an / (an + bn), math.exp(-rate_factor * dt * (an + bn)))


@njit(cache=True, inline="always")
def relax(x, x_inf, decay):
    """A gate ``x`` after one step of the exact solution of dx/dt = (x_inf - x) / tau; ``decay`` = exp(-dt / tau)."""
    return x_inf + (x - x_inf) * decay


@njit(cache=True, inline="always")
def conductances(g_na, g_k, m, h, n):
    """(g_Na m^3 h, g_K n^4) in mS/cm², as :func:`excitable.hh.conductances` (h already 1 without inactivation)."""
    return g_na * m * m * m * h, g_k * n * n * n * n


@njit(cache=True, inline="always")
def voltage_relax(v, dt, c_m, i_app, g_na, g_k, g_l, e_na, e_k, e_l):
    """V (mV) after dt (ms) of C dV/dt = I_app - sum g (V - E) with the conductances frozen (exact).

    Units as in :mod:`excitable.hh`: µF/cm², µA/cm², mS/cm², mV.
    """
    total = g_na + g_k + g_l
    v_inf = (i_app + g_na * e_na + g_k * e_k + g_l * e_l) / total
    return v_inf + (v - v_inf) * math.exp(-dt * total / c_m)


@njit(cache=True)
def stacked_derivatives(y, i_app, rate_factor, inactivation, c_m, g_na, g_k, g_l, e_na, e_k, e_l):
    """d(V, m, h, n)/dt (mV/ms, 1/ms) of ``len(i_app)`` membranes of one kind, as :func:`excitable.hh.derivatives`.

    ``y`` stacks their states as (V_1..V_k, m_1..m_k, h_1..h_k, n_1..n_k) (mV and gates), the layout
    :func:`scipy.integrate.solve_ivp` integrates; ``i_app`` (µA/cm², length k) is each one's applied
    current; the other arguments are the fields of :class:`excitable.hh.HHParams` and its ``rate_factor``.
    Without ``inactivation`` h counts as 1 in the conductance and dh/dt is 0.
    """
    copies = i_app.shape[0]
    out = np.empty_like(y)
    for j in range(copies):
        v, m, h, n = y[j], y[copies + j], y[2 * copies + j], y[3 * copies + j]
        g_na_now, g_k_now = conductances(g_na, g_k, m, h if inactivation else 1.0, n)
        ionic = g_na_now * (v - e_na) + g_k_now * (v - e_k) + g_l * (v - e_l)
        out[j] = (i_app[j] - ionic) / c_m
        out[copies + j] = rate_factor * (_alpha_m(v) * (1.0 - m) - _beta_m(v) * m)
        out[2 * copies + j] = rate_factor * (_alpha_h(v) * (1.0 - h) - _beta_h(v) * h) if inactivation else 0.0
        out[3 * copies + j] = rate_factor * (_alpha_n(v) * (1.0 - n) - _beta_n(v) * n)
    return out
