"""Answer key of the gating problem set (see exercises/answer_key.py for the format).

Simulated answers are checked against the range of the result over the accepted steps
(0.001-0.025 ms) widened by the policy's 1 %; times by 0.03 ms; closed forms by 1 %.
"""

from __future__ import annotations

import numpy as np
from answer_key import exact, number, over_steps, pick, rng, sig

TIME = number(rel=0.0, abs=0.03)

PUBLISHED = {
    "q1_g_l": 0.2, "q1_amp": 1.0,
    "q2_v": 30.0,
    "q3_v": -10.0,
    "q4_v": -45.0,
    "q5_t": 1.5,
    "q6_v": 30.0, "q6_hyper": -110.0,
    "q7_v": -30.0, "q7_h_inf": 0.0192, "q7_tau_h": 1.58,
    "q8_amp": 15.0, "q8_g_na": 90.0,
    "q9_level": 20.0,
    "q10_celsius": 12.0, "q10_t1": 8.0, "q10_tau1": 5.0, "q10_t2": 20.0, "q10_tau2": 1.6,
}

QUESTIONS = {
    "q1_time_constant": {"points": 2, "answers": {"tau_membrane": number(), "tau_measured": number()}},
    "q2_conductance": {"points": 2, "answers": {"g_na_peak": number(), "g_k_end": number()}},
    "q3_ttx": {"points": 2, "answers": {"i_na_peak": number(), "t_na_peak": TIME}},
    "q4_gate": {"points": 2, "answers": {"n_inf": number(), "tau_n": number()}},
    "q5_step": {"points": 2, "answers": {"n_step": number(), "g_k_step": number()}},
    "q6_exponent": {"points": 3, "answers": {"slope_ideal": number(), "slope_hyper": number(),
                                             "slope_rest": number()}},
    "q7_rates": {"points": 2, "answers": {"alpha_h": number(), "beta_h": number()}},
    "q8_peak": {"points": 2, "answers": {"v_peak": number(), "v_weighted": number()}},
    "q9_net_current": {"points": 2, "answers": {"i_up": number(), "i_down": number()}},
    "q10_temperature": {"points": 3, "answers": {"phi_warm": number(), "tau_n_warm": number(),
                                                 "q10_measured": number()}},
}


def _h_data(v):
    from excitable import gating

    return sig(float(gating.hh_x_inf("h", v))), sig(float(gating.hh_tau("h", v)))


def variant(seed: int) -> dict:
    r = rng(seed)
    p = dict(PUBLISHED)
    p["q1_g_l"] = pick(r, [0.15, 0.25, 0.4, 0.5], p["q1_g_l"])
    p["q1_amp"] = pick(r, [0.5, 2.0, 3.0], p["q1_amp"])
    p["q2_v"] = pick(r, [-20.0, 0.0, 20.0, 40.0], p["q2_v"])
    p["q3_v"] = pick(r, [-20.0, 10.0, 20.0], p["q3_v"])
    p["q4_v"] = pick(r, [-50.0, -20.0, -10.0, 0.0], p["q4_v"])
    p["q5_t"] = pick(r, [0.5, 1.0, 2.5, 3.0], p["q5_t"])
    p["q6_v"] = pick(r, [10.0, 20.0, 40.0], p["q6_v"])
    p["q6_hyper"] = pick(r, [-130.0, -120.0, -100.0], p["q6_hyper"])
    p["q7_v"] = pick(r, [-50.0, -40.0, -20.0, -10.0], p["q7_v"])
    p["q7_h_inf"], p["q7_tau_h"] = _h_data(p["q7_v"])
    p["q8_amp"] = pick(r, [12.0, 20.0], p["q8_amp"])
    p["q8_g_na"] = pick(r, [80.0, 100.0, 110.0], p["q8_g_na"])
    p["q9_level"] = pick(r, [0.0, 10.0, 15.0], p["q9_level"])
    p["q10_celsius"] = pick(r, [10.0, 15.0, 18.5, 22.0], p["q10_celsius"])
    p["q10_t1"], p["q10_t2"] = pick(r, [(5.0, 15.0), (10.0, 22.0), (6.0, 16.0)], (p["q10_t1"], p["q10_t2"]))
    p["q10_tau1"], p["q10_tau2"] = pick(r, [(4.0, 1.5), (6.0, 2.5), (3.0, 1.0)], (p["q10_tau1"], p["q10_tau2"]))
    return p


def references(p: dict) -> dict:
    from excitable import gating, hh, stimuli

    passive = hh.STANDARD.replace(g_na=0.0, g_k=0.0, g_l=p["q1_g_l"])

    def relax(dt):
        run = hh.simulate(stimuli.step(p["q1_amp"], start=2.0), t_stop=30.0, dt=dt, params=passive)
        rise = run.v - run.v[0]
        return {"tau": run.t[np.argmax(rise >= (1.0 - np.exp(-1.0)) * rise[-1])] - 2.0}

    def conductances(dt):
        record = hh.voltage_clamp([(p["q2_v"], 10.0)], holding=-65.0, dt=dt)
        return {"g_na": record.g_na.max(), "g_k": record.g_k[-1]}

    def ttx(dt):
        control = hh.voltage_clamp([(p["q3_v"], 5.0)], holding=-65.0, dt=dt)
        blocked = hh.voltage_clamp([(p["q3_v"], 5.0)], holding=-65.0, dt=dt, params=hh.STANDARD.replace(g_na=0.0))
        current = control.i_ion - blocked.i_ion
        k = int(np.argmin(current))
        return {"i": current[k], "t": control.t[k]}

    def slopes(dt):
        out = {}
        for name, holding in (("slope_hyper", p["q6_hyper"]), ("slope_rest", -65.0)):
            record = hh.voltage_clamp([(p["q6_v"], 5.0)], holding=holding, dt=dt)
            keep = (record.t >= 0.05 - 1e-9) & (record.t <= 0.25 + 1e-9)
            out[name] = np.polyfit(np.log(record.t[keep]), np.log(record.g_k[keep]), 1)[0]
        times = np.arange(0.05, 0.25 + 1e-9, dt)
        shut = gating.clamp_step(0.0, gating.alpha_n(p["q6_v"]), gating.beta_n(p["q6_v"]), times)
        out["slope_ideal"] = np.polyfit(np.log(times), np.log(hh.STANDARD.g_k * shut**4), 1)[0]
        return out

    def spike(dt):
        run = hh.simulate(stimuli.pulse(p["q8_amp"], start=5.0, duration=1.0), t_stop=30.0, dt=dt,
                          params=hh.STANDARD.replace(g_na=p["q8_g_na"]))
        top = int(np.argmax(run.v))
        if run.t[top] <= 6.0:
            raise ValueError(f"q8: the peak ({run.t[top]} ms) must come after the pulse")
        q = run.params
        g = np.array([run.g_na[top], run.g_k[top], run.g_l[top]])
        bottom = top + int(np.argmin(run.v[top:]))
        up = (run.t >= 6.0) & (np.arange(run.t.size) <= top)
        level = p["q9_level"]
        if not run.v[up][0] < level < run.v[top]:
            raise ValueError(f"q9: +{level} mV is not crossed on the rising branch after 6 ms")
        return {"v_peak": run.v[top], "v_weighted": g @ np.array([q.e_na, q.e_k, q.e_l]) / g.sum(),
                "i_up": np.interp(level, run.v[up], run.i_ion[up]),
                "i_down": np.interp(level, run.v[top:bottom + 1][::-1], run.i_ion[top:bottom + 1][::-1])}

    tau_relax = over_steps(relax)
    g = over_steps(conductances)
    na = over_steps(ttx)
    fits = over_steps(slopes)
    spikes = over_steps(spike)

    v4 = p["q4_v"]
    n_inf = float(gating.hh_x_inf("n", v4))
    tau_n = float(gating.hh_tau("n", v4))
    n_rest = float(gating.hh_x_inf("n", -65.0))
    n_step = n_inf - (n_inf - n_rest) * np.exp(-p["q5_t"] / tau_n)
    h_inf, tau_h = p["q7_h_inf"], p["q7_tau_h"]
    phi = float(gating.temperature_factor(p["q10_celsius"]))
    q10 = (p["q10_tau1"] / p["q10_tau2"]) ** (10.0 / (p["q10_t2"] - p["q10_t1"]))
    return {
        "q1_time_constant": {"tau_membrane": exact(passive.c_m / passive.g_l), "tau_measured": tau_relax["tau"]},
        "q2_conductance": {"g_na_peak": g["g_na"], "g_k_end": g["g_k"]},
        "q3_ttx": {"i_na_peak": na["i"], "t_na_peak": na["t"]},
        "q4_gate": {"n_inf": exact(n_inf), "tau_n": exact(tau_n)},
        "q5_step": {"n_step": exact(n_step), "g_k_step": exact(hh.STANDARD.g_k * n_step**4)},
        "q6_exponent": fits,
        "q7_rates": {"alpha_h": exact(h_inf / tau_h), "beta_h": exact((1.0 - h_inf) / tau_h)},
        "q8_peak": {"v_peak": spikes["v_peak"], "v_weighted": spikes["v_weighted"]},
        "q9_net_current": {"i_up": spikes["i_up"], "i_down": spikes["i_down"]},
        "q10_temperature": {"phi_warm": exact(phi),
                            "tau_n_warm": exact(float(gating.hh_tau("n", v4, celsius=p["q10_celsius"]))),
                            "q10_measured": exact(q10)},
    }
