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
    return f"an array containing {bad[0].item()!r}" if bad.size else "an empty array"


def _scalar_or(value, bad):
    """``value`` itself when it is a plain number, else the offending elements ``bad``."""
    return value if isinstance(value, float) else bad


def finite(name: str, value, unit: str = ""):
    """Return ``value`` as float or float array after checking it is finite (real, not a string or None)."""
    if type(value) in (float, int) and math.isfinite(value):  # fast path for plain numbers
        return float(value)
    if value is None or isinstance(value, (str, bytes, dict, set)) or np.iscomplexobj(value):
        raise ValueError(f"{name} must be a real number{_unit(unit)}, got {_short(value)}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number{_unit(unit)}, got {_short(value)}") from None
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
        raise ValueError(f"{name} must be > 0{_unit(unit)}, got {_describe(_scalar_or(array, bad))}")
    return array


def non_negative(name: str, value, unit: str = ""):
    """Return ``value`` after checking it is finite and not negative."""
    array = finite(name, value, unit)
    if isinstance(array, float) and array >= 0:
        return array
    if np.any(np.asarray(array) < 0):
        bad = np.asarray(array)[np.asarray(array) < 0]
        raise ValueError(f"{name} must be >= 0{_unit(unit)}, got {_describe(_scalar_or(array, bad))}")
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
            f"{name} must lie between {low:g} and {high:g}{_unit(unit)}, "
            f"got {_describe(_scalar_or(array, bad))}"
        )
    return array


def nonzero_integer(name: str, value) -> int:
    """Return ``value`` as int after checking it is a whole number other than zero."""
    number = finite(name, value)
    if np.ndim(number) or number != int(number) or number == 0:
        raise ValueError(f"{name} must be a non-zero whole number (an ion's valence), got {value!r}")
    return int(number)


def finite_scalar(name: str, value, unit: str = "") -> float:
    """Return ``value`` as a float after checking it is one finite real number (not an array)."""
    number = finite(name, value, unit)
    if not isinstance(number, float):
        raise ValueError(f"{name} must be a single number{_unit(unit)}, not an array of shape {np.shape(number)}")
    return number


def scalar_in_range(name: str, value, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as a float after checking it is one number with ``low <= value <= high``."""
    return in_range(name, finite_scalar(name, value, unit), low, high, unit)


def integer(name: str, value, low: int, high: int) -> int:
    """Return ``value`` as int after checking it is a whole number with ``low <= value <= high``."""
    number = finite_scalar(name, value)
    if isinstance(value, (bool, np.bool_)) or number != int(number) or not low <= number <= high:
        raise ValueError(f"{name} must be a whole number between {low} and {high}, got {_short(value)}")
    return int(number)


def boolean(name: str, value) -> bool:
    """Return ``value`` after checking it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_short(value)}")
    return bool(value)


def instance(name: str, value, kind, what: str = ""):
    """Return ``value`` after checking it is an instance of ``kind`` (a class or tuple of classes)."""
    if not isinstance(value, kind):
        label = what or (kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind))
        raise TypeError(f"{name} must be {_article(label)} {label}, got {_short(value)}")
    return value


def choice(name: str, value, options):
    """Return ``value`` after checking it is one of ``options`` (strings, say)."""
    ok = isinstance(value, type(next(iter(options)))) and value in options
    if not ok:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {_short(value)}")
    return value


def sequence(name: str, value) -> list:
    """Return ``value`` as a list after checking it is a non-empty sequence (not a string or a number)."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a sequence, got {_short(value)}")
    items = list(value)
    if not items:
        raise ValueError(f"{name} must hold at least one item, got an empty sequence")
    return items


def ordered_pair(name: str, value, low: float, high: float, unit: str = "", labels=("low", "high"),
                 gap: float = 0.0) -> tuple[float, float]:
    """Return ``value`` as two floats (first, second) after checking it is a pair with ``first < second``.

    Each number must lie between ``low`` and ``high``, and ``second`` must exceed ``first`` by more
    than ``gap`` (0: strictly above it). ``labels`` name the two ends in the messages, as
    ``(shortest, longest)``; a bracket, a window or a search range of a scan is such a pair.
    """
    first, second = labels
    items = sequence(name, value)
    if len(items) != 2:
        raise ValueError(f"{name} must be a pair ({first}, {second}){_unit(unit)}, got {_short(value)}")
    a, b = (scalar_in_range(name, item, low, high, unit) for item in items)
    if not b > a + gap:
        by = f" by more than {gap:g}" if gap else ""
        raise ValueError(f"{name} must have {first} < {second}{by}{_unit(unit)}, got {_short(value)}")
    return a, b


def tolerance(name: str, value, low: float, high: float, unit: str = "") -> float:
    """A convergence tolerance: one number with ``low <= value <= high`` (a loop that depends on it ends)."""
    return scalar_in_range(name, value, low, high, unit)


def broadcastable(reference: str, shape, **named) -> None:
    """Check that every named value broadcasts against the shape of ``reference`` (a clear error naming it)."""
    for name, value in named.items():
        try:
            np.broadcast_shapes(tuple(shape), np.shape(value))
        except ValueError:
            raise ValueError(f"{name} has shape {np.shape(value)}, which does not match {reference} of shape "
                             f"{tuple(shape)}; pass a number or an array of that shape") from None


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _article(label: str) -> str:
    return "an" if label[:1].lower() in "aeiou" else "a"


def _unit(unit: str) -> str:
    return f" (in {unit})" if unit else ""
