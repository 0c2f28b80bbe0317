"""How we know the numbers are right: the package's values beside published ones.

``python -m excitable.validation`` prints a table of each quantity, the
package's value, the published value with its source, the conditions and the
difference; ``--json`` prints one JSON object mapping each key to the
package's value in the units its name states. Unit tests
(``tests/test_validation.py``) pin every value to its published counterpart
within the tolerance listed here.

Each chapter's numbers live in one submodule listed in :data:`GROUPS`; a
submodule defines ``TITLE``, ``CONDITIONS``, ``REFERENCES`` (key ->
:class:`Reference`) and ``compute()`` (key -> value).
"""

from __future__ import annotations

import argparse
import json

from . import electrochemistry, gating, homeostasis, prologue, spike_shape
from ._reference import ANALYTIC, LITERATURE, NEURON, Reference, Row

GROUPS = (prologue, electrochemistry, homeostasis, gating, spike_shape)
"""The validation groups, in book order."""

REFERENCES: dict[str, Reference] = {key: ref for group in GROUPS for key, ref in group.REFERENCES.items()}
"""Reference value of every validated quantity, keyed as in the JSON output."""

__all__ = ["ANALYTIC", "GROUPS", "LITERATURE", "NEURON", "REFERENCES", "Reference", "Row", "compute", "format_table",
           "markdown_table", "table"]


def compute(groups=GROUPS) -> dict[str, float]:
    """The package's value of every validated quantity of ``groups`` (units as in the key)."""
    values: dict[str, float] = {}
    for group in groups:
        values.update(group.compute())
    return values


def table(values: dict[str, float] | None = None, groups=GROUPS) -> list[Row]:
    """Rows pairing each computed value with its reference, group by group."""
    values = compute(groups) if values is None else values
    return [Row(key, values[key], ref) for group in groups for key, ref in group.REFERENCES.items()]


def _number(value: float, width: int = 0) -> str:
    """A value with four significant figures' worth of detail: fixed point, or scientific when tiny."""
    if value != 0 and abs(value) < 0.01:
        return f"{value:{width}.3e}"
    return f"{value:{width}.3f}"


def markdown_table(rows: list[Row]) -> str:
    """The table as MyST Markdown for the book's appendix (citations as ``{cite}`` roles)."""
    lines = ["| quantity (conditions) | package | reference | difference (tolerance) | source |",
             "|---|---:|---:|---:|---|"]
    for row in rows:
        ref = row.reference
        source = {LITERATURE: f"{{cite:t}}`{ref.source}`",
                  ANALYTIC: f"closed form {{cite:p}}`{ref.source}`",
                  NEURON: f"NEURON {{cite:p}}`{ref.source}`"}[ref.kind]
        lines.append(f"| {ref.quantity} <br> *{ref.conditions}* | {_number(row.value)} {ref.unit} | "
                     f"{ref.published:g} {ref.unit} | {_number(row.difference).replace('-', '−')} "
                     f"(±{ref.tolerance:g}) | {source} |")
    return "\n".join(lines)


def format_table(rows: list[Row]) -> str:
    """Plain-text table for the terminal, one block per group."""
    header = f"{'quantity':42} {'package':>10} {'reference':>10} {'diff':>10} {'tol':>8}  unit     source"
    lines = []
    for group in GROUPS:
        group_rows = [row for row in rows if row.key in group.REFERENCES]
        if not group_rows:
            continue
        lines += [f"{group.TITLE}: {group.CONDITIONS}", header, "-" * len(header)]
        for row in group_rows:
            ref = row.reference
            flag = "" if row.agrees else "  <-- outside tolerance"
            lines.append(f"{ref.quantity:42} {_number(row.value, 10)} {_number(ref.published, 10)} "
                         f"{_number(row.difference, 10)} {ref.tolerance:8.2g}  {ref.unit:8} {ref.kind}: "
                         f"{ref.source}{flag}")
            lines.append(f"{'':42} conditions: {ref.conditions}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m excitable.validation",
                                     description="Compare the package's numbers with published values.")
    parser.add_argument("--json", action="store_true", help="print one JSON object of computed values")
    args = parser.parse_args(argv)
    values = compute()
    if args.json:
        print(json.dumps(values, indent=2))
        return 0
    rows = table(values)
    print(format_table(rows))
    return 0 if all(row.agrees for row in rows) else 1

