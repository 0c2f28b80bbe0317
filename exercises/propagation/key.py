"""Answer key of the propagation problem set (see exercises/answer_key.py for the format).

Closed forms (length constant, scaling of velocity, the sheath's wraps, charge per mm) are checked
within 1 %. Simulated answers are checked against the range of the result over the accepted steps
widened by 1 %: the uniform axon over dt = 0.025, 0.01 and 0.001 ms; the myelinated fibre, whose nodes
are ten times denser in channels, over dt = 0.01, 0.005 and 0.001 ms (the questions say so). The block
factor is asked to 0.1 (accepted within 0.15 plus 1 %), the meeting point of two spikes to 0.3 mm.
"""

from __future__ import annotations

import numpy as np
from answer_key import exact, number, over_steps, pick, rng

MYELIN_STEPS = (0.01, 0.005, 0.001)

PUBLISHED = {
    # the chapter works with the squid axon, 10 µm at 0.3 mS/cm² and the Moore fibre; the problems do not
    "q1_d": 4.0, "q1_r_m": 20000.0, "q1_r_i": 70.0,
    "q2_d": 200.0,
    "q3_v": 2.5, "q3_d": 3.0, "q3_d_new": 12.0, "q3_vm": 30.0, "q3_dm": 5.0, "q3_dm_new": 8.0,
    "q4_n": 40, "q4_c": 0.9, "q4_r": 5000.0,
    "q5_length": 1200.0,
    "q6_celsius": 24.0,
    "q7_length": 40.0, "q7_delay": 0.8,
    "q8_d": 6.0, "q8_dv": 100.0, "q8_internode": 800.0,
}

QUESTIONS = {
    "q1_length_constant": {"points": 2, "answers": {"lam": number(), "lam_thick": number()}},
    "q2_velocity": {"points": 2, "answers": {"v_two_sites": number(), "v_fit": number()}},
    "q3_diameter": {"points": 2, "answers": {"v_bare_new": number(), "v_myel_new": number()}},
    "q4_wraps": {"points": 2, "answers": {"c_sheath": number(), "r_sheath": number(), "lambda_gain": number()}},
    "q5_internode": {"points": 2, "answers": {"hop_us": number(), "v_nodes": number()}},
    "q6_block": {"points": 3, "answers": {"k_block": number(abs=0.15), "wraps_left": number(abs=0.15)}},
    "q7_collision": {"points": 2, "answers": {"meet_mm": number(rel=0.0, abs=0.3),
                                             "far_end_spikes": number(rel=0.0, abs=0.1)}},
    "q8_charge": {"points": 2, "answers": {"q_bare": number(), "q_myel": number(), "saving": number()}},
}


def variant(seed: int) -> dict:
    r = rng(seed)
    p = dict(PUBLISHED)
    p["q1_d"] = pick(r, [2.0, 3.0, 6.0, 8.0], p["q1_d"])
    p["q1_r_m"] = pick(r, [5000.0, 10000.0, 40000.0], p["q1_r_m"])
    p["q1_r_i"] = pick(r, [50.0, 90.0, 120.0], p["q1_r_i"])
    p["q2_d"] = pick(r, [100.0, 150.0, 300.0], p["q2_d"])
    p["q3_v"] = pick(r, [1.0, 1.5, 4.0], p["q3_v"])
    p["q3_d"] = pick(r, [1.0, 2.0, 5.0], p["q3_d"])
    p["q3_d_new"] = pick(r, [4.0 * p["q3_d"] + 1.0, 9.0 * p["q3_d"]], p["q3_d_new"])
    p["q3_vm"] = pick(r, [12.0, 20.0, 45.0], p["q3_vm"])
    p["q3_dm"] = pick(r, [2.0, 4.0, 6.0], p["q3_dm"])
    p["q3_dm_new"] = pick(r, [3.0, 10.0, 15.0], p["q3_dm_new"])
    p["q4_n"] = pick(r, [20, 60, 80], p["q4_n"])
    p["q4_c"] = pick(r, [0.7, 0.8, 1.0], p["q4_c"])
    p["q4_r"] = pick(r, [2000.0, 10000.0], p["q4_r"])
    p["q5_length"] = pick(r, [800.0, 1600.0, 3000.0], p["q5_length"])
    p["q6_celsius"] = pick(r, [12.0, 21.0, 27.0], p["q6_celsius"])
    p["q7_length"] = pick(r, [30.0, 50.0], p["q7_length"])
    p["q7_delay"] = pick(r, [0.5, 1.2], p["q7_delay"])
    p["q8_d"] = pick(r, [4.0, 8.0, 12.0], p["q8_d"])
    p["q8_dv"] = pick(r, [90.0, 110.0], p["q8_dv"])
    p["q8_internode"] = pick(r, [600.0, 1200.0], p["q8_internode"])
    return p


def references(p: dict) -> dict:
    from excitable import cable, cable_theory, myelin

    g_m = 1000.0 / p["q1_r_m"]                                   # mS/cm² from Ω·cm²
    lam = float(cable_theory.length_constant(p["q1_d"], p["q1_r_i"], g_m))
    lam_thick = float(cable_theory.length_constant(4.0 * p["q1_d"], p["q1_r_i"], g_m))

    def uniform(dt):
        axon = cable.uniform_axon(diameter=p["q2_d"], length=30_000.0, n_compartments=300)
        run = cable.simulate(axon, t_stop=6.0, dt=dt, stimuli=[cable.Stimulus(0, 5000.0, 0.5, 0.5)])
        times = cable.crossing_times(run)
        two = (run.x[200] - run.x[100]) / (times[200] - times[100]) * 1e-3
        return {"two": two, "fit": cable.conduction_velocity(run, start=5000.0, stop=25000.0)}

    k_bare = cable_theory.travelling_wave_constant(p["q3_v"], p["q3_d"], 35.4)
    v_bare_new = float(cable_theory.velocity_from_constant(k_bare, p["q3_d_new"], 35.4))
    v_myel_new = float(myelin.similar_fibre_velocity(p["q3_vm"], p["q3_dm"], p["q3_dm_new"]))

    n, c, r = p["q4_n"], p["q4_c"], p["q4_r"]
    gain = float(cable_theory.length_constant(10.0, 100.0, myelin.sheath_conductance(1000.0 / r, n))
                 / cable_theory.length_constant(10.0, 100.0, 1000.0 / r))

    def hop(dt):
        axon = cable.myelinated_axon(internode_length=p["q5_length"])
        run = cable.simulate(axon, t_stop=5.0, dt=dt, stimuli=[cable.Stimulus(0, 10.0, 0.0, 0.1)], record=axon.nodes)
        times = cable.crossing_times(run)
        return {"hop": (times[11] - times[10]) * 1000.0,
                "v": cable.velocity_between(run, axon.nodes[10], axon.nodes[11])}

    def block(dt):
        k = cable.myelin_block_factor(xtol=0.01, dt=dt, axon_options={"celsius": p["q6_celsius"]})
        return {"k": k, "left": 100.0 / k}

    def collision(dt):
        length = p["q7_length"] * 1000.0
        axon = cable.uniform_axon(length=length, n_compartments=int(round(length / 100.0)))
        shocks = [cable.Stimulus(0, 5000.0, 0.5, 0.5), cable.Stimulus(axon.n - 1, 5000.0, 0.5 + p["q7_delay"], 0.5)]
        run = cable.simulate(axon, t_stop=6.0, dt=dt, stimuli=shocks)
        times = cable.crossing_times(run)
        far = run.v[-1]
        spikes = int(np.sum((far[:-1] < -15.0) & (far[1:] >= -15.0)))
        return {"meet": run.x[int(np.nanargmax(times))] / 1000.0, "spikes": spikes}

    q_bare = float(myelin.charge_per_length(p["q8_d"], p["q8_dv"]))
    q_myel = float(myelin.myelinated_charge_per_length(p["q8_d"], p["q8_dv"], 3.183, p["q8_internode"]))
    two = over_steps(uniform)
    hops = over_steps(hop, steps=MYELIN_STEPS)
    blocks = over_steps(block, steps=MYELIN_STEPS)
    meets = over_steps(collision)
    return {
        "q1_length_constant": {"lam": exact(lam), "lam_thick": exact(lam_thick)},
        "q2_velocity": {"v_two_sites": two["two"], "v_fit": two["fit"]},
        "q3_diameter": {"v_bare_new": exact(v_bare_new), "v_myel_new": exact(v_myel_new)},
        "q4_wraps": {"c_sheath": exact(myelin.sheath_capacitance(c, n)),
                     "r_sheath": exact(myelin.sheath_resistance(r, n)), "lambda_gain": exact(gain)},
        "q5_internode": {"hop_us": hops["hop"], "v_nodes": hops["v"]},
        "q6_block": {"k_block": blocks["k"], "wraps_left": blocks["left"]},
        "q7_collision": {"meet_mm": meets["meet"], "far_end_spikes": meets["spikes"]},
        "q8_charge": {"q_bare": exact(q_bare), "q_myel": exact(q_myel), "saving": exact(q_bare / q_myel)},
    }
