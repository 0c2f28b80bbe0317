"""Speed and accuracy of excitable against NEURON on the same HH workloads.

Run from the repository root::

    .venv/bin/python benchmarks/compare_neuron.py [--json] [--repeat N]

Workloads (timed as a user would run them, after one untimed warm-up run so
that numba compilation and NEURON model construction are excluded):

* ``single_100ms``: one compartment, 100 ms at dt = 0.025 ms, five 1 ms pulses
  of 20 µA/cm² every 20 ms from 5 ms. excitable: ``hh.simulate`` +
  ``analysis.spike_times``; NEURON: ``finitialize`` + ``psolve`` + copying the
  recorded t and V vectors + the same ``analysis.spike_times``.
* ``fi_100x500ms``: f-I curve, 100 step currents from 0 to 100 µA/cm², 500 ms
  each. excitable: one ``analysis.fi_curve`` call; NEURON: 100 compartments in
  one simulation, spikes recorded by a NetCon (threshold -30 mV) per cell and
  rates computed with the same ``analysis.steady_rate`` rule.

* ``axon_1000seg_20ms``: the HH squid axon (476 µm, R_i 35.4 Ω·cm, 18.5 °C), 100 mm in 1000
  compartments, 20 ms at dt = 0.025 ms, a 1 ms pulse of 5 µA into the first compartment, V recorded
  in every compartment. excitable: ``cable.simulate`` + ``cable.conduction_velocity``; NEURON: one
  section (nseg 1000), ``finitialize`` + ``psolve`` + copying the 1000 recorded vectors + the same
  ``cable.conduction_velocity``. Axons are built before timing (construction excluded).
* ``myelinated_21node_10ms``: Moore et al. (1978) (``cable.myelinated_axon()``; ModelDB 9851's sections,
  internodes in 10 segments), 10 ms at dt = 0.005 ms, 10 nA for 0.1 ms into node 0, V recorded at the
  21 nodes; velocity between nodes 10 and 11 (``cable.velocity_between``) on both sides.

For the cables the velocity is compared with NEURON's Crank-Nicolson (the same method as excitable's);
``--only cable`` runs just these two.

NEURON runs with its default first-order (backward Euler, ``secondorder = 0``)
method; a second NEURON line uses Crank-Nicolson (``secondorder = 2``).
Accuracy is judged against fine-step references (dt = 0.001 ms) of both
simulators and an independent tight-tolerance ODE solution.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import neuron_models as nm  # noqa: E402

from excitable import analysis, cable, hh, stimuli  # noqa: E402

# The timed configuration: numba's workqueue threads sleep between batches, where OpenMP's spin and, on a
# loaded two-core machine, slow the f-I batch by up to half. NUMBA_THREADING_LAYER overrides it.
hh.use_threading_layer(os.environ.get("NUMBA_THREADING_LAYER", "workqueue"))

DT = 0.025
"""Time step (ms) of the timed workloads."""

FINE_DT = 0.001
"""Time step (ms) of the fine-step references."""

TARGET_SPIKE_ERROR_MS = 0.05
TARGET_RATIO = {"single_100ms": 1.0, "fi_100x500ms": 0.2, "axon_1000seg_20ms": 0.5, "myelinated_21node_10ms": 1.0}
TARGET_VELOCITY_AGREEMENT = 0.005
"""The cables' velocity must agree with NEURON's (same method, same compartments) within 0.5 %."""

# single_100ms: five 1 ms pulses of 20 µA/cm², one every 20 ms from 5 ms
TRAIN = dict(amplitude=20.0, start=5.0, duration=1.0, interval=20.0, count=5)
SINGLE_T_STOP = 100.0
PULSES = [(TRAIN["start"] + k * TRAIN["interval"], TRAIN["duration"], TRAIN["amplitude"])
          for k in range(TRAIN["count"])]

# fi_100x500ms
FI_CURRENTS = np.linspace(0.0, 100.0, 100)
FI_DURATION = 500.0
FI_TRANSIENT = FI_DURATION / 5  # analysis.fi_curve's default
FI_FINE_INDICES = list(range(0, 100, 11))  # currents also simulated at FINE_DT for the f-I accuracy check

# threshold of one 1 ms pulse
PULSE_START, PULSE_DURATION, PULSE_T_STOP = 5.0, 1.0, 30.0
NEAR_THRESHOLD_AMPLITUDES = [6.95, 7.0, 7.5, 8.0, 10.0]
THRESHOLD_REL_TOL = 1e-6

V0 = hh.resting_potential(hh.STANDARD)
"""Both simulators start from excitable's resting potential with the gates at steady state."""


def log(message):
    print(message, file=sys.stderr, flush=True)


CPU_SECONDS = {}
"""Median process CPU time (s, all threads) of the last timed() call per label, for the report."""


def timed(function, repeat, label=None):
    """Run ``function`` once untimed (warm-up), then ``repeat`` times; (median s, all s, last result).

    Wall-clock time is what is reported; the process CPU time (summed over
    threads) is kept in ``CPU_SECONDS[label]`` because on a shared machine it
    is less sensitive to waiting for a core.
    """
    function()
    seconds, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if label:
        CPU_SECONDS[label] = statistics.median(cpu)
    return statistics.median(seconds), seconds, result


# --- the workloads ---------------------------------------------------------------------------

def excitable_single(dt=DT, stimulus=None, t_stop=SINGLE_T_STOP):
    result = hh.simulate(stimulus or stimuli.train(**TRAIN), t_stop, dt)
    return result.t, result.v, analysis.spike_times(result.t, result.v)


def neuron_single(model, dt=DT, secondorder=0, t_stop=SINGLE_T_STOP):
    t, v = model.run(t_stop, dt, V0, secondorder)
    return t, v, analysis.spike_times(t, v)


def excitable_fi(dt=DT, currents=FI_CURRENTS):
    return analysis.fi_curve(currents, FI_DURATION, dt)


def neuron_fi(model, dt=DT, secondorder=0, threads=1):
    times = model.run(FI_DURATION, dt, V0, secondorder, threads)
    rates = np.array([analysis.steady_rate(s, FI_DURATION, FI_TRANSIENT) for s in times])
    return rates, times


# --- comparisons -----------------------------------------------------------------------------

def spike_difference(a, b):
    """Max |difference| (ms) of spike times matched in order, or None when the counts differ."""
    a, b = np.asarray(a), np.asarray(b)
    if a.size != b.size:
        return None
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def trace_difference(t_a, v_a, t_b, v_b):
    if t_a.size != t_b.size or np.max(np.abs(t_a - t_b)) > 1e-6:
        raise RuntimeError("the two simulators sampled different times")
    diff = np.abs(v_a - v_b)
    return float(diff.max()), float(np.sqrt(np.mean(diff**2)))


def fi_agreement(rates_a, times_a, rates_b, times_b):
    counts_a = np.array([s.size for s in times_a])
    counts_b = np.array([s.size for s in times_b])
    mismatched = np.nonzero(counts_a != counts_b)[0]
    onset_a = float(FI_CURRENTS[np.argmax(rates_a > 0)]) if np.any(rates_a > 0) else None
    onset_b = float(FI_CURRENTS[np.argmax(rates_b > 0)]) if np.any(rates_b > 0) else None
    return {
        "max_abs_rate_diff_hz": float(np.max(np.abs(rates_a - rates_b))),
        "spike_count_mismatches": int(mismatched.size),
        "max_abs_spike_count_diff": int(np.max(np.abs(counts_a - counts_b))),
        "first_repetitive_current": [onset_a, onset_b],
        "firing_vs_silent_mismatches": int(np.sum((rates_a > 0) != (rates_b > 0))),
    }


# --- benchmark sections ----------------------------------------------------------------------

def run_single(repeat):
    log("single_100ms: excitable ...")
    ex_s, ex_all, (t_ex, v_ex, sp_ex) = timed(excitable_single, repeat, "excitable")
    model = nm.SingleCell(PULSES)
    lines = {}
    for secondorder in (0, 2):
        log(f"single_100ms: NEURON secondorder={secondorder} ...")
        median, runs, (t_n, v_n, sp_n) = timed(lambda so=secondorder: neuron_single(model, DT, so), repeat,
                                               f"neuron_so{secondorder}")
        vmax, vrms = trace_difference(t_ex, v_ex, t_n, v_n)
        lines[secondorder] = {
            "neuron_s": median, "neuron_runs_s": runs, "ratio": ex_s / median,
            "neuron_cpu_s": CPU_SECONDS[f"neuron_so{secondorder}"],
            "agreement": {"max_abs_spike_time_diff_ms": spike_difference(sp_ex, sp_n),
                          "spike_counts": [int(sp_ex.size), int(sp_n.size)],
                          "max_abs_v_diff_mv": vmax, "rms_v_diff_mv": vrms},
        }
    model.close()
    return {
        "name": "single_100ms", "excitable_s": ex_s, "excitable_runs_s": ex_all,
        "neuron_s": lines[0]["neuron_s"], "neuron_runs_s": lines[0]["neuron_runs_s"], "ratio": lines[0]["ratio"],
        "excitable_cpu_s": CPU_SECONDS["excitable"], "neuron_cpu_s": lines[0]["neuron_cpu_s"],
        "agreement": lines[0]["agreement"],
        "neuron_setup": "secondorder=0 (NEURON default, backward Euler), 1 thread, IClamp x5, psolve",
        "target_ratio": TARGET_RATIO["single_100ms"],
        "secondorder2": lines[2],
    }


def run_fi(repeat, thread_options):
    log("fi_100x500ms: excitable ...")
    ex_s, ex_all, curve = timed(excitable_fi, repeat, "excitable")
    model = nm.FICells(FI_CURRENTS)
    by_threads = {}
    for threads in thread_options:
        log(f"fi_100x500ms: NEURON secondorder=0, {threads} thread(s) ...")
        median, runs, (rates, times) = timed(lambda n=threads: neuron_fi(model, DT, 0, n), repeat, "neuron")
        by_threads[threads] = {"neuron_s": median, "neuron_runs_s": runs, "rates": rates, "times": times,
                               "neuron_cpu_s": CPU_SECONDS["neuron"]}
    best = min(by_threads, key=lambda k: by_threads[k]["neuron_s"])
    log(f"fi_100x500ms: NEURON secondorder=2, {best} thread(s) ...")
    so2_s, so2_all, (so2_rates, so2_times) = timed(lambda: neuron_fi(model, DT, 2, best), repeat, "neuron")
    model.close()
    chosen = by_threads[best]
    return {
        "name": "fi_100x500ms", "excitable_s": ex_s, "excitable_runs_s": ex_all,
        "neuron_s": chosen["neuron_s"], "neuron_runs_s": chosen["neuron_runs_s"],
        "ratio": ex_s / chosen["neuron_s"],
        "excitable_cpu_s": CPU_SECONDS["excitable"], "neuron_cpu_s": chosen["neuron_cpu_s"],
        "agreement": fi_agreement(curve.rates_hz, curve.spike_times, chosen["rates"], chosen["times"]),
        "neuron_setup": f"secondorder=0, 100 cells in one simulation, NetCon threshold -30 mV, psolve, "
                        f"{best} thread(s) (fastest of {sorted(by_threads)})",
        "neuron_s_by_threads": {str(k): v["neuron_s"] for k, v in by_threads.items()},
        "target_ratio": TARGET_RATIO["fi_100x500ms"],
        "secondorder2": {"neuron_s": so2_s, "neuron_runs_s": so2_all, "ratio": ex_s / so2_s,
                         "neuron_cpu_s": CPU_SECONDS["neuron"],
                         "agreement": fi_agreement(curve.rates_hz, curve.spike_times, so2_rates, so2_times)},
        "_rates": {"excitable": curve.rates_hz, "neuron": chosen["rates"], "neuron_so2": so2_rates},
    }


def run_accuracy():
    """Spike times of single_100ms at DT against fine-step and ODE references."""
    log("accuracy: single_100ms at dt 0.025 and 0.001 ...")
    spikes = {"excitable": excitable_single(DT)[2], "excitable_ref": excitable_single(FINE_DT)[2]}
    model = nm.SingleCell(PULSES)
    for secondorder in (0, 2):
        spikes[f"neuron_so{secondorder}"] = neuron_single(model, DT, secondorder)[2]
        spikes[f"neuron_so{secondorder}_ref"] = neuron_single(model, FINE_DT, secondorder)[2]
    model.close()
    spikes["ode"] = nm.ode_spike_times(PULSES, SINGLE_T_STOP, V0)
    runs = ["excitable", "neuron_so0", "neuron_so2"]
    references = ["excitable_ref", "neuron_so0_ref", "neuron_so2_ref", "ode"]
    errors = {run: {ref: spike_difference(spikes[run], spikes[ref]) for ref in references} for run in runs}
    between_refs = {f"{a} vs {b}": spike_difference(spikes[a], spikes[b])
                    for i, a in enumerate(references) for b in references[i + 1:]}
    return {"spike_times_ms": {k: v.tolist() for k, v in spikes.items()}, "max_abs_error_ms": errors,
            "references_vs_each_other_ms": between_refs, "target_ms": TARGET_SPIKE_ERROR_MS}


def run_fine_fi(fi_result):
    """f-I rates at DT against fine-step rates for a subset of the currents."""
    currents = FI_CURRENTS[FI_FINE_INDICES]
    log(f"accuracy: f-I at dt {FINE_DT} for {len(currents)} currents ...")
    refs = {"excitable_ref": excitable_fi(FINE_DT, currents).rates_hz}
    model = nm.FICells(currents)
    for secondorder in (0, 2):
        refs[f"neuron_so{secondorder}_ref"] = neuron_fi(model, FINE_DT, secondorder)[0]
    model.close()
    coarse = {"excitable": fi_result["_rates"]["excitable"][FI_FINE_INDICES],
              "neuron_so0": fi_result["_rates"]["neuron"][FI_FINE_INDICES],
              "neuron_so2": fi_result["_rates"]["neuron_so2"][FI_FINE_INDICES]}
    errors = {run: {ref: float(np.max(np.abs(rates - refs[ref]))) for ref in refs} for run, rates in coarse.items()}
    names = list(refs)
    between = {f"{a} vs {b}": float(np.max(np.abs(refs[a] - refs[b])))
               for i, a in enumerate(names) for b in names[i + 1:]}
    return {"currents": currents.tolist(), "rates_hz": {k: v.tolist() for k, v in {**coarse, **refs}.items()},
            "max_abs_rate_error_hz": errors, "references_vs_each_other_hz": between}


def ode_threshold(rel_tol=THRESHOLD_REL_TOL):
    low, high = 0.0, 20.0
    while high - low > rel_tol * high:
        middle = 0.5 * (low + high)
        fired = nm.ode_spike_times([(PULSE_START, PULSE_DURATION, middle)], PULSE_T_STOP, V0).size > 0
        high, low = (middle, low) if fired else (high, middle)
    return 0.5 * (low + high)


def run_thresholds():
    """Threshold of one 1 ms pulse in each simulator, and spike times just above it."""
    log("thresholds: bisection in each simulator ...")
    shape = stimuli.pulse(1.0, PULSE_START, PULSE_DURATION)
    found = {}
    for dt, suffix in ((DT, ""), (FINE_DT, "_ref")):
        found[f"excitable{suffix}"] = analysis.threshold(shape, PULSE_T_STOP, dt, rel_tol=THRESHOLD_REL_TOL)
        for secondorder in (0, 2):
            found[f"neuron_so{secondorder}{suffix}"] = nm.neuron_threshold(
                PULSE_DURATION, PULSE_START, PULSE_T_STOP, dt, V0, secondorder, rel_tol=THRESHOLD_REL_TOL)
    found["ode"] = ode_threshold()
    log("thresholds: spike times near threshold ...")
    first_spike = {name: [] for name in found}
    model = nm.SingleCell([(PULSE_START, PULSE_DURATION, 1.0)])
    for amplitude in NEAR_THRESHOLD_AMPLITUDES:
        stim = stimuli.pulse(amplitude, PULSE_START, PULSE_DURATION)
        model.set_amplitude(amplitude)
        runs = {"excitable": excitable_single(DT, stim, PULSE_T_STOP)[2],
                "excitable_ref": excitable_single(FINE_DT, stim, PULSE_T_STOP)[2]}
        for secondorder in (0, 2):
            runs[f"neuron_so{secondorder}"] = neuron_single(model, DT, secondorder, PULSE_T_STOP)[2]
            runs[f"neuron_so{secondorder}_ref"] = neuron_single(model, FINE_DT, secondorder, PULSE_T_STOP)[2]
        runs["ode"] = nm.ode_spike_times([(PULSE_START, PULSE_DURATION, amplitude)], PULSE_T_STOP, V0)
        for name in found:
            first_spike[name].append(float(runs[name][0]) if runs[name].size else None)
    model.close()
    return {"pulse": {"start_ms": PULSE_START, "duration_ms": PULSE_DURATION, "t_stop_ms": PULSE_T_STOP,
                      "rule": "least amplitude whose response crosses 0 mV upwards",
                      "rel_tol": THRESHOLD_REL_TOL},
            "threshold_ua_cm2": found, "amplitudes_ua_cm2": NEAR_THRESHOLD_AMPLITUDES,
            "first_spike_ms": first_spike}


# --- cables (propagation chapter) ---------------------------------------------------------------

AXON = dict(diameter=476.0, length=100_000.0, n_compartments=1000, r_i=35.4, celsius=18.5, t_stop=20.0,
            stimulus=cable.Stimulus(0, 5000.0, 1.0, 1.0))
MYELIN = dict(t_stop=10.0, dt=0.005, stimulus=cable.Stimulus(0, 10.0, 0.0, 0.1))


def _cable_line(name, ex_s, ex_all, models, velocity_ex):
    """One cable workload's record: excitable against NEURON secondorder 0 and 2 (timed in ``models``)."""
    line = {"name": name, "excitable_s": ex_s, "excitable_runs_s": ex_all, "excitable_cpu_s": CPU_SECONDS[name],
            "target_ratio": TARGET_RATIO[name], "velocity_excitable_m_s": velocity_ex}
    for secondorder, (median, runs, velocity) in models.items():
        line[f"so{secondorder}"] = {
            "neuron_s": median, "neuron_runs_s": runs, "ratio": ex_s / median,
            "neuron_cpu_s": CPU_SECONDS[f"{name}_so{secondorder}"], "velocity_neuron_m_s": velocity,
            "velocity_rel_diff": abs(velocity_ex - velocity) / velocity}
    return line


def run_axon(repeat):
    from neuron_reference import _as_result

    name = "axon_1000seg_20ms"
    axon = cable.uniform_axon(AXON["diameter"], AXON["length"], AXON["n_compartments"], AXON["r_i"],
                              membrane=hh.HHParams(celsius=AXON["celsius"]))
    stim = AXON["stimulus"]
    log(f"{name}: excitable ...")

    def excitable_run():
        return cable.conduction_velocity(cable.simulate(axon, AXON["t_stop"], DT, [stim]))

    ex_s, ex_all, velocity_ex = timed(excitable_run, repeat, name)
    model = nm.UniformAxon(AXON["diameter"], AXON["length"], AXON["n_compartments"], AXON["r_i"],
                           hh.HHParams(celsius=AXON["celsius"]), stim.amplitude, stim.start, stim.duration)
    v0 = cable.rest_state(axon)
    models = {}
    for secondorder in (0, 2):
        log(f"{name}: NEURON secondorder={secondorder} ...")

        def neuron_run(so=secondorder):
            t, v = model.run(AXON["t_stop"], DT, v0, so)
            return cable.conduction_velocity(_as_result(t, v, axon))

        models[secondorder] = timed(neuron_run, repeat, f"{name}_so{secondorder}")
    model.close()
    line = _cable_line(name, ex_s, ex_all, models, velocity_ex)
    line["neuron_setup"] = "one section, nseg 1000, IClamp at the first segment, 1000 Vector.record, psolve, 1 thread"
    return line


def run_myelinated(repeat):
    from neuron_reference import _as_result

    name = "myelinated_21node_10ms"
    axon = cable.myelinated_axon()
    stim, nodes = MYELIN["stimulus"], axon.nodes
    log(f"{name}: excitable ...")

    def excitable_run():
        result = cable.simulate(axon, MYELIN["t_stop"], MYELIN["dt"], [stim], record=nodes)
        return cable.velocity_between(result, int(nodes[10]), int(nodes[11]))

    ex_s, ex_all, velocity_ex = timed(excitable_run, repeat, name)
    model = nm.MooreAxon(amplitude=stim.amplitude, start=stim.start, duration=stim.duration)
    v0 = cable.rest_state(axon)
    models = {}
    for secondorder in (0, 2):
        log(f"{name}: NEURON secondorder={secondorder} ...")

        def neuron_run(so=secondorder):
            t, v = model.run(MYELIN["t_stop"], MYELIN["dt"], v0, so)
            return cable.velocity_between(_as_result(t, v, axon, nodes), int(nodes[10]), int(nodes[11]))

        models[secondorder] = timed(neuron_run, repeat, f"{name}_so{secondorder}")
    model.close()
    line = _cable_line(name, ex_s, ex_all, models, velocity_ex)
    line["neuron_setup"] = ("21 node sections (nseg 1) + 20 internodes (nseg 10), IClamp at node 0, "
                            "21 Vector.record, psolve, 1 thread")
    return line


def print_cable_report(lines):
    print("\nCables (ratio = excitable / NEURON; NEURON = secondorder 0, CN = secondorder 2, the method excitable "
          f"uses)\n{'workload':<24}{'excitable':>12}{'NEURON':>12}{'ratio':>8}{'NEURON CN':>12}{'ratio CN':>9}"
          f"{'target':>8}  CPU ex / NEURON / CN")
    for w in lines:
        ok = "ok" if max(w["so0"]["ratio"], w["so2"]["ratio"]) <= w["target_ratio"] else "MISSED"
        print(f"{w['name']:<24}{w['excitable_s'] * 1e3:>10.2f}ms{w['so0']['neuron_s'] * 1e3:>10.2f}ms"
              f"{w['so0']['ratio']:>8.3f}{w['so2']['neuron_s'] * 1e3:>10.2f}ms{w['so2']['ratio']:>9.3f}"
              f"{'<=' + str(w['target_ratio']):>8}  {w['excitable_cpu_s'] * 1e3:.1f} / "
              f"{w['so0']['neuron_cpu_s'] * 1e3:.1f} / {w['so2']['neuron_cpu_s'] * 1e3:.1f} ms  {ok}")
    for w in lines:
        agree = w["so2"]["velocity_rel_diff"] <= TARGET_VELOCITY_AGREEMENT
        print(f"  {w['name']}: velocity excitable {w['velocity_excitable_m_s']:.4f} m/s, NEURON CN "
              f"{w['so2']['velocity_neuron_m_s']:.4f} (rel. diff {w['so2']['velocity_rel_diff']:.1e}"
              f"{', ok' if agree else ', MISSED'} <= {TARGET_VELOCITY_AGREEMENT}), NEURON backward Euler "
              f"{w['so0']['velocity_neuron_m_s']:.4f} (rel. diff {w['so0']['velocity_rel_diff']:.1e})")


def explorer_accuracy():
    """Whether benchmarks/explorer_speed.py exists, and the time step its explorer simulates with."""
    path = Path(__file__).resolve().parent / "explorer_speed.py"
    info = {"present": path.exists(), "spike_explorer_dt_ms": None}
    try:
        import inspect

        from excitable.explorers import SpikeExplorer

        info["spike_explorer_dt_ms"] = inspect.signature(SpikeExplorer).parameters["dt"].default
    except (ImportError, KeyError):
        pass
    return info


def machine():
    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
            "numba": numba.__version__, "numba_threads": numba.get_num_threads(),
            "load_average_1_5_15": list(os.getloadavg())}
    try:
        info["numba_threading_layer"] = numba.threading_layer()
    except ValueError:  # no parallel region has run yet
        info["numba_threading_layer"] = None
    info["neuron"] = nm.neuron_h().nrnversion()
    for name in ("OMP_WAIT_POLICY", "NUMBA_NUM_THREADS", "NUMBA_THREADING_LAYER"):
        if name in os.environ:
            info[name] = os.environ[name]
    return info


# --- report ----------------------------------------------------------------------------------

def fmt(value, spec=".4f"):
    return "n/a (spike counts differ)" if value is None else format(value, spec)


def print_report(report):
    m = report["machine"]
    print(f"excitable vs NEURON {m['neuron'].split()[3] if len(m['neuron'].split()) > 3 else m['neuron']}"
          f" | {m['cpus']} CPUs, numba {m['numba']} ({m['numba_threading_layer']}, {m['numba_threads']} threads)"
          f" | load average before {m['load_average_1_5_15'][0]:.2f}, after {report['load_after'][0]:.2f}"
          f" | median of {report['repeat']} runs after a warm-up\n")
    print(f"{'workload':<16}{'excitable':>12}{'NEURON':>12}{'ratio':>8}{'target':>8}  "
          f"{'NEURON CN':>10}{'ratio CN':>9}")
    for w in report["workloads"]:
        ok = "ok" if w["ratio"] <= w["target_ratio"] else "MISSED"
        print(f"{w['name']:<16}{w['excitable_s'] * 1e3:>10.2f}ms{w['neuron_s'] * 1e3:>10.2f}ms"
              f"{w['ratio']:>8.3f}{'<=' + str(w['target_ratio']):>8}  "
              f"{w['secondorder2']['neuron_s'] * 1e3:>8.2f}ms{w['secondorder2']['ratio']:>9.3f}  {ok}")
    print(f"\n{'(same runs)':<16}{'min wall':>24}{'median CPU time (all threads)':>32}")
    for w in report["workloads"]:
        print(f"{w['name']:<16}{min(w['excitable_runs_s']) * 1e3:>10.2f}ms{min(w['neuron_runs_s']) * 1e3:>10.2f}ms"
              f"{w['excitable_cpu_s'] * 1e3:>18.2f}ms{w['neuron_cpu_s'] * 1e3:>10.2f}ms")
    single, fi = report["workloads"]
    print("\nNEURON = secondorder 0 (its default, backward Euler); CN = secondorder 2 (Crank-Nicolson)")
    print(f"fi_100x500ms NEURON setup: {fi['neuron_setup']}; by threads: "
          + ", ".join(f"{k}: {v * 1e3:.0f} ms" for k, v in fi["neuron_s_by_threads"].items()))
    print("\nAgreement at dt = 0.025 ms")
    for label, agreement in (("NEURON", single["agreement"]), ("NEURON CN", single["secondorder2"]["agreement"])):
        print(f"  single_100ms excitable vs {label:<9}: spikes {agreement['spike_counts']}, max |dt_spike| "
              f"{fmt(agreement['max_abs_spike_time_diff_ms'])} ms, max |dV| {agreement['max_abs_v_diff_mv']:.2f} mV"
              f" (rms {agreement['rms_v_diff_mv']:.2f} mV)")
    for label, agreement in (("NEURON", fi["agreement"]), ("NEURON CN", fi["secondorder2"]["agreement"])):
        print(f"  fi_100x500ms excitable vs {label:<9}: max |d rate| {agreement['max_abs_rate_diff_hz']:.2f} Hz, "
              f"spike-count mismatches {agreement['spike_count_mismatches']}/100 "
              f"(max {agreement['max_abs_spike_count_diff']}), firing/silent mismatches "
              f"{agreement['firing_vs_silent_mismatches']}, first repetitive current "
              + " / ".join("none" if c is None else f"{c:.2f}" for c in agreement["first_repetitive_current"])
              + " µA/cm²")

    acc = report["accuracy"]
    refs = ["excitable_ref", "neuron_so0_ref", "neuron_so2_ref", "ode"]
    print(f"\nSpike-time error of single_100ms at dt {DT} ms, max over 5 spikes (ms); "
          f"target <= {TARGET_SPIKE_ERROR_MS}")
    print(f"  {'run':<12}" + "".join(f"{r:>16}" for r in refs))
    for run, errors in acc["max_abs_error_ms"].items():
        print(f"  {run:<12}" + "".join(f"{fmt(errors[r]):>16}" for r in refs))
    print("  references (dt 0.001 ms; ode = scipy DOP853, rtol 1e-10) against each other:")
    for pair, value in acc["references_vs_each_other_ms"].items():
        print(f"    {pair:<34} {fmt(value, '.1e')} ms")

    fine = report["fine_fi"]
    print(f"\nf-I rate error at dt {DT} ms for {len(fine['currents'])} of the currents, max |d rate| (Hz) "
          f"against dt {FINE_DT} ms")
    names = list(next(iter(fine["max_abs_rate_error_hz"].values())))
    print(f"  {'run':<12}" + "".join(f"{r:>16}" for r in names))
    for run, errors in fine["max_abs_rate_error_hz"].items():
        print(f"  {run:<12}" + "".join(f"{errors[r]:>16.3f}" for r in names))
    print("  references (dt 0.001 ms) against each other:")
    for pair, value in fine["references_vs_each_other_hz"].items():
        print(f"    {pair:<34} {value:.1e} Hz")

    thr = report["thresholds"]
    print(f"\nThreshold of one {PULSE_DURATION} ms pulse (µA/cm², bisection to rel. {THRESHOLD_REL_TOL:g}) "
          f"and first spike time (ms) at amplitudes {thr['amplitudes_ua_cm2']}")
    for name, value in thr["threshold_ua_cm2"].items():
        times = "  ".join("   none " if s is None else f"{s:8.4f}" for s in thr["first_spike_ms"][name])
        print(f"  {name:<16}{value:>10.5f}   {times}")
    explorer = report["explorer_speed"]
    if explorer["present"]:
        print(f"\nbenchmarks/explorer_speed.py times the spike explorer, which simulates at dt = "
              f"{explorer['spike_explorer_dt_ms']} ms" + (": the dt 0.025 ms accuracy above applies to it."
                                                          if explorer["spike_explorer_dt_ms"] == DT else "."))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per workload (default 5; medians)")
    parser.add_argument("--neuron-threads", type=int, nargs="+", default=[1, 2],
                        help="NEURON thread counts tried for fi_100x500ms; the fastest is reported (default 1 2)")
    parser.add_argument("--only", choices=["membrane", "cable"],
                        help="run only the space-clamped workloads (membrane) or only the cables (cable)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be >= 1, got {args.repeat}")
    report = {"repeat": args.repeat, "machine": None}
    load_before = os.getloadavg()
    if args.only == "cable":
        report["cable_workloads"] = [run_axon(args.repeat), run_myelinated(args.repeat)]
        report["machine"] = machine()
        report["machine"]["load_average_1_5_15"] = list(load_before)
        report["load_after"] = list(os.getloadavg())
        if args.json:
            print(json.dumps(report, indent=2))
        else:
            m = report["machine"]
            print(f"{m['cpus']} CPUs, numba {m['numba']} | load average before {load_before[0]:.2f}, after "
                  f"{report['load_after'][0]:.2f} | median of {args.repeat} runs after a warm-up")
            print_cable_report(report["cable_workloads"])
        return
    workloads = [run_single(args.repeat), run_fi(args.repeat, args.neuron_threads)]
    if args.only is None:
        report["cable_workloads"] = [run_axon(args.repeat), run_myelinated(args.repeat)]
    report["machine"] = machine()
    report["machine"]["load_average_1_5_15"] = list(load_before)
    report["accuracy"] = run_accuracy()
    report["fine_fi"] = run_fine_fi(workloads[1])
    report["thresholds"] = run_thresholds()
    report["explorer_speed"] = explorer_accuracy()
    report["load_after"] = list(os.getloadavg())
    for w in workloads:
        w.pop("_rates", None)
    report["workloads"] = workloads
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
        if "cable_workloads" in report:
            print_cable_report(report["cable_workloads"])


if __name__ == "__main__":
    main()
