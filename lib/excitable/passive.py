"""The passive (RC) membrane: a capacitor in parallel with a leak conductance.

With only the leak, current balance ``C_m dV/dt = -g_L (V - E_L) + I_app`` is linear, so a current
step has an exact answer: V relaxes exponentially towards ``E_L + I_app/g_L`` with the membrane time
constant ``tau_m = C_m / g_L``. Units: C_m in µF/cm², g_L in mS/cm² (so tau_m in ms), V in mV,
currents in µA/cm², t in ms.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .hh import HHParams


def membrane_time_constant(c_m, g_l):
    """tau_m = C_m / g_L in ms (C_m in µF/cm², g_L in mS/cm²)."""
    return _checks.positive("c_m", c_m, "µF/cm²") / _checks.positive("g_l", g_l, "mS/cm²")


def passive_params(c_m: float = 1.0, g_l: float = 0.3, e_l: float = -65.0, celsius: float = 6.3) -> HHParams:
    """HH parameters with the Na+ and K+ conductances removed: a pure RC membrane resting at ``e_l``."""
    return HHParams(g_na=0.0, g_k=0.0, g_l=g_l, e_l=e_l, c_m=c_m, celsius=celsius)


def step_response(t, amplitude: float, start: float, duration: float, c_m: float = 1.0, g_l: float = 0.3,
                  e_l: float = -65.0):
    """Exact V(t) (mV) of the RC membrane for a rectangular current pulse.

    The pulse of ``amplitude`` µA/cm² switches on at ``start`` and off at ``start + duration`` (ms).
    During it V approaches ``e_l + amplitude/g_l`` as ``1 - exp(-(t - start)/tau_m)``; afterwards it
    decays back to ``e_l`` from wherever it got to, with the same tau_m.
    """
    t = np.asarray(_checks.finite("t", t, "ms"), dtype=float)
    amplitude = _checks.finite_scalar("amplitude", amplitude, "µA/cm²")
    start = _checks.finite_scalar("start", start, "ms")
    duration = _checks.non_negative("duration", _checks.finite_scalar("duration", duration, "ms"), "ms")
    c_m = _checks.finite_scalar("c_m", c_m, "µF/cm²")
    g_l = _checks.finite_scalar("g_l", g_l, "mS/cm²")
    e_l = _checks.finite_scalar("e_l", e_l, "mV")
    tau = membrane_time_constant(c_m, g_l)
    v_inf = amplitude / g_l
    rising = v_inf * -np.expm1(-np.clip(t - start, 0.0, duration) / tau)
    reached = v_inf * -np.expm1(-duration / tau)
    decaying = reached * np.exp(-np.clip(t - start - duration, 0.0, None) / tau)
    return e_l + np.where(t < start + duration, rising, decaying)
