"""The contract every explorer in ``excitable.explorers`` keeps, checked the same way for all of them.

Each explorer: shows a PNG figure as soon as it exists; redraws the figure when any one control moves;
and at both ends of every control's range draws no infinite or all-NaN line and says nothing about NaN or inf.
Its static form (the precomputed explorer of the static book) renders every point of its grid, with no
broken line and no NaN in any verdict, and first shows exactly what the live explorer shows first.
(The per-chapter test files check what each explorer computes.)
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from excitable import explorers, plotting
from excitable.explorers import _base

EXPLORERS = sorted((obj for name in explorers.__all__
                    if isinstance(obj := getattr(explorers, name), type) and issubclass(obj, explorers.Explorer)
                    and obj is not explorers.Explorer), key=lambda cls: cls.__name__)


def _ends(control) -> list:
    """The extreme values of a control (every option for a choice)."""
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if hasattr(control, "include"):  # log slider: a selection over log-spaced values
        return [control.values[0], control.values[-1]]
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
    assert len(EXPLORERS) == 25, [cls.__name__ for cls in EXPLORERS]


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_explorer_keeps_the_contract(cls):
    explorer = cls()
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert explorer.widget.children[0].children == tuple(explorer.controls.values())
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


# ------------------------------------------------------------------ the static form


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _verdict_ok(text: str) -> bool:
    text = text.lower()
    return "nan" not in text.replace(",", " ").replace(";", " ").split() and " inf" not in text


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_static_form_keeps_the_contract(cls):
    explorer = cls()
    assert explorer.static_grid, f"{cls.__name__} declares no static_grid"
    assert set(explorer.static_grid) <= set(explorer.controls)
    live_png, live_verdict, live_values = explorer.image.value, explorer.verdict, explorer.values
    problems = []

    def inspect(ex, values):
        broken = _broken_lines(ex)
        if broken:
            problems.append((values, broken))

    names, axes, start, frames = explorer.static_frames(inspect=inspect)
    assert not problems, problems
    assert len(frames) == math.prod(len(values) for values in axes) <= _base.MAX_STATIC_FRAMES
    assert len(frames) >= 6, "a grid that teaches needs more than a handful of settings"
    for name, values, index in zip(names, axes, start, strict=True):
        assert values[index] == live_values[name], "the grid must hold the live default exactly"
    for png, verdict in frames:
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert _verdict_ok(verdict.text), verdict.text
    # Each frame records the figure's smallest font and dpi, for the site's legibility test.
    record = Image.open(io.BytesIO(frames[0][0])).text
    assert float(record[plotting.DPI_KEY]) == explorer.figure.dpi
    assert float(record[plotting.MIN_FONT_KEY]) == plotting.min_font_size(explorer.figure) >= 6
    # The first frame shown is the live default: same pixels (after the same palette), same verdict.
    flat = 0
    for index, values in zip(start, axes, strict=True):
        flat = flat * len(values) + index
    png, verdict = frames[flat]
    assert verdict == live_verdict
    assert np.array_equal(_pixels(png), _pixels(_base.encode_frame(_pixels(live_png)))), "first frame != live"
    # Precomputing leaves the live explorer as it was.
    assert explorer.values == live_values and explorer.verdict == live_verdict
    assert np.array_equal(_pixels(explorer.image.value), _pixels(live_png))
    # Frames differ where the controls matter: at least one per gridded control changes the picture.
    assert len({png for png, _ in frames}) > len(frames) // 2


def test_static_widget_links_each_slider_to_its_stacks():
    explorer = explorers.PassiveMembraneExplorer()
    widget = explorer.static_widget()
    assert explorer.static_widget() is widget  # built once per control state
    sliders = widget.children[0].children
    assert [s.description for s in sliders] == [explorer.controls[n].description for n in explorer.static_grid]
    names, axes, start = explorer.static_axes()
    assert [s.index for s in sliders] == start
    links = explorer._static_links
    # one link per stack: 1 outer, then one per value of each outer control
    expected = sum(math.prod(len(values) for values in axes[:depth]) for depth in range(len(axes)))
    assert len(links) == expected
    assert all(link.source[1] == "index" and link.target[1] == "selected_index" for link in links)
    leaf = widget.children[1]
    for index in start:
        assert leaf.selected_index == index
        leaf = leaf.children[index]
    label, image = leaf.children
    assert label.value == explorer.verdict.html()
    assert "excitable-frame" in image._dom_classes and "excitable-verdict" in label._dom_classes


def test_display_follows_the_mode(monkeypatch):
    explorer = explorers.TemperatureExplorer()
    view = "application/vnd.jupyter.widget-view+json"
    monkeypatch.setenv(_base.STATIC_MODE_VARIABLE, "live")
    assert explorer._repr_mimebundle_()[view]["model_id"] == explorer.widget.model_id
    monkeypatch.setenv(_base.STATIC_MODE_VARIABLE, "static")
    assert explorer._repr_mimebundle_()[view]["model_id"] == explorer.static_widget().model_id
    monkeypatch.delenv(_base.STATIC_MODE_VARIABLE)
    monkeypatch.setenv("JPY_SESSION_NAME", "book/gating/temperature.ipynb")  # a kernel JupyterLab started
    assert not _base.static_mode()
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert _base.static_mode()  # myst-nb, jupyter-cache, nbval
    monkeypatch.setenv(_base.STATIC_MODE_VARIABLE, "sometimes")
    with pytest.raises(ValueError, match=_base.STATIC_MODE_VARIABLE):
        _base.static_mode()


def test_a_bad_grid_is_refused():
    class Broken(explorers.TemperatureExplorer):
        static_grid = {"celsius": (-50.0, 6.3)}

    with pytest.raises(ValueError, match="celsius"):
        Broken().static_axes()

    class Huge(explorers.PassiveMembraneExplorer):
        static_grid = {"c_m": tuple(np.linspace(0.5, 2.0, 10)), "g_l": tuple(np.linspace(0.2, 1.0, 10))}

    with pytest.raises(ValueError, match="frames"):
        Huge().static_axes()


def test_log_sliders_start_at_and_reach_the_books_values():
    lab = explorers.RestingLab()
    for name, value in (("K_out", 4.0), ("K_in", 140.0), ("Na_out", 145.0), ("Na_in", 12.0), ("Cl_out", 110.0)):
        control = lab.controls[name]
        assert control.value == value and value in control.values, name
        # The browser shows and sends back the option at the slider's index: the exact value.
        assert control.values[control.index] == value
    assert lab.v_rest == pytest.approx(-66.57, abs=0.01)
    assert 140.0 in lab.controls["K_out"].values and 4.0 in lab.controls["K_in"].values
    steps = np.diff(np.log10(lab.controls["K_out"].values))
    assert steps.max() < 0.08  # about 20 values per decade: an arrow key moves by at most 20 %
