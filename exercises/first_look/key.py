"""Answer key of the first-look problem set (see exercises/answer_key.py for the format)."""

from __future__ import annotations

import numpy as np
from answer_key import exact, flags, number, numbers, over_steps, pick, rng

# Times read off a simulation: within 0.03 ms of the range over the accepted steps (the
# question asks for 0.01 ms; the g_Na peak comes 0.1 ms after the V peak).
TIME = number(rel=0.0, abs=0.03)

PUBLISHED = {
    "q1_amplitude": 20.0, "q1_duration": 0.5,
    "q2_duration": 0.3, "q2_amplitudes": [5.0, 10.0, 15.0, 20.0, 21.0, 23.0, 30.0, 40.0],
}

QUESTIONS = {
    "q1_peak": {"points": 2, "answers": {"peak_v": number(), "t_peak": TIME}},
    "q2_threshold": {"points": 2, "answers": {"spikes": flags(), "bracket": numbers(rel=0.0, abs=1e-9)}},
    "q3_gates": {"points": 3, "answers": {"t_m_top": TIME, "t_n_top": TIME, "lag_n": TIME}},
}


def _pulse_run(p, dt):
    from excitable import hh, stimuli

    return hh.simulate(stimuli.pulse(p["q1_amplitude"], start=5.0, duration=p["q1_duration"]),
                       t_stop=30.0, dt=dt)


def _fired(duration, amplitudes, dt):
    from excitable import hh, stimuli

    runs = hh.simulate_batch([stimuli.pulse(a, start=5.0, duration=duration) for a in amplitudes],
                             t_stop=30.0, dt=dt)
    return [bool(top > 0.0) for top in runs.v.max(axis=1)]


def _threshold(duration):
    """The smallest firing amplitude of a pulse (to 0.05 uA/cm^2), at the default step."""
    grid = np.arange(0.5, 80.0, 0.05)
    fired = _fired(duration, grid, 0.025)
    return float(grid[fired.index(True)])


def variant(seed: int) -> dict:
    r = rng(seed)
    amplitude, duration = pick(r, [(12.0, 1.0), (15.0, 1.0), (25.0, 0.5), (30.0, 0.5), (40.0, 0.3)],
                               (PUBLISHED["q1_amplitude"], PUBLISHED["q1_duration"]))
    q2_duration = pick(r, [0.2, 0.5, 1.0, 2.0], PUBLISHED["q2_duration"])
    threshold = _threshold(q2_duration)
    below = float(np.floor(threshold * 0.97 * 2.0) / 2.0)
    above = float(np.ceil(threshold * 1.03 * 2.0) / 2.0)
    quiet = r.randint(2, 5)  # how many more amplitudes below threshold: the flags differ too
    factors = sorted(r.sample([0.2, 0.35, 0.5, 0.65, 0.8, 0.9], quiet)) + [1.3, 1.6, 2.0, 3.0][:6 - quiet]
    amplitudes = sorted({below, above} | {round(threshold * f * 2.0) / 2.0 for f in factors})
    return {"q1_amplitude": amplitude, "q1_duration": duration,
            "q2_duration": q2_duration, "q2_amplitudes": [float(a) for a in amplitudes]}


def references(p: dict) -> dict:
    def spike(dt):
        run = _pulse_run(p, dt)
        k = int(np.argmax(run.v))
        t_m, t_n = run.t[np.argmax(run.m)], run.t[np.argmax(run.n)]
        return {"peak_v": run.v[k], "t_peak": run.t[k], "t_m_top": t_m, "t_n_top": t_n, "lag_n": t_n - run.t[k]}

    ranges = over_steps(spike)
    amplitudes = p["q2_amplitudes"]
    fired = {dt: _fired(p["q2_duration"], amplitudes, dt) for dt in (0.025, 0.01, 0.001)}
    flags_ = fired[0.025]
    if any(f != flags_ for f in fired.values()) or not any(flags_) or all(flags_):
        raise ValueError(f"q2: the amplitudes {amplitudes} do not give one bracket at every step: {fired}")
    bracket = (max(a for a, f in zip(amplitudes, flags_, strict=True) if not f),
               min(a for a, f in zip(amplitudes, flags_, strict=True) if f))
    return {
        "q1_peak": {"peak_v": ranges["peak_v"], "t_peak": ranges["t_peak"]},
        "q2_threshold": {"spikes": flags_, "bracket": [exact(bracket[0]), exact(bracket[1])]},
        "q3_gates": {name: ranges[name] for name in ("t_m_top", "t_n_top", "lag_n")},
    }
