"""The contract every explorer in ``excitable.explorers`` keeps, checked the same way for all of them.

Each explorer: shows a PNG figure as soon as it exists; redraws the figure when any one control moves;
and at both ends of every control's range draws no infinite or all-NaN line and says nothing about NaN or inf.
(The per-chapter test files check what each explorer computes.)
"""

from __future__ import annotations

import numpy as np
import pytest

from excitable import explorers

EXPLORERS = sorted((obj for name in explorers.__all__
                    if isinstance(obj := getattr(explorers, name), type) and issubclass(obj, explorers.Explorer)
                    and obj is not explorers.Explorer), key=lambda cls: cls.__name__)


def _ends(control) -> list:
    """The extreme values of a control (every option for a choice)."""
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if hasattr(control, "base"):  # log slider: min and max are exponents
        return [float(control.base ** control.min), float(control.base ** control.max)]
    return [control.min, control.max]


def _broken_lines(explorer) -> list[str]:
    """Lines holding an infinity, or holding data that is all NaN (NaN alone is matplotlib's gap marker)."""
    bad = []
    for ax in explorer.figure.axes:
        for line in ax.lines:
            data = np.asarray(line.get_xydata(), dtype=float)
            if np.isinf(data).any() or (data.size and np.isnan(data).all()):
                bad.append(f"{ax.get_ylabel()!r}: {line.get_label()}")
    return bad


def test_every_explorer_is_listed():
    assert len(EXPLORERS) == 17, [cls.__name__ for cls in EXPLORERS]


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_explorer_keeps_the_contract(cls):
    explorer = cls()
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert explorer.widget.children[: len(explorer.controls)] == tuple(explorer.controls.values())
    for name, control in explorer.controls.items():
        start = control.value
        for value in _ends(control):
            if value == control.value:
                continue
            before = explorer.image.value
            explorer.set(**{name: value})
            assert explorer.image.value != before, f"moving {name} to {value!r} did not change the figure"
            assert not _broken_lines(explorer), (name, value, _broken_lines(explorer))
            text = (explorer.verdict.text + " " + explorer.verdict_label.value).lower()
            assert "nan" not in text.split() and " inf" not in text, (name, value, text)
        explorer.set(**{name: start})
