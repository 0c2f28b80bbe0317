"""A logarithmic slider in the explorers' common look (for concentrations, permeabilities, sizes)."""

from __future__ import annotations

import math

import ipywidgets as widgets

from ._base import CONTROL_LAYOUT, CONTROL_STYLE, keyword_of


def log_slider(value: float, low: float, high: float, description: str, steps_per_decade: int = 20,
               readout_format: str = ".3g") -> widgets.FloatLogSlider:
    """A base-10 log slider from ``low`` to ``high`` (both > 0) starting at ``value``.

    ``description`` names the quantity with its unit, e.g. ``"[K⁺]out (mM)"``.
    """
    if isinstance(value, (str, bytes, complex)) or value is None or not 0 < low <= value <= high:
        raise ValueError(f"{keyword_of(value, description)} must satisfy 0 < {low:g} <= value <= {high:g}, "
                         f"got {value!r}")
    return widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high),
                                  step=1.0 / steps_per_decade, description=description,
                                  readout_format=readout_format, continuous_update=True,
                                  layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)
