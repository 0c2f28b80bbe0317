"""Every validated number agrees with its published value; the CLI prints them."""

import json
import subprocess
import sys

import pytest

from excitable import validation

REQUIRED_KEYS = {
    "rest_mV", "spike_peak_mV", "ahp_min_mV", "threshold_1ms_uA_cm2", "threshold_0p1ms_uA_cm2",
    "rheobase_uA_cm2", "threshold_depolarization_mV", "repetitive_onset_uA_cm2", "hopf_lower_uA_cm2",
    "hopf_upper_uA_cm2",
    "rate_at_10_uA_cm2_Hz", "rate_at_20_uA_cm2_Hz", "rate_at_50_uA_cm2_Hz",
    # chapter 1, electrochemistry (issue 3)
    "e_k_mV", "e_na_mV", "e_cl_mV", "ghk_rest_mV", "ghk_rest_k8_mV", "rt_kJ_mol",
    "electrical_energy_minus70mV_kJ_mol", "permeability_ratio_12kJ", "debye_length_nm",
    "activity_coeff_davies_0p15M", "charging_fraction_10um_cell", "pump_current_pA",
    # chapter 3, gating (issue 4)
    "spike_half_width_ms", "tau_m_at_rest_ms", "tau_h_at_rest_ms", "tau_n_at_rest_ms", "fitted_k_exponent",
    "heat_block_celsius",
    # chapter 5, propagation (issue 14)
    "cv_squid_18p5C_m_s", "cv_squid_6p3C_m_s", "length_constant_squid_mm", "cv_diameter_exponent",
    "cv_myelinated_m_s", "myelin_block_factor_uniform",
    # chapter 4, refractoriness, sections 1-3 (issue 16)
    "arp_cap50_ms", "relative_threshold_10ms", "supernormal_min_ratio", "anode_break_threshold_uA_cm2",
    # chapter 4, excitability dynamics (issue 16, sections 4-6)
    "rest_eigenvalue_real_per_ms", "rest_ringing_Hz", "onset_frequency_Hz",
    # chapter 2, threshold: strength and duration (issue 15, sections 4-5)
    "chronaxie_ms", "charge_threshold_nC_cm2",
    # chapter 2, threshold, sections 1-3 (issue 15)
    "fast_iv_threshold_mV",
}


@pytest.fixture(scope="module")
def values():
    """Every validated value as ``python -m excitable.validation --json`` prints it: one computation serves the
    test of the command and the test of every value."""
    run = subprocess.run([sys.executable, "-m", "excitable.validation", "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.parametrize("key", sorted(validation.REFERENCES))
def test_value_agrees_with_the_literature(values, key):
    reference = validation.REFERENCES[key]
    assert values[key] == pytest.approx(reference.published, abs=reference.tolerance), reference.source


def test_every_required_key_has_a_reference():
    assert REQUIRED_KEYS <= set(validation.REFERENCES), REQUIRED_KEYS - set(validation.REFERENCES)


def test_every_reference_cites_an_entry_of_the_bibliography():
    with open("book/references.bib", encoding="utf-8") as bib:
        text = bib.read()
    for reference in validation.REFERENCES.values():
        for key in reference.source.split(","):
            assert "{" + key.strip() + "," in text, key


def test_json_output_has_every_required_key(values):
    assert REQUIRED_KEYS <= set(values)
    assert all(isinstance(values[k], float) for k in REQUIRED_KEYS)
