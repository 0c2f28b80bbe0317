"""A logarithmic slider in the explorers' common look (for concentrations, permeabilities, sizes).

ipywidgets' ``FloatLogSlider`` snaps its value to ``base ** (min + k * step)`` in the browser, so a
slider from 0.1 mM opened at 4 mM shows 3.98 mM (and sends it back to the kernel), and the book's
values 4, 140 and 145 mM cannot be set at all. :class:`LogSlider` is a selection slider over a
list of values instead: about ``steps_per_decade`` round values per decade (two significant
digits), the starting value, and any ``marks`` the text uses, so a reader starts at and can reach
exactly the values of the prose. The arrow keys step from one value to the next.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import traitlets

from ..formatting import for_people
from ._base import CONTROL_LAYOUT, CONTROL_STYLE, _is_real_number, keyword_of


def log_values(low: float, high: float, steps_per_decade: int = 20, marks=()) -> list[float]:
    """Round values spaced about evenly in log from ``low`` to ``high`` (both included), plus ``marks``.

    Each point ``10 ** (k / steps_per_decade)`` is rounded to two significant digits; ``marks``
    inside the range are added as they are.
    """
    if not 0 < low < high:
        raise ValueError(f"log slider range must satisfy 0 < low < high, got low={low!r}, high={high!r}")
    first, last = math.floor(math.log10(low) * steps_per_decade), math.ceil(math.log10(high) * steps_per_decade)
    values = {low, high}
    for k in range(first, last + 1):
        x = 10.0 ** (k / steps_per_decade)
        digits = 1 - math.floor(math.log10(x))
        x = round(x, digits)
        if low < x < high:
            values.add(x)
    values.update(float(m) for m in marks if low <= m <= high)
    return sorted(values)


def _label(value: float, readout_format: str) -> str:
    """The readout of ``value``: ``readout_format``, or plain digits where that would write ``1e+03``."""
    text = format(value, readout_format)
    return text if "e" not in text else for_people(value, 3)


class LogSlider(widgets.SelectionSlider):
    """A selection slider over log-spaced values whose ``value`` is a float (see the module docstring).

    ``base``, ``min`` and ``max`` mirror ``FloatLogSlider`` (``min`` and ``max`` are exponents of
    ``base``). A value set from code must be one of the slider's values; :meth:`include` adds one.
    """

    base = 10.0

    def __init__(self, values, value, readout_format: str = ".3g", **kwargs):
        self.readout_format = readout_format
        super().__init__(options=[(_label(v, readout_format), v) for v in values], value=value, **kwargs)

    @property
    def min(self) -> float:
        return math.log10(self._options_values[0])

    @property
    def max(self) -> float:
        return math.log10(self._options_values[-1])

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(self._options_values)

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        value = proposal.value
        for option in self._options_values:
            if option == value or math.isclose(option, value, rel_tol=1e-12):
                return option
        raise traitlets.TraitError(f"{self.description}: {value!r} is not one of the slider's values; "
                                   f"use include() first (range {self._options_values[0]:g} to "
                                   f"{self._options_values[-1]:g})")

    def include(self, value: float) -> None:
        """Add ``value`` (within the slider's range) to the slider's values, keeping the current value."""
        low, high = self._options_values[0], self._options_values[-1]
        if not low <= value <= high:
            raise ValueError(f"{self.description} must lie between {low:g} and {high:g}, got {value!r}")
        if any(math.isclose(v, value, rel_tol=1e-12) for v in self._options_values):
            return
        current = self.value
        values = sorted({*self._options_values, float(value)})
        self.options = [(_label(v, self.readout_format), v) for v in values]
        self.value = current


def log_slider(value: float, low: float, high: float, description: str, steps_per_decade: int = 20,
               readout_format: str = ".3g", marks=()) -> LogSlider:
    """A log slider from ``low`` to ``high`` (both > 0) starting at ``value``.

    ``description`` names the quantity with its unit, e.g. ``"[K⁺]out (mM)"``; ``marks`` are
    further values the slider must offer exactly (the book's standard values).
    """
    if not _is_real_number(value) or not 0 < low <= value <= high:
        raise ValueError(f"{keyword_of(value, description)} must satisfy 0 < {low:g} <= value <= {high:g}, "
                         f"got {value!r}")
    values = log_values(low, high, steps_per_decade, (value, *marks))
    return LogSlider(values, float(value), readout_format, description=description, continuous_update=True,
                     layout=widgets.Layout(**CONTROL_LAYOUT), style=CONTROL_STYLE)
