"""The HH membrane with some gates made instantaneous: x = x_inf(V) instead of its kinetic equation.

Replacing a gate by its steady state removes its delay while keeping its voltage dependence; comparing
the result with the full model shows what that gate's *timing* contributes to the spike. Integrated
with :func:`scipy.integrate.solve_ivp` (LSODA, tight tolerances), so the full model
(``instantaneous=()``) can be run with the same solver as a like-for-like reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from . import _validate
from .gating import RATES, gate_steady_state
from .hh import STANDARD, HHParams, resting_potential
from .stimuli import NoStimulus, Stimulus

GATES = ("m", "h", "n")


@dataclass(frozen=True)
class ReducedResult:
    """t (ms), V (mV) and the gates m, h, n (instantaneous ones are x_inf(V(t)))."""

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    instantaneous: tuple[str, ...]


def simulate_instantaneous(stimulus: Stimulus | None = None, t_stop: float = 30.0,
                           instantaneous=("m",), params: HHParams = STANDARD, dt: float = 0.01) -> ReducedResult:
    """Simulate the space-clamped HH membrane with the gates in ``instantaneous`` at x_inf(V).

    ``stimulus`` is the applied current (µA/cm², positive depolarizing); output is sampled every
    ``dt`` ms up to ``t_stop`` ms. The start is the full model's resting state (which the reduced
    models share, since at rest every gate sits at its steady state).
    """
    instantaneous = tuple(instantaneous)
    for gate in instantaneous:
        if gate not in GATES:
            raise ValueError(f"instantaneous must hold gates from 'm', 'h', 'n', got {gate!r}")
    t_stop = _validate.positive("t_stop", t_stop, "ms")
    dt = _validate.in_range("dt", dt, 1e-4, 1.0, "ms")
    stimulus = NoStimulus() if stimulus is None else stimulus
    kinetic = [g for g in GATES if g not in instantaneous]
    phi = params.phi
    v_rest = resting_potential(params)

    def gates_of(v, y):
        values = dict(zip(kinetic, y[1:], strict=True))
        return [values[g] if g in values else gate_steady_state(g, v) for g in GATES]

    def rhs(t, y):
        v = y[0]
        m, h, n = gates_of(v, y)
        i_ion = (params.g_na * m**3 * h * (v - params.e_na) + params.g_k * n**4 * (v - params.e_k)
                 + params.g_l * (v - params.e_l))
        derivatives = [(-i_ion + float(stimulus(np.array([t]))[0])) / params.c_m]
        for gate, x in zip(kinetic, y[1:], strict=True):
            alpha, beta = RATES[gate]
            derivatives.append(phi * (alpha(v) * (1.0 - x) - beta(v) * x))
        return derivatives

    y0 = [v_rest] + [float(gate_steady_state(g, v_rest)) for g in kinetic]
    t_eval = np.arange(int(round(t_stop / dt)) + 1) * dt
    solution = solve_ivp(rhs, (0.0, t_eval[-1]), y0, method="LSODA", t_eval=t_eval, rtol=1e-8, atol=1e-10,
                         max_step=0.05)
    if not solution.success:
        raise RuntimeError(f"integration failed: {solution.message}")
    v = solution.y[0]
    gates = dict(zip(kinetic, solution.y[1:], strict=True))
    m, h, n = (gates[g] if g in gates else gate_steady_state(g, v) for g in GATES)
    return ReducedResult(solution.t, v, m, h, n, instantaneous)
