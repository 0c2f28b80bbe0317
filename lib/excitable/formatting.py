"""Numbers written for people: the one formatter for numbers that appear in the book's prose.

Python's ``f"{x:.2e}"`` prints ``1.45e-05``, which is fine in code and wrong in a
sentence. :func:`for_people` writes the same number as ``1.45 × 10⁻⁵`` (or as
plain decimals when those read better), with a true minus sign, so numbers in
the prose read like the rest of the text. A code cell names the string and the
Markdown after it shows it with an inline expression::

    fraction_text = formatting.for_people(fraction, digits=2)
    ...
    a fraction of {eval}`fraction_text` of the ions

JupyterLab (jupyterlab-myst) and the book both show the string without its
quotes. It is plain text (Unicode superscripts, no LaTeX), so it reads the same
in the static book, in JupyterLab and in a terminal. Whole parts of five digits
or more are grouped in threes by commas (``52,753``), as the book's numbers made
in code already were (``one ion in 68,918``); four-digit numbers stay whole
(``4200``). A space would be the SI choice, but a narrow no-break space
(U+202F) is not printable to Python, so the ``repr`` that ``{eval}`` shows (in
the book and in JupyterLab) would write it as ``\\u202f``, and a plain space
could break a number across two lines.
"""

from __future__ import annotations

from . import _checks

__all__ = ["GROUP_SEPARATOR", "MINUS", "for_people"]

MINUS = "\u2212"
"""The typographic minus sign (U+2212) used in prose instead of the hyphen."""

GROUP_SEPARATOR = ","
"""Between groups of three digits of a whole part of five digits or more (``68,918``)."""

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


def for_people(value: float, digits: int = 2, *, sign: bool = False, small: float = 1e-3,
               large: float = 1e6) -> str:
    """``value`` rounded to ``digits`` significant figures, written as people write numbers.

    Magnitudes in ``[small, large)`` (and zero) are written as plain decimals
    (``0.0123``, ``6.9``, ``4200``); others as ``1.45 × 10⁻⁵``. Negative numbers
    get a true minus sign (U+2212); ``sign=True`` also writes ``+`` before
    positive numbers (for changes and shifts). Trailing zeros that the
    significant figures ask for are kept (``for_people(2.0, 2)`` is ``"2.0"``).
    A whole part of five digits or more is grouped in threes by
    :data:`GROUP_SEPARATOR` (``52,753``, ``−12,345.6``); one of four digits is
    not (``4200``), nor are the decimals (``0.00123456``).

    Raises ``ValueError`` for ``digits`` below 1, a non-finite ``value`` or
    bounds with ``0 < small < large``  not holding.
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be an integer >= 1, got {digits!r}")
    if not isinstance(sign, bool):
        raise ValueError(f"sign must be True or False, got {sign!r}")
    small = _checks.finite_scalar("small", small)
    large = _checks.finite_scalar("large", large)
    if not 0 < small < large:
        raise ValueError(f"small and large must satisfy 0 < small < large, got small={small!r}, large={large!r}")
    value = _checks.finite_scalar("value", value)
    prefix = MINUS if value < 0 else ("+" if sign and value > 0 else "")
    magnitude = abs(value)
    if magnitude == 0:
        return prefix + ("0" if digits == 1 else "0." + "0" * (digits - 1))
    mantissa, exponent = f"{magnitude:.{digits - 1}e}".split("e")
    exponent = int(exponent)  # after rounding: 9.99e-4 at 2 digits is 1.0e-3
    rounded = float(f"{mantissa}e{exponent}")
    if small <= rounded < large:
        decimals = max(digits - 1 - exponent, 0)
        whole, point, fraction = f"{rounded:.{decimals}f}".partition(".")
        if len(whole) > 4:
            whole = f"{int(whole):,}"
        return prefix + whole + point + fraction
    return prefix + f"{mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)}"
