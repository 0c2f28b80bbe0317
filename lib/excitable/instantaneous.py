"""The HH membrane with some gates made instantaneous: x = x_inf(V) instead of its kinetic equation.

Replacing a gate by its steady state removes its delay while keeping its voltage dependence; comparing
the result with the full model shows what that gate's *timing* contributes to the spike. The equations
are :mod:`excitable.hh`'s own (:func:`~excitable.hh.derivatives` and
:func:`~excitable.hh.gate_steady_states`, so drugs, temperature and pronase act as in the full model),
integrated with :func:`scipy.integrate.solve_ivp` (LSODA, tight tolerances). With ``instantaneous=()``
this is the full model, a like-for-like reference for the compiled integrator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from . import _checks
from .hh import GATES, STANDARD, HHParams, derivatives, gate_steady_states, resting_potential
from .stimuli import NoStimulus, Stimulus


@dataclass(frozen=True)
class InstantaneousResult:
    """t (ms), V (mV) and the gates m, h, n (instantaneous ones are x_inf(V(t)))."""

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    instantaneous: tuple[str, ...]


def _gates(v, kinetic_values, kinetic, params):
    """(m, h, n): the kinetic gates' values where given, the steady state of ``params`` at V for the rest."""
    values = dict(zip(kinetic, kinetic_values, strict=True))
    steady = gate_steady_states(v, params)
    return [values.get(gate, x_inf) for gate, x_inf in zip(GATES, steady, strict=True)]


def simulate_instantaneous(stimulus: Stimulus | None = None, t_stop: float = 30.0,
                           instantaneous=("m",), params: HHParams = STANDARD,
                           dt: float = 0.01) -> InstantaneousResult:
    """Simulate the space-clamped HH membrane with the gates in ``instantaneous`` at x_inf(V).

    ``stimulus`` is the applied current (µA/cm², positive depolarizing); output is sampled every
    ``dt`` ms up to ``t_stop`` ms. The start is the full model's resting state (which the instantaneous-gate
    models share, since at rest every gate sits at its steady state).
    """
    if isinstance(instantaneous, str) or not hasattr(instantaneous, "__iter__"):
        raise ValueError(f"instantaneous must be a sequence of gates from 'm', 'h', 'n', got {instantaneous!r}")
    instantaneous = tuple(instantaneous)
    for gate in instantaneous:
        if not isinstance(gate, str) or gate not in GATES:
            raise ValueError(f"instantaneous must hold gates from 'm', 'h', 'n', got {gate!r}")
    t_stop = _checks.scalar_in_range("t_stop", t_stop, 1e-3, 1e5, "ms")
    dt = _checks.scalar_in_range("dt", dt, 1e-4, 1.0, "ms")
    if t_stop / dt > 10_000_000:
        raise ValueError(f"t_stop / dt = {t_stop / dt:.3g} samples; at most 10,000,000")
    if not isinstance(params, HHParams):
        raise TypeError(f"params must be an HHParams, got {params!r:.80}")
    stimulus = NoStimulus() if stimulus is None else stimulus
    if not isinstance(stimulus, Stimulus):
        raise ValueError(f"stimulus must be an excitable.stimuli stimulus or None, got {stimulus!r:.80}")
    kinetic = [g for g in GATES if g not in instantaneous]
    rows = [1 + GATES.index(g) for g in kinetic]

    def rhs(t, y):
        state = [y[0], *_gates(y[0], y[1:], kinetic, params)]
        return derivatives(state, params, float(stimulus(np.array([t]))[0]))[[0, *rows]]

    v_rest = resting_potential(params)
    y0 = [v_rest, *(float(x) for g, x in zip(GATES, gate_steady_states(v_rest, params), strict=True) if g in kinetic)]
    t_eval = np.arange(int(round(t_stop / dt)) + 1) * dt
    solution = solve_ivp(rhs, (0.0, t_eval[-1]), y0, method="LSODA", t_eval=t_eval, rtol=1e-8, atol=1e-10,
                         max_step=0.05)
    if not solution.success:
        raise RuntimeError(f"integration failed: {solution.message}")
    v = solution.y[0]
    return InstantaneousResult(solution.t, v, *_gates(v, solution.y[1:], kinetic, params), instantaneous)
