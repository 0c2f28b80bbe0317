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
import re

from ..formatting import MINUS, for_people
from . import electrochemistry, excitability, gating, homeostasis, prologue, propagation, refractory, spike_shape
from . import threshold as threshold_group
from ._reference import ANALYTIC, LITERATURE, NEURON, Reference, Row

GROUPS = (prologue, electrochemistry, homeostasis,
          threshold_group,
          gating, spike_shape, refractory, excitability, propagation)
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


# Plain-text symbols of the references, as the book typesets them (MyST math), for the appendix table.
_SYMBOLS = (
    (r"g_inf \(1 - exp\(-t/tau\)\)\^N", lambda m: r"$g_\infty (1 - e^{-t/\tau})^N$"),
    (r"3\^\(\(T - 6\.3\)/10\)", lambda m: r"$3^{(T - 6.3)/10}$"),
    (r"\(mol/L\)\^-1/2", lambda m: r"(mol/L)$^{-1/2}$"),
    (r"\[(K|Na|Cl)\]([io])\b", lambda m: rf"$[\mathrm{{{m[1]}}}]_\mathrm{{{m[2]}}}$"),
    (r"\b([EPg])_(K|Na|Cl)\b", lambda m: rf"${m[1]}_\mathrm{{{m[2]}}}$"),
    (r"\btau_([mhn])\b", lambda m: rf"$\tau_{m[1]}$"),
    (r"ε_r", lambda m: r"$\varepsilon_\mathrm{r}$"),
    (r"\b(K|Na|Cl)\+", lambda m: f"{m[1]}⁺"),
    (r"\b1e-5 ", lambda m: "10⁻⁵ "),
    (r"(\d)x(\d)", lambda m: f"{m[1]}×{m[2]}"),
    (r"(?<![\w$^{])-(?=\d)", lambda m: MINUS),
)
"""(pattern, replacement) pairs applied in order by :func:`typeset`."""


def typeset(text: str) -> str:
    """A reference's plain-text quantity, conditions or unit with its symbols as the book sets them.

    ``E_K`` becomes ``$E_\\mathrm{K}$``, ``tau_m`` ``$\tau_m$``, ``[K]o``
    ``$[\\mathrm{K}]_\\mathrm{o}$``, ``Na+`` ``Na⁺``, ``-70`` ``−70`` (true minus).
    """
    for pattern, replacement in _SYMBOLS:
        text = re.sub(pattern, replacement, text)
    return text


def _for_people(value: float) -> str:
    """A table value with four significant figures' worth of detail, never in e-notation."""
    if value != 0 and abs(value) < 0.01:
        return for_people(value, 4)
    return f"{value:.3f}".replace("-", MINUS)


def _short(value: float) -> str:
    """A reference value or tolerance as written (``:g``), but never in e-notation."""
    text = f"{value:g}"
    if "e" in text:
        return for_people(value, len(text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")) or 1)
    return text.replace("-", MINUS)


def markdown_table(rows: list[Row]) -> str:
    """The table as MyST Markdown for the book's appendix (citations as ``{cite}`` roles, symbols typeset)."""
    lines = ["| quantity (conditions) | package | reference | difference (tolerance) | source |",
             "|---|---:|---:|---:|---|"]
    for row in rows:
        ref = row.reference
        source = {LITERATURE: f"{{cite:t}}`{ref.source}`",
                  ANALYTIC: f"closed form {{cite:p}}`{ref.source}`",
                  NEURON: f"NEURON {{cite:p}}`{ref.source}`"}[ref.kind]
        unit = typeset(ref.unit)
        lines.append(f"| {typeset(ref.quantity)} <br> *{typeset(ref.conditions)}* | {_for_people(row.value)} {unit} | "
                     f"{_short(ref.published)} {unit} | {_for_people(row.difference)} "
                     f"(±{_short(ref.tolerance)}) | {source} |")
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

