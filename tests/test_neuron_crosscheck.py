"""The NEURON values recorded in the validation table are what NEURON computes.

NEURON is a development dependency (requirements-dev.txt, installed by
``make test``); without it these tests are skipped.
"""

import sys
from pathlib import Path

import pytest

from excitable import validation

pytest.importorskip("neuron")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import neuron_reference  # noqa: E402

NEURON_KEYS = sorted(k for k, r in validation.REFERENCES.items() if r.kind == validation.NEURON)


@pytest.fixture(scope="module")
def neuron_values():
    return neuron_reference.reference_values()


def test_every_neuron_reference_is_computed(neuron_values):
    assert set(NEURON_KEYS) == set(neuron_values)


@pytest.mark.parametrize("key", NEURON_KEYS)
def test_recorded_reference_matches_a_fresh_neuron_run(neuron_values, key):
    reference = validation.REFERENCES[key]
    assert neuron_values[key] == pytest.approx(reference.published, abs=0.2 * reference.tolerance)
