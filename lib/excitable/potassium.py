"""Extracellular potassium and excitability: the HH membrane as [K+]o rises.

Raising [K+]o moves E_K by the Nernst factor, (RT/F) ln([K+]o / [K+]o,normal) (:func:`excitable.electrochem.nernst`
at the membrane's temperature); nothing else changes: the conductances, E_Na and E_L stay as in
:class:`~excitable.hh.HHParams` (E_L is held fixed, although a real leak carries some K+ and would move too).
:func:`potassium_params` gives that membrane, and :func:`potassium_excitability` follows, over a list of
[K+]o, the resting potential (:func:`excitable.hh.resting_potential`), h at rest, the stability of rest
(:func:`excitable.dynamics.steady_state_at`), the threshold of a 1-ms pulse (:func:`excitable.analysis.thresholds`,
one batch) and the largest dV/dt of the spike a pulse of twice that threshold evokes, and names the state:

- ``"excitable"``: a stable rest and a threshold within 10 % of (or above) the normal one;
- ``"hyperexcitable"``: a stable rest and a threshold more than 10 % below the normal one;
- ``"spontaneous firing"``: rest unstable (an eigenvalue with a positive real part): the membrane fires on its own;
- ``"depolarization block"``: a stable rest from which no pulse evokes a regenerative spike: the pulse that
  carries V past the spike criterion is at least half of what the membrane needs with its Na+ channels
  blocked (g_Na = 0), so the Na+ current does not do the work (h is small: most channels are inactivated).

Units: mM, mV, µA/cm², mV/ms, 1/ms. The squid axon's normal [K+]o is taken as that of sea water,
:data:`K_OUT_NORMAL`; only the ratio to it enters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks, analysis, dynamics, electrochem, hh
from .hh import STANDARD, HHParams
from .stimuli import pulse

K_OUT_NORMAL = 10.0
"""[K+]o (mM) at which the membrane has its own E_K: sea water, the squid axon's bath (about 10 mM)."""

PULSE_DURATION = 1.0
"""Duration (ms) of the test pulse whose threshold :func:`potassium_excitability` reports."""

PULSE_START = 1.0
"""Start (ms) of the test pulse."""

T_STOP = 30.0
"""Duration (ms) of each test run."""

HYPEREXCITABLE_FRACTION = 0.9
"""A threshold below this fraction of the normal one counts as hyperexcitable."""

REGENERATION_FRACTION = 0.5
"""Block: the pulse threshold is at least this fraction of the same membrane's threshold with g_Na = 0."""

STATES = ("excitable", "hyperexcitable", "spontaneous firing", "depolarization block")
"""The state labels of :func:`potassium_excitability`."""


def _check_k_out(name, value):
    value = np.array(_checks.in_range(name, value, 0.01, 1000.0, "mM"), dtype=float, ndmin=1)
    if value.ndim != 1 or value.size > 200:
        raise ValueError(f"{name} must be a number or a 1-D list of at most 200 concentrations (mM), "
                         f"got shape {value.shape}")
    return value


def e_k_shift(k_out, k_out_normal: float = K_OUT_NORMAL, celsius: float = STANDARD.celsius):
    """Change of E_K (mV) when [K+]o goes from ``k_out_normal`` to ``k_out`` (mM) at ``celsius`` (°C).

    (RT/F) ln(k_out / k_out_normal): the Nernst potential's change, whatever [K+]i is. Positive (depolarizing)
    when [K+]o rises.
    """
    k_out = np.asarray(_checks.in_range("k_out", k_out, 0.01, 1000.0, "mM"), dtype=float)
    k_out_normal = _checks.scalar_in_range("k_out_normal", k_out_normal, 0.01, 1000.0, "mM")
    celsius = _checks.scalar_in_range("celsius", celsius, *hh.CELSIUS_RANGE, "°C")
    shift = electrochem.nernst(k_out, k_out_normal, 1, celsius)  # = E_K(k_out) - E_K(normal), any [K+]i
    return float(shift) if np.ndim(shift) == 0 else shift


def potassium_params(k_out: float, params: HHParams = STANDARD, k_out_normal: float = K_OUT_NORMAL) -> HHParams:
    """``params`` with E_K moved by :func:`e_k_shift` for [K+]o = ``k_out`` mM (E_Na, E_L and conductances kept)."""
    _checks.instance("params", params, HHParams)
    k_out = _checks.scalar_in_range("k_out", k_out, 0.01, 1000.0, "mM")
    shift = e_k_shift(k_out, k_out_normal, params.celsius)
    e_k = params.e_k + shift
    if not -200.0 <= e_k <= 200.0:
        raise ValueError(f"k_out {k_out} mM against k_out_normal {k_out_normal} mM moves E_K to {e_k:.1f} mV, "
                         "outside [-200, 200] mV")
    return params.replace(e_k=e_k)


@dataclass(frozen=True)
class PotassiumExcitability:
    """The HH membrane over a list of [K+]o (from :func:`potassium_excitability`); one entry per concentration.

    k_out (mM); fold : k_out / k_out_normal; e_k (mV); rest (mV); h_rest; growth_rate : largest real part of
    the eigenvalues at rest (1/ms); stable : growth_rate < 0; threshold : the 1-ms pulse threshold (µA/cm²,
    NaN where rest is unstable or blocked); threshold_no_na : the same with g_Na = 0 (µA/cm², NaN where rest
    is unstable); max_rate : largest dV/dt (mV/ms) of the spike evoked by twice the threshold (NaN where
    there is none); state : one of :data:`STATES` per concentration; normal_threshold (µA/cm²) : at
    k_out_normal
    """

    k_out: np.ndarray
    fold: np.ndarray
    e_k: np.ndarray
    rest: np.ndarray
    h_rest: np.ndarray
    growth_rate: np.ndarray
    stable: np.ndarray
    threshold: np.ndarray
    threshold_no_na: np.ndarray
    max_rate: np.ndarray
    state: tuple
    normal_threshold: float


def _pulse_thresholds(params_list, dt):
    if not params_list:
        return np.zeros(0)
    stimuli = [pulse(1.0, PULSE_START, PULSE_DURATION)] * len(params_list)
    return analysis.thresholds(stimuli, T_STOP, dt, params_list, rel_tol=1e-4, upper=1e4)


def potassium_excitability(k_out, params: HHParams = STANDARD, k_out_normal: float = K_OUT_NORMAL,
                           dt: float = 0.01) -> PotassiumExcitability:
    """Rest, stability, pulse threshold, spike rate of rise and state of the HH membrane at each [K+]o.

    ``k_out``: a concentration or a list (mM, 0.01 to 1000); ``params`` the membrane at ``k_out_normal`` mM;
    ``dt`` (ms) the step of the threshold runs. E_K follows :func:`potassium_params`; the thresholds of all
    concentrations are found together (batch bisection, 1e-4 relative), for the membrane as it is and with
    g_Na = 0. See the module docstring for the state labels.
    """
    k_out = _check_k_out("k_out", k_out)
    _checks.instance("params", params, HHParams)
    dt = _checks.scalar_in_range("dt", dt, 0.001, 0.05, "ms")
    membranes = [potassium_params(k, params, k_out_normal) for k in k_out]
    normal = potassium_params(k_out_normal, params, k_out_normal)
    rest = np.array([hh.resting_potential(p) for p in membranes])
    points = [dynamics.steady_state_at(v, p) for v, p in zip(rest, membranes, strict=True)]
    growth = np.array([float(np.max(point.eigenvalues.real)) for point in points])
    stable = growth < 0
    rows = np.nonzero(stable)[0]
    tested = [membranes[j] for j in rows] + [normal]
    with_na = _pulse_thresholds(tested, dt)
    without_na = _pulse_thresholds([p.replace(g_na=0.0) for p in tested], dt)
    normal_threshold = float(with_na[-1])
    threshold = np.full(k_out.size, np.nan)
    threshold_no_na = np.full(k_out.size, np.nan)
    threshold_no_na[rows] = without_na[:-1]
    regenerative = with_na[:-1] < REGENERATION_FRACTION * without_na[:-1]
    threshold[rows[regenerative]] = with_na[:-1][regenerative]
    max_rate = np.full(k_out.size, np.nan)
    spiking = rows[regenerative]
    if spiking.size:
        runs = hh.simulate_batch([pulse(2.0 * threshold[j], PULSE_START, PULSE_DURATION) for j in spiking], T_STOP, dt,
                                 [membranes[j] for j in spiking], record_gates=False)
        max_rate[spiking] = np.max(np.gradient(runs.v, runs.t, axis=-1), axis=-1)
    state = []
    for j in range(k_out.size):
        if not stable[j]:
            state.append("spontaneous firing")
        elif np.isnan(threshold[j]):
            state.append("depolarization block")
        elif threshold[j] < HYPEREXCITABLE_FRACTION * normal_threshold:
            state.append("hyperexcitable")
        else:
            state.append("excitable")
    return PotassiumExcitability(k_out, k_out / k_out_normal, np.array([p.e_k for p in membranes]), rest,
                                 np.array([point.h for point in points]), growth, stable, threshold, threshold_no_na,
                                 max_rate, tuple(state), normal_threshold)
