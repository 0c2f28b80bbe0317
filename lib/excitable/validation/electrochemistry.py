"""Validated numbers of the chapter (filled in by the chapter's work)."""

from __future__ import annotations

from ._reference import Reference

TITLE = "electrochemistry"
CONDITIONS = ""
REFERENCES: dict[str, Reference] = {}


def compute() -> dict[str, float]:
    return {}
