"""Figure specs (sdpthermo.figures): parsing, grouping, error bars, certified bands, reference lines, heat maps,
the catalogue's [figure] blocks, and byte-stable PNG/PDF files (issue 21 item 3)."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sdpthermo.errors import ValidationError  # noqa: E402
from sdpthermo.figures import figure_spec  # noqa: E402
from sdpthermo.figures.data import explode, heat_grid, panel_series  # noqa: E402
from sdpthermo.figures.draw import draw, used_columns  # noqa: E402
from sdpthermo.figures.spec import parse_figure  # noqa: E402
from sdpthermo.figures.style import rc, save_stable  # noqa: E402
from sdpthermo.registry.problems import load_problems  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "problems"
PROBLEMS = load_problems(ROOT)


def _rows(grid: dict[str, list], f) -> list[dict]:
    keys = list(grid)
    return [{**dict(zip(keys, combo)), **f(dict(zip(keys, combo)))} for combo in itertools.product(*grid.values())]


def _draw(spec, rows, params):
    with matplotlib.rc_context(rc()):
        return draw(spec, rows, params)


def test_panels_filter_and_group_by_every_varying_parameter():
    rows = _rows({"map": ["a", "b", "c"], "eps": [0.1, 0.003], "G": [1.0, 2.0, 3.0]},
                 lambda p: {"value": p["G"] * (1 + p["eps"])})
    spec = parse_figure({"x": "G", "y": "value", "grid": [1, 2], "labels": {"G": "$G$", "value": "$v$"},
                         "panels": [{"where": {"eps": 0.1}}, {"where": {"eps": 0.003}}]})
    assert spec.grid == (1, 2) and len(spec.panels) == 2
    for panel in spec.panels:
        series = panel_series(panel, rows, ["map", "eps", "G"])
        assert [dict(s.key)["map"] for s in series] == ["a", "b", "c"]  # eps is fixed by the panel
        assert all(len(s.x) == 3 for s in series)
    fig = _draw(spec, rows, ["map", "eps", "G"])
    assert [len(ax.lines) for ax in fig.axes] == [3, 3]
    plt.close(fig)


def test_two_parameters_varying_together_never_merge_into_one_line():
    """The eplt-gme-ghz bug: n and energies both vary; one curve per (n, energies)."""
    rows = _rows({"n": [3, 4], "energies": [[0.0, 1.0], [0.0, 2.0]], "T": [0.5, 1.0, 2.0]},
                 lambda p: {"value": -p["T"] / p["energies"][1]})
    spec = parse_figure({"x": "T", "y": "value", "labels": {"value": "$w$"}})
    series = panel_series(spec.panels[0], rows, ["n", "energies", "T"])
    assert len(series) == 4 and all(np.all(np.diff(s.x) > 0) for s in series)
    fig = _draw(spec, rows, ["n", "energies", "T"])
    labels = [ln.get_label() for ln in fig.axes[0].lines]
    assert len(set(labels)) == 4 and "$N$ = 3, $E$ = [0, 1]" in labels
    plt.close(fig)


def test_error_bars_bands_references_and_gradient():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    rows = [{"D": float(v), "value": float(v * v), "err": 0.5, "lower": float(v * v - 2), "upper": float(v * v + 2)}
            for v in x]
    spec = parse_figure({"x": "D", "labels": {"D": "$D$", "value": "$s$"}, "y": [
        {"col": "value", "err": "err"},
        {"col": "value", "certified": True, "label": "certified"},
        {"col": "value", "transform": "gradient", "label": "slope"}],
        "refs": [{"y": 3.0, "label": "three"}, {"x": "value", "err": 0.25, "label": "first value"},
                 {"expr": "x**2", "label": "$x^2$"}]})
    series = panel_series(spec.panels[0], rows, ["D"])
    np.testing.assert_allclose(series[0].err, 0.5)
    np.testing.assert_allclose(series[1].upper - series[1].lower, 4.0)
    np.testing.assert_allclose(series[2].y, np.gradient(x * x, x))
    fig = _draw(spec, rows, ["D"])
    ax = fig.axes[0]
    assert len(ax.containers) == 1  # the error bars
    assert len(ax.collections) >= 2  # the certified band (wider than the line) and the x +- err span
    assert {"three", "first value", "$x^2$"} <= {ln.get_label() for ln in ax.lines}
    plt.close(fig)


def test_band_thinner_than_the_line_is_not_drawn():
    rows = [{"t": float(t), "value": float(t), "lower": float(t) - 1e-9, "upper": float(t) + 1e-9} for t in range(5)]
    spec = parse_figure({"x": "t", "y": [{"col": "value", "certified": True}], "labels": {"value": "$v$"}})
    fig = _draw(spec, rows, ["t"])
    assert not fig.axes[0].collections
    plt.close(fig)


def test_explode_and_inset():
    rows = [{"disorder": d, "regions": [1, 2, 3], "data.mean": [d, 2 * d, 3 * d], "data.sem": [0.1] * 3,
             "value": d} for d in (1.0, 2.0)]
    assert len(explode(rows, ["regions", "data.mean", "data.sem"])) == 6
    spec = parse_figure({"panels": [
        {"x": "regions", "explode": ["regions", "data.mean", "data.sem"],
         "y": [{"col": "data.mean", "err": "data.sem"}], "group": ["disorder"],
         "inset": {"bounds": [0.5, 0.1, 0.4, 0.4], "x": "disorder", "explode": [], "y": "value"}}],
        "labels": {"regions": "$|R|$", "data.mean": "$D$", "value": "$s$"}})
    series = panel_series(spec.panels[0], rows, ["disorder"])
    np.testing.assert_allclose(series[1].y, [2.0, 4.0, 6.0])
    assert spec.panels[0].inset is not None
    fig = _draw(spec, rows, ["disorder"])
    assert len(fig.axes[0].child_axes) == 1
    plt.close(fig)


def test_heat_map_grid_norm_and_contour():
    rows = _rows({"T0": [0.1, 0.3, 1.0, 3.0], "T": [0.1, 0.3, 1.0, 3.0]},
                 lambda p: {"data.lambda": p["T"] / p["T0"]})
    spec = parse_figure({"kind": "heatmap", "x": "T", "y": "T0", "z": "data.lambda", "xscale": "log",
                         "yscale": "log", "norm": {"kind": "twoslope", "vcenter": 1.0},
                         "contours": [{"level": 1.0, "label": "$\\lambda = 1$"}],
                         "labels": {"data.lambda": "$\\lambda$"}})
    xs, ys, z = heat_grid(spec.panels[0], rows)
    assert z.shape == (4, 4) and z[2, 1] == pytest.approx(0.3 / 1.0)
    fig = _draw(spec, rows, ["T0", "T"])
    assert isinstance(fig.axes[0].collections[0].norm, matplotlib.colors.TwoSlopeNorm)
    plt.close(fig)


@pytest.mark.parametrize("bad,key", [
    ({"x": "T", "y": "v", "bogus": 1}, "figure."),
    ({"x": "T", "y": [{"col": "v", "lower": "lo"}]}, "figure.y"),
    ({"x": "T", "y": [{"col": "v", "style": "fancy"}]}, "figure.y"),
    ({"x": "T", "y": "v", "refs": [{"label": "r", "x": 1, "y": 2}]}, "figure.refs"),
    ({"x": "T", "y": "v", "grid": [1, 1], "panels": [{}, {}]}, "figure.grid"),
    ({"kind": "heatmap", "x": "T", "y": "T0"}, "figure.z"),
    ({"x": "T", "y": "v", "xscale": "loglog"}, "figure.xscale"),
])
def test_malformed_specs_name_the_key(bad, key):
    with pytest.raises(ValidationError) as exc:
        parse_figure(bad)
    assert exc.value.param.startswith(key)


def test_where_that_matches_nothing_is_an_error():
    spec = parse_figure({"x": "t", "y": "value", "where": {"eps": 0.5}, "labels": {"value": "$v$"}})
    with pytest.raises(ValidationError, match="matches no sweep point"):
        panel_series(spec.panels[0], [{"t": 1.0, "eps": 0.1, "value": 1.0}], ["eps", "t"])


def test_unlabelled_column_is_an_error():
    spec = parse_figure({"x": "t", "y": "data.raw"})
    with pytest.raises(ValidationError, match="has no label"):
        spec.label("data.raw")


@pytest.mark.parametrize("prob", [p for p in PROBLEMS if p.figure], ids=lambda p: p.id)
def test_catalogue_figures_parse_and_every_axis_and_curve_is_labelled(prob):
    """No raw column names: every column a figure shows on an axis or in a legend has a declared label."""
    spec = figure_spec(prob)
    params = set(prob.sweep) | set(prob.params)
    stack = list(spec.panels)
    while stack:
        panel = stack.pop()
        for k in panel.where:
            assert k in params, f"where names {k!r}, not a parameter"
        if "xlabel" not in panel.options:
            spec.label(panel.x)
        for c in panel.curves:
            if not c.label and (len(panel.curves) > 1 or "ylabel" not in panel.options):
                spec.label(c.col)
        for g in panel.group or ():
            assert g in params
            if g not in spec.values:
                spec.label(g)
        if panel.kind == "heatmap" and "zlabel" not in panel.options:
            spec.label(panel.options["z"])
        if panel.inset is not None:
            stack.append(panel.inset)
    assert used_columns(spec)


def _synthetic_rows(prob, cols):
    rows = []
    for i, pt in enumerate(prob.points()):
        rows.append({**pt, **{c: float(i % 7 + 1) for c in cols if c not in pt}})
    return rows


@pytest.mark.parametrize("pid,curves", [("eplt-gme-ghz", [4]), ("collision-steady-state-gamma", [3, 3]),
                                        ("collision-diamond-table", [4])])
def test_the_three_broken_figures_draw_one_curve_per_parameter_combination(pid, curves):
    prob = next(p for p in PROBLEMS if p.id == pid)
    spec = figure_spec(prob)
    rows = _synthetic_rows(prob, used_columns(spec))
    params = list(prob.sweep) + list(prob.params)
    fig = _draw(spec, rows, params)
    counts = [len([ln for ln in ax.lines if not ln.get_label().startswith("_") and ln.get_color() != "0.55"])
              for ax in fig.axes if ax.get_visible()]
    assert counts == curves
    plt.close(fig)


def test_saving_twice_gives_identical_bytes(tmp_path):
    """Issue 21 item 3: no time stamps or tool versions in the PNG or the PDF."""
    rows = [{"t": float(t), "value": float(np.sin(t))} for t in range(10)]
    spec = parse_figure({"x": "t", "y": "value", "labels": {"value": "$\\sin t$"}, "title": "stable"})
    paths = []
    for k in range(2):
        fig = _draw(spec, rows, ["t"])
        paths.append(save_stable(fig, tmp_path / f"run{k}" / "fig"))
        plt.close(fig)
    for a, b in zip(*paths):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    pdf = paths[0][1].read_bytes()
    assert b"CreationDate" not in pdf and b"ModDate" not in pdf and b"matplotlib" not in pdf.lower()
    assert b"Software" not in paths[0][0].read_bytes()


def test_roundoff_in_a_heat_maps_extremes_leaves_the_figure_unchanged(tmp_path):
    """Issue 21 item 3 (sthermal-parity-fig2a): two runs whose largest value differs in its last digits
    (0.04949539750099012 vs 0.049495397500963066 in the seed-004 grid) draw the same colour bar, hence the same
    layout and the same bytes; the colour limits are the data range rounded outward to three digits."""
    rows = _rows({"T0": list(np.geomspace(0.01, 10, 12)), "T": list(np.geomspace(0.01, 10, 12))},
                 lambda p: {"data.w": 0.0495 * np.exp(-np.log(p["T"] / p["T0"]) ** 2)})
    top = max(r["data.w"] for r in rows)
    spec = parse_figure({"kind": "heatmap", "x": "T", "y": "T0", "z": "data.w", "xscale": "log", "yscale": "log",
                         "norm": {"kind": "twoslope", "vcenter": 0.005}, "labels": {"data.w": "$W$"},
                         "contours": [{"level": 1e-9, "linestyle": "--"}]})
    files, limits = [], []
    for k, peak in enumerate((0.04949539750099012, 0.049495397500963066)):
        data = [{**r, "data.w": peak if r["data.w"] == top else r["data.w"]} for r in rows]
        fig = _draw(spec, data, ["T0", "T"])
        norm = fig.axes[0].collections[0].norm
        limits.append((norm.vmin, norm.vmax))
        files.append(save_stable(fig, tmp_path / f"run{k}" / "fig"))
        plt.close(fig)
    assert limits[0] == limits[1] == (0.0, 0.0495)
    for a, b in zip(*files):
        assert a.read_bytes() == b.read_bytes(), a.suffix


def test_colour_limits_contain_the_data_and_follow_a_real_change():
    from sdpthermo.figures.draw import colour_limits

    for lo, hi in ((0.0, 0.0495), (-0.0123, 0.98765), (0.31, 0.3100042)):     # linear: at most 1% wider each end
        a, b = colour_limits(lo, hi)
        assert a <= lo and hi <= b and b - a <= 1.02 * (hi - lo)
    a, b = colour_limits(3.2e-9, 0.04171, log=True)                          # log: three digits of each end
    assert (a, b) == (3.2e-9, 0.0418)
    assert colour_limits(0.0, 0.0495)[1] != colour_limits(0.0, 0.0497)[1]      # a visible change moves the bar
