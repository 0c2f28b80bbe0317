"""Input checks shared by the physics modules.

Every public function of :mod:`excitable` checks its arguments with these
helpers, so that a bad value produces a ``ValueError`` that names the
parameter, the value it was given and the range it must lie in, instead of a
silent NaN or a traceback from deep inside numpy.
"""

from __future__ import annotations

import math

import numpy as np


def _describe(value) -> str:
    array = np.asarray(value)
    if array.ndim == 0:
        return repr(array.item())
    bad = array.ravel()
    return f"an array containing {bad[0]!r}" if bad.size else "an empty array"


def finite(name: str, value, unit: str = ""):
    """Return ``value`` as float or float array after checking it is finite."""
    if type(value) in (float, int) and math.isfinite(value):  # fast path for plain numbers
        return float(value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number{_unit(unit)}, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)] if array.ndim else array
        raise ValueError(f"{name} must be finite{_unit(unit)}, got {_describe(bad)}")
    return array if array.ndim else float(array)


def positive(name: str, value, unit: str = ""):
    """Return ``value`` after checking it is finite and strictly positive."""
    array = finite(name, value, unit)
    if isinstance(array, float) and array > 0:
        return array
    if np.any(np.asarray(array) <= 0):
        bad = np.asarray(array)[np.asarray(array) <= 0]
        raise ValueError(f"{name} must be > 0{_unit(unit)}, got {_describe(bad)}")
    return array


def non_negative(name: str, value, unit: str = ""):
    """Return ``value`` after checking it is finite and not negative."""
    array = finite(name, value, unit)
    if isinstance(array, float) and array >= 0:
        return array
    if np.any(np.asarray(array) < 0):
        bad = np.asarray(array)[np.asarray(array) < 0]
        raise ValueError(f"{name} must be >= 0{_unit(unit)}, got {_describe(bad)}")
    return array


def in_range(name: str, value, low: float, high: float, unit: str = ""):
    """Return ``value`` after checking ``low <= value <= high``."""
    array = finite(name, value, unit)
    if isinstance(array, float) and low <= array <= high:
        return array
    outside = (np.asarray(array) < low) | (np.asarray(array) > high)
    if np.any(outside):
        bad = np.asarray(array)[outside]
        raise ValueError(
            f"{name} must lie between {low:g} and {high:g}{_unit(unit)}, got {_describe(bad)}"
        )
    return array


def nonzero_integer(name: str, value) -> int:
    """Return ``value`` as int after checking it is a whole number other than zero."""
    number = finite(name, value)
    if np.ndim(number) or number != int(number) or number == 0:
        raise ValueError(f"{name} must be a non-zero whole number (an ion's valence), got {value!r}")
    return int(number)


def _unit(unit: str) -> str:
    return f" (in {unit})" if unit else ""
