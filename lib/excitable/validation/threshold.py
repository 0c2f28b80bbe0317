"""Validated numbers of the threshold chapter, sections 1-3: the fast I-V of the standard HH membrane.

The threshold of the fast I-V is a closed form: the middle zero of
g_Na m_inf(V)^3 h_rest (V - E_Na) + g_K n_rest^4 (V - E_K) + g_L (V - E_L), with h and n at their
resting values and m at its steady state, from HH's published rate functions. ``tests/test_threshold.py``
recomputes it with plain numpy and scipy, without the package.
"""

from __future__ import annotations

from .. import threshold
from ._reference import ANALYTIC, Reference

TITLE = "Threshold and initiation (chapter 2)"
"""Heading of this group in the validation table."""

CONDITIONS = "HH squid axon, standard parameters, 6.3 °C."
"""What every row of this group assumes."""

REFERENCES: dict[str, Reference] = {
    "fast_iv_threshold_mV": Reference(
        "threshold of the fast I-V (its middle zero)", -62.3818, 0.001, "mV", "hodgkin1952quantitative", ANALYTIC,
        "h and n held at their resting values, m at m_inf(V)",
        "The zero of the instantaneous current between rest (-64.996 mV) and the upstroke's end (+48.9 mV), "
        "where the current is zero and its slope negative. Computed from HH's published rate functions and "
        "conductances; tests/test_threshold.py recomputes it with plain numpy and scipy, without the package."),
}
"""Reference value of every validated quantity, keyed as in the JSON output."""


def compute() -> dict[str, float]:
    """The package's value of every validated quantity (units as in the key)."""
    return {"fast_iv_threshold_mV": threshold.fast_iv_threshold()}
