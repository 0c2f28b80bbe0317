"""tools/numbering.py: the prologue and the appendices count their figures and exercises by part."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from numbering import renumber  # noqa: E402


def test_unnumbered_parts_count_from_one_with_their_letter():
    fignumbers = {
        "book/first_look/spike": {"figure": {"f1": (1,), "f2": (2,)}, "exercise": {"e1": (1,)}},
        "book/first_look/problems": {"figure": {"f3": (3,)}},
        "book/gating/gates": {"figure": {"g1": (2, 3, 1)}},
        "book/appendix/validation": {"figure": {"v1": (4,)}, "exercise": {"e2": (2,)}},
        "book/intro": {"figure": {"i1": (5,)}},
    }
    secnumbers = {"book/gating/gates": {"": (2, 3)}, "book/first_look/spike": {}}
    out = renumber(fignumbers, secnumbers, {"book/first_look/": "P", "book/appendix/": "A"})
    assert out["book/first_look/spike"]["figure"] == {"f1": ("P", 1), "f2": ("P", 2)}
    assert out["book/first_look/problems"]["figure"] == {"f3": ("P", 3)}
    assert out["book/first_look/spike"]["exercise"] == {"e1": ("P", 1)}
    assert out["book/appendix/validation"] == {"figure": {"v1": ("A", 1)}, "exercise": {"e2": ("A", 1)}}
    assert out["book/gating/gates"]["figure"] == {"g1": (2, 3, 1)}  # numbered chapters untouched
    assert out["book/intro"]["figure"] == {"i1": (5,)}  # no prefix given: untouched
    assert fignumbers["book/first_look/spike"]["figure"]["f1"] == (1,)  # input not modified
