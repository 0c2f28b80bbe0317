"""The record of one validated quantity and one row of the validation table."""

from __future__ import annotations

from dataclasses import dataclass

LITERATURE = "literature"
"""Kind of a reference printed in a paper or a standard text."""

ANALYTIC = "closed form"
"""Kind of a reference that is a textbook formula evaluated independently of the package (plain arithmetic
with the CODATA constants, re-done in the unit tests); ``source`` cites where the formula comes from."""

NEURON = "NEURON"
"""Kind of a reference computed with NEURON's ``hh`` mechanism by ``benchmarks/neuron_reference.py``."""


@dataclass(frozen=True)
class Reference:
    """A reference value: number, tolerance for agreement, unit, source and what it means.

    ``kind`` is :data:`LITERATURE` for a number printed in a paper, :data:`ANALYTIC`
    for a closed-form result evaluated independently of the package, or
    :data:`NEURON` for one computed with NEURON's ``hh`` mechanism by
    ``benchmarks/neuron_reference.py`` where no checked paper states it (the
    test ``tests/test_neuron_crosscheck.py`` recomputes those live).
    ``source`` is one or more comma-separated keys of ``book/references.bib``.
    """

    quantity: str
    published: float
    tolerance: float
    unit: str
    source: str
    kind: str
    conditions: str
    note: str = ""


@dataclass(frozen=True)
class Row:
    """One line of the validation table: the package's value beside its reference."""

    key: str
    value: float
    reference: Reference

    @property
    def difference(self) -> float:
        return self.value - self.reference.published

    @property
    def agrees(self) -> bool:
        return abs(self.difference) <= self.reference.tolerance
