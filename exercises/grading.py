"""The grading core of the problem sets: plain answers checked against precomputed references.

Grading happens in two places that never share a Python process:

1. **In the student's kernel** only :func:`encode` runs, appended after the student's
   last cell by ``exercises/grade.py``. It turns each answer into JSON made of plain
   built-in types and records the exact type it came from. An object that merely
   pretends to be a number (a ``float`` subclass with its own ``__sub__``, a NumPy
   scalar subclass, anything with ``__float__``) is recorded as ``other`` and never
   compared. Whatever the student's code does to that kernel (patch otter, patch
   ``json``, redefine :func:`encode`) it can only change the values written, which
   it controls anyway.
2. **In a clean process** (``exercises/grade.py score``, or a test calling these
   functions directly) :func:`grade` compares the decoded answers with the
   references of the autograder's ``reference.json``. No student code runs there,
   and ``excitable`` is not needed: every reference was computed by ``assign.py``.

Answer kinds (``check`` in reference.json):

``number``   one real number (``int``, ``float`` or a NumPy integer/float scalar; not a
             ``bool``, not an array, not NaN or infinite). Reference: ``[low, high]``,
             the range of the converged reference over the accepted integration steps
             (``low == high`` for closed forms). Accepted within ``rel`` x |reference|
             or ``abs``, whichever is larger, outside that range.
``numbers``  a list, tuple or 1-D NumPy array of ``n`` numbers; reference: ``n`` ranges.
``flags``    a list, tuple or 1-D NumPy array of ``True``/``False`` (NumPy booleans
             included); reference: the list of booleans, compared exactly.
``choice``   a string; reference: the right string, compared without case and
             surrounding blanks.

The module depends on the standard library only (NumPy is imported inside
:func:`encode`, in the student's kernel), so the clean grading process is small.
"""

from __future__ import annotations

import math
from typing import Any

# The policy stated in every question unless the question says otherwise: within 1 % of
# the reference (three significant figures are 0.5 % at worst; R = 8.314, F = 96485 and
# T = 310 K add less than 0.1 %).
DEFAULT_REL = 0.01

MAX_ITEMS = 10_000


def encode(value, _depth=0):
    """A JSON-ready record of ``value`` built from exact built-in types (runs in the student's kernel)."""
    import numpy as np

    most = 10_000  # items kept of a list or array (a longer one is wrong anyway); also MAX_ITEMS
    if _depth > 4:
        return {"kind": "other", "type": "nested too deeply"}
    kind = type(value)
    if value is Ellipsis:
        return {"kind": "missing"}
    if value is None:
        return {"kind": "none"}
    if kind is bool or kind is np.bool_:
        return {"kind": "bool", "value": bool(value)}
    if kind is int:
        return {"kind": "int", "value": value if abs(value) < 2**63 else float("inf")}
    if kind is float:
        return {"kind": "float", "value": float.__repr__(value)}
    if isinstance(value, np.generic) and np.dtype(kind).type is kind:  # a NumPy scalar type, no subclass
        if isinstance(value, np.integer):
            return {"kind": "int", "value": int(value.item())}
        if isinstance(value, np.floating):
            return {"kind": "float", "value": repr(float(value.item()))}
        if isinstance(value, np.str_):
            return {"kind": "str", "value": str(value.item())[:200]}
        return {"kind": "other", "type": f"numpy.{kind.__name__}"}
    if kind is str:
        return {"kind": "str", "value": str.__str__(value)[:200]}
    if kind is list or kind is tuple:
        if len(value) > most:
            return {"kind": "other", "type": f"{kind.__name__} of {len(value)} items"}
        return {"kind": kind.__name__, "items": [encode(item, _depth + 1) for item in value]}
    if kind is np.ndarray:
        if value.size > most or value.dtype.kind not in "biuf":
            return {"kind": "array", "shape": list(value.shape), "items": None}
        return {"kind": "array", "shape": list(value.shape),
                "items": [encode(item, _depth + 1) for item in value.reshape(-1).tolist()]}
    return {"kind": "other", "type": f"{kind.__module__}.{kind.__qualname__}"}


# ---------------------------------------------------------------- reading a record


class Rejected(ValueError):
    """An answer of the wrong form; the message says what was expected."""


def describe(record: dict) -> str:
    kind = record.get("kind")
    if kind == "array":
        return f"a NumPy array of shape {tuple(record.get('shape', ()))}"
    if kind == "other":
        return f"an object of type {record.get('type')}"
    return {"missing": "still ... (not answered)", "none": "None", "bool": "True/False",
            "str": "a string", "list": "a list", "tuple": "a tuple",
            "int": "a number", "float": "a number"}.get(kind, str(kind))


def as_number(record: dict) -> float:
    """The plain float in a record, or :class:`Rejected` saying why it is not one number."""
    kind = record.get("kind")
    if kind == "int":
        value = float(record["value"])
    elif kind == "float":
        value = float(record["value"])
    else:
        hint = " (take one element, or float(...) of a single value)" if kind in ("array", "list", "tuple") else ""
        raise Rejected(f"expected one plain number, got {describe(record)}{hint}")
    if not math.isfinite(value):
        raise Rejected(f"expected a finite number, got {value}")
    return value


def as_items(record: dict, n: int) -> list[dict]:
    """The records of a list, tuple or 1-D array of ``n`` items."""
    kind = record.get("kind")
    if kind not in ("list", "tuple", "array") or record.get("items") is None:
        raise Rejected(f"expected a list, tuple or 1-D array of {n} items, got {describe(record)}")
    if kind == "array" and len(record.get("shape", ())) != 1:
        raise Rejected(f"expected a 1-D array of {n} items, got shape {tuple(record['shape'])}")
    items = record["items"]
    if len(items) != n:
        raise Rejected(f"expected {n} items, got {len(items)}")
    return items


def within(value: float, reference: list[float], rel: float, absolute: float) -> bool:
    low, high = min(reference), max(reference)
    size = max(abs(low), abs(high))
    tolerance = max(rel * size, absolute)
    return low - tolerance <= value <= high + tolerance


def check(spec: dict, reference: Any, record: dict) -> tuple[bool, str]:
    """(right, message) for one answer; never raises on a student's answer."""
    kind = spec["check"]
    rel, absolute = spec.get("rel", DEFAULT_REL), spec.get("abs", 0.0)
    try:
        if kind == "number":
            value = as_number(record)
            ok = within(value, reference, rel, absolute)
            return ok, "" if ok else f"{value:.6g} is not the expected value"
        if kind == "numbers":
            items = as_items(record, len(reference))
            values = [as_number(item) for item in items]
            ok = all(within(v, r, rel, absolute) for v, r in zip(values, reference, strict=True))
            return ok, "" if ok else f"{values} are not the expected values"
        if kind == "flags":
            items = as_items(record, len(reference))
            if any(item.get("kind") != "bool" for item in items):
                raise Rejected("expected True/False entries")
            values = [item["value"] for item in items]
            ok = values == list(reference)
            return ok, "" if ok else "some entries are wrong"
        if kind == "choice":
            if record.get("kind") != "str":
                raise Rejected(f"expected a string, got {describe(record)}")
            ok = record["value"].strip().lower() == str(reference).strip().lower()
            return ok, "" if ok else f"{record['value']!r} is not the expected answer"
    except Rejected as why:
        return False, str(why)
    raise ValueError(f"unknown check kind {kind!r} in the autograder")


def grade_question(question: dict, answers: dict[str, dict]) -> dict:
    """Score of one question: its points shared equally by its answers; a missing name scores 0."""
    parts = question["answers"]
    share = question["points"] / len(parts)
    score, messages = 0.0, {}
    for name, part in parts.items():
        record = answers.get(name, {"kind": "missing"})
        ok, message = check(part, part["reference"], record)
        if ok:
            score += share
        else:
            messages[name] = message
    return {"score": round(score, 6), "points": question["points"], "wrong": messages}


def grade(autograder: dict, answers: dict[str, dict]) -> dict[str, dict]:
    """Every question of an autograder (the parsed ``reference.json``) for one submission's answers."""
    return {name: grade_question(question, answers) for name, question in autograder["questions"].items()}


def answer_names(autograder: dict) -> list[str]:
    return [name for question in autograder["questions"].values() for name in question["answers"]]
