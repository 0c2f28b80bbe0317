"""Bad-input fuzz of the public callables of ``excitable``: counts outcomes by class.

    .venv/bin/python tools/fuzz_contract.py            # counts by outcome, and the failures
    .venv/bin/python tools/fuzz_contract.py --json     # every outcome, one record per call

The callables are enumerated from the package (every public module but those of :data:`SKIPPED_MODULES`:
``plotting``, ``explorers``, ``validation``, ``coursework``; its ``__all__`` or its public names defined there,
exception classes aside), so a new function joins by itself; :data:`EXEMPT` lists what else is left out and why.
Each callable is first called with legal values (:func:`_samples`, by parameter name, overridden per callable by
:func:`_overrides`, which takes in :func:`_cable_overrides` and :func:`_initiation_overrides`); then each parameter
in turn gets every input of :data:`INPUTS`. :data:`LEGAL` lists the (callable, parameter, input) whose docstring
makes a NaN or inf result, or the input itself, legal: they count as ``ok``. Outcomes:

- ``clear``: ValueError/TypeError whose message names the parameter;
- ``wrong_name``: the package's own error (raised inside excitable) that does not name it;
- ``deep``: an error from inside numpy, scipy, numba or Python that does not name it;
- ``accepted``: a finite result for an input the contract must reject (NaN, inf, a wrong type, None);
- ``ok``: a finite result for an input that may be legal (0, negative, huge, tiny, arrays);
- ``silent_nan``: a result holding NaN or inf (where the legal call gives a finite one);
- ``hang``: no answer within the time limit.

``tests/test_contract.py`` runs the same battery in the suite.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
import signal
import sys
import traceback
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

PACKAGE_DIR = None  # set on first use: the directory of the excitable package

SKIPPED_MODULES = {
    "plotting": "presentation: draws on matplotlib axes; its inputs come from package results",
    "explorers": "widgets: every constructor keyword gets NaN, ±inf, wrong types and out-of-range values in "
                 "tests/test_contract.py::test_explorer_constructors_reject_bad_keywords_by_name, and every control "
                 "across its range is checked by tests/test_explorers_contract.py",
    "validation": "takes no input: compute() and the reference table",
    "coursework": "drives otter-grader in the reader's session (notebook paths, namespaces, a grader object), "
                  "no physics; checked by tests/test_coursework.py",
}

EXEMPT = {
    # Result containers: built by the package from checked inputs, not entry points for a user's numbers.
    **{name: "result container built by the package" for name in (
        "analysis.SpikeVerdict", "analysis.FICurve", "analysis.SpikeActs", "analysis.TemperatureSweep",
        "dynamics.FixedPoint", "fitting.PowerFit", "fitting.GateFit", "fitting.RateExtraction", "fitting.EyringFit",
        "hh.HHResult", "hh.ClampResult", "homeostasis.PumpBalance", "homeostasis.CellResult",
        "homeostasis.DonnanState", "instantaneous.InstantaneousResult", "transport.NernstPlanckSolution",
        "stimuli.Stimulus", "stimuli.NoStimulus", "stimuli.Sum", "homeostasis.CellState", "analysis.SodiumEntry",
        "fitting.BoltzmannFit", "fitting.RecoveryFit", "fitting.SodiumFit", "fitting.SodiumRateExtraction",
        "protocols.RecoveryResult", "protocols.TwoPulseResult", "cable.CableResult",
        "refractory.RecoveryCurve", "accommodation.RampResponse",
        "dynamics.LinearModes", "dynamics.LimitCycle", "dynamics.CycleBranch", "dynamics.AttractorScan",
        "phase_plane.FittedReduction", "phase_plane.PlaneFixedPoint", "phase_plane.PlaneTrajectory",
        "dynamics.BifurcationDiagram")},

    "hh.use_threading_layer": "process-wide numba setting; checked by tests/test_hh.py",
    "experiments.spike_at_twice_threshold": "takes no input",
    "analysis.boundary": "takes a predicate (a Python callable); checked by tests/test_analysis.py",
    # threshold chapter, sections 4-5 (strength_duration)
    "strength_duration.LawFit": "result container built by the package",
    "strength_duration.DynamicThreshold": "result container built by the package",
    **{name: "result container built by the package" for name in (
        "initiation.InitiationResult", "initiation.InitiationSweep", "initiation.OnsetComparison",
        "potassium.PotassiumExcitability")},
    **{f"threshold.{name}": "result container built by the package" for name in (
        "FastFixedPoint", "Separatrix", "QuasiThreshold", "GradedBand", "FastTrajectory")},
}

LEGAL = {
    **{(f"initiation.{name}", "amplitude", label): "no current, no spike: the crossing times are NaN by the docstring"
       for name in ("initiation", "initiation_sweep") for label in ("zero", "tiny")},
    # (callable, parameter, input) that the documentation makes legal, with the reason.
    **{(name, "stop", "+inf"): "stop = inf is the documented default: the current never switches off"
       for name in ("stimuli.Step", "stimuli.step", "stimuli.Ramp", "stimuli.ramp")},
    ("analysis.temperature_sweep", "stimulus", "None"): "no stimulus, no spike: half_width_ms is NaN by its docstring",
    **{(f"cable_theory.{name}", "length", "+inf"): "length = inf is the documented semi-infinite cable"
       for name in ("input_resistance", "steady_voltage")},
    ("cable.Stimulus", "duration", "+inf"): "duration = inf is the documented steady current",
    **{("phase_plane.v_nullcline", name, "huge"): "NaN marks a voltage where no n in [0, 1] balances the current, "
       "by its docstring (the drawing leaves a gap there)" for name in ("v", "i_app")},
    **{("threshold.latency", "amplitudes", label): "inf marks a pulse that fires no spike, by its docstring"
       for label in ("zero", "negative", "tiny")},
    **{("threshold.fast_v_nullcline", name, label): "NaN marks a voltage where no m in [0, 1] balances the "
       "current, by its docstring" for name in ("v", "h", "n") for label in ("zero", "negative", "huge", "tiny")},
}

NAN, INF = float("nan"), float("inf")
INPUTS = {
    # name: (value, the contract must reject it)
    "nan": (NAN, True),
    "+inf": (INF, True),
    "-inf": (-INF, True),
    "str": ("abc", True),
    "None": (None, True),
    "complex": (1 + 2j, True),
    "empty": (np.array([]), False),
    "2-D": (np.ones((2, 3)), False),
    "zero": (0.0, False),
    "negative": (-1.0, False),
    "huge": (1e12, False),
    "tiny": (1e-300, False),
}


def _result():
    from excitable import hh, stimuli
    return hh.simulate(stimuli.pulse(20.0, 1.0, 1.0), 10.0)


def _threshold_spike():
    """A spike from a pulse near its threshold (8 µA/cm² for 1 ms), so dV/dt dips below 10 mV/ms before the upstroke."""
    from excitable import hh, stimuli
    return hh.simulate(stimuli.pulse(8.0, 1.0, 1.0), 20.0)


def _reduction():
    from excitable import phase_plane
    return phase_plane.Reduction(1.2)


def _cell():
    from excitable import homeostasis
    return homeostasis.STANDARD_CELL


def _samples():
    from excitable import constants, hh, stimuli
    t = np.linspace(0.0, 5.0, 51)
    return {
        "v": -65.0, "m": 0.05, "h": 0.6, "n": 0.32, "t": t, "celsius": 6.3, "params": hh.STANDARD,
        "stimulus": stimuli.pulse(10.0, 1.0, 1.0), "stimuli": [stimuli.pulse(10.0, 1.0, 1.0)], "t_stop": 10.0,
        "dt": 0.025, "c_in": 10.0, "c_out": 100.0, "z": 1, "permeability": 1e-6, "diffusion": 1e-5,
        "thickness": 5.0, "partition": 1.0, "ions": constants.MAMMALIAN, "amplitude": 10.0, "start": 1.0,
        "duration": 1.0, "interval": 5.0, "count": 2, "slope": 1.0, "stop": 5.0, "alpha": 0.5, "beta": 0.2,
        "x0": 0.1, "x_inf": 0.9, "tau": 1.0, "exponent": 3.0, "g_inf": 10.0, "g_bar": 10.0, "gate": "m",
        "i_app": 0.0, "currents": [0.0, 10.0], "result": _result(), "concentration": 1.0, "kd": 1.0,
        "ttx_nM": 1.0, "tea_mM": 1.0, "ratio": 2.0, "delta_g": 5.0, "rate": 1.0, "distance": 1.0,
        "surface_potential": -20.0, "ionic_strength": 150.0, "diameter": 10.0, "c_m": 1.0, "g_l": 0.3,
        "e_l": -65.0, "conductance": 1.0, "e_rev": -80.0, "mobility": 1e-4, "x": np.linspace(0.0, 5.0, 11),
        "g_leak": 1.0, "e_na": 50.0, "cations_out": 150.0, "anions_out": 150.0, "fixed_charge": 50.0,
        "pump_fraction": 0.5, "p_na_over_p_k": 0.05, "valence": 1, "name": "K", "times": np.array([10.0, 30.0, 50.0]),
        "transient": 5.0, "voltages": [-20.0], "charge": 1.0, "low": 0.0, "high": 20.0, "xtol": 0.5,
        "mu0": 0.0, "potential": 0.0, "activity_coefficient": 1.0, "q10": 3.0,
        # myelin (chapter 5)
        "n_wraps": 100.0, "r_m": 1000.0, "g_m": 0.3, "c_sheath": 0.005, "normal_wraps": 100.0, "period": 0.016,
        "axon_diameter": 6.0, "fibre_diameter": 10.0, "velocity": 50.0, "new_diameter": 5.0, "bare_velocity": 1.0,
        "bare_diameter": 1.0, "myelinated_velocity": 50.0, "myelinated_diameter": 10.0, "delta_v": 100.0,
        "node_length": 3.183, "internode_length": 2000.0,
    }


def _overrides():
    from excitable import constants, stimuli
    cell = _cell()
    t = np.linspace(0.0, 5.0, 51)
    g_record = 10.0 * (1.0 - np.exp(-t / 1.0)) ** 3
    conc = {"K": (4.0, 140.0), "Na": (145.0, 12.0), "Cl": (110.0, 10.0)}
    perm = {"K": 1.0, "Na": 0.05, "Cl": 0.45}
    spike = _result()
    return {
        "analysis.spike_times": {"t": spike.t, "v": spike.v},
        "analysis.half_width": {"t": spike.t, "v": spike.v, "v_rest": -65.0},
        "analysis.steady_rate": {"duration": 60.0},
        "analysis.fi_curve": {"duration": 50.0, "currents": [10.0]},
        "analysis.repetitive_onset": {"duration": 50.0, "low": 0.0, "high": 20.0, "abs_tol": 2.0},
        "analysis.heat_block": {"t_stop": 10.0, "stimulus": stimuli.pulse(20.0, 1.0, 1.0), "xtol": 2.0,
                                "check_points": 5},
        "analysis.heat_dt": {"celsius": 20.0},
        "analysis.temperature_sweep": {"celsius": [6.3, 20.0], "stimulus": stimuli.pulse(20.0, 1.0, 1.0)},
        "analysis.threshold_depolarization": {"t_stop": 10.0, "abs_tol": 0.5},
        "dynamics.hopf_currents": {"low": 0.0, "high": 20.0, "step": 5.0},
        "dynamics.stability_scan": {"currents": [0.0, 10.0]},
        # chapter 4 (excitability dynamics): cheap legal calls of the cycle and phase-plane functions
        "dynamics.limit_cycle": {"i_app": 8.0, "samples": 10},
        "dynamics.cycle_branch": {"i_start": 8.0, "max_points": 3},
        "dynamics.cycles_from_hopf": {"i_stop": 9.7, "max_cycles": 2},
        "dynamics.attractor_scan": {"currents": [0.0, 10.0], "t_stop": 20.0, "window": 10.0},
        "dynamics.linear_modes": {"i_app": 0.0},
        "dynamics.ringing": {"i_app": 0.0},
        "phase_plane.Reduction": {"slope": 1.2},
        "phase_plane.fit_h_slope": {"n": np.array([0.3, 0.5, 0.7]), "h": np.array([0.6, 0.4, 0.2])},
        "phase_plane.reduced_derivatives": {"reduction": _reduction()},
        "phase_plane.v_nullcline": {"v": np.array([-70.0, -50.0]), "reduction": _reduction()},
        "phase_plane.reduced_jacobian": {"v": -65.0, "n": 0.32, "reduction": _reduction()},
        "phase_plane.reduced_fixed_points": {"reduction": _reduction()},
        "phase_plane.simulate_reduced": {"reduction": _reduction(), "t_stop": 5.0},
        "phase_plane.reduced_threshold_kick": {"reduction": _reduction(), "t_stop": 10.0, "abs_tol": 1.0},
        "phase_plane.fitzhugh_nagumo_derivatives": {"v": -1.0, "w": -0.5},
        "phase_plane.fitzhugh_nagumo_nullclines": {"v": np.array([-1.0, 0.0, 1.0])},
        "phase_plane.simulate_fitzhugh_nagumo": {"t_stop": 5.0},
        "fitting.fit_power_onset": {"t": t, "g": g_record},
        "fitting.fit_gate_record": {"t": t, "g": g_record, "g_bar": 10.0},
        "fitting.noisy_record": {"g": g_record, "noise_sd": 0.1, "rng": np.random.default_rng(0)},
        "fitting.extract_k_rates": {"voltages": [-20.0], "duration": 6.0, "dt": 0.1},
        "fitting.fit_eyring": {"v": np.array([-60.0, -20.0, 20.0]), "rate": np.array([0.1, 0.3, 0.9])},
        "fitting.rates_from_gate": {"x_inf": 0.5, "tau": 2.0},
        "electrochem.nernst": {"c_out": 100.0, "c_in": 10.0},
        "electrochem.ionic_strength": {"concentrations": [150.0, 150.0], "valences": [1, -1]},
        "electrochem.ghk_voltage": {"permeabilities": perm, "ions": constants.MAMMALIAN},
        "electrochem.resting_state": {"concentrations": conc, "permeabilities": perm, "celsius": 37.0},
        "electrochem.resting_with_ratio": {"celsius": 37.0},
        "electrochem.activity_nernst": {"ionic_strength_out": 150.0, "ionic_strength_in": 150.0, "celsius": 37.0},
        "electrochem.activity_coefficient": {"celsius": 37.0},
        "electrochem.debye_length": {"celsius": 37.0},
        "electrochem.debye_huckel_a": {"celsius": 37.0},
        "electrochem.debye_huckel_b": {"celsius": 37.0},
        "electrochem.screened_potential": {"celsius": 37.0},
        "electrochem.water_permittivity": {"celsius": 37.0},
        "constants.water_permittivity": {"celsius": 37.0},
        "constants.IonSet": {"name": "test", "celsius": 37.0, "ions": constants.MAMMALIAN.ions},
        "constants.Ion": {"name": "K", "valence": 1, "c_out": 4.0, "c_in": 140.0},
        "homeostasis.pump_leak_balance": {"v": -70.0},
        "homeostasis.pump_current": {"params": cell, "na_i": 12.0},
        "homeostasis.simulate": {"params": cell, "t_stop": 1000.0, "samples": 20},
        "homeostasis.membrane_potential": {"params": cell, "na_i": 12.0, "k_i": 140.0, "cl_i": 10.0},
        "homeostasis.steady_state": {"params": cell},
        "homeostasis.rundown_time": {"params": cell},
        "homeostasis.donnan_state": {"params": cell},
        "homeostasis.pump_change": {"t_stop": 1000.0, "samples": 20},
        "homeostasis.CellParams": dict(dataclasses.asdict(cell)),
        "homeostasis.calibrated_cell": {},
        "transport.nernst_planck_steady_state": {"nodes": 21},
        "transport.analytic_profile": {"x": np.linspace(0.0, 5.0, 11)},
        "gating.subunit_open_probability": {"t": np.array([0.0, 1.0])},
        "stimuli.Train": {"amplitude": 10.0, "start": 1.0, "duration": 1.0, "interval": 5.0, "count": 2},
        "stimuli.paired_pulse": {"interval": 5.0},
        "instantaneous.simulate_instantaneous": {"t_stop": 5.0},
        "hh.simulate": {"t_stop": 5.0},
        "hh.simulate_batch": {"t_stop": 5.0},
        "hh.voltage_clamp": {"steps": [(0.0, 1.0)]},
        "hh.time_axis": {"t_stop": 5.0},
        "hh.derivatives": {"state": (-65.0, 0.05, 0.6, 0.32)},
        "analysis.thresholds": {"t_stop": 10.0, "rel_tol": 0.05},
        "analysis.threshold": {"t_stop": 10.0, "rel_tol": 0.05},
        "experiments.threshold_pulse": {"duration": 1.0},
        "passive.step_response": {"start": 1.0, "duration": 2.0},
        "fitting.boltzmann": {"v": np.linspace(-100.0, 0.0, 11), "v_half": -60.0, "slope": 7.0},
        "fitting.fit_boltzmann": {"v": np.linspace(-100.0, 0.0, 11),
                                  "y": 1.0 / (1.0 + np.exp((np.linspace(-100.0, 0.0, 11) + 60.0) / 7.0))},
        "fitting.recovery_curve": {"plateau": 1.0, "depth": 0.8, "tau": 5.0},
        "fitting.fit_recovery": {"interval": np.linspace(0.0, 30.0, 11),
                                 "fraction": 1.0 - 0.8 * np.exp(-np.linspace(0.0, 30.0, 11) / 5.0)},
        "fitting.sodium_onset": {"m0": 0.05, "m_inf": 0.9, "tau_m": 0.3, "h0": 0.6, "h_inf": 0.05, "tau_h": 1.0},
        "fitting.fit_sodium_record": {"t": t, "g": 20.0 * (0.9 - 0.85 * np.exp(-t / 0.3)) ** 3
                                      * (0.05 + 0.55 * np.exp(-t / 1.0)), "g_bar": 20.0, "m0": 0.05, "h0": 0.6},
        "fitting.extract_na_rates": {"voltages": [-20.0], "duration": 5.0},
        "formatting.for_people": {"value": 12.345},
        "protocols.recovery": {"intervals": [1.0, 5.0], "conditioning_duration": 5.0, "test_duration": 2.0,
                               "dt": 0.05},
        "protocols.sodium_step": {"voltage": -20.0, "duration": 5.0},
        "protocols.two_pulse": {"prepulse": [-80.0, -50.0], "prepulse_duration": 10.0, "test_duration": 2.0,
                                "dt": 0.05},
        "analysis.sodium_entry": {"result": spike},
        # myelin (chapter 5): the cylindrical sheath, so that axon_diameter and period are fuzzed with a partner
        **{f"myelin.{name}": {"axon_diameter": 2.0, "period": 0.016}
           for name in ("sheath_capacitance", "sheath_resistance", "sheath_conductance")},
        "myelin.conducts": {"t_stop": 4.0},
        "myelin.fibre_at_g_ratio": {"g_ratio": 0.6, "g_leak": 0.3},
        # cable_theory (propagation chapter): the squid axon's cable constants
        **{f"cable_theory.{name}": {"diameter": 476.0, "r_i": 35.4, "g_m": 1.0} for name in (
            "length_constant", "input_resistance")},
        "cable_theory.axial_resistance_per_length": {"diameter": 476.0, "r_i": 35.4},
        "cable_theory.membrane_resistance_per_length": {"diameter": 476.0, "g_m": 1.0},
        "cable_theory.capacitance_per_length": {"diameter": 476.0, "c_m": 1.0},
        "cable_theory.steady_voltage": {"x": np.linspace(0.0, 5.0, 11), "current": 1.0, "diameter": 476.0,
                                        "r_i": 35.4, "g_m": 1.0, "length": 10.0},
        "cable_theory.charging_infinite": {"time_in_tau": np.linspace(0.0, 3.0, 7), "distance_in_lambda": 0.5},
        "cable_theory.charging_sealed": {"time_in_tau": np.linspace(0.0, 3.0, 7), "distance_in_lambda": 0.5,
                                         "electrotonic_length": 2.0, "terms": 200},
        "cable_theory.equalizing_time_constants": {"electrotonic_length": 2.0},
        "cable_theory.travelling_wave_constant": {"velocity": 18.8, "diameter": 476.0, "r_i": 35.4},
        "cable_theory.velocity_from_constant": {"k": 10.47, "diameter": 476.0, "r_i": 35.4},
        "cable_theory.spike_length": {"velocity": 18.8, "duration": 2.0},
        **{f"cable_theory.{name}": {"x": np.linspace(0.0, 5.0, 11), "v": np.linspace(-65.0, 20.0, 11) ** 2 / 100.0,
                                    "diameter": 476.0, "r_i": 35.4} for name in (
            "axial_current", "membrane_current_density")},
        # refractoriness chapter (sections 1-3): small, quick protocols
        "refractory.gate_frozen_params": {"gate": "n", "value": 0.5},
        "refractory.recovery_thresholds": {"intervals": [10.0], "rel_tol": 0.05},
        "refractory.fires_at": {"intervals": [10.0], "amplitudes": 20.0},
        "refractory.absolute_refractory_period": {"cap": 50.0, "search": (4.0, 8.0)},
        "refractory.supernormal_minimum": {"window": (18.0, 20.0), "step": 1.0},
        "refractory.paired_pulse_run": {"interval": 10.0, "test_amplitude": 20.0, "t_after": 5.0},
        "refractory.train_spike_counts": {"periods": [5.0], "multiple": 10.0, "count": 3},
        "refractory.following_limit": {"multiple": 10.0, "count": 3, "search": (5.0, 8.0), "step": 0.5},
        "accommodation.RampToPlateau": {"slope": 1.0, "plateau": 10.0},
        "accommodation.ramp_first_spike": {"slopes": [1.0], "plateau": 10.0, "hold": 10.0},
        "accommodation.minimal_slope": {"plateau": 8.0, "hold": 20.0, "bracket": (0.05, 5.0), "rel_tol": 0.3},
        "accommodation.anode_break_fires": {"amplitudes": [5.0], "durations": [10.0]},
        "accommodation.anode_break_thresholds": {"durations": [10.0], "rel_tol": 0.05},
        # threshold chapter, sections 4-5: short pulses, loose tolerances, a spike trace for the operational rules
        "strength_duration.pulse_dt": {"duration": 1.0},
        "strength_duration.pulse_start": {"dt": 0.025},
        "strength_duration.strength_duration": {"durations": [1.0], "rel_tol": 0.01},
        "strength_duration.pulse_response": {"amplitude": 10.0, "duration": 1.0, "t_after": 10.0},
        "strength_duration.rheobase": {"rel_tol": 0.01},
        "strength_duration.chronaxie": {"rel_tol": 0.05},
        "strength_duration.charge_threshold": {"duration": 0.1, "rel_tol": 0.01},
        "strength_duration.depolarization_equivalent": {"duration": 0.1, "rel_tol": 0.01},
        **{f"strength_duration.{name}": {"durations": [0.1, 1.0, 10.0], "rheobase_value": 2.0, "chronaxie_value": 1.0}
           for name in ("lapicque_law", "weiss_law")},
        **{f"strength_duration.{name}": {"durations": [0.1, 0.3, 1.0, 3.0, 10.0],
                                         "thresholds": [22.0, 8.6, 4.0, 2.7, 2.2]}
           for name in ("fit_lapicque", "fit_weiss")},
        **{f"strength_duration.{name}": {"t": _threshold_spike().t, "v": _threshold_spike().v}
           for name in ("threshold_by_dvdt", "threshold_by_kink", "onset_rapidity")},
        "strength_duration.dynamic_threshold": {"slopes": [10.0], "dt": 0.025},
        # threshold chapter, sections 1-3: short runs
        "threshold.step_response_slopes": {"times": np.array([0.0, 0.5, 1.0]), "dt": 0.01},
        "threshold.latency": {"amplitudes": [10.0], "duration": 1.0},
        "threshold.separatrix": {"t_max": 5.0},
        "threshold.quasi_threshold_band": {"offsets": [1e-2]},
        "threshold.graded_band": {"step": 1e-3, "points": 5},
        "threshold.simulate_fast": {"v0": -60.0, "t_stop": 5.0},
        **_cable_overrides(),
        **_initiation_overrides(),
    }


def _cable_overrides():
    """Small axons and a short run, so each fuzzed call of excitable.cable takes milliseconds."""
    from excitable import cable
    small = cable.uniform_axon(476.0, 2000.0, 20)
    passive = cable.uniform_axon(10.0, 2000.0, 40, 100.0, membrane=cable.Passive(g=1.0))
    ais = cable.soma_ais_axon(axon_length=100.0)
    result = cable.simulate(small, 1.5, 0.025, [cable.Stimulus(0, 5000.0, 0.1, 0.5)])
    return {
        "cable.Axon": {"diameter": np.full(3, 10.0), "length": np.full(3, 10.0), "c_m": np.ones(3),
                       "r_i": np.full(3, 100.0), "membranes": cable.Passive(), "activation_shift": np.zeros(3)},
        "cable.Stimulus": {"site": 0, "amplitude": 1.0},
        "cable.uniform_axon": {"n_compartments": 50},
        "cable.myelinated_axon": {"n_nodes": 3},
        "cable.soma_ais_axon": {"axon_length": 100.0},
        "cable.ac_length_constant": {"diameter": 10.0, "r_i": 100.0, "c_m": 1.0},
        "cable.ais_compartments": {"axon": ais},
        "cable.rest_state": {"axon": ais},
        "cable.resting_potentials": {"axon": ais},
        "cable.max_step": {"axon": small},
        "cable.simulate": {"axon": small, "t_stop": 1.0, "stimuli": [cable.Stimulus(0, 5000.0, 0.1, 0.5)]},
        "cable.crossing_times": {"result": result},
        "cable.conduction_velocity": {"result": result},
        "cable.spatial_extent": {"result": result, "time": 1.0},
        "cable.reaches": {"result": result, "site": 10},
        "cable.velocity_between": {"result": result, "site_a": 5, "site_b": 10},
        "cable.measured_length_constant": {"axon": passive, "t_stop": 20.0, "dt": 0.1},
        "cable.myelin_block_factor": {"node": 4, "xtol": 8.0, "t_stop": 2.0, "axon_options": {"n_nodes": 6}},
    }


def _initiation_overrides():
    """Chapter 2, sections 6-7 (initiation, potassium): a short cell and a short run, so each call is quick."""
    from excitable import cable, hh, initiation, stimuli
    cell = initiation.reference_cell(axon_length=100.0, compartment_length=10.0)
    run = cable.simulate(cell, 8.0, 0.025, [cable.Stimulus(0, 0.06, 1.0, 10.0)])
    spike = hh.simulate(stimuli.pulse(20.0, 1.0, 1.0), 10.0, 0.01)
    quick = {"axon": cell, "t_stop": 8.0, "dt": 0.025}
    return {
        "initiation.reference_cell": {},
        "initiation.initiation_site": {"result": run},
        "initiation.initiation": quick,
        "initiation.initiation_sweep": {"parameter": "ais_start", "values": [10.0, 20.0], "t_stop": 8.0, "dt": 0.025,
                                        "base": {"axon_length": 100.0, "compartment_length": 10.0}},
        "initiation.rest_growth_rate": {"axon": cell},
        "initiation.phase_plot": {"t": spike.t, "v": spike.v},
        "initiation.onset_comparison": {**quick, "dt": 0.01},
        "potassium.e_k_shift": {"k_out": 20.0},
        "potassium.potassium_params": {"k_out": 20.0},
        "potassium.potassium_excitability": {"k_out": [10.0, 15.0], "dt": 0.05},
    }


def public_callables():
    """(qualified name, object) of every public callable of excitable, minus the exempt ones; and the exemptions."""
    global PACKAGE_DIR
    import excitable
    PACKAGE_DIR = str(Path(excitable.__file__).parent)
    found, exempt = [], {}
    for info in pkgutil.iter_modules(excitable.__path__):
        if info.name.startswith("_"):
            continue
        if info.name in SKIPPED_MODULES:
            exempt[f"{info.name}.*"] = SKIPPED_MODULES[info.name]
            continue
        module = importlib.import_module(f"excitable.{info.name}")
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in sorted(names):
            obj = getattr(module, name)
            if not callable(obj) or isinstance(obj, dict):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue  # an exception class is raised by the package, not called with a reader's input
            home = getattr(obj, "__module__", None)
            if home != module.__name__ and not hasattr(obj, "ufunc"):
                continue  # imported from elsewhere: tested where it is defined
            qualified = f"{info.name}.{name}"
            if qualified in EXEMPT:
                exempt[qualified] = EXEMPT[qualified]
                continue
            found.append((qualified, obj))
    return found, exempt


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _nonfinite(value, depth=0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, (bool, str, type(None))):
        return False
    if isinstance(value, (int, float, complex, np.number)):
        return not np.isfinite(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.all(np.isfinite(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_nonfinite(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return any(_nonfinite(v, depth + 1) for v in value.values())
    if isinstance(value, (tuple, list)):
        return any(_nonfinite(v, depth + 1) for v in value[:50])
    return False


def _names(message: str, parameter: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(parameter)}(?![A-Za-z0-9_])", message) is not None


def _raised_inside(error: BaseException) -> bool:
    """Whether the package raised ``error`` itself (a ``raise`` statement in excitable), not Python or a library."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(PACKAGE_DIR) and (frames[-1].line or "").startswith(
        ("raise", "return _fail", "_fail("))


def call(obj, kwargs, limit: float):
    """(outcome kind, value or exception) of one call under a time limit of ``limit`` seconds."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = obj(**kwargs)
        return "returned", value
    except _Timeout:
        return "hang", None
    except Exception as error:  # noqa: BLE001 - classifying every error is the point
        return "raised", error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def classify(parameter: str, must_reject: bool, kind: str, value, baseline_finite: bool) -> tuple[str, str]:
    if kind == "hang":
        return "hang", ""
    if kind == "raised":
        message = f"{type(value).__name__}: {value}"
        if isinstance(value, (ValueError, TypeError)) and _names(str(value), parameter):
            return "clear", message
        return ("wrong_name" if _raised_inside(value) else "deep"), message
    if baseline_finite and _nonfinite(value):
        return "silent_nan", ""
    return ("accepted" if must_reject else "ok"), ""


def baseline_arguments(qualified, obj, samples, overrides):
    """Keyword arguments of a legal call: required parameters from the samples, defaults otherwise."""
    signature = inspect.signature(obj)
    kwargs = {}
    extra = overrides.get(qualified, {})
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name in extra:
            kwargs[parameter.name] = extra[parameter.name]
        elif parameter.default is not parameter.empty:
            continue
        elif parameter.name in samples:
            kwargs[parameter.name] = samples[parameter.name]
        elif qualified.startswith("homeostasis.") and parameter.name == "params":
            kwargs[parameter.name] = _cell()
        else:
            return None, f"no sample value for required parameter {parameter.name!r}"
    if qualified.startswith("homeostasis.") and "params" in signature.parameters and "params" not in kwargs:
        pass
    return kwargs, ""


def run(limit: float = 3.0, inputs=None, only=None, verbose=False):
    """Fuzz every public callable; returns (records, exemptions, callables without a legal call)."""
    samples, overrides = _samples(), _overrides()
    callables, exempt = public_callables()
    inputs = INPUTS if inputs is None else {k: INPUTS[k] for k in inputs}
    records, no_baseline = [], {}
    for qualified, obj in callables:
        if only and not any(qualified.startswith(prefix) for prefix in only):
            continue
        kwargs, why = baseline_arguments(qualified, obj, samples, overrides)
        if kwargs is None:
            no_baseline[qualified] = why
            continue
        kind, value = call(obj, dict(kwargs), 4 * limit)
        if kind != "returned":
            no_baseline[qualified] = f"legal call failed: {kind} {value!r}"[:300]
            continue
        baseline_finite = not _nonfinite(value)
        for parameter in inspect.signature(obj).parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            for label, (bad, must_reject) in inputs.items():
                if label == "None" and parameter.default is None:
                    continue
                if label == "str" and isinstance(kwargs.get(parameter.name, parameter.default), str):
                    bad = 3.5
                arguments = dict(kwargs)
                arguments[parameter.name] = bad
                kind, value = call(obj, arguments, limit)
                outcome, message = classify(parameter.name, must_reject, kind, value, baseline_finite)
                if (qualified, parameter.name, label) in LEGAL and outcome in ("accepted", "silent_nan"):
                    outcome = "ok"
                records.append({"callable": qualified, "parameter": parameter.name, "input": label,
                                "outcome": outcome, "message": message[:200]})
                if verbose:
                    print(qualified, parameter.name, label, outcome, message[:100], flush=True)
    return records, exempt, no_baseline


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print every record as JSON")
    parser.add_argument("--limit", type=float, default=3.0, help="seconds per call before it counts as a hang")
    parser.add_argument("--only", nargs="*", help="qualified-name prefixes to fuzz (e.g. hh. analysis.threshold)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    records, exempt, no_baseline = run(args.limit, only=args.only, verbose=args.verbose)
    if args.json:
        json.dump({"records": records, "exempt": exempt, "no_baseline": no_baseline}, sys.stdout, indent=1)
        return 0
    callables = {r["callable"] for r in records}
    print(f"{len(callables)} callables fuzzed, {len(records)} inputs; {len(exempt)} exempt; "
          f"{len(no_baseline)} without a legal call")
    must = [r for r in records if INPUTS[r["input"]][1]]
    print("inputs the contract must reject:", len(must))
    for outcome, number in Counter(r["outcome"] for r in must).most_common():
        print(f"  {outcome:12s} {number:6d}  {100 * number / max(len(must), 1):5.1f} %")
    other = [r for r in records if not INPUTS[r["input"]][1]]
    print("other inputs (0, negative, huge, tiny, empty and 2-D arrays):", len(other))
    for outcome, number in Counter(r["outcome"] for r in other).most_common():
        print(f"  {outcome:12s} {number:6d}  {100 * number / max(len(other), 1):5.1f} %")
    bad = [r for r in records if r["outcome"] in ("deep", "hang", "silent_nan", "wrong_name")
           or (r["outcome"] == "accepted")]
    print("\nfailures by callable and parameter:")
    for (name, parameter), _number in sorted(Counter((r["callable"], r["parameter"]) for r in bad).items()):
        kinds = Counter(r["outcome"] for r in bad if r["callable"] == name and r["parameter"] == parameter)
        print(f"  {name}({parameter}): {dict(kinds)}")
    for name, why in no_baseline.items():
        print(f"  no legal call: {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
