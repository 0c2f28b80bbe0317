"""Helpers for the answer keys ``exercises/<chapter>/key.py`` (used by assign.py, never by students).

A key holds, for one problem set,

- ``PUBLISHED``: the numbers of the published problem set (placeholders ``{{name}}`` in
  the master are filled in from it);
- ``variant(seed)``: another set of numbers for a private variant, every question changed;
- ``QUESTIONS``: per question its points and, per answer name, how it is checked
  (:func:`number`, :func:`numbers`, :func:`flags`, :func:`choice`);
- ``references(params)``: per question, per answer name, the reference for those numbers,
  computed with ``excitable`` (simulations over every accepted step, :func:`over_steps`).

``assign.py`` turns these into the autograder's ``reference.json``; ``grading.py`` grades
against it. Only the keys call ``excitable`` for grading, so a renamed package function
is fixed here and in the masters' solutions.
"""

from __future__ import annotations

import math
import random

from grading import DEFAULT_REL

# Integration steps (ms) a student may use: a reference from a simulation is the range of
# the results over these steps, and answers are accepted within the tolerance around it.
STEPS = (0.025, 0.01, 0.001)


def number(rel: float = DEFAULT_REL, abs: float = 0.0) -> dict:
    return {"check": "number", "rel": rel, "abs": abs}


def numbers(rel: float = DEFAULT_REL, abs: float = 0.0) -> dict:
    return {"check": "numbers", "rel": rel, "abs": abs}


def flags() -> dict:
    return {"check": "flags"}


def choice() -> dict:
    return {"check": "choice"}


def exact(value: float) -> list[float]:
    """The reference of a closed-form answer: a range of zero width."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"reference is not finite: {value}")
    return [value, value]


def over_steps(compute, steps=STEPS) -> dict[str, list[float]]:
    """``compute(dt) -> {name: value}`` run for every accepted step; each name's [min, max]."""
    results = [compute(dt) for dt in steps]
    return {name: [float(min(r[name] for r in results)), float(max(r[name] for r in results))]
            for name in results[0]}


def rng(seed: int) -> random.Random:
    return random.Random(f"excitable-problems-{seed}")


def pick(generator: random.Random, choices, published):
    """One of ``choices`` that differs from the published value."""
    options = [c for c in choices if c != published]
    return generator.choice(options)


def sig(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures (for data handed to students)."""
    return float(f"{value:.{digits}g}")
