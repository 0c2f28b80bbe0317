"""The threshold chapter's fast I-V explorer: what it shows is what excitable.threshold computes."""

import numpy as np
import pytest

from excitable import threshold
from excitable.explorers import FastIVExplorer


@pytest.fixture(scope="module")
def explorer():
    return FastIVExplorer()


def test_starts_at_rest_with_three_zeros(explorer):
    assert explorer.zeros == pytest.approx(threshold.fast_iv_zeros())
    assert "Three zeros: rest −65.0 mV, threshold −62.4 mV (2.61 mV above rest)" in explorer.verdict.text
    assert explorer.verdict.highlight
    curve = explorer._artists["curve_all"].get_ydata()
    assert curve == pytest.approx(threshold.fast_iv(explorer.v))
    low, high = threshold.negative_slope_region()
    span = explorer._artists["span_all"]
    assert span.get_x() == pytest.approx(low) and span.get_x() + span.get_width() == pytest.approx(high)


@pytest.mark.parametrize("h, n, words", [(0.0, 0.318, "only zero is rest"), (0.596, 0.25, "far above rest"),
                                         (0.8, 0.45, "Three zeros")])
def test_zeros_vanish_with_the_right_words(explorer, h, n, words):
    explorer.set(h=h, n=n)
    zeros = threshold.fast_iv_zeros(h, n)
    assert explorer.zeros == pytest.approx(zeros)
    assert words in explorer.verdict.text
    assert explorer.verdict.highlight == (zeros.size == 3)


def test_every_corner_is_safe(explorer):
    for h in (0.0, 1.0):
        for n in (0.0, 1.0):
            explorer.set(h=h, n=n)
            assert np.all(np.isfinite(explorer.current))
            assert "nan" not in explorer.verdict.text.lower()


def test_bad_keyword_is_named():
    with pytest.raises(ValueError, match="h"):
        FastIVExplorer(h=1.5)
