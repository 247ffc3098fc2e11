r"""Drawing a parsed :class:`~sdpthermo.figures.spec.FigureSpec` with matplotlib.

Line panels: one curve per :class:`~sdpthermo.figures.data.Series`; the first dimension that varies
across curves sets the colour (or a declared colour role), the second the line style and marker.
Standard errors are drawn as error bars; certified intervals as a band (or bars) only where they are
wider than the line (more than :data:`VISIBLE` of the y range), since a band thinner than the line
only hides it.  Reference lines and curves are grey and labelled.  Heat maps use ``pcolormesh`` with
an optional two-step linear colour scale and labelled contours.

Examples
--------
>>> from sdpthermo.figures.spec import parse_figure
>>> spec = parse_figure({"x": "T", "y": "value", "labels": {"value": "$v$"}})
>>> fig = draw(spec, [{"T": t, "value": t * t} for t in (1.0, 2.0, 3.0)], params=["T"])
>>> len(fig.axes[0].lines)
1
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.figures.data import Series, format_value, grouping, heat_grid, num, panel_series, select
from sdpthermo.figures.spec import FigureSpec, Panel
from sdpthermo.figures.style import LINESTYLES, MARKERS, PALETTE, REFERENCE_COLOR, pick

REF_LINESTYLES = ("--", "-.", (0, (1, 1)), (0, (6, 2)))
VISIBLE = 0.006  # an interval narrower than this fraction of the y range is not drawn
SAFE_NAMES = {"np": np, "exp": np.exp, "log": np.log, "log2": np.log2, "sqrt": np.sqrt, "pi": np.pi}


def _eval_ref(expr: str, x: np.ndarray) -> np.ndarray:
    try:
        out = eval(expr, {"__builtins__": {}}, {**SAFE_NAMES, "x": x})  # noqa: S307 - TOML of the catalogue
    except Exception as exc:  # a malformed expression is a catalogue error
        raise ValidationError("figure.refs", f"cannot evaluate {expr!r}: {exc}", "use numpy syntax in x") from exc
    return np.broadcast_to(np.asarray(out, dtype=float), x.shape)


def _value_name(spec: FigureSpec, dim: str, value: Any) -> str:
    if dim == "y":
        return spec.label(value)
    names = spec.values.get(dim, {})
    shown = names.get(format_value(value), format_value(value))
    return shown if dim in spec.values else f"{spec.label(dim)} = {shown}"


def _roles(series: list[Series]) -> list[str]:
    """Dimensions that vary across the curves, in key order."""
    series = [s for s in series if s.curve.style != "reference"]
    if not series:
        return []
    dims = [d for d, _ in series[0].key]
    return [d for i, d in enumerate(dims) if len({format_value(s.key[i][1]) for s in series}) > 1]


def _styles(spec: FigureSpec, panel: Panel, series: list[Series]) -> list[dict[str, Any]]:
    dims = _roles(series)
    refs = [c.col for c in panel.curves if c.style == "reference"]
    color_by = panel.options.get("color_by", dims[0] if dims else None)
    rest = [d for d in dims if d != color_by]
    index: dict[str, list[str]] = {d: [] for d in dims}
    distinct_values = {d: {format_value(dict(s.key)[d]) for s in series if s.curve.style != "reference"}
                       for d in dims}
    out = []
    for s in series:
        vals = {d: format_value(v) for d, v in s.key}
        for d in (dims if s.curve.style != "reference" else ()):
            if vals[d] not in index[d]:
                index[d].append(vals[d])
        role = vals.get(color_by, "") if color_by else ""
        ci = index[color_by].index(role) if color_by and role in index[color_by] else 0
        color = spec.colors.get(role, spec.colors.get(s.curve.col, pick(PALETTE, ci)))
        if "cmap" in panel.options and color_by:  # ordered values: a sequential colour map
            color = _sequential(panel.options["cmap"], ci, len(distinct_values[color_by]))
        li = index[rest[0]].index(vals[rest[0]]) if rest and vals[rest[0]] in index[rest[0]] else 0
        if not rest and "cmap" not in panel.options:
            li = ci // len(PALETTE)  # past the palette: the next line style
        linestyle = spec.linestyles.get(role, spec.linestyles.get(s.curve.col, pick(LINESTYLES, li)))
        style: dict[str, Any] = {"color": color, "linestyle": linestyle, "marker": None}
        if s.curve.style == "markers":
            style.update(linestyle="none", marker=pick(MARKERS, ci))
        elif s.curve.style == "dashed":
            style.update(linestyle="--")
        elif s.curve.style == "reference":
            style.update(color=REFERENCE_COLOR, linestyle=pick(REF_LINESTYLES, refs.index(s.curve.col)),
                         linewidth=0.9)
        if len(s.x) <= 16 and s.curve.style == "line":
            style["marker"] = pick(MARKERS, li if rest else ci)
            if rest and li % 2:  # open markers keep coinciding curves of the second dimension visible
                style.update(markerfacecolor="none", markersize=5)
        groups = [_value_name(spec, d, v) for d, v in s.key if d in dims and d != "y"]
        if s.curve.label and (s.curve.style in ("dashed", "reference") or not groups):
            style["label"] = s.curve.label  # a bound drawn for every group: one legend entry
        elif s.curve.label:
            style["label"] = ", ".join([s.curve.label, *groups])
        else:
            parts = [_value_name(spec, d, v) for d, v in s.key if d in dims]
            style["label"] = ", ".join(parts) if parts else spec.label(s.curve.col)
        out.append(style)
    return out


def _sequential(name: str, i: int, n: int) -> Any:
    """Colour ``i`` of ``n`` from the colour map ``name`` (its pale end left out)."""
    from matplotlib import colormaps

    return colormaps[name](0.9 * i / max(n - 1, 1))


def _interval(ax: Any, s: Series, style: dict[str, Any], yspan: float) -> None:
    if s.lower is None or s.upper is None:
        return
    lo, hi = np.clip(s.lower, -1e300, 1e300), np.clip(s.upper, -1e300, 1e300)
    width = np.where(np.isfinite(s.lower) & np.isfinite(s.upper), hi - lo, np.nan)
    if not np.any(width > VISIBLE * yspan):
        return
    if s.curve.interval == "bars":
        ax.errorbar(s.x, (lo + hi) / 2, yerr=(hi - lo) / 2, fmt="none", ecolor=style["color"], elinewidth=0.8,
                    capsize=2)
    else:
        ax.fill_between(s.x, lo, hi, color=style["color"], alpha=0.25, linewidth=0)


def _line_panel(ax: Any, spec: FigureSpec, panel: Panel, rows: list[dict[str, Any]], params: list[str]) -> None:
    series = panel_series(panel, rows, params)
    styles = _styles(spec, panel, series)
    ys = np.concatenate([s.y[np.isfinite(s.y)] for s in series] + [np.zeros(0)])
    yspan = float(np.ptp(ys)) if ys.size else 1.0
    if panel.options.get("yscale") == "log":
        pos = ys[ys > 0]
        yspan = float(np.ptp(np.log10(pos))) if pos.size else 1.0
    drawn_refs: set[str] = set()
    for s, st in zip(series, styles):
        if s.curve.style == "reference":  # the same reference for every group: drawn once
            if s.curve.col in drawn_refs:
                continue
            drawn_refs.add(s.curve.col)
        y = np.where(s.y > 0, s.y, np.nan) if panel.options.get("yscale") == "log" else s.y
        if s.err is not None:
            ax.errorbar(s.x, y, yerr=s.err, capsize=2, elinewidth=0.8, **st)
        else:
            ax.plot(s.x, y, **st)
        if panel.options.get("yscale") != "log":
            _interval(ax, s, st, yspan or 1.0)
    xs = np.concatenate([s.x for s in series])
    first = select(rows, panel.where)[0]

    def value(v: float | str | None) -> float:
        return num(first.get(v)) if isinstance(v, str) else num(v)

    for ref in panel.refs:
        color = ref.color or REFERENCE_COLOR
        err = value(ref.err) if ref.err is not None else None
        if ref.y is not None:
            ax.axhline(value(ref.y), color=color, linestyle="--", linewidth=0.9, label=ref.label, zorder=1)
            if err:
                ax.axhspan(value(ref.y) - err, value(ref.y) + err, color=color, alpha=0.2, linewidth=0)
        elif ref.x is not None:
            ax.axvline(value(ref.x), color=color, linestyle=":", linewidth=0.9, label=ref.label, zorder=1)
            if err:
                ax.axvspan(value(ref.x) - err, value(ref.x) + err, color=color, alpha=0.2, linewidth=0)
        elif ref.expr is not None:
            grid = np.unique(xs[np.isfinite(xs)])
            dense = (np.geomspace(grid[0], grid[-1], 200) if panel.options.get("xscale") == "log" and grid[0] > 0
                     else np.linspace(grid[0], grid[-1], 200))
            ax.plot(dense, _eval_ref(ref.expr, dense), color=color, linestyle="--", linewidth=0.9, label=ref.label)
    _axes(ax, spec, panel)
    leg = panel.options.get("legend", True)
    if leg and (len(series) > 1 or panel.refs):
        handles, labels = ax.get_legend_handles_labels()
        keep = {lab: h for h, lab in zip(handles, labels)}  # a label shared by several curves: one entry
        kw = {"handles": list(keep.values()), "labels": list(keep)}
        if isinstance(leg, dict):  # {loc = "...", anchor = [x, y], ncol = n}
            ax.legend(loc=leg.get("loc", "best"), bbox_to_anchor=leg.get("anchor"), ncol=leg.get("ncol", 1), **kw)
        else:
            ax.legend(loc=leg if isinstance(leg, str) else "best", **kw)


def _axes(ax: Any, spec: FigureSpec, panel: Panel) -> None:
    o = panel.options
    ax.set_xscale(o.get("xscale", "linear"))
    ax.set_yscale(o.get("yscale", "linear"))
    ax.set_xlabel(o.get("xlabel", spec.label(panel.x)))
    if "ylabel" in o:
        ax.set_ylabel(o["ylabel"])
    elif panel.kind == "heatmap" or len(panel.curves) == 1:
        ax.set_ylabel(spec.label(panel.curves[0].col))
    if "xlim" in o:
        ax.set_xlim(*o["xlim"])
    if "ylim" in o:
        ax.set_ylim(*o["ylim"])
    if "title" in o:
        ax.set_title(o["title"])


#: significant digits of a heat map's colour limits (a 256-colour bar resolves about three)
COLOUR_DIGITS = 3
#: smallest lower colour limit of a logarithmic colour scale
LOG_FLOOR = 1e-12


def _outward(x: float, e: int, up: bool) -> float:
    """``x`` rounded up or down to a multiple of ``10^e``; within ``1e-9`` steps of a multiple counts as on it."""
    steps = x / 10.0**e
    near = round(steps)
    k = near if abs(steps - near) < 1e-9 else math.ceil(steps) if up else math.floor(steps)
    return k * 10.0**e if e >= 0 else k / 10.0**-e


def colour_limits(lo: float, hi: float, log: bool = False) -> tuple[float, float]:
    """A heat map's colour limits: the data range ``[lo, hi]`` rounded outward to ``COLOUR_DIGITS`` digits.

    Linear scales round both ends to multiples of ``10^(floor log10 (hi - lo) - COLOUR_DIGITS + 1)``;
    logarithmic ones round each end to ``COLOUR_DIGITS`` significant digits of itself (``lo`` at least
    ``LOG_FLOOR``).  The colour bar, its ticks and (through their extents) the figure layout then depend on
    the data's extremes only through digits a colour bar can show: a rerun whose extremes differ in the
    solvers' last digits draws the same figure, byte for byte.

    >>> colour_limits(0.0, 0.04949539750099012) == colour_limits(0.0, 0.049495397500963066) == (0.0, 0.0495)
    True
    >>> colour_limits(3e-7, 0.0123, log=True), colour_limits(-0.52, 1.0)
    ((3e-07, 0.0123), (-0.52, 1.0))
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        return lo, hi
    if log:
        lo = max(lo, LOG_FLOOR)
        hi = max(hi, lo)
        return (_outward(lo, math.floor(math.log10(lo)) - COLOUR_DIGITS + 1, up=False),
                _outward(hi, math.floor(math.log10(hi)) - COLOUR_DIGITS + 1, up=True))
    scale = hi - lo if hi > lo else max(abs(lo), abs(hi))
    if scale == 0:
        return lo, hi
    e = math.floor(math.log10(scale)) - COLOUR_DIGITS + 1
    return _outward(lo, e, up=False), _outward(hi, e, up=True)


def _heat_panel(fig: Any, ax: Any, spec: FigureSpec, panel: Panel, rows: list[dict[str, Any]]) -> None:
    from matplotlib import colors

    xs, ys, z = heat_grid(panel, rows)
    o = panel.options
    norm_spec = o.get("norm")
    log = norm_spec == "log"
    lo, hi = o.get("zlim", colour_limits(float(np.nanmin(z)), float(np.nanmax(z)), log=log))
    if isinstance(norm_spec, dict) and norm_spec.get("kind") == "twoslope":
        vc = float(norm_spec["vcenter"])
        pad = 1e-9 * max(1.0, abs(vc))  # data entirely on one side of the centre: keep the centre on the bar
        norm: Any = colors.TwoSlopeNorm(vcenter=vc, vmin=min(lo, vc - pad), vmax=max(hi, vc + pad))
    elif log:
        norm = colors.LogNorm(vmin=lo, vmax=hi)
    else:
        norm = colors.Normalize(vmin=lo, vmax=hi)
    mesh = ax.pcolormesh(xs, ys, z, shading="nearest", cmap=o.get("cmap", "viridis"), norm=norm,
                         rasterized=True)
    bar = fig.colorbar(mesh, ax=ax, label=o.get("zlabel", spec.label(o["z"])))
    if isinstance(norm, colors.TwoSlopeNorm):
        bar.ax.axhline(norm.vcenter, color="white", linewidth=0.6)
    for c in o.get("contours", []):
        level = float(c["level"])
        if np.nanmin(z) < level < np.nanmax(z):
            cs = ax.contour(xs, ys, z, levels=[level], colors=c.get("color", "white"),
                            linewidths=c.get("linewidth", 1.0), linestyles=c.get("linestyle", "-"))
            if c.get("label"):
                ax.clabel(cs, fmt={level: c["label"]}, fontsize=7, inline_spacing=2)
    for a in o.get("annotate", []):
        ax.annotate(a["text"], (a["x"], a["y"]), color=a.get("color", "white"), fontsize=7, ha="center",
                    va="center")
    _axes(ax, spec, panel)


def draw(spec: FigureSpec, rows: list[dict[str, Any]], params: list[str]) -> Any:
    """A matplotlib figure for ``spec`` over ``rows`` (``params``: the sweep parameters, in order).

    Call it inside ``matplotlib.rc_context(style.rc())`` for the project style.
    """
    import matplotlib.pyplot as plt

    rows_, cols = spec.grid
    fig, axes = plt.subplots(rows_, cols, figsize=(spec.width, spec.height), squeeze=False,
                             sharex=spec.sharex, sharey=spec.sharey)
    flat = list(axes.flat)
    for k, (ax, panel) in enumerate(zip(flat, spec.panels)):
        if spec.sharey and k % cols:  # a shared y axis is labelled once per row
            panel = replace(panel, options={**panel.options, "ylabel": ""})
        if spec.sharex and k < (rows_ - 1) * cols:
            panel = replace(panel, options={**panel.options, "xlabel": ""})
        if panel.kind == "heatmap":
            _heat_panel(fig, ax, spec, panel, rows)
            continue
        _line_panel(ax, spec, panel, rows, params)
        if panel.inset is not None:
            b = panel.inset.options["bounds"]
            sub = ax.inset_axes(b)
            _line_panel(sub, spec, panel.inset, rows, params)
            sub.tick_params(labelsize=6)
            sub.xaxis.label.set_size(7)
            sub.yaxis.label.set_size(7)
    for ax in flat[len(spec.panels):]:
        ax.set_visible(False)
    return fig


def used_columns(spec: FigureSpec) -> set[str]:
    """Every column the figure reads (for collecting rows from the store)."""
    out: set[str] = set()
    stack = list(spec.panels)
    while stack:
        p = stack.pop()
        out |= {p.x, *p.where, *(p.group or ())}
        if p.kind == "heatmap":
            out |= {p.curves[0].col, p.options["z"]}
        for c in p.curves:
            out |= {v for v in (c.col, c.err, c.lower, c.upper) if v}
        if p.inset is not None:
            stack.append(p.inset)
    return out


__all__ = ["draw", "used_columns", "grouping", "select"]
