"""The appendix's validation table reads like the chapters: symbols typeset, no e-notation."""

import re

from excitable import validation
from excitable.validation import REFERENCES, Row, markdown_table, typeset


def test_symbols_are_typeset_as_in_the_chapters():
    assert typeset("E_K (Nernst)") == r"$E_\mathrm{K}$ (Nernst)"
    assert typeset("tau_m at rest") == r"$\tau_m$ at rest"
    assert typeset("[K]o = 8 mM") == r"$[\mathrm{K}]_\mathrm{o}$ = 8 mM"
    assert typeset("g_Na = 0.5 nS, V = -70 mV") == r"$g_\mathrm{Na}$ = 0.5 nS, V = −70 mV"
    assert typeset("K+ in, Na+ out") == "K⁺ in, Na⁺ out"
    assert typeset("4x4 Jacobian") == "4×4 Jacobian"


def test_table_has_no_ascii_symbols_or_e_notation():
    # values off their references by tiny amounts: the differences must not print as 1.45e-05
    rows = [Row(key, ref.published + 1.45e-5, ref) for key, ref in REFERENCES.items()]
    table = markdown_table(rows)
    assert not re.search(r"\d[eE][+-]?\d", table)
    assert "1.450 × 10⁻⁵" in table
    for ascii_symbol in (r"\bE_K", r"\bE_Na", r"(?<!\\)tau_m", r"\[K\]o", r"\[K\]i", r"\bg_Na", r"Na\+", r"K\+"):
        assert not re.search(ascii_symbol, table), ascii_symbol
    assert validation.format_table(rows)  # the terminal table keeps its plain text
