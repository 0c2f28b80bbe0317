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
}


@pytest.fixture(scope="module")
def values():
    return validation.compute()


@pytest.mark.parametrize("key", sorted(validation.REFERENCES))
def test_value_agrees_with_the_literature(values, key):
    reference = validation.REFERENCES[key]
    assert values[key] == pytest.approx(reference.published, abs=reference.tolerance), reference.source


def test_every_reference_cites_an_entry_of_the_bibliography():
    with open("book/references.bib", encoding="utf-8") as bib:
        text = bib.read()
    for reference in validation.REFERENCES.values():
        for key in reference.source.split(","):
            assert "{" + key.strip() + "," in text, key


def test_json_output_has_every_required_key():
    output = subprocess.run([sys.executable, "-m", "excitable.validation", "--json"],
                            capture_output=True, text=True, check=True).stdout
    values = json.loads(output)
    assert REQUIRED_KEYS <= set(values)
    assert all(isinstance(values[k], float) for k in REQUIRED_KEYS)
