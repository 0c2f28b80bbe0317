"""The initial-segment explorer computes what the package computes, and no control position breaks it."""

import itertools

import numpy as np
import pytest

from excitable import initiation
from excitable.explorers import InitialSegmentExplorer


@pytest.fixture(scope="module")
def explorer():
    return InitialSegmentExplorer()


def test_default_site_is_the_package_site(explorer):
    explorer.set(ais_na_factor=5.0, ais_activation_shift=-2.0, ais_start=10.0, ais_length=30.0)
    axon = initiation.reference_cell(axon_length=150.0)
    expected = initiation.initiation(axon, explorer.amplitude, explorer.t_stop, t_stop=explorer.t_stop,
                                     dt=explorer.dt)
    assert explorer.start.site == expected.site and explorer.start.in_ais
    assert explorer.start.somatic_delay == pytest.approx(expected.somatic_delay, abs=1e-12)
    assert f"{1000 * expected.somatic_delay:.0f} µs later" in explorer.verdict.text and explorer.verdict.highlight
    # the explorer's axon is shorter than the reference cell's (a smaller sink beyond the AIS): the spike still
    # starts in the AIS, within one compartment of the reference cell's site
    reference = initiation.initiation()
    assert reference.in_ais and abs(explorer.start.site - reference.site) <= 1


def test_uniform_cell_starts_in_the_soma_and_a_rich_ais_fires_on_its_own(explorer):
    explorer.set(ais_na_factor=1.0, ais_activation_shift=0.0, ais_start=10.0, ais_length=30.0)
    assert explorer.start.site == 0 and "starts in the soma" in explorer.verdict.text
    explorer.set(ais_na_factor=10.0, ais_activation_shift=-2.0)
    assert explorer.start.spontaneous and "fires on its own" in explorer.verdict.text
    explorer.set(ais_na_factor=5.0)


def test_a_farther_ais_delays_the_soma_more(explorer):
    explorer.set(ais_na_factor=5.0, ais_activation_shift=-2.0, ais_start=0.0, ais_length=30.0)
    near = explorer.start.somatic_delay
    explorer.set(ais_start=40.0)
    assert explorer.start.somatic_delay > near > 0
    explorer.set(ais_start=10.0)


def test_no_current_no_spike():
    quiet = InitialSegmentExplorer(amplitude=0.0)
    assert not quiet.start.fired and "no spike" in quiet.verdict.text


def test_corners_give_finite_output_and_a_verdict(explorer):
    ends = {name: [c.min, c.max] for name, c in explorer.controls.items()}
    for values in itertools.product(*ends.values()):
        explorer.set(**dict(zip(ends, values)))
        assert explorer.image.value[:4] == b"\x89PNG"
        assert np.all(np.isfinite(explorer.start.result.v))
        assert "nan" not in explorer.verdict.text.lower()
    explorer.set(ais_na_factor=5.0, ais_activation_shift=-2.0, ais_start=10.0, ais_length=30.0)
