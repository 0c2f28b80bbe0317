"""The book says things in its own words: no long passage repeats the source documents."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.mark.skipif(not CHECKER.exists(), reason=f"{CHECKER} (the project's shared notes) is not beside the repository")
def test_no_passage_of_ten_words_repeats_a_source_document():
    run = subprocess.run([sys.executable, str(CHECKER), "book"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
