"""Where a spike starts: a soma, an axon initial segment (AIS) and an axon, current injected into the soma.

The cell is :func:`excitable.cable.soma_ais_axon` (squid HH membrane on a small-neuron geometry, a teaching
model, not a cortical neuron); :data:`REFERENCE_CELL` holds the parameters of the book's reference cell and
:func:`reference_cell` builds it (or a variant). Current is injected into the soma (compartment 0), as
synaptic current gathered by the dendrites would arrive there.

- :func:`initiation_site` reads one simulation: which compartment crossed the spike level first, when the
  soma and the AIS crossed, how late the soma was (the spike running back into it) and whether the spike
  reached the axon's far end; :func:`initiation` runs the soma-injected protocol and also reports whether the
  cell fires on its own (the same run without the stimulus).
- :func:`initiation_sweep` varies one property of the AIS (:data:`SWEEP_PARAMETERS`) over a batch of cells.
- :func:`phase_plot`: the rate of rise dV/dt against V; :func:`onset_comparison`: the slope of that curve at a
  stated dV/dt on the rising phase (1/ms, :func:`excitable.strength_duration.onset_rapidity`), the "kink"
  measure of Naundorf et al. (2006), at the soma, at the initiation site and in an isolated soma.

Units: µm, nA (injected current), ms, mV, mV/ms, 1/ms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks, cable, hh, strength_duration
from .cable import SPIKE_LEVEL, Axon, CableResult, Stimulus

SOMA = 0
"""Index of the soma compartment in a :func:`~excitable.cable.soma_ais_axon`."""

REFERENCE_CELL = {
    "soma_diameter": 20.0, "soma_length": 20.0, "axon_diameter": 1.0, "axon_length": 300.0,
    "ais_start": 10.0, "ais_length": 30.0, "ais_na_factor": 5.0, "ais_activation_shift": -2.0,
    "compartment_length": 5.0, "r_i": 100.0,
}
"""The book's reference cell (keywords of :func:`excitable.cable.soma_ais_axon`; membrane: standard HH, 6.3 °C):
a 20 x 20 µm soma, a 1 µm axon 300 µm long in 5 µm compartments, r_i 100 Ω·cm, and an AIS from 10 to 40 µm
with 5 times the g_Na and activation shifted by -2 mV."""

AMPLITUDE = 0.06
"""Current (nA) of the reference protocol: a step injected into the soma for :data:`DURATION` ms (about
4.8 µA/cm² of the soma's membrane), a little above threshold for every cell of the book's sweeps, as the
current gathered from synapses would arrive."""

DURATION = 10.0
"""Duration (ms) of the reference protocol's current step: it lasts past the spike, so the end of the step
does not mark the phase plot of the spike's onset."""

START = 1.0
"""Time (ms) the pulse starts."""

T_STOP = 15.0
"""Duration (ms) of a simulated run."""

DT = 0.01
"""Sampling step (ms) of the runs."""

RAPIDNESS_LEVEL = strength_duration.DVDT_CRITERION
"""dV/dt (mV/ms) at which :func:`onset_comparison` reads the slope of the phase plot
(:func:`excitable.strength_duration.onset_rapidity`)."""

SWEEP_PARAMETERS = ("ais_na_factor", "ais_activation_shift", "ais_start", "ais_length")
"""The AIS properties :func:`initiation_sweep` varies."""


def reference_cell(**changes) -> Axon:
    """The reference cell (:data:`REFERENCE_CELL`), with any :func:`~excitable.cable.soma_ais_axon` keyword changed."""
    unknown = sorted(set(changes) - set(REFERENCE_CELL) - {"membrane"})
    if unknown:
        raise ValueError(f"changes must be keywords of cable.soma_ais_axon ({', '.join(REFERENCE_CELL)}, membrane), "
                         f"got {unknown[0]!r}")
    return cable.soma_ais_axon(**{**REFERENCE_CELL, **changes})


@dataclass(frozen=True)
class InitiationResult:
    """Where and when one spike started (from :func:`initiation_site` or :func:`initiation`).

    fired : whether any compartment crossed ``level`` (mV) upwards
    site : index of the compartment that crossed first (-1 if none); site_distance : µm from the soma-axon
        junction to its centre (0 for the soma, NaN if none); in_ais : whether it lies in the AIS
    site_time, soma_time, ais_time, end_time : first crossings (ms) at the site, the soma, the earliest AIS
        compartment and the axon's far end (NaN where none)
    somatic_delay : soma_time - site_time (ms): how long the spike took to reach the soma (0 when it started
        there, NaN if the soma never crossed)
    reaches_end : whether the spike reached the axon's far end (forward propagation)
    spontaneous : whether the cell's resting state is unstable, so that it fires on its own
        (:func:`rest_growth_rate` > 0; False when not tested, as by :func:`initiation_site`)
    level : the crossing level (mV); crossings : first crossing (ms) of every compartment
    result : the simulation (:class:`~excitable.cable.CableResult`)
    """

    fired: bool
    site: int
    site_distance: float
    in_ais: bool
    site_time: float
    soma_time: float
    ais_time: float
    end_time: float
    somatic_delay: float
    reaches_end: bool
    spontaneous: bool
    level: float
    crossings: np.ndarray
    result: CableResult

    def verdict(self) -> str:
        """One sentence for a reader."""
        if self.spontaneous:
            return "The cell fires on its own, without the stimulus: its resting state is unstable."
        if not self.fired:
            return "No spike: the stimulus stays below threshold."
        where = "in the soma" if self.site == SOMA else (
            f"{'in the AIS' if self.in_ais else 'in the axon'}, {self.site_distance:.0f} µm from the soma")
        text = f"The spike starts {where} at {self.site_time:.2f} ms"
        if self.site != SOMA and np.isfinite(self.somatic_delay):
            text += f"; the soma crosses {1000.0 * self.somatic_delay:.0f} µs later"
        return text + ("." if self.reaches_end else "; it does not reach the axon's end.")


def _check_single(result):
    if not isinstance(result, CableResult):
        raise ValueError(f"result must be a cable.CableResult (from cable.simulate), got {result!r:.80}")
    if result.is_batch:
        raise ValueError("result must hold one axon; index the batch first (result[j])")
    if result.sites.size != result.axons.n or np.any(result.sites != np.arange(result.axons.n)):
        raise ValueError("result must record every compartment (cable.simulate with record=None)")
    return result


def _site_distance(axon: Axon, site: int) -> float:
    """Distance (µm) from the soma-axon junction to the centre of compartment ``site`` (0 for the soma)."""
    return 0.0 if site == SOMA else float(axon.x[site] - axon.length[SOMA])


def _summary(crossings, axon, level, result, spontaneous) -> InitiationResult:
    ais = cable.ais_compartments(axon)
    fired = bool(np.any(np.isfinite(crossings)))
    site = int(np.nanargmin(crossings)) if fired else -1
    site_time = float(crossings[site]) if fired else np.nan
    soma_time = float(crossings[SOMA])
    ais_times = crossings[ais] if ais.size else np.array([np.nan])
    ais_time = float(np.nanmin(ais_times)) if np.any(np.isfinite(ais_times)) else np.nan
    end_time = float(crossings[-1])
    return InitiationResult(fired, site, _site_distance(axon, site) if fired else np.nan, bool(site in ais),
                            site_time, soma_time, ais_time, end_time, soma_time - site_time,
                            bool(np.isfinite(end_time)), bool(spontaneous), float(level), crossings, result)


def initiation_site(result: CableResult, level: float = SPIKE_LEVEL) -> InitiationResult:
    """Where the first spike of one simulated soma + AIS + axon started.

    ``result`` is a single-axon :class:`~excitable.cable.CableResult` recording every compartment;
    ``level`` (mV) the crossing that marks the spike (:data:`excitable.cable.SPIKE_LEVEL`, -15 mV). The site is
    the compartment whose first upward crossing of ``level`` comes earliest. ``spontaneous`` is False: this
    reads one run and cannot tell (see :func:`initiation`).
    """
    _check_single(result)
    level = _checks.scalar_in_range("level", level, -60.0, 40.0, "mV")
    return _summary(cable.crossing_times(result, level), result.axons, level, result, False)


def rest_growth_rate(axon: Axon) -> float:
    """Largest real part (1/ms) of the eigenvalues of the whole cell linearized about its resting state.

    Negative: the rest is stable (small disturbances die away); positive: it is unstable and the cell fires on
    its own; ``inf`` when the cell has no resting state (:func:`excitable.cable.rest_state` fails). The
    Jacobian couples each compartment's membrane block (:func:`excitable.dynamics.jacobian`, the m row read at
    V - activation shift) through the axial conductances (mS) divided by the compartment capacitances (µF).
    """
    axon = _checks.instance("axon", axon, Axon, "cable.Axon")
    rest = _rest_or_none(axon)
    if rest is None:
        return float("inf")
    from . import dynamics, gating
    from .cable import Passive

    index, size = [], 0
    for membrane in axon.membranes:
        index.append(size)
        size += 1 if isinstance(membrane, Passive) else (4 if membrane.inactivation else 3)
    jac = np.zeros((size, size))
    capacitance = axon.c_m * axon.area * 1e-8  # µF
    for j, (membrane, v) in enumerate(zip(axon.membranes, rest, strict=True)):
        i = index[j]
        if isinstance(membrane, Passive):
            jac[i, i] = -membrane.g / axon.c_m[j]
            continue
        shift = float(axon.activation_shift[j])
        m, h, n = gating.hh_x_inf("m", v - shift), gating.hh_x_inf("h", v), gating.hh_x_inf("n", v)
        h = h if membrane.inactivation else 1.0
        block = dynamics.jacobian(v, m, h, n, membrane)
        if shift != 0.0:
            block[1] = dynamics.jacobian(v - shift, m, h, n, membrane)[1]
        block[0] *= membrane.c_m / axon.c_m[j]
        keep = [0, 1, 2, 3] if membrane.inactivation else [0, 1, 3]
        jac[i:i + len(keep), i:i + len(keep)] = block[np.ix_(keep, keep)]
    g_axial = cable._axial_conductance(axon)  # mS
    for j, g in enumerate(g_axial):
        a, b = index[j], index[j + 1]
        jac[a, a] -= g / capacitance[j]
        jac[a, b] += g / capacitance[j]
        jac[b, b] -= g / capacitance[j + 1]
        jac[b, a] += g / capacitance[j + 1]
    return float(np.max(np.linalg.eigvals(jac).real))


def _rest_or_none(axon):
    """The cable's resting state (mV per compartment), or None if it has none near its compartments' own rests."""
    try:
        return cable.rest_state(axon)
    except ValueError:
        return None


def _run(axons, amplitude, duration, t_stop, dt):
    """Simulate each axon with the somatic pulse (one batch); cells without a resting state run apart, from
    their soma's own resting potential everywhere."""
    pulse = [Stimulus(SOMA, amplitude, START, duration)]
    results = [None] * len(axons)
    rested = [j for j, a in enumerate(axons) if _rest_or_none(a) is not None]
    groups = [(rested, None)] + [([j], hh.resting_potential(axons[j].membranes[SOMA]))
                                 for j in range(len(axons)) if j not in rested]
    for rows, v0 in groups:
        if rows:
            batch = cable.simulate([axons[j] for j in rows], t_stop, dt, pulse, v0=v0)
            for k, j in enumerate(rows):
                results[j] = batch[k]
    return results


def _protocol_checks(amplitude, duration, t_stop, dt, level):
    amplitude = _checks.scalar_in_range("amplitude", amplitude, 0.0, 100.0, "nA")
    duration = _checks.scalar_in_range("duration", duration, 0.01, 100.0, "ms")
    t_stop = _checks.scalar_in_range("t_stop", t_stop, START + 1.0, 200.0, "ms")
    dt = _checks.scalar_in_range("dt", dt, 0.001, 0.05, "ms")
    level = _checks.scalar_in_range("level", level, -60.0, 40.0, "mV")
    return amplitude, duration, t_stop, dt, level


def initiation(axon: Axon | None = None, amplitude: float = AMPLITUDE, duration: float = DURATION,
               level: float = SPIKE_LEVEL, t_stop: float = T_STOP, dt: float = DT) -> InitiationResult:
    """Inject a current pulse into the soma and report where the spike started.

    ``axon``: a :func:`~excitable.cable.soma_ais_axon` (default: :func:`reference_cell`); ``amplitude`` (nA,
    depolarizing) from :data:`START` ms for ``duration`` ms; ``level`` (mV) marks the spike; ``t_stop`` and ``dt``
    (ms) the run. ``spontaneous`` is True when the cell's resting state is unstable (:func:`rest_growth_rate`
    > 0), so that it fires on its own; a cell with no resting state starts from its soma's resting potential.
    """
    axon = reference_cell() if axon is None else _checks.instance("axon", axon, Axon, "cable.Axon")
    amplitude, duration, t_stop, dt, level = _protocol_checks(amplitude, duration, t_stop, dt, level)
    (stimulated,) = _run([axon], amplitude, duration, t_stop, dt)
    return _summary(cable.crossing_times(stimulated, level), axon, level, stimulated, rest_growth_rate(axon) > 0)


@dataclass(frozen=True)
class InitiationSweep:
    """Initiation for cells that differ in one AIS property (from :func:`initiation_sweep`).

    parameter : the keyword varied; values : its values (µm, mV or a factor)
    Arrays, one entry per value, as the fields of :class:`InitiationResult`: fired, site, site_distance (µm),
    in_ais, site_time, soma_time, ais_time, end_time, somatic_delay (ms), reaches_end, spontaneous.
    results : the :class:`InitiationResult` of each cell
    """

    parameter: str
    values: np.ndarray
    fired: np.ndarray
    site: np.ndarray
    site_distance: np.ndarray
    in_ais: np.ndarray
    site_time: np.ndarray
    soma_time: np.ndarray
    ais_time: np.ndarray
    end_time: np.ndarray
    somatic_delay: np.ndarray
    reaches_end: np.ndarray
    spontaneous: np.ndarray
    results: tuple


def initiation_sweep(parameter: str, values, base: dict | None = None, amplitude: float = AMPLITUDE,
                     duration: float = DURATION, level: float = SPIKE_LEVEL, t_stop: float = T_STOP,
                     dt: float = DT) -> InitiationSweep:
    """Vary ONE AIS property, the others held at ``base``, and find where the spike starts in each cell.

    ``parameter`` is one of :data:`SWEEP_PARAMETERS` (``ais_na_factor``, ``ais_activation_shift`` in mV,
    ``ais_start`` or ``ais_length`` in µm); ``values`` its values (at most 64); ``base`` the other keywords of
    :func:`~excitable.cable.soma_ais_axon` (default :data:`REFERENCE_CELL`). The protocol is that of
    :func:`initiation`; the cells run as one batch.
    """
    parameter = _checks.choice("parameter", parameter, SWEEP_PARAMETERS)
    values = np.array(_checks.finite("values", values), dtype=float, ndmin=1)
    if values.ndim != 1 or not 1 <= values.size <= 64:
        raise ValueError(f"values must be a 1-D list of 1 to 64 numbers, got shape {values.shape}")
    if base is not None and not isinstance(base, dict):
        raise ValueError(f"base must be a dict of cable.soma_ais_axon keywords, got {base!r:.80}")
    base = {**REFERENCE_CELL, **(base or {})}
    amplitude, duration, t_stop, dt, level = _protocol_checks(amplitude, duration, t_stop, dt, level)
    axons = []
    for value in values:
        try:
            axons.append(reference_cell(**{**base, parameter: float(value)}))
        except ValueError as error:
            raise ValueError(f"values: {parameter} = {value!r} gives no valid cell ({error})") from None
    stimulated = _run(axons, amplitude, duration, t_stop, dt)
    results = tuple(_summary(cable.crossing_times(s, level), a, level, s, rest_growth_rate(a) > 0)
                    for a, s in zip(axons, stimulated, strict=True))
    fields = ("fired", "site", "site_distance", "in_ais", "site_time", "soma_time", "ais_time", "end_time",
              "somatic_delay", "reaches_end", "spontaneous")
    return InitiationSweep(parameter, values, **{f: np.array([getattr(r, f) for r in results]) for f in fields},
                           results=results)


def phase_plot(t, v) -> tuple[np.ndarray, np.ndarray]:
    """The phase plot of a voltage trace: (V in mV, dV/dt in mV/ms), dV/dt by central differences.

    ``t`` (ms, evenly spaced, at least 3 samples) and ``v`` (mV) of the same length."""
    t = np.asarray(_checks.finite("t", t, "ms"), dtype=float)
    v = np.asarray(_checks.finite("v", v, "mV"), dtype=float)
    if t.ndim != 1 or t.size < 3 or v.shape != t.shape:
        raise ValueError(f"t and v must be 1-D arrays of the same length (at least 3), got shapes {t.shape}, "
                         f"{v.shape}")
    step = np.diff(t)
    if np.any(step <= 0):
        raise ValueError("t must increase")
    return v, np.gradient(v, t)


@dataclass(frozen=True)
class OnsetComparison:
    """The onset rapidness (1/ms, at ``level`` mV/ms) of one spike seen at three places.

    soma : at the soma of the cell; site : at the compartment where the spike started; isolated : in the
    soma alone (one compartment, same membrane, same current density); initiation : the cell's
    :class:`InitiationResult`; isolated_t, isolated_v : the isolated soma's trace (ms, mV)
    """

    soma: float
    site: float
    isolated: float
    level: float
    initiation: InitiationResult
    isolated_t: np.ndarray
    isolated_v: np.ndarray


def onset_comparison(axon: Axon | None = None, amplitude: float = AMPLITUDE, duration: float = DURATION,
                     level: float = RAPIDNESS_LEVEL, t_stop: float = T_STOP, dt: float = 0.005) -> OnsetComparison:
    """Onset rapidness at the soma and at the initiation site of ``axon``, and in an isolated soma.

    The cell (default :func:`reference_cell`) gets the pulse of :func:`initiation` (``amplitude`` nA for
    ``duration`` ms into the soma). The isolated soma is a single compartment of the soma's membrane given the
    same current per area (µA/cm² = nA / soma area), so it fires like a uniform, space-clamped neuron.
    ``level`` (mV/ms) as in :func:`excitable.strength_duration.onset_rapidity`. Raises ``ValueError`` if either
    does not fire.
    """
    axon = reference_cell() if axon is None else _checks.instance("axon", axon, Axon, "cable.Axon")
    amplitude, duration, t_stop, dt, _ = _protocol_checks(amplitude, duration, t_stop, dt, SPIKE_LEVEL)
    level = _checks.scalar_in_range("level", level, 0.1, 1000.0, "mV/ms")
    start = initiation(axon, amplitude, duration, t_stop=t_stop, dt=dt)
    if not start.fired:
        raise ValueError(f"amplitude {amplitude} nA does not make the cell fire; raise amplitude")
    membrane = axon.membranes[SOMA]
    density = amplitude * 1e-3 / (float(axon.area[SOMA]) * 1e-8)  # nA -> µA over cm²
    from .stimuli import pulse
    alone = hh.simulate(pulse(density, START, duration), t_stop, dt, membrane)
    if not np.any(alone.v >= SPIKE_LEVEL):
        raise ValueError(f"amplitude {amplitude} nA ({density:.3g} µA/cm²) does not fire the isolated soma")
    r = start.result
    rapidity = strength_duration.onset_rapidity
    return OnsetComparison(rapidity(r.t, r.v[SOMA], level), rapidity(r.t, r.v[start.site], level),
                           rapidity(alone.t, alone.v, level), level, start, alone.t, alone.v)
