r"""The ``[figure]`` block of a problem, parsed and checked (no matplotlib here).

A figure is a grid of panels; each panel selects sweep points (``where``), draws one or more y
columns against ``x``, one curve per combination of the remaining varying parameters (``group``,
default: every parameter that varies among the selected points except ``x``), and may carry an
inset (a panel of its own, drawn in axes coordinates ``bounds``).  Keys given at the top level of
``[figure]`` are defaults for every panel.

Line panels::

    [figure]
    x = "t"                    # column on the x axis
    xscale = "log"             # "linear" | "log" (also yscale)
    width = "column"           # "column" (3.4 in) | "page" (7.0 in)
    grid = [1, 2]              # rows, columns (default: one row)
    [figure.labels]            # math text with units for every column used
    t = "$t$"
    "data.p1" = "$\\rho_{11}$"
    [figure.values.map]        # display names of parameter values in legends
    local = "local limit"
    [figure.colors]            # colour roles by parameter value or y column
    exact = "#0072B2"
    [figure.linestyles]        # line-style roles, likewise
    narrow = ":"
    [[figure.panels]]
    where = {eps = 0.1}        # sweep filter
    title = "(b) $\\epsilon = 0.1$"
    y = ["data.p1", {col = "value", err = "data.sem", certified = true, label = "..."}]
    refs = [{y = 2.013, label = "$\\rho_{\\rm therm}$"}, {expr = "2.0**-x", label = "$2^{-N}$"}]
    inset = {bounds = [0.6, 0.5, 0.35, 0.4], y = "data.rho23_abs"}

A y entry is a column name or a table: ``col``, optional ``err`` (a column of standard errors drawn
as error bars), ``lower``/``upper`` (columns of a certified interval) or ``certified = true``
(the result's ``lower``/``upper``), ``interval = "band" | "bars"``, ``label``, ``style``
(``"line"``, ``"markers"``, ``"dashed"``, ``"reference"``), ``transform = "gradient"`` (draws
``dy/dx``, second-order finite differences as ``numpy.gradient``).

``explode = ["regions", "data.mean", "data.sem"]`` turns list-valued columns of one sweep point into
one row per list element (e.g. ``D_max`` per region size ``|R|`` of one disorder strength).

Heat-map panels (``kind = "heatmap"``): ``x``, ``y`` (parameters), ``z`` (a column), ``cmap``,
``norm = {kind = "twoslope", vcenter = v}`` (a two-step linear colour scale) or ``"log"``,
``contours = [{level = 1.0, label = "..."}]`` and ``annotate = [{text = "...", x = .., y = ..}]``.

Examples
--------
>>> spec = parse_figure({"x": "T", "y": "value", "labels": {"value": "$N$"}})
>>> spec.panels[0].curves[0].col, spec.grid
('value', (1, 1))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdpthermo.errors import ValidationError

PANEL_KEYS = {"kind", "x", "y", "z", "where", "group", "title", "xlabel", "ylabel", "zlabel", "xscale", "yscale",
              "xlim", "ylim", "refs", "inset", "legend", "cmap", "norm", "contours", "annotate", "bounds",
              "color_by", "zlim", "explode"}
FIGURE_KEYS = PANEL_KEYS | {"panels", "labels", "values", "colors", "linestyles", "width", "height", "grid", "sharex",
                            "sharey", "series"}
CURVE_KEYS = {"col", "err", "lower", "upper", "certified", "interval", "label", "style", "transform"}
REF_KEYS = {"x", "y", "expr", "label", "color", "err"}
TRANSFORMS = ("gradient",)
STYLES = ("line", "markers", "dashed", "reference")
WIDTHS = {"column": 3.4, "page": 7.0}

# Labels of common parameters and result fields (a problem's [figure.labels] overrides them).
DEFAULT_LABELS = {
    "T": "$T$", "T0": "$T_0$", "t": "$t$", "eps": r"$\epsilon$", "Gamma": r"$\Gamma$", "N": "$N$", "n": "$N$",
    "L": "$L$", "disorder": r"disorder $\Delta$", "beta": r"$\beta$", "d": "$d$", "map": "map", "channel": "channel",
    "energies": "$E$", "metric": "metric", "sigma_p": r"$\sigma_p$", "map_b": "map", "F_in": r"$F_{\rm in}$",
    "visibility": "visibility $x$",
}


def _fail(key: str, msg: str, fix: str) -> ValidationError:
    return ValidationError(f"figure.{key}", msg, fix)


@dataclass(frozen=True)
class Curve:
    """One y column of a panel and how to draw it (see the module docstring)."""

    col: str
    err: str | None = None
    lower: str | None = None
    upper: str | None = None
    interval: str = "band"
    label: str | None = None
    style: str = "line"
    transform: str | None = None


@dataclass(frozen=True)
class Ref:
    """A labelled reference: a horizontal line (``y``), a vertical line (``x``) or a curve ``expr`` in ``x``.

    ``x``/``y`` are numbers or column names (the value of the panel's first row), ``err`` (a number or a
    column) shades ``x +- err`` (or ``y +- err``).
    """

    label: str
    x: float | str | None = None
    y: float | str | None = None
    expr: str | None = None
    color: str | None = None
    err: float | str | None = None


@dataclass(frozen=True)
class Panel:
    """One subplot (or inset): which points, which columns, which axes."""

    kind: str
    x: str
    curves: tuple[Curve, ...]
    where: dict[str, Any]
    group: tuple[str, ...] | None
    options: dict[str, Any]
    refs: tuple[Ref, ...] = ()
    inset: Panel | None = None


@dataclass(frozen=True)
class FigureSpec:
    """A parsed ``[figure]``: panels on a grid, labels, value names and colour roles."""

    panels: tuple[Panel, ...]
    grid: tuple[int, int]
    width: float
    height: float
    labels: dict[str, str]
    values: dict[str, dict[str, str]]
    colors: dict[str, str]
    linestyles: dict[str, str] = field(default_factory=dict)
    sharex: bool = False
    sharey: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def label(self, column: str) -> str:
        """The declared label of ``column`` (a :class:`ValidationError` when it has none)."""
        if column in self.labels:
            return self.labels[column]
        raise _fail("labels", f"column {column!r} has no label",
                    f'add `"{column}" = "$...$ [unit]"` to [figure.labels]')


def _curve(entry: Any) -> Curve:
    if isinstance(entry, str):
        return Curve(col=entry)
    if not isinstance(entry, dict) or "col" not in entry:
        raise _fail("y", f"entry {entry!r} is neither a column name nor a table with `col`",
                    'write "data.x" or {col = "data.x", err = "data.x_err"}')
    unknown = set(entry) - CURVE_KEYS
    if unknown:
        raise _fail("y", f"unknown keys {sorted(unknown)} in {entry!r}", f"use {sorted(CURVE_KEYS)}")
    lower, upper = entry.get("lower"), entry.get("upper")
    if entry.get("certified"):
        lower, upper = "lower", "upper"
    if (lower is None) != (upper is None):
        raise _fail("y", f"{entry['col']}: an interval needs both `lower` and `upper`", "name both columns")
    style = entry.get("style", "line")
    if style not in STYLES:
        raise _fail("y", f"style {style!r} of {entry['col']!r} is unknown", f"use one of {list(STYLES)}")
    interval = entry.get("interval", "band")
    if interval not in ("band", "bars"):
        raise _fail("y", f"interval {interval!r} is unknown", 'use "band" or "bars"')
    transform = entry.get("transform")
    if transform is not None and transform not in TRANSFORMS:
        raise _fail("y", f"transform {transform!r} is unknown", f"use one of {list(TRANSFORMS)}")
    return Curve(col=entry["col"], err=entry.get("err"), lower=lower, upper=upper, interval=interval,
                 label=entry.get("label"), style=style, transform=transform)


def _ref(entry: Any) -> Ref:
    if not isinstance(entry, dict) or "label" not in entry or set(entry) - REF_KEYS:
        raise _fail("refs", f"reference {entry!r} needs `label` and one of x, y, expr", f"keys: {sorted(REF_KEYS)}")
    given = [k for k in ("x", "y", "expr") if k in entry]
    if len(given) != 1:
        raise _fail("refs", f"reference {entry['label']!r} names {given}", "give exactly one of x, y, expr")
    return Ref(label=entry["label"], x=entry.get("x"), y=entry.get("y"), expr=entry.get("expr"),
               color=entry.get("color"), err=entry.get("err"))


def _panel(d: dict[str, Any], defaults: dict[str, Any], inset: bool = False) -> Panel:
    merged = {**defaults, **d}
    unknown = set(d) - PANEL_KEYS
    if unknown:
        raise _fail("panels", f"unknown keys {sorted(unknown)}", f"use {sorted(PANEL_KEYS)}")
    kind = merged.get("kind", "line")
    if kind not in ("line", "heatmap"):
        raise _fail("kind", f"unknown kind {kind!r}", 'use "line" or "heatmap"')
    if "x" not in merged or "y" not in merged:
        raise _fail("x", "a panel needs `x` and `y`", "declare them in [figure] or in the panel")
    if kind == "heatmap":
        if "z" not in merged:
            raise _fail("z", "a heat map needs `z`", 'add z = "value"')
        curves: tuple[Curve, ...] = (Curve(col=merged["y"]),)
    else:
        ys = merged["y"] if isinstance(merged["y"], list) else [merged["y"]]
        curves = tuple(_curve(e) for e in ys)
    group = merged.get("group", merged.get("series"))
    if isinstance(group, str):
        group = [group]
    sub = None
    if "inset" in merged and not inset:
        ins = merged["inset"]
        if not isinstance(ins, dict) or "bounds" not in ins:
            raise _fail("inset", "an inset is a table with `bounds = [x0, y0, w, h]`", "add bounds in axes units")
        inset_defaults = {k: v for k, v in merged.items() if k not in ("inset", "refs", "title", "y", "ylabel",
                                                                        "ylim", "yscale", "legend")}
        sub = _panel(ins, inset_defaults, inset=True)
    opts = {k: v for k, v in merged.items() if k not in ("x", "y", "where", "group", "series", "refs", "inset")}
    for k in ("xscale", "yscale"):
        if opts.get(k, "linear") not in ("linear", "log", "symlog"):
            raise _fail(k, f"{opts[k]!r} is not an axis scale", 'use "linear" or "log"')
    return Panel(kind=kind, x=merged["x"], curves=curves, where=dict(merged.get("where", {})),
                 group=tuple(group) if group is not None else None, options=opts,
                 refs=tuple(_ref(r) for r in merged.get("refs", [])), inset=sub)


def parse_figure(fig: dict[str, Any]) -> FigureSpec:
    """Parse a problem's ``[figure]`` table (a :class:`ValidationError` naming the key when malformed).

    Parameters
    ----------
    fig : dict
        The ``[figure]`` table as loaded from TOML; labels default to :data:`DEFAULT_LABELS`.
    """
    unknown = set(fig) - FIGURE_KEYS
    if unknown:
        raise _fail("", f"unknown keys {sorted(unknown)}", f"use {sorted(FIGURE_KEYS)}")
    defaults = {k: v for k, v in fig.items() if k in PANEL_KEYS}
    raw_panels = fig.get("panels") or [{}]
    panels = tuple(_panel(p, defaults) for p in raw_panels)
    n = len(panels)
    grid = tuple(fig.get("grid", (1, n)))
    if len(grid) != 2 or grid[0] * grid[1] < n:
        raise _fail("grid", f"grid {list(grid)} has fewer cells than {n} panels", f"use e.g. grid = [1, {n}]")
    width = fig.get("width", "column" if grid[1] == 1 else "page")
    if width not in WIDTHS:
        raise _fail("width", f"unknown width {width!r}", f"use one of {sorted(WIDTHS)}")
    height = float(fig.get("height", 2.5 if grid[1] == 1 else 2.4)) * grid[0]
    labels = {**DEFAULT_LABELS, **fig.get("labels", {})}
    return FigureSpec(panels=panels, grid=(int(grid[0]), int(grid[1])), width=WIDTHS[width], height=height,
                      labels=labels, values={k: dict(v) for k, v in fig.get("values", {}).items()},
                      colors=dict(fig.get("colors", {})), linestyles=dict(fig.get("linestyles", {})),
                      sharex=bool(fig.get("sharex", False)), sharey=bool(fig.get("sharey", False)))
