"""The spike dissector and the temperature explorer: controls act, numbers are right, nothing breaks."""

import itertools

import numpy as np
import pytest

from excitable import analysis, drugs, hh
from excitable.explorers import dissect, temperature
from excitable.explorers.dissect import SpikeDissector
from excitable.explorers.temperature import TemperatureExplorer


@pytest.fixture(scope="module")
def dissector():
    return SpikeDissector()


@pytest.fixture(scope="module")
def warmth():
    return TemperatureExplorer()


def _finite_artists(explorer):
    for name, artist in explorer._artists.items():
        if hasattr(artist, "get_xydata"):
            assert np.all(np.isfinite(artist.get_xydata())), name


def test_default_dissection_is_a_spike_in_four_acts(dissector):
    assert dissector.acts is not None and dissector.verdict.highlight
    assert dissector.acts.v_peak > 30.0
    assert dissector.reading["act"] == dissector.acts.act_at(dissector.reading["t"])


def test_every_control_changes_the_picture(dissector):
    base_png, base_v = dissector.image.value, dissector.result.v.copy()
    for name, value in (("amplitude", 40.0), ("celsius", 20.0), ("ttx_nM", 3.0), ("tea_mM", 0.5),
                        ("pronase", True), ("cursor", 10.0)):
        start = dissector.values[name]
        dissector.set(**{name: value})
        assert dissector.image.value != base_png, name
        if name != "cursor":
            v = dissector.result.v
            assert v.shape != base_v.shape or not np.array_equal(v, base_v), name
        dissector.set(**{name: start})


def test_cursor_reads_the_simulation(dissector):
    dissector.set(cursor=3.0)
    r, reading = dissector.result, dissector.reading
    k = int(np.argmin(np.abs(r.t - reading["t"])))
    assert reading["v"] == r.v[k] and reading["i_ion"] == pytest.approx(r.i_ion[k])
    assert reading["chord"] == pytest.approx(analysis.chord_potential(r)[k])


def test_dissector_drugs_reach_the_membrane(dissector):
    dissector.set(ttx_nM=2.0, tea_mM=0.4, pronase=True, celsius=10.0)
    p = dissector.result.params
    assert p.g_na == pytest.approx(120.0 * drugs.ttx_unblocked_fraction(2.0))
    assert p.g_k == pytest.approx(18.0) and p.inactivation is False and p.celsius == 10.0
    assert np.all(dissector.result.h == 1.0)
    dissector.set(ttx_nM=0.0, tea_mM=0.0, pronase=False, celsius=6.3)


def test_ttx_abolishes_the_spike_in_the_dissector(dissector):
    dissector.set(ttx_nM=20.0)
    assert dissector.acts is None and not dissector.verdict.highlight
    dissector.set(ttx_nM=0.0)


def test_dissector_corners_and_grid_stay_finite():
    explorer = SpikeDissector()
    ranges = {"amplitude": dissect.AMPLITUDE_RANGE, "celsius": dissect.TEMPERATURE_RANGE,
              "ttx_nM": dissect.TTX_RANGE, "tea_mM": dissect.TEA_RANGE, "pronase": (False, True),
              "cursor": (0.0, explorer.t_stop)}
    for corner in itertools.product(*ranges.values()):
        explorer.set(**dict(zip(ranges, corner)))
        assert np.all(np.isfinite(explorer.result.v))
        assert all(np.isfinite(v) for k, v in explorer.reading.items() if k != "act")
        _finite_artists(explorer)
    for amplitude, celsius in itertools.product(np.linspace(*dissect.AMPLITUDE_RANGE, 4),
                                                np.linspace(*dissect.TEMPERATURE_RANGE, 5)):
        explorer.set(amplitude=float(amplitude), celsius=float(celsius), ttx_nM=1.0, tea_mM=0.2, pronase=False)
        assert np.all(np.isfinite(explorer.result.v))
        _finite_artists(explorer)


def test_temperature_explorer_matches_the_validation_numbers(warmth):
    warmth.set(celsius=6.3)
    assert warmth.verdict.highlight
    spike = hh.simulate(warmth.stimulus, warmth.t_stop, 0.025)
    assert warmth.half_width_ms == pytest.approx(analysis.spike_half_width(spike), abs=1e-9)
    warmth.set(celsius=35.0)  # above the heat block of this pulse (about 32.4 °C)
    assert not warmth.verdict.highlight and np.isnan(warmth.half_width_ms)
    s = warmth.sweep
    # Warmer spikes are narrower, and the sweep fails (no crossing of 0 mV) only above a boundary.
    widths = s.half_width_ms[s.fired]
    assert np.all(np.diff(widths) < 0)
    assert np.all(np.diff(s.fired.astype(int)) <= 0)


def test_temperature_explorer_stays_finite_across_the_range(warmth):
    for celsius in np.linspace(*temperature.TEMPERATURE_RANGE, 9):
        before = warmth.image.value
        warmth.set(celsius=float(celsius))
        assert np.all(np.isfinite(warmth.result.v)) and np.isfinite(warmth.amplitude_mV)
        _finite_artists(warmth)
        assert warmth.image.value != before


def test_small_multiples_mark_the_heat_block():
    fig, peaks = TemperatureExplorer.small_multiples(temperatures=(6.3, 30.0, 35.0))
    assert peaks[0] > 30.0 and peaks[1] > 0.0 > peaks[2]
    assert len(fig.axes) == 6
