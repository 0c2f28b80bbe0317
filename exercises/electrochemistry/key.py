"""Answer key of the electrochemistry problem set (see exercises/answer_key.py for the format).

Every answer is a closed form: the reference is the value from ``excitable`` and the
policy's 1 % (three significant figures, textbook constants) applies, with a small
absolute floor where an answer is a difference of a few millivolts.
"""

from __future__ import annotations

from answer_key import choice, exact, number, pick, rng

PUBLISHED = {
    "q1_k_out": 5.5, "q1_k_in": 130.0, "q1_na_out": 150.0, "q1_na_in": 14.0,
    "q2_cl_out": 110.0, "q2_cl_in": 7.0, "q2_v": -65.0,
    "q3_z": 2, "q3_v": -60.0, "q3_celsius": 20.0,
    "q4_na": 120.0, "q4_k": 5.0, "q4_cl": 131.0, "q4_cytosol": 250.0,
    "q5_p_na": 0.04, "q5_p_cl": 0.3, "q5_k_high": 10.0,
    "q6_permeability": 2e-06, "q6_v_rest": -60.0, "q6_v_hyper": -100.0,
    "q7_g_leak": 0.8, "q7_v": -65.0, "q7_e_na": 55.0,
    "q8_delta_g": 11.0, "q8_ratio": 500.0,
    "q9_diameter": 25.0, "q9_v": -65.0, "q9_ions": 280.0,
    "q10_impermeant": 60.0, "q10_bath": 140.0,
}

MV = number(abs=0.1)  # potentials: 1 % or 0.1 mV, whichever is larger

QUESTIONS = {
    "q1_nernst": {"points": 2, "answers": {"e_k": number(), "e_na": number()}},
    "q2_chloride": {"points": 2, "answers": {"e_cl": number(), "df_cl": MV, "cl_ions_move": choice()}},
    "q3_energy": {"points": 2, "answers": {"w_elec": number(), "rt": number(), "ratio": number()}},
    "q4_activity": {"points": 3, "answers": {"i_saline": number(), "gamma_k": number(), "gamma_ca": number(),
                                             "shift_e_k": number(abs=0.005)}},
    "q5_ghk": {"points": 3, "answers": {"v_rest": MV, "v_rest_high_k": MV, "delta_v": MV, "delta_e_k": MV}},
    # i_k_hyper: 1 % or 0.01 µA/cm²; at -100 mV, 5 mV from E_K, 310 K instead of 310.15 K moves it by 1 %
    "q6_flux": {"points": 3, "answers": {"i_k_rest": number(), "i_k_hyper": number(abs=0.01), "flux_k": number(),
                                         "flux_ratio": number()}},
    "q7_pump_leak": {"points": 3, "answers": {"i_na_leak": number(), "na_export": number(), "i_pump": number()}},
    "q8_selectivity": {"points": 2, "answers": {"ratio_k_na": number(), "barrier": number()}},
    "q9_charge": {"points": 2, "answers": {"n_ions": number(), "fraction": number()}},
    "q10_donnan": {"points": 3, "answers": {"k_in": number(), "cl_in": number(), "donnan_ratio": number(),
                                            "v_donnan": MV, "osmotic_excess": number()}},
}


def variant(seed: int) -> dict:
    r = rng(seed)
    p = dict(PUBLISHED)
    p["q1_k_out"] = pick(r, [3.0, 3.5, 4.5, 6.0, 7.0], p["q1_k_out"])
    p["q1_k_in"] = pick(r, [120.0, 125.0, 140.0, 145.0], p["q1_k_in"])
    p["q1_na_out"] = pick(r, [135.0, 140.0, 145.0, 155.0], p["q1_na_out"])
    p["q1_na_in"] = pick(r, [8.0, 10.0, 12.0, 18.0, 20.0], p["q1_na_in"])
    p["q2_cl_in"] = pick(r, [4.0, 5.0, 9.0, 12.0, 20.0, 25.0], p["q2_cl_in"])
    p["q2_v"] = pick(r, [-80.0, -75.0, -70.0, -60.0, -55.0], p["q2_v"])
    p["q3_z"] = pick(r, [1, 2], p["q3_z"])
    p["q3_v"] = pick(r, [-80.0, -75.0, -70.0, -50.0], p["q3_v"])
    p["q3_celsius"] = pick(r, [10.0, 15.0, 25.0, 30.0], p["q3_celsius"])
    p["q4_na"] = pick(r, [110.0, 130.0, 150.0, 160.0], p["q4_na"])  # not the chapter's 140
    p["q4_k"] = pick(r, [3.0, 6.0, 7.0], p["q4_k"])  # not the chapter's 4
    p["q4_cl"] = p["q4_na"] + p["q4_k"] + 6.0  # neutral with 2 mM CaCl2 and 1 mM MgCl2
    p["q4_cytosol"] = pick(r, [180.0, 200.0, 275.0, 300.0], p["q4_cytosol"])  # not the chapter's 225
    p["q5_p_na"] = pick(r, [0.02, 0.03, 0.05, 0.06], p["q5_p_na"])
    p["q5_p_cl"] = pick(r, [0.1, 0.2, 0.45, 0.6], p["q5_p_cl"])
    p["q5_k_high"] = pick(r, [6.0, 8.0, 12.0, 15.0], p["q5_k_high"])
    p["q6_permeability"] = pick(r, [5e-07, 1e-06, 3e-06, 4e-06], p["q6_permeability"])
    p["q6_v_rest"] = pick(r, [-75.0, -70.0, -65.0, -55.0], p["q6_v_rest"])
    p["q6_v_hyper"] = pick(r, [-120.0, -115.0, -110.0, -105.0], p["q6_v_hyper"])
    p["q7_g_leak"] = pick(r, [0.3, 0.5, 1.2, 1.5], p["q7_g_leak"])
    p["q7_v"] = pick(r, [-75.0, -70.0, -60.0], p["q7_v"])
    p["q7_e_na"] = pick(r, [50.0, 60.0, 65.0], p["q7_e_na"])
    p["q8_delta_g"] = pick(r, [7.0, 9.0, 13.0, 14.0], p["q8_delta_g"])  # not the chapter's 10 and 12
    p["q8_ratio"] = pick(r, [200.0, 300.0, 2000.0, 5000.0], p["q8_ratio"])  # not its powers of ten
    p["q9_diameter"] = pick(r, [10.0, 15.0, 20.0, 30.0, 40.0], p["q9_diameter"])
    p["q9_v"] = pick(r, [-80.0, -75.0, -70.0, -60.0], p["q9_v"])
    p["q9_ions"] = pick(r, [250.0, 300.0, 320.0], p["q9_ions"])
    # impermeant/bath ratios away from the chapter's 100/150 (r depends on the ratio only)
    p["q10_impermeant"] = pick(r, [40.0, 50.0, 90.0, 110.0], p["q10_impermeant"])
    p["q10_bath"] = pick(r, [100.0, 130.0, 160.0], p["q10_bath"])
    return p


def references(p: dict) -> dict:
    import math

    from excitable import constants, electrochem, homeostasis, transport

    def nernst(c_out, c_in, z, celsius=37.0):
        return float(electrochem.nernst(c_out, c_in, z, celsius=celsius))

    e_cl = nernst(p["q2_cl_out"], p["q2_cl_in"], -1)
    df = float(electrochem.driving_force(p["q2_v"], e_cl))
    # I = g (V - E_Cl): positive (outward current) is carried by anions moving in
    direction = "in" if df > 0.0 else "out"

    w = float(electrochem.electrical_energy(p["q3_v"], p["q3_z"]))
    rt = float(electrochem.rt_energy(p["q3_celsius"]))

    concentrations = [p["q4_na"], p["q4_k"], 2.0, 1.0, p["q4_cl"]]
    strength = float(electrochem.ionic_strength(concentrations, [1, 1, 2, 2, -1]))
    gammas = {z: float(electrochem.activity_coefficient(strength, z, "davies", celsius=37.0)) for z in (1, 2)}
    k_in = constants.MAMMALIAN["K"].c_in
    shift = float(electrochem.activity_nernst(p["q4_k"], k_in, 1, strength, p["q4_cytosol"], celsius=37.0)
                  - electrochem.nernst(p["q4_k"], k_in, 1, celsius=37.0))

    ratios = {"K": 1.0, "Na": p["q5_p_na"], "Cl": p["q5_p_cl"]}
    base = constants.MAMMALIAN
    raised = constants.IonSet("raised", base.celsius, (constants.Ion("K", 1, p["q5_k_high"], base["K"].c_in),
                                                       base["Na"], base["Cl"]))
    rest = float(electrochem.ghk_voltage(ratios, base))
    rest_high = float(electrochem.ghk_voltage(ratios, raised))
    shift_e_k = nernst(p["q5_k_high"], base["K"].c_in, 1) - nernst(base["K"].c_out, base["K"].c_in, 1)

    i_rest = float(electrochem.ghk_current(p["q6_v_rest"], p["q6_permeability"], 1, 140.0, 4.0, celsius=37.0))
    i_hyper = float(electrochem.ghk_current(p["q6_v_hyper"], p["q6_permeability"], 1, 140.0, 4.0, celsius=37.0))
    flux = i_rest * 1e-6 / constants.FARADAY * 1e12
    flux_ratio = float(transport.ussing_flux_ratio(p["q6_v_rest"], 1, 140.0, 4.0, celsius=37.0))

    balance = homeostasis.pump_leak_balance(p["q7_g_leak"], p["q7_v"], p["q7_e_na"])

    ratio_k_na = float(electrochem.permeability_ratio(p["q8_delta_g"], celsius=37.0))
    barrier = float(electrochem.barrier_difference(p["q8_ratio"], celsius=37.0))

    area = math.pi * (p["q9_diameter"] * 1e-4) ** 2  # cm^2 of a sphere
    charge = abs(float(electrochem.membrane_charge(p["q9_v"], 1.0))) * 1e-9 * area  # nC/cm^2 -> C
    count = charge / constants.ELEMENTARY_CHARGE
    fraction = float(electrochem.charging_fraction(p["q9_v"], p["q9_diameter"], 1.0, p["q9_ions"]))

    bath, anions = p["q10_bath"], p["q10_impermeant"]
    r = float(homeostasis.donnan_ratio(bath, bath, -anions))
    potassium, chloride = bath * r, bath / r
    return {
        "q1_nernst": {"e_k": exact(nernst(p["q1_k_out"], p["q1_k_in"], 1)),
                      "e_na": exact(nernst(p["q1_na_out"], p["q1_na_in"], 1))},
        "q2_chloride": {"e_cl": exact(e_cl), "df_cl": exact(df), "cl_ions_move": direction},
        "q3_energy": {"w_elec": exact(w), "rt": exact(rt), "ratio": exact(abs(w) / rt)},
        "q4_activity": {"i_saline": exact(strength), "gamma_k": exact(gammas[1]), "gamma_ca": exact(gammas[2]),
                        "shift_e_k": exact(shift)},
        "q5_ghk": {"v_rest": exact(rest), "v_rest_high_k": exact(rest_high), "delta_v": exact(rest_high - rest),
                   "delta_e_k": exact(shift_e_k)},
        "q6_flux": {"i_k_rest": exact(i_rest), "i_k_hyper": exact(i_hyper), "flux_k": exact(flux),
                    "flux_ratio": exact(flux_ratio)},
        "q7_pump_leak": {"i_na_leak": exact(balance.leak_current),
                         "na_export": exact(balance.cycles_per_second * homeostasis.NA_PER_CYCLE),
                         "i_pump": exact(balance.net_pump_current)},
        "q8_selectivity": {"ratio_k_na": exact(ratio_k_na), "barrier": exact(barrier)},
        "q9_charge": {"n_ions": exact(count), "fraction": exact(fraction)},
        "q10_donnan": {"k_in": exact(potassium), "cl_in": exact(chloride), "donnan_ratio": exact(r),
                       "v_donnan": exact(nernst(bath, potassium, 1)),
                       "osmotic_excess": exact(potassium + chloride + anions - 2.0 * bath)},
    }
