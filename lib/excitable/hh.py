"""The Hodgkin-Huxley model of the squid giant axon, space-clamped: the one home of its equations.

Current balance (outward ionic current positive, applied current positive =
depolarizing)::

    C_m dV/dt = -(I_Na + I_K + I_L) + I_app
    I_Na = g_Na m^3 h (V - E_Na),  I_K = g_K n^4 (V - E_K),  I_L = g_L (V - E_L)
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x        for x = m, h, n

The model is stated once, as functions of the state and :class:`HHParams`:
:func:`gate_rates`, :func:`gate_steady_states`, :func:`gate_time_constants`,
:func:`conductances`, :func:`ionic_currents`, :func:`ionic_current` and
:func:`derivatives` (the right-hand side of the four equations); with the
gates at their steady states, :func:`steady_state_conductances`,
:func:`steady_state_currents` and :func:`steady_state_current`. They honour
every field of :class:`HHParams`: drugs act through g_Na and g_K, temperature
through the rates (:attr:`HHParams.rate_factor`), and without ``inactivation``
h is 1. Everything else (steady-state current, voltage clamp, the
instantaneous-gate model, the Jacobian, the compiled integrator) calls them or
is tested against them.

Units: V in mV, t in ms, conductances in mS/cm², currents in µA/cm²,
capacitance in µF/cm², temperature in °C.

Integration uses a staggered exponential scheme, second-order accurate and
stable for any step; it is compiled in :mod:`excitable._integrator` from the
membrane step of :mod:`excitable._membrane` (which a cable kernel reuses), and
``tests/test_hh.py`` pins it to :func:`scipy.integrate.solve_ivp` of
:func:`derivatives`. Large batches run on numba's threads; importing the package
leaves numba's threading layer alone (see :func:`use_threading_layer`).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from . import _checks, gating
from ._integrator import integrate
from ._integrator import use_threading_layer as use_threading_layer  # public: see its docstring
from .gating import _alpha_h, _alpha_m, _alpha_n, _beta_h, _beta_m, _beta_n
from .stimuli import NoStimulus, Stimulus

MAX_DT = 0.1
"""Largest time step (ms) the integrator accepts; at 6.3 °C a spike time is still within 0.05 ms of the
converged one (``tests/test_hh.py::test_largest_step_keeps_spike_times_within_target``). Warmer membranes
are faster, so the step the integrator actually takes shrinks with the rates: see :func:`max_step`."""

MAX_STEPS = 20_000_000
"""Largest number of samples (traces x steps) one call may allocate, for each recorded quantity, the
stimulus waveforms and the spike times alike."""

MAX_WORK = 2_000_000_000
"""Largest number of trace-steps one call may integrate (a few minutes of computing at most)."""

CELSIUS_RANGE = (-10.0, 60.0)
"""Temperatures (°C) the model accepts; the squid axon lives near 0 to 20 °C."""


@dataclass(frozen=True)
class HHParams:
    """Parameters of the HH membrane, standard squid-axon values in the modern convention.

    Attributes
    ----------
    g_na, g_k, g_l : maximal conductances (mS/cm²)
    e_na, e_k, e_l : reversal potentials (mV); E_L is chosen so the rest is -65 mV
    c_m : membrane capacitance (µF/cm²)
    celsius : temperature (°C); rates scale by 3 ** ((celsius - 6.3) / 10)
    inactivation : whether Na+ channels inactivate; False holds h at 1 everywhere (current clamp,
        voltage clamp, steady states), as after internal pronase (Armstrong, Bezanilla & Rojas 1973)
    """

    g_na: float = 120.0
    g_k: float = 36.0
    g_l: float = 0.3
    e_na: float = 50.0
    e_k: float = -77.0
    e_l: float = -54.387
    c_m: float = 1.0
    celsius: float = 6.3
    inactivation: bool = True

    def __post_init__(self):
        for name in ("g_na", "g_k", "g_l"):
            _checks.non_negative(name, _checks.finite_scalar(name, getattr(self, name), "mS/cm²"), "mS/cm²")
        for name in ("e_na", "e_k", "e_l"):
            _checks.scalar_in_range(name, getattr(self, name), -200.0, 200.0, "mV")
        _checks.positive("c_m", _checks.finite_scalar("c_m", self.c_m, "µF/cm²"), "µF/cm²")
        _checks.scalar_in_range("celsius", self.celsius, *CELSIUS_RANGE, "°C")
        if not isinstance(self.inactivation, (bool, np.bool_)):
            raise ValueError(f"inactivation must be True or False, got {self.inactivation!r}")
        if self.g_na + self.g_k + self.g_l <= 0:
            raise ValueError("at least one of g_na, g_k, g_l must be > 0 (mS/cm²)")

    def replace(self, **changes) -> HHParams:
        """A copy with some parameters changed, e.g. ``params.replace(g_na=0)`` for TTX."""
        return dataclasses.replace(self, **changes)

    @functools.cached_property
    def rate_factor(self) -> float:
        """Factor (dimensionless) by which temperature scales every gate rate: 1 at 6.3 °C."""
        return float(gating.temperature_factor(self.celsius))


STANDARD = HHParams()
"""The standard squid-axon parameters at 6.3 °C."""


GATES = ("m", "h", "n")
"""The HH gates, in the order of the state (V, m, h, n)."""

_RATE_FUNCTIONS = ((_alpha_m, _beta_m), (_alpha_h, _beta_h), (_alpha_n, _beta_n))
"""The compiled rate functions of :mod:`excitable.gating` at 6.3 °C (no input checks), gate by gate."""


def _check_params(params):
    """``params`` after checking it is an :class:`HHParams` (a clear ``TypeError`` instead of a deep one)."""
    if not isinstance(params, HHParams):
        raise TypeError(f"params must be an HHParams, got {params!r:.80}")
    return params


def _inactivation_held(h, params):
    """h where Na+ channels inactivate, 1 where they do not (``params.inactivation`` may be a column)."""
    inactivation = params.inactivation
    if isinstance(inactivation, (bool, np.bool_)):
        return h if inactivation else np.ones_like(h) if np.ndim(h) else 1.0
    return np.where(inactivation, h, 1.0)


def gate_rates(v, params: HHParams = STANDARD):
    """((alpha_m, beta_m), (alpha_h, beta_h), (alpha_n, beta_n)) in 1/ms at V (mV) for ``params``.

    The rates at ``params.celsius``; without inactivation h's rates are 0, so h never moves.
    """
    _check_params(params)
    return _gate_rates(_checks.finite("v", v, "mV"), params)


def _gate_rates(v, params: HHParams):
    """:func:`gate_rates` without its input checks, for the inner loops of solvers that check once."""
    factor = params.rate_factor
    rates = tuple((factor * alpha(v), factor * beta(v)) for alpha, beta in _RATE_FUNCTIONS)
    if params.inactivation:
        return rates
    zero = np.zeros_like(rates[1][0]) if np.ndim(rates[1][0]) else 0.0
    return rates[0], (zero, zero), rates[2]


def gate_steady_states(v, params: HHParams = STANDARD):
    """(m_inf, h_inf, n_inf) at V (mV) for ``params``; h_inf is 1 when Na+ channels do not inactivate."""
    _check_params(params)
    v = _checks.finite("v", v, "mV")
    m, h, n = (gating.hh_x_inf(gate, v) for gate in GATES)
    return m, _inactivation_held(h, params), n


def gate_time_constants(v, params: HHParams = STANDARD):
    """(tau_m, tau_h, tau_n) in ms at V (mV) for ``params``; tau_h is infinite when h is held at 1."""
    _check_params(params)
    v = _checks.finite("v", v, "mV")
    taus = tuple(gating.hh_tau(gate, v, params.celsius) for gate in GATES)
    if params.inactivation:
        return taus
    return taus[0], np.full_like(taus[1], np.inf) if np.ndim(taus[1]) else np.inf, taus[2]


def _check_state(v, m, h, n, params):
    """V and the gates as finite numbers or arrays, and params an HHParams (or a batch's columns)."""
    if not isinstance(params, (HHParams, _ParamColumns)):
        raise TypeError(f"params must be an HHParams, got {params!r:.80}")
    v = _checks.finite("v", v, "mV")
    m, h, n = (_checks.finite(name, x) for name, x in (("m", m), ("h", h), ("n", n)))
    _checks.broadcastable("v", np.shape(v), m=m, h=h, n=n)
    return v, m, h, n


def conductances(v, m, h, n, params: HHParams = STANDARD):
    """(g_Na m^3 h, g_K n^4, g_L) in mS/cm² at V (mV) and gates m, h, n; h counts as 1 without inactivation."""
    return _conductances(*_check_state(v, m, h, n, params), params)


def _conductances(v, m, h, n, params):
    """:func:`conductances` without its input checks."""
    h = _inactivation_held(h, params)
    return params.g_na * m**3 * h, params.g_k * n**4, params.g_l * np.ones_like(v)


def ionic_currents(v, m, h, n, params: HHParams = STANDARD):
    """(I_Na, I_K, I_L) in µA/cm², outward positive, at V (mV) and gates m, h, n."""
    return _ionic_currents(*_check_state(v, m, h, n, params), params)


def _ionic_currents(v, m, h, n, params):
    """:func:`ionic_currents` without its input checks."""
    g_na, g_k, g_l = _conductances(v, m, h, n, params)
    return g_na * (v - params.e_na), g_k * (v - params.e_k), g_l * (v - params.e_l)


def ionic_current(v, m, h, n, params: HHParams = STANDARD):
    """Total ionic current I_Na + I_K + I_L (µA/cm², outward positive) at V (mV) and gates m, h, n."""
    i_na, i_k, i_l = ionic_currents(v, m, h, n, params)
    return i_na + i_k + i_l


def derivatives(state, params: HHParams = STANDARD, i_app=0.0) -> np.ndarray:
    """Right-hand side d(V, m, h, n)/dt of the four HH equations (mV/ms and 1/ms).

    ``state`` is (V in mV, m, h, n), each a number or an array; ``i_app`` (µA/cm², positive
    depolarizing) the applied current. Without inactivation dh/dt is 0.
    """
    _check_params(params)
    if not hasattr(state, "__len__") or isinstance(state, str) or len(state) != 4:
        raise ValueError(f"state must be (V, m, h, n), got {state!r}")
    v, m, h, n = (_checks.finite(name, x) for name, x in zip(("state[0] (v)", "state[1] (m)", "state[2] (h)",
                                                               "state[3] (n)"), state, strict=True))
    i_app = _checks.finite("i_app", i_app, "µA/cm²")
    _checks.broadcastable("state[0] (v)", np.shape(v), m=m, h=h, n=n)
    if np.shape(i_app) not in ((), np.shape(v)):
        raise ValueError(f"i_app must be a number or shaped like V {np.shape(v)}, got shape {np.shape(i_app)}")
    return _derivatives(v, m, h, n, params, i_app)


def _derivatives(v, m, h, n, params: HHParams, i_app):
    """:func:`derivatives` of the state (V, m, h, n) without input checks, for solvers that check once
    and then call the right-hand side thousands of times (:mod:`excitable.dynamics`)."""
    i_na, i_k, i_l = _ionic_currents(v, m, h, n, params)
    dv = (i_app - (i_na + i_k + i_l)) / params.c_m
    gates = [alpha * (1.0 - x) - beta * x for x, (alpha, beta) in zip((m, h, n), _gate_rates(v, params), strict=True)]
    return np.array([dv, *gates])


def steady_state_current(v, params: HHParams = STANDARD):
    """Total ionic current (µA/cm²) with every gate at its steady state for voltage V (mV)."""
    v = _checks.finite("v", v, "mV")
    return ionic_current(v, *gate_steady_states(v, params), params)


def steady_state_conductances(v, params: HHParams = STANDARD):
    """(g_Na, g_K, g_L) in mS/cm² with every gate at its steady state for voltage V (mV)."""
    v = _checks.finite("v", v, "mV")
    return conductances(v, *gate_steady_states(v, params), params)


def steady_state_currents(v, params: HHParams = STANDARD):
    """(I_Na, I_K, I_L) in µA/cm², outward positive, with every gate at its steady state for voltage V (mV)."""
    v = _checks.finite("v", v, "mV")
    return ionic_currents(v, *gate_steady_states(v, params), params)


def resting_potential(params: HHParams = STANDARD, i_app: float = 0.0) -> float:
    """Membrane potential (mV) where the steady-state ionic current equals ``i_app`` (µA/cm²).

    Searches from -120 to +60 mV for the most negative root, the resting state. With most of
    the K+ conductance blocked (e.g. by TEA) the only root lies well above -65 mV, and it need
    not be stable: the membrane may then fire on its own.
    """
    return _resting_potential(_check_params(params), _checks.finite_scalar("i_app", i_app, "µA/cm²"))


@functools.lru_cache(maxsize=256)
def _resting_potential(params: HHParams, i_app: float) -> float:
    """Membrane potential (mV) where the steady-state ionic current equals ``i_app`` (µA/cm²).

    Searches from -120 to +60 mV for the most negative root, the resting state. With most of
    the K+ conductance blocked (e.g. by TEA) the only root lies well above -65 mV, and it need
    not be stable: the membrane may then fire on its own.
    """
    grid = np.linspace(-120.0, 60.0, 1801)
    net = steady_state_current(grid, params) - i_app
    sign_change = np.nonzero(np.sign(net[:-1]) != np.sign(net[1:]))[0]
    if sign_change.size == 0:
        raise ValueError(
            f"no resting state between -120 and 60 mV for i_app = {i_app} µA/cm² with these parameters"
        )
    k = sign_change[0]
    return brentq(lambda v: float(steady_state_current(v, params)) - i_app, grid[k], grid[k + 1], xtol=1e-12)


def resting_conductance(params: HHParams = STANDARD) -> float:
    """Total membrane conductance g_Na + g_K + g_L (mS/cm²) at the resting potential, gates at rest.

    It sets the membrane time constant C_m / g_rest for perturbations too small or too quick to move the gates.
    """
    return float(sum(steady_state_conductances(resting_potential(params), params)))


class _Currents:
    """Conductances (mS/cm²) and currents (µA/cm², outward positive) from V and the gates, by the model's own
    :func:`conductances` and :func:`ionic_currents`.

    Subclasses hold ``v``, ``m``, ``h``, ``n`` and provide ``_columns()``: the parameters (an
    :class:`HHParams`, or per-trace columns shaped to broadcast against the traces).
    """

    @property
    def g_na(self):
        """Na+ conductance g_Na m^3 h (mS/cm²)."""
        return conductances(self.v, self.m, self.h, self.n, self._columns())[0]

    @property
    def g_k(self):
        """K+ conductance g_K n^4 (mS/cm²)."""
        return conductances(self.v, self.m, self.h, self.n, self._columns())[1]

    @property
    def g_l(self):
        """Leak conductance (mS/cm²), constant in time."""
        return conductances(self.v, self.m, self.h, self.n, self._columns())[2]

    @property
    def i_na(self):
        """Na+ current (µA/cm², outward positive, so negative during the upstroke)."""
        return ionic_currents(self.v, self.m, self.h, self.n, self._columns())[0]

    @property
    def i_k(self):
        """K+ current (µA/cm², outward positive)."""
        return ionic_currents(self.v, self.m, self.h, self.n, self._columns())[1]

    @property
    def i_l(self):
        """Leak current (µA/cm², outward positive)."""
        return ionic_currents(self.v, self.m, self.h, self.n, self._columns())[2]

    @property
    def i_ion(self):
        """Total ionic current (µA/cm², outward positive)."""
        return ionic_current(self.v, self.m, self.h, self.n, self._columns())


@dataclass(frozen=True)
class _ParamColumns:
    """The fields of several :class:`HHParams` as columns (n_traces x 1), to broadcast against a batch."""

    g_na: np.ndarray
    g_k: np.ndarray
    g_l: np.ndarray
    e_na: np.ndarray
    e_k: np.ndarray
    e_l: np.ndarray
    c_m: np.ndarray
    celsius: np.ndarray
    inactivation: np.ndarray

    @classmethod
    def of(cls, params_list) -> _ParamColumns:
        return cls(*(np.array([getattr(p, f.name) for p in params_list])[:, None] for f in dataclasses.fields(cls)))


@dataclass(frozen=True)
class HHResult(_Currents):
    """One or more simulated traces on a shared time axis.

    ``t`` has shape (n_time,); ``v``, ``m``, ``h``, ``n`` and ``i_app`` have
    shape (n_time,) for a single trace and (n_traces, n_time) for a batch
    (quantities not recorded hold only their final value). ``spike_times``
    holds the upward crossings (ms) of ``spike_threshold`` (mV): an array for
    a single trace, a tuple of arrays for a batch. Conductances (mS/cm²) and
    currents (µA/cm²) are derived on demand.
    """

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    i_app: np.ndarray
    params: HHParams | tuple[HHParams, ...]
    spike_times: np.ndarray | tuple[np.ndarray, ...]
    spike_threshold: float

    def _columns(self):
        if isinstance(self.params, HHParams):
            return self.params
        return _ParamColumns.of(self.params)

    def __getitem__(self, index: int) -> HHResult:
        """Trace ``index`` of a batch, as a single-trace result."""
        if isinstance(self.params, HHParams):
            raise TypeError("this result holds a single trace")
        return HHResult(self.t, self.v[index], self.m[index], self.h[index], self.n[index],
                        self.i_app[index], self.params[index], self.spike_times[index], self.spike_threshold)

    def every(self, stride: int) -> HHResult:
        """Every ``stride``-th sample of a single-trace result (for drawing long, finely stepped runs)."""
        if not isinstance(self.params, HHParams):
            raise TypeError("every() takes a single-trace result; index the batch first")
        if int(stride) < 1:
            raise ValueError(f"stride must be a whole number >= 1, got {stride!r}")
        s = slice(None, None, int(stride))
        return HHResult(self.t[s], self.v[s], self.m[s], self.h[s], self.n[s], self.i_app[s], self.params,
                        self.spike_times, self.spike_threshold)


def max_step(celsius) -> float:
    """Largest step (ms) the integrator takes at ``celsius`` (°C): :data:`MAX_DT` divided by the rate factor.

    The gates move ``rate_factor`` times faster than at 6.3 °C, so a step that many times shorter keeps
    the accuracy :data:`MAX_DT` has at 6.3 °C (a step of 0.1 ms at 25 °C moves the spike's peak by tens
    of mV). Below 6.3 °C the limit stays :data:`MAX_DT`.
    """
    celsius = _checks.finite("celsius", celsius, "°C")
    if np.size(celsius) == 0:
        raise ValueError("celsius must be a number or a non-empty array (°C), got an empty array")
    return MAX_DT / max(1.0, float(np.max(gating.temperature_factor(celsius))))


def time_axis(t_stop: float, dt: float) -> np.ndarray:
    """Sample times 0, dt, ..., t_stop (ms) after checking both values."""
    dt = _checks.scalar_in_range("dt", dt, 1e-6, MAX_DT, "ms")
    t_stop = _checks.positive("t_stop", _checks.finite_scalar("t_stop", t_stop, "ms"), "ms")
    n_steps = int(round(t_stop / dt))
    if n_steps < 1:
        raise ValueError(f"t_stop must be at least one time step (dt = {dt} ms), got {t_stop!r}")
    if n_steps > MAX_STEPS:
        raise ValueError(f"t_stop / dt = {n_steps} steps; at most {MAX_STEPS} are allowed")
    return np.arange(n_steps + 1) * dt


def simulate(stimulus: Stimulus | None = None, t_stop: float = 50.0, dt: float = 0.025,
             params: HHParams = STANDARD, v0: float | None = None,
             gates0: tuple[float, float, float] | None = None, spike_threshold: float = 0.0) -> HHResult:
    """Simulate one HH membrane in current clamp.

    Parameters
    ----------
    stimulus : applied current (µA/cm²) as a function of time; none by default
    t_stop : duration (ms); dt : time step (ms), 0 < dt <= 0.1
    params : membrane parameters (:class:`HHParams`)
    v0 : initial voltage (mV); by default the resting potential of ``params``
    gates0 : initial (m, h, n); by default their steady states at ``v0``
    spike_threshold : voltage (mV) whose upward crossings are reported as ``spike_times``
    """
    return simulate_batch([stimulus], t_stop, dt, params, v0=v0, gates0=gates0,
                          spike_threshold=spike_threshold)[0]


def simulate_batch(stimuli, t_stop: float = 50.0, dt: float = 0.025,
                   params: HHParams | list[HHParams] = STANDARD, v0=None, gates0=None,
                   record_gates: bool = True, record_voltage: bool = True,
                   spike_threshold: float = 0.0) -> HHResult:
    """Simulate many HH membranes at once, one per stimulus and/or parameter set.

    ``stimuli`` is a sequence of stimuli (``None`` for no current) and
    ``params`` a single :class:`HHParams` or one per trace; ``v0`` and
    ``gates0`` may be per-trace arrays. With ``record_gates=False`` the gates,
    and with ``record_voltage=False`` also V and the applied current, keep only
    their final values, which saves memory and time in long sweeps; spike
    times (upward crossings of ``spike_threshold`` mV) are always recorded.

    ``dt`` is the sampling step of the result. Where it exceeds :func:`max_step` of the warmest trace
    (0.1 ms divided by the temperature factor of the rates), the integrator refines it by itself: it
    takes the fewest equal substeps that respect that limit and returns every sample at ``dt``, so a
    warm membrane keeps the accuracy of 6.3 °C at any ``dt`` (``tests/test_contract.py``).
    A batch whose arrays (traces x samples, stimulus waveforms, spike times) would exceed
    :data:`MAX_STEPS`, or whose work exceeds :data:`MAX_WORK` trace-steps, is rejected with a
    ``ValueError`` before anything is allocated; many distinct temperatures run in groups (their
    kinetics tables are built a group at a time).
    """
    t = time_axis(t_stop, dt)
    t_stop, dt = float(t_stop), float(dt)
    stimuli = _checks.sequence("stimuli", stimuli)
    stimuli = [NoStimulus() if s is None else s for s in stimuli]
    params_list = _checks.sequence("params", params) if not isinstance(params, HHParams) else [params] * len(stimuli)
    for index, p in enumerate(params_list):
        if not isinstance(p, HHParams):
            raise TypeError(f"params must be an HHParams or a sequence of them, got {p!r} at index {index}")
    if len(stimuli) == 1 and len(params_list) > 1:
        stimuli = stimuli * len(params_list)
    if len(stimuli) != len(params_list) or not stimuli:
        raise ValueError(f"need one parameter set per stimulus: got {len(stimuli)} stimuli "
                         f"and {len(params_list)} parameter sets")
    _checks.boolean("record_gates", record_gates)
    _checks.boolean("record_voltage", record_voltage)
    spike_threshold = _checks.finite_scalar("spike_threshold", spike_threshold, "mV")
    n_traces, n_steps = len(stimuli), t.size - 1
    substeps = max(1, int(np.ceil(dt / max_step([p.celsius for p in params_list]) - 1e-9)))
    fine = n_steps * substeps
    # One crossing per ms is far above any HH firing rate; a longer run starts with 4096 and grows if needed.
    capacity = min(int(t_stop) + 16, 4096)
    sizes = {"traces x samples": n_traces * (fine + 1 if record_voltage else 1),
             "spike times (traces x capacity)": n_traces * capacity}
    for what, size in sizes.items():
        if size > MAX_STEPS:
            raise ValueError(f"stimuli: {n_traces} traces need {size} {what}, more than {MAX_STEPS} (MAX_STEPS); "
                             "pass record_voltage=False, shorten t_stop, raise dt or split the batch")
    if n_traces * fine > MAX_WORK:
        raise ValueError(f"stimuli: {n_traces} traces x {fine} steps exceed {MAX_WORK} trace-steps (MAX_WORK); "
                         "shorten t_stop, raise dt or split the batch")
    fine_dt = dt / substeps
    waveforms, wave_index, scale = _waveforms(stimuli, (np.arange(fine) + 0.5) * fine_dt, fine)
    v_start, *gates_start = _initial_state(params_list, v0, gates0)
    columns = {name: np.array([getattr(p, name) for p in params_list], dtype=float)
               for name in ("g_na", "g_k", "g_l", "e_na", "e_k", "e_l", "c_m")}
    rate_factor = np.array([p.rate_factor for p in params_list])
    inactivation = np.array([p.inactivation for p in params_list])
    while True:
        v, m, h, n, spikes, counts = integrate(waveforms, wave_index, scale, v_start, gates_start, columns, rate_factor,
                                               inactivation, fine_dt, record_voltage, record_gates and record_voltage,
                                               spike_threshold, capacity)
        if counts.max(initial=0) <= capacity:
            break
        capacity = int(counts.max())
    if substeps > 1:
        v, m, h, n = (x[:, ::substeps] if x.shape[1] > 1 else x for x in (v, m, h, n))
    spike_times = tuple(spikes[j, :counts[j]].copy() for j in range(len(stimuli)))
    i_app = np.array([s(t if record_voltage else t[-1:]) for s in stimuli])
    return HHResult(t, v, m, h, n, i_app, tuple(params_list), spike_times, spike_threshold)


def _unit_stimulus(stimulus: Stimulus) -> tuple[Stimulus, float]:
    """The protocol at unit amplitude, and the amplitude that scales it back."""
    amplitude = stimulus.scale
    if amplitude is None:
        return stimulus, 1.0
    if amplitude == 0.0:
        return NoStimulus(), 0.0
    return stimulus.with_amplitude(1.0), float(amplitude)


def _waveforms(stimuli, midpoints, n_steps=None):
    """Distinct unit-amplitude waveforms sampled at the step midpoints, and each trace's index and scale."""
    for s in stimuli:
        if not isinstance(s, Stimulus):
            raise ValueError(f"stimuli: each stimulus must be an excitable.stimuli stimulus or None, got {s!r}")
    units, index, scale = {}, [], []
    for s in stimuli:
        unit, amplitude = _unit_stimulus(s)
        index.append(units.setdefault(unit, len(units)))
        scale.append(amplitude)
    if len(units) * (len(midpoints) if n_steps is None else n_steps) > MAX_STEPS:
        raise ValueError(f"stimuli: {len(units)} distinct waveforms x {len(midpoints)} steps exceed {MAX_STEPS} "
                         "samples (MAX_STEPS); shorten t_stop, raise dt or split the batch")
    waveforms = np.array([unit(midpoints) for unit in units], dtype=float)
    _checks.finite("stimulus current", waveforms, "µA/cm²")
    return np.ascontiguousarray(waveforms), np.array(index), np.array(scale)


def _initial_state(params_list, v0, gates0):
    count = len(params_list)
    if v0 is None:
        v_start = np.array([resting_potential(p) for p in params_list])
    else:
        v0 = _checks.in_range("v0", v0, -200.0, 200.0, "mV")
        if np.shape(v0) not in ((), (1,), (count,)):
            raise ValueError(f"v0 must be a number or one per trace ({count}), got shape {np.shape(v0)}")
        v_start = np.broadcast_to(v0, (count,)).astype(float)
    if gates0 is None:
        gates = [gating.hh_x_inf(g, v_start) for g in GATES]
    else:
        if not hasattr(gates0, "__len__") or isinstance(gates0, str) or len(gates0) != 3 or any(
                np.shape(g) not in ((), (1,), (count,)) for g in gates0):
            raise ValueError(f"gates0 must be (m, h, n), each a number or one per trace ({count}), got {gates0!r:.80}")
        gates = [np.broadcast_to(_checks.in_range(f"gates0[{i}]", g, 0.0, 1.0), (count,)).astype(float)
                 for i, g in enumerate(gates0)]
    # Without inactivation h is 1 from the start, whatever was asked for.
    gates[1] = np.where([p.inactivation for p in params_list], gates[1], 1.0)
    return (v_start, *[np.ascontiguousarray(g, dtype=float) for g in gates])


@dataclass(frozen=True)
class ClampResult(_Currents):
    """Voltage-clamp record: command voltage, gates, conductances and currents over time."""

    t: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    params: HHParams

    def _columns(self):
        return self.params


def voltage_clamp(steps, holding: float = -65.0, dt: float = 0.01,
                  params: HHParams = STANDARD) -> ClampResult:
    """Ideal voltage clamp: the membrane is held at ``holding`` mV, then stepped.

    ``steps`` is a sequence of (voltage in mV, duration in ms) pairs applied one
    after another; the gates start at their steady state at ``holding``. Each
    gate follows the exact two-state solution during each segment, so the
    result does not depend on ``dt`` except in how finely it is sampled.
    Without inactivation (``params.inactivation`` False) h stays 1.
    """
    holding = _checks.scalar_in_range("holding", holding, -200.0, 200.0, "mV")
    dt = _checks.scalar_in_range("dt", dt, 1e-6, 1.0, "ms")
    _check_params(params)
    steps = _checks.sequence("steps", steps)
    for index, pair in enumerate(steps):
        if np.ndim(pair) != 1 or len(pair) != 2:
            raise ValueError(f"steps must be (voltage in mV, duration in ms) pairs, got {pair!r} at index {index}")
    gates = [float(x) for x in gate_steady_states(holding, params)]
    times, volts, traces = [np.array([0.0])], [np.array([holding])], [[np.array([x])] for x in gates]
    t_now = 0.0
    for index, (volt, duration) in enumerate(steps):
        volt = _checks.scalar_in_range(f"steps[{index}] voltage", volt, -200.0, 200.0, "mV")
        duration = _checks.positive(f"steps[{index}] duration", _checks.finite_scalar(f"steps[{index}] duration",
                                                                                      duration, "ms"), "ms")
        if duration / dt > MAX_STEPS:
            raise ValueError(f"steps[{index}] duration / dt = {duration / dt:.3g} samples; at most {MAX_STEPS}")
        n_samples = max(1, int(round(duration / dt)))
        since = np.arange(1, n_samples + 1) * (duration / n_samples)
        for k, (alpha, beta) in enumerate(gate_rates(volt, params)):
            held = alpha + beta == 0.0  # h without inactivation: it stays where it is, at 1
            trace = np.full(n_samples, gates[k]) if held else gating.clamp_step(gates[k], alpha, beta, since)
            traces[k].append(trace)
            gates[k] = float(trace[-1])
        times.append(t_now + since)
        volts.append(np.full(n_samples, volt))
        t_now += duration
    return ClampResult(np.concatenate(times), np.concatenate(volts),
                       *(np.concatenate(trace) for trace in traces), params)
