"""Answer key of the refractoriness problem set (see exercises/answer_key.py for the format).

Simulated answers are checked against the range of the result over the accepted steps
(0.001-0.025 ms) widened by the policy's 1 %; the absolute refractory period, which the protocol
resolves to one step, within 0.05 ms; the highest rate of one-to-one following, read off a scan of
periods every 0.05 ms, within 2 %; closed forms by 1 %. The bistable current is right anywhere
inside the bistable range (kept 0.1 uA/cm^2 away from its ends).
"""

from __future__ import annotations

import numpy as np
from answer_key import choice, exact, flags, number, over_steps, pick, rng

PUBLISHED = {
    # the chapter prints caps 2, 5, 10, 20, 50 and 100 T1, and intervals 5-16 ms every 0.5 ms
    # for the restore experiments at 6, 8, 10, 12 ms, pulses of 2 and 10 T1, a plateau of 8 uA/cm^2,
    # steps of 3, 5, 10, 20, 50 and 100 ms, the Jacobian at 6.3 degrees C and the standard membrane's Hopf
    "q1_cap": 15.0, "q1_probe": 5.5,
    "q2_interval": 9.0,
    # trains no stronger than the chapter's 10 T1: from about 20 T1 the pulses alone cross 0 mV without
    # sodium current and refractory.following_limit refuses them
    "q3_multiple": 8.0,
    "q4_plateau": 7.0, "q4_slopes": [0.1, 0.2, 0.3, 0.4, 0.6, 1.0],
    "q5_duration": 15.0,
    "q6_celsius": 10.0,
    "q7_celsius": 15.0,
    "q8_g_k": 42.0,
    "q9_v": -55.0,
}

QUESTIONS = {
    "q1_absolute": {"points": 3, "answers": {"arp": number(rel=0.0, abs=0.05), "arp_gate": choice()}},
    "q2_relative": {"points": 3, "answers": {"ratio_relative": number(), "ratio_h_restored": number(),
                                             "ratio_n_restored": number(), "relative_gate": choice()}},
    "q3_rate": {"points": 2, "answers": {"max_rate_hz": number(rel=0.02)}},
    "q4_ramp": {"points": 3, "answers": {"ramp_fires": flags(), "minimal": number()}},
    "q5_anode": {"points": 2, "answers": {"anode_threshold": number()}},
    "q6_eigenvalues": {"points": 2, "answers": {"decay_rate": number(), "ringing_hz": number()}},
    "q7_hopf": {"points": 2, "answers": {"hopf_current": number()}},
    "q8_bistable": {"points": 2, "answers": {"bistable_current": number(rel=0.0, abs=0.0)}},
    "q9_nullclines": {"points": 3, "answers": {"n_v_nullcline": number(), "n_n_nullcline": number(),
                                               "dv_sign": choice()}},
}


def variant(seed: int) -> dict:
    r = rng(seed)
    p = dict(PUBLISHED)
    p["q1_cap"], p["q1_probe"] = pick(r, [(12.0, 6.0), (40.0, 5.0), (30.0, 5.0)], (p["q1_cap"], p["q1_probe"]))
    p["q2_interval"] = pick(r, [7.0, 11.0, 13.0], p["q2_interval"])
    p["q3_multiple"] = pick(r, [5.0, 6.0, 9.0], p["q3_multiple"])
    p["q4_plateau"] = pick(r, [6.5, 7.5, 9.0], p["q4_plateau"])
    p["q5_duration"] = pick(r, [4.0, 6.0, 8.0], p["q5_duration"])
    p["q6_celsius"] = pick(r, [3.0, 15.0, 18.5], p["q6_celsius"])
    p["q7_celsius"] = pick(r, [8.0, 10.0, 12.0], p["q7_celsius"])
    p["q8_g_k"] = pick(r, [30.0, 33.0], p["q8_g_k"])
    p["q9_v"] = pick(r, [-60.0, -50.0, -45.0], p["q9_v"])
    return p


def _restored(interval, dt):
    from excitable import refractory

    return {f"ratio_{name or 'intact'}": float(refractory.recovery_thresholds(
        [interval], restore=(name,) if name else (), dt=dt, rel_tol=1e-5).ratio[0]) for name in ("", "h", "n")}


def references(p: dict) -> dict:
    from excitable import accommodation, analysis, dynamics, gating, hh, refractory

    def absolute(dt):
        return {"arp": refractory.absolute_refractory_period(p["q1_cap"], dt=dt)}

    def gate_at_probe(dt):
        found = {name: float(refractory.recovery_thresholds([p["q1_probe"]], cap=p["q1_cap"], restore=(name,),
                                                            dt=dt).ratio[0]) for name in ("h", "n")}
        intact = refractory.recovery_thresholds([p["q1_probe"]], cap=p["q1_cap"], dt=dt).ratio[0]
        if np.isfinite(intact):
            raise ValueError(f"q1: {p['q1_probe']} ms must lie in the absolute period for {p['q1_cap']} T1")
        below = [name for name, ratio in found.items() if np.isfinite(ratio)]
        return {"h": 0.0, "n": 1.0, "both": 2.0, "neither": 3.0}[
            "both" if len(below) == 2 else below[0] if below else "neither"]

    gates = {gate_at_probe(dt) for dt in (0.025, 0.01, 0.001)}
    if len(gates) != 1:
        raise ValueError(f"q1: the restoration that fires differs between steps: {gates}")
    arp_gate = ("h", "n", "both", "neither")[int(gates.pop())]

    relative = over_steps(lambda dt: _restored(p["q2_interval"], dt))
    middle = {name: 0.5 * sum(bounds) for name, bounds in relative.items()}
    relative_gate = "h" if middle["ratio_h"] < middle["ratio_n"] else "n"

    def following(dt):
        period = refractory.following_limit(p["q3_multiple"], count=10, search=(2.0, 10.0), step=0.05, dt=dt)
        return {"rate": 1000.0 / period}

    def ramps(dt):
        fired = accommodation.ramp_first_spike(p["q4_slopes"], plateau=p["q4_plateau"], hold=200.0, dt=dt).fired
        minimal = accommodation.minimal_slope(p["q4_plateau"], hold=200.0, dt=dt, bracket=(0.01, 10.0),
                                              rel_tol=1e-4)
        return {"minimal": minimal, **{f"fired_{k}": float(f) for k, f in enumerate(fired)}}

    ramp = over_steps(ramps)
    ramp_flags = [bool(ramp[f"fired_{k}"][0]) for k in range(len(p["q4_slopes"]))]
    if any(ramp[f"fired_{k}"][0] != ramp[f"fired_{k}"][1] for k in range(len(p["q4_slopes"]))) \
            or all(ramp_flags) or not any(ramp_flags):
        raise ValueError(f"q4: the slopes {p['q4_slopes']} do not give one bracket at every step: {ramp}")

    def anode(dt):
        return {"threshold": float(accommodation.anode_break_thresholds([p["q5_duration"]], dt=dt, rel_tol=1e-5)[0])}

    rest = dynamics.fixed_point(0.0, hh.STANDARD.replace(celsius=p["q6_celsius"]))
    pair = rest.eigenvalues[np.argmax(np.abs(rest.eigenvalues.imag))]
    hopf = dynamics.hopf_currents(params=hh.STANDARD.replace(celsius=p["q7_celsius"]))[0]

    membrane = hh.STANDARD.replace(g_k=p["q8_g_k"])
    onset = analysis.repetitive_onset(low=0.0, high=40.0, params=membrane, abs_tol=1e-3)
    upper = dynamics.hopf_currents(params=membrane)[0]
    if not upper - onset > 1.0:
        raise ValueError(f"q8: no bistable range wider than 1 uA/cm^2 for g_K = {p['q8_g_k']}")

    v = p["q9_v"]
    q = hh.STANDARD
    v_rest = hh.resting_potential(q)
    m_inf, h_rest = float(gating.hh_x_inf("m", v)), float(gating.hh_x_inf("h", v_rest))
    inward = q.g_na * m_inf**3 * h_rest * (v - q.e_na) + q.g_l * (v - q.e_l)
    n_v = (-inward / (q.g_k * (v - q.e_k))) ** 0.25
    n_n = float(gating.hh_x_inf("n", v))
    i_ion = float(hh.ionic_current(v, m_inf, h_rest, n_n, q))
    return {
        "q1_absolute": {"arp": over_steps(absolute)["arp"], "arp_gate": arp_gate},
        "q2_relative": {"ratio_relative": relative["ratio_intact"], "ratio_h_restored": relative["ratio_h"],
                        "ratio_n_restored": relative["ratio_n"], "relative_gate": relative_gate},
        "q3_rate": {"max_rate_hz": over_steps(following)["rate"]},
        "q4_ramp": {"ramp_fires": ramp_flags, "minimal": ramp["minimal"]},
        "q5_anode": {"anode_threshold": over_steps(anode)["threshold"]},
        "q6_eigenvalues": {"decay_rate": exact(-pair.real), "ringing_hz": exact(1000.0 * abs(pair.imag) / (2 * np.pi))},
        "q7_hopf": {"hopf_current": exact(hopf)},
        "q8_bistable": {"bistable_current": [float(onset) + 0.1, float(upper) - 0.1]},
        "q9_nullclines": {"n_v_nullcline": exact(n_v), "n_n_nullcline": exact(n_n),
                          "dv_sign": "positive" if i_ion < 0 else "negative"},
    }
