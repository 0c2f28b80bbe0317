"""Answer key of the threshold problem set (see exercises/answer_key.py for the format).

Closed forms (the initial slopes, the net current at a given state, the zeros and conductances of the fast
I-V curve, the resting state after a change of [K+]o) are checked within 1 %. Simulated answers are checked
against the range of the result over the accepted steps (0.001-0.025 ms) widened by 1 %, except where a
question states its own precision: the simulated time of question 2 to 0.005 ms and the mean ionic current
derived from it to 0.05 uA/cm^2; the initiation site to 1 um and the somatic delay within 1 % or 0.002 ms.
Pulses of the strength-duration questions are resolved by the pulse's own step (at least 20 steps across
it, the chapter's ``strength_duration.pulse_dt``): their reference is the range between the chapter's
functions and the same protocol with 100 steps across the pulse (and, for the long rheobase step, the
accepted steps).
"""

from __future__ import annotations

import numpy as np
from answer_key import choice, exact, number, numbers, over_steps, pick, rng

PUBLISHED = {
    # the chapter works at rest, with h and n at rest, at 6.3 and 18.5 degrees C, with 10 us pulses, the
    # reference neuron (5 x g_Na, -2 mV) and its sweeps; the problems use other states, cells and temperatures
    "q1_i": 6.0, "q1_c": 1.5, "q1_t": 0.5, "q1_cap": 150.0, "q1_na": 0.3,
    "q2_i": 5.0, "q2_dv": 3.0,
    "q3_v": -58.0, "q3_m": 0.12, "q3_h": 0.55, "q3_n": 0.33,
    "q4_h": 0.5, "q4_n": 0.4,
    "q5_v": -48.0,
    "q6_celsius": 12.0,
    "q7_celsius": 15.0, "q7_duration": 0.05,
    "q8_factor": 3.0, "q8_shift": -4.0, "q8_amp": 0.06,
    "q9_k": 13.0,
}

QUESTIONS = {
    "q1_initial_slope": {"points": 2, "answers": {"slope_start": number(), "slope_later": number(),
                                                  "slope_cell": number()}},
    "q2_hand_time": {"points": 2, "answers": {"t_hand": number(), "t_sim": number(rel=0.0, abs=0.005),
                                              "mean_i_ion": number(rel=0.0, abs=0.05)}},
    "q3_net_current": {"points": 2, "answers": {"i_k": number(), "i_ion": number(), "dvdt": number(),
                                                "current_direction": choice()}},
    "q4_fast_zeros": {"points": 2, "answers": {"zeros": numbers()}},
    "q5_slope_chord": {"points": 2, "answers": {"slope_total": number(), "slope_na": number(),
                                                "chord_na": number()}},
    "q6_rheobase": {"points": 2, "answers": {"rheobase": number(), "chronaxie": number()}},
    "q7_charge": {"points": 2, "answers": {"charge": number(), "delta_v": number(), "jump": number()}},
    "q8_initiation": {"points": 3, "answers": {"site_distance": number(rel=0.0, abs=1.0), "site": choice(),
                                               "somatic_delay": number(rel=0.01, abs=0.002)}},
    "q9_potassium": {"points": 3, "answers": {"v_rest": number(), "h_rest": number(), "threshold_1ms": number(),
                                              "threshold_change": choice()}},
}

STATES = [(-58.0, 0.12, 0.55, 0.33), (-56.0, 0.14, 0.5, 0.34), (-60.0, 0.09, 0.58, 0.32), (-61.0, 0.06, 0.6, 0.33)]


def variant(seed: int) -> dict:
    r = rng(seed)
    p = dict(PUBLISHED)
    p["q1_i"] = pick(r, [3.0, 4.0, 8.0], p["q1_i"])
    p["q1_c"] = pick(r, [1.2, 2.0], p["q1_c"])
    p["q1_t"] = pick(r, [0.3, 0.8], p["q1_t"])
    p["q1_cap"] = pick(r, [50.0, 80.0, 200.0], p["q1_cap"])
    p["q1_na"] = pick(r, [0.1, 0.2, 0.5], p["q1_na"])
    p["q2_i"] = pick(r, [4.0, 6.0, 8.0], p["q2_i"])
    p["q2_dv"] = pick(r, [2.0, 4.0], p["q2_dv"])
    state = pick(r, STATES, STATES[0])
    p["q3_v"], p["q3_m"], p["q3_h"], p["q3_n"] = state
    p["q4_h"], p["q4_n"] = pick(r, [(0.45, 0.36), (0.55, 0.34), (0.4, 0.4)], (p["q4_h"], p["q4_n"]))
    p["q5_v"] = pick(r, [-55.0, -40.0, -35.0, -25.0], p["q5_v"])
    p["q6_celsius"] = pick(r, [9.0, 15.0, 18.0], p["q6_celsius"])
    p["q7_celsius"] = pick(r, [20.0, 22.0], p["q7_celsius"])
    p["q7_duration"] = pick(r, [0.1, 0.2, 0.5], p["q7_duration"])
    p["q8_factor"], p["q8_shift"] = pick(r, [(2.0, -3.0), (4.0, 0.0), (1.0, -3.0)], (p["q8_factor"], p["q8_shift"]))
    p["q9_k"] = pick(r, [6.0, 12.0, 14.0], p["q9_k"])
    return p


def _pulse_threshold(duration, params, steps, rel_tol=1e-6):
    """Threshold (uA/cm^2) of a square pulse from rest, at least ``steps`` time steps (of at most 5 us) across it."""
    from excitable import analysis, stimuli
    from excitable.experiments import PULSE_START, PULSE_WINDOW

    dt = duration / max(steps, int(np.ceil(duration / 0.005 - 1e-9)))
    start = round(PULSE_START / dt) * dt
    return analysis.threshold(stimuli.Step(1.0, start, start + duration), start + duration + PULSE_WINDOW, dt, params,
                              rel_tol)


def _chronaxie(params, rheobase, steps):
    """The least duration (ms) at which a pulse of twice ``rheobase`` fires, at least ``steps`` steps across it."""
    from excitable import analysis, hh, stimuli
    from excitable.experiments import PULSE_START, PULSE_WINDOW

    def fires(log_d):
        duration = 10.0**log_d
        dt = duration / max(steps, int(np.ceil(duration / 0.005 - 1e-9)))
        start = round(PULSE_START / dt) * dt
        pulse = stimuli.Step(2.0 * rheobase, start, start + duration)
        batch = hh.simulate_batch([pulse], start + duration + PULSE_WINDOW, dt, params, record_voltage=False)
        return bool(analysis.fires(batch)[0])

    return float(10.0 ** analysis.boundary(fires, np.log10(0.01), np.log10(100.0), 1e-6))


def _span(*values):
    return [float(min(values)), float(max(values))]


def _merge(bounds, *values):
    return _span(*bounds, *values)


def references(p: dict) -> dict:
    from excitable import analysis, electrochem, hh, initiation, potassium, stimuli, threshold
    from excitable import strength_duration as sd
    from excitable.experiments import PULSE_START, PULSE_WINDOW

    q = hh.STANDARD
    v_rest = hh.resting_potential(q)
    _, h_rest, n_rest = (float(x) for x in hh.gate_steady_states(v_rest, q))

    # 1: the initial slope is I / C exactly; later, the model's dV/dt at the simulated state
    membrane = q.replace(c_m=p["q1_c"])

    def later(dt):
        run = hh.simulate(stimuli.step(p["q1_i"], start=1.0), t_stop=1.0 + p["q1_t"] + 0.1, dt=dt, params=membrane)
        k = int(np.argmin(np.abs(run.t - (1.0 + p["q1_t"]))))
        return {"slope": float(hh.derivatives([run.v[k], run.m[k], run.h[k], run.n[k]], membrane,
                                              i_app=p["q1_i"])[0])}

    # 2: the time to rise by dv, at the initial slope and simulated
    t_hand = q.c_m * p["q2_dv"] / p["q2_i"]

    def rise(dt):
        run = hh.simulate(stimuli.step(p["q2_i"], start=1.0), t_stop=1.0 + 5.0 * t_hand, dt=dt)
        target = v_rest + p["q2_dv"]
        k = int(np.argmax(run.v >= target))
        if k == 0:
            raise ValueError(f"q2: V never rises by {p['q2_dv']} mV")
        t = run.t[k - 1] + (target - run.v[k - 1]) / (run.v[k] - run.v[k - 1]) * (run.t[k] - run.t[k - 1]) - 1.0
        return {"t": t, "mean": p["q2_i"] - q.c_m * p["q2_dv"] / t}

    risen = over_steps(rise)

    # 3: the net current at a given state
    i_na, i_k, i_l = (float(x) for x in hh.ionic_currents(p["q3_v"], p["q3_m"], p["q3_h"], p["q3_n"], q))
    i_ion = i_na + i_k + i_l

    # 4: the zeros of the fast I-V with h and n held
    zeros = [float(v) for v in threshold.fast_iv_zeros(p["q4_h"], p["q4_n"], q)]
    if len(zeros) != 3:
        raise ValueError(f"q4: the fast I-V with h = {p['q4_h']}, n = {p['q4_n']} has {len(zeros)} zeros, not 3")

    # 5: slope and chord conductance at a voltage with h and n at rest
    slope_total = float(threshold.slope_conductance(p["q5_v"], h_rest, n_rest, q))
    if slope_total >= 0.0:
        raise ValueError(f"q5: {p['q5_v']} mV is not in the negative-slope region")
    slope_na = slope_total - (q.g_k * n_rest**4 + q.g_l)
    m_inf = float(hh.gate_steady_states(p["q5_v"], q)[0])
    chord_na = q.g_na * m_inf**3 * h_rest

    # 6: rheobase and chronaxie of a warmer membrane
    warm = q.replace(celsius=p["q6_celsius"])
    step = stimuli.step(1.0, PULSE_START)
    rheobases = over_steps(lambda dt: {"r": analysis.threshold(step, sd.RHEOBASE_WINDOW, dt, warm, 1e-6)})["r"]
    rheobase = float(sd.rheobase(warm))
    chronaxie = _span(sd.chronaxie(warm), _chronaxie(warm, rheobase, 100))

    # 7: the charge of a brief pulse and the equivalent sudden depolarization
    cool = q.replace(celsius=p["q7_celsius"])
    charges = _span(sd.charge_threshold(p["q7_duration"], cool),
                    _pulse_threshold(p["q7_duration"], cool, 100) * p["q7_duration"])
    jump = over_steps(lambda dt: {"j": analysis.threshold_depolarization(params=cool, dt=dt, abs_tol=1e-5)})["j"]

    # 8: where the spike starts
    cell = initiation.reference_cell(ais_na_factor=p["q8_factor"], ais_activation_shift=p["q8_shift"])

    def start(dt):
        found = initiation.initiation(cell, amplitude=p["q8_amp"], dt=dt)
        if not found.fired or found.spontaneous:
            raise ValueError(f"q8: the cell {p['q8_factor']} x, {p['q8_shift']} mV must fire on the pulse only")
        region = 0.0 if found.site == 0 else (1.0 if found.in_ais else 2.0)
        return {"distance": found.site_distance, "region": region, "delay": found.somatic_delay}

    started = over_steps(start)
    if started["region"][0] != started["region"][1]:
        raise ValueError(f"q8: the first compartment's region differs between steps: {started}")

    # 9: more potassium outside
    e_k = q.e_k + float(electrochem.nernst(p["q9_k"], potassium.K_OUT_NORMAL, 1, celsius=q.celsius))
    raised = q.replace(e_k=e_k)
    v_raised = hh.resting_potential(raised)
    h_raised = float(hh.gate_steady_states(v_raised, raised)[1])
    pulse = stimuli.pulse(1.0, PULSE_START, 1.0)

    def pulse_threshold(dt):
        return {"raised": analysis.threshold(pulse, PULSE_START + 1.0 + PULSE_WINDOW, dt, raised, 1e-6),
                "standard": analysis.threshold(pulse, PULSE_START + 1.0 + PULSE_WINDOW, dt, q, 1e-6)}

    thresholds = over_steps(pulse_threshold)
    if not (thresholds["raised"][1] < thresholds["standard"][0] or thresholds["raised"][0] > thresholds["standard"][1]):
        raise ValueError(f"q9: the threshold at {p['q9_k']} mM does not move clearly: {thresholds}")
    chapter = potassium.potassium_excitability([p["q9_k"]])
    lower = thresholds["raised"][1] < thresholds["standard"][0]

    return {
        "q1_initial_slope": {"slope_start": exact(p["q1_i"] / p["q1_c"]), "slope_later": over_steps(later)["slope"],
                             "slope_cell": exact(1000.0 * p["q1_na"] / p["q1_cap"])},
        "q2_hand_time": {"t_hand": exact(t_hand), "t_sim": risen["t"], "mean_i_ion": risen["mean"]},
        "q3_net_current": {"i_k": exact(i_k), "i_ion": exact(i_ion), "dvdt": exact(-i_ion / q.c_m),
                           "current_direction": "inward" if i_ion < 0 else "outward"},
        "q4_fast_zeros": {"zeros": [exact(v) for v in zeros]},
        "q5_slope_chord": {"slope_total": exact(slope_total), "slope_na": exact(slope_na),
                           "chord_na": exact(chord_na)},
        "q6_rheobase": {"rheobase": _merge(rheobases, rheobase), "chronaxie": chronaxie},
        "q7_charge": {"charge": charges, "delta_v": [c / cool.c_m for c in charges], "jump": jump},
        "q8_initiation": {"site_distance": started["distance"],
                          "site": ("soma", "ais", "axon")[int(started["region"][0])],
                          "somatic_delay": started["delay"]},
        "q9_potassium": {"v_rest": _span(v_raised, chapter.rest[0]), "h_rest": _span(h_raised, chapter.h_rest[0]),
                         "threshold_1ms": _merge(thresholds["raised"], chapter.threshold[0]),
                         "threshold_change": "lower" if lower else "higher"},
    }
