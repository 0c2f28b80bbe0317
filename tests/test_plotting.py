"""Tests of excitable.plotting: one style, consistent colours, labelled axes, fast exact redraws."""

import io

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from PIL import Image

from excitable import plotting
from excitable.hh import simulate
from excitable.stimuli import pulse


@pytest.fixture(scope="module")
def spike():
    return simulate(pulse(10.0, 2.0, 1.0), t_stop=20.0)


def _line_colours(ax):
    return [to_hex(line.get_color()) for line in ax.lines]


def test_style_is_applied_inside_and_restored_outside():
    before = mpl.rcParams["axes.spines.top"]
    with plotting.style():
        assert mpl.rcParams["axes.spines.top"] is plotting.STYLE["axes.spines.top"]
    assert mpl.rcParams["axes.spines.top"] == before


@pytest.mark.parametrize("plot, unit", [
    (plotting.plot_voltage, "mV"),
    (plotting.plot_stimulus, "µA/cm²"),
    (plotting.plot_gates, "fraction"),
    (plotting.plot_currents, "µA/cm²"),
    (plotting.plot_conductances, "mS/cm²"),
])
def test_each_plot_returns_axes_labelled_with_units(spike, plot, unit):
    ax = plot(spike)
    assert isinstance(ax, Axes)
    assert "ms" in ax.get_xlabel()
    assert unit in ax.get_ylabel()
    assert ax.lines, "nothing was drawn"


def test_plots_draw_on_the_axes_they_are_given(spike):
    fig, ax = plotting.new_figure()
    assert plotting.plot_voltage(spike, ax=ax) is ax
    assert plotting.plot_gates(spike, ax=ax) is ax
    assert len(fig.axes) == 1


def test_every_quantity_keeps_its_colour(spike):
    gates = plotting.plot_gates(spike)
    assert _line_colours(gates) == [plotting.COLORS[g].lower() for g in "mhn"]
    currents = plotting.plot_currents(spike)
    drawn = _line_colours(currents)
    for key in ("i_na", "i_k", "i_l"):
        assert plotting.COLORS[key].lower() in drawn
    voltage = plotting.plot_voltage(spike)
    assert plotting.COLORS["v"].lower() in _line_colours(voltage)


def test_gates_differ_in_line_style_too(spike):
    ax = plotting.plot_gates(spike)
    assert len({line.get_linestyle() for line in ax.lines}) == 3


def test_plotted_data_are_the_results_data(spike):
    ax = plotting.plot_voltage(spike)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), spike.v)
    ax = plotting.plot_currents(spike, currents=("i_na",), legend=False)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), spike.i_na)


def test_batch_results_draw_one_line_per_trace():
    from excitable.hh import simulate_batch

    batch = simulate_batch([pulse(a, 1.0, 1.0) for a in (2.0, 5.0, 20.0)], t_stop=10.0)
    ax = plotting.plot_voltage(batch)
    assert len(ax.lines) == 3


def test_overview_has_stimulus_voltage_gates_currents(spike):
    fig = plotting.plot_spike_overview(spike, rest=-65.0)
    assert isinstance(fig, Figure)
    ylabels = [ax.get_ylabel() for ax in fig.axes]
    assert len(ylabels) == 4
    assert "µA/cm²" in ylabels[0] and "mV" in ylabels[1] and "gate" in ylabels[2] and "µA/cm²" in ylabels[3]
    assert fig.axes[-1].get_xlabel() == plotting.TIME_LABEL
    assert len(plotting.plot_spike_overview(spike, currents=False).axes) == 3


def test_bad_names_raise_value_errors(spike):
    with pytest.raises(ValueError, match="gates"):
        plotting.plot_gates(spike, gates=("x",))
    with pytest.raises(ValueError, match="currents"):
        plotting.plot_currents(spike, currents=("i_ca",))
    with pytest.raises(ValueError, match="shape"):
        plotting.plot_voltage_grid(spike.t, np.zeros((2, 2, 5)), [1, 2], [1, 2], "a", "b")


def test_voltage_grid_has_one_panel_per_pair_with_units(spike):
    v = np.broadcast_to(spike.v, (2, 3, spike.v.size))
    fig = plotting.plot_voltage_grid(spike.t, v, [0.5, 1.0], [1, 2, 3], "duration", "amplitude",
                                     row_format="{:g} ms", col_format="{:g} µA/cm²",
                                     highlight=[[True, False, True], [False, True, False]])
    assert len(fig.axes) == 6
    assert fig.axes[0].get_title() == "1 µA/cm²"
    assert fig.axes[2].get_ylabel() == "0.5 ms"
    colours = [to_hex(ax.lines[0].get_color()) for ax in fig.axes]
    assert colours[0] == plotting.COLORS["v"].lower() and colours[1] == plotting.COLORS["stimulus"].lower()


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_live_figure_matches_a_full_redraw(spike):
    fig, ax = plotting.new_figure()
    plotting.plot_voltage(spike, ax=ax)
    line = ax.lines[0]
    live = plotting.LiveFigure(fig, [line])
    first = live.render_png()
    line.set_ydata(spike.v * 0.5 - 30.0)
    fast = _pixels(live.render_png())
    assert not np.array_equal(_pixels(first), fast), "the blitted image did not change"
    full = _pixels(plotting.figure_to_png(fig))
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 0.5


def test_figure_to_png_is_a_png(spike):
    fig = plotting.plot_spike_overview(spike)
    png = plotting.figure_to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_family_colors_are_distinct_and_ordered():
    colours = plotting.family_colors(5)
    assert len({to_hex(c) for c in colours}) == 5
    with pytest.raises(ValueError, match="count"):
        plotting.family_colors(0)


def test_live_figure_keeps_one_background_per_axis_state(spike):
    # Changing an axis limit must give the new background (tick labels of the new limits), and
    # returning to earlier limits must reuse the background drawn for them, pixel for pixel.
    fig, ax = plotting.new_figure()
    plotting.plot_voltage(spike, ax=ax)
    live = plotting.LiveFigure(fig, [ax.lines[0]])
    ax.set_ylim(-100.0, 60.0)
    wide = _pixels(live.render_png())
    ax.set_ylim(-80.0, -50.0)
    narrow = _pixels(live.render_png())
    assert not np.array_equal(wide, narrow)
    assert np.mean(np.abs(narrow - _pixels(plotting.figure_to_png(fig)))) < 0.5
    assert len(live._backgrounds) == 2
    ax.set_ylim(-100.0, 60.0)
    assert np.array_equal(_pixels(live.render_png()), wide)
    assert len(live._backgrounds) == 2
    live.invalidate()
    assert not live._backgrounds


def test_family_colorbar_gives_each_trace_its_band():
    fig, ax = plotting.new_figure()
    values = np.arange(-45.0, 66.0, 10.0)
    colors = plotting.family_colors(values.size)
    bar = plotting.family_colorbar(fig, ax, values, colors, "step to (mV)")
    assert bar.cmap.N == values.size
    for value, color in zip(values, colors, strict=True):  # the band of each value has that trace's colour
        assert np.allclose(bar.cmap(bar.norm(value)), color)
    assert set(bar.get_ticks()) <= set(values) and len(bar.get_ticks()) <= 7
    assert bar.ax.get_ylabel() == "step to (mV)"
    with pytest.raises(ValueError, match="increase"):
        plotting.family_colorbar(fig, ax, values[::-1], colors, "x")
    with pytest.raises(ValueError, match="one entry per colour"):
        plotting.family_colorbar(fig, ax, values[:3], colors, "x")


def test_page_png_is_sharp_and_records_its_smallest_text():
    fig, ax = plotting.new_figure(figsize=(4.0, 3.0))
    ax.plot([0, 1], [0, 1])
    ax.set_title("small", fontsize=7.5)
    png, meta = plotting.page_png(fig)
    image = Image.open(io.BytesIO(png))
    assert float(image.text[plotting.MIN_FONT_KEY]) == 7.5
    assert float(image.text[plotting.DPI_KEY]) == fig.dpi * plotting.PIXEL_DENSITY
    assert meta["width"] == round(image.width / plotting.PIXEL_DENSITY)  # shown at 1x size, 2x pixels
    assert 350 < meta["width"] < 420  # about 4 in at 100 CSS px per inch (bbox tight)
    ax.title.set_visible(False)
    assert plotting.min_font_size(fig) == plotting.STYLE["xtick.labelsize"]
    with pytest.raises(ValueError, match="density"):
        plotting.page_png(fig, density=0)


def test_show_displays_the_page_png_with_its_width():
    from IPython.core.formatters import format_display_data

    fig, ax = plotting.new_figure(figsize=(4.0, 3.0))
    ax.plot([0, 1], [0, 1])
    data, metadata = format_display_data(plotting.show(fig))
    png, meta = plotting.page_png(fig)
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n" or isinstance(data["image/png"], str)
    assert metadata["image/png"] == meta and meta["width"] > 0
    assert plotting.MIN_FONT_KEY.encode() in png
    with pytest.raises(ValueError, match="fig"):
        plotting.show("not a figure")
    with pytest.raises(ValueError, match="density"):
        plotting.show(fig, density=0)


def test_stacked_beside_tall_gives_two_left_rows_and_one_right_axes_spanning_both():
    fig, top, bottom, right = plotting.stacked_beside_tall((6.0, 4.0), (2.0, 1.0), (1.5, 1.0))
    assert len(fig.axes) == 3
    top_spec, bottom_spec, right_spec = (ax.get_subplotspec() for ax in (top, bottom, right))
    assert (top_spec.rowspan, top_spec.colspan) == (range(0, 1), range(0, 1))
    assert (bottom_spec.rowspan, bottom_spec.colspan) == (range(1, 2), range(0, 1))
    assert (right_spec.rowspan, right_spec.colspan) == (range(0, 2), range(1, 2))
    assert list(right_spec.get_gridspec().get_height_ratios()) == [2.0, 1.0]
