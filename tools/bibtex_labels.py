"""Sphinx extension: bibliography labels that keep the letter of same-author, same-year papers.

The bibliography gives Hodgkin and Huxley's four 1952 papers the years 1952a to 1952d (and Hodgkin and
Katz's two 1949 papers 1949a and 1949b), so that the author-year citations in the text read "1952d".
Pybtex's alpha labels take the last two characters of the year, which would turn "1952d" into "HH2d";
this style keeps the two digits and the letter ("HH52d"). Enabled in _config.yml as the bibliography
style ``book_alpha``.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle


class LabelStyle(AlphaLabelStyle):
    """Alpha labels; a year with a letter suffix keeps its last two digits and the letter."""

    def format_label(self, entry):
        label = super().format_label(entry)
        year = entry.fields.get("year", "")
        if len(year) >= 3 and year[-1].isalpha() and year[:-1].isdigit():
            label = label[:-2] + year[-3:]
        return label


class Style(AlphaStyle):
    """Pybtex's alpha formatting with :class:`LabelStyle`."""

    default_label_style = "book_alpha"


def setup(app):
    register_plugin("pybtex.style.labels", "book_alpha", LabelStyle)
    register_plugin("pybtex.style.formatting", "book_alpha", Style)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
