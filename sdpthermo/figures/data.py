r"""Rows of a table turned into the curves and grids a panel draws (no matplotlib here).

A *row* is a dict ``column -> value`` for one sweep point (parameters, ``value``, ``lower``,
``upper``, ``data.<key>``).  A panel keeps the rows that match its ``where`` filter and draws one
curve per y column and per combination of the grouping parameters; by default these are every
parameter that takes more than one value among the kept rows, except ``x`` -- so two parameters
that vary together (e.g. ``n`` and ``energies``) never merge into one zig-zag line.

Examples
--------
>>> from sdpthermo.figures.spec import parse_figure
>>> rows = [{"n": n, "E": e, "T": t, "value": n * e * t} for n in (3, 4) for e in (1, 2) for t in (1, 2)]
>>> panel = parse_figure({"x": "T", "y": "value"}).panels[0]
>>> [(s.key, s.y.tolist()) for s in panel_series(panel, rows, params=["n", "E", "T"])][:2]
[((('n', 3), ('E', 1)), [3.0, 6.0]), ((('n', 3), ('E', 2)), [6.0, 12.0])]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.figures.spec import Curve, Panel


def num(v: Any) -> float:
    """``float(v)``, NaN for ``None`` and non-numbers (drawn as gaps)."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
    return a == b


def select(rows: list[dict[str, Any]], where: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows whose parameters equal every entry of ``where`` (a :class:`ValidationError` if none do)."""
    kept = [r for r in rows if all(k in r and _same(r[k], v) for k, v in where.items())]
    if not kept:
        raise ValidationError("figure.where", f"filter {where} matches no sweep point",
                              "use parameter values that occur in [sweep] or [params]")
    return kept


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def distinct(rows: list[dict[str, Any]], column: str) -> list[Any]:
    """Distinct values of ``column`` in row order."""
    seen: dict[Any, Any] = {}
    for r in rows:
        seen.setdefault(_hashable(r.get(column)), r.get(column))
    return list(seen.values())


def grouping(panel: Panel, rows: list[dict[str, Any]], params: list[str]) -> tuple[str, ...]:
    """The parameters that split the panel's curves (declared ``group`` or every varying one but ``x``)."""
    if panel.group is not None:
        return panel.group
    return tuple(p for p in params if p != panel.x and p not in panel.where and len(distinct(rows, p)) > 1)


@dataclass(frozen=True)
class Series:
    """One drawn curve: its key ``((dimension, value), ...)`` and its arrays sorted by x."""

    key: tuple[tuple[str, Any], ...]
    curve: Curve
    x: np.ndarray
    y: np.ndarray
    err: np.ndarray | None
    lower: np.ndarray | None
    upper: np.ndarray | None


def _column(rows: list[dict[str, Any]], col: str) -> np.ndarray:
    return np.array([num(r.get(col)) for r in rows])


def _optional_column(rows: list[dict[str, Any]], col: str | None) -> np.ndarray | None:
    return None if col is None else _column(rows, col)


def explode(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """One row per element of the list-valued ``columns`` (equal lengths within a row).

    >>> explode([{"L": 8, "r": [1, 2], "m": [0.1, 0.3]}], ["r", "m"])
    [{'L': 8, 'r': 1, 'm': 0.1}, {'L': 8, 'r': 2, 'm': 0.3}]
    """
    out = []
    for r in rows:
        lists: list[Any] = [r.get(c) for c in columns]
        if not all(isinstance(v, list) for v in lists) or len({len(v) for v in lists}) != 1:
            raise ValidationError("figure.explode", f"columns {columns} are not lists of one length in {r}",
                                  "explode only list-valued columns of equal length")
        out += [{**r, **dict(zip(columns, vals))} for vals in zip(*lists)]
    return out


def panel_rows(panel: Panel, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows a panel draws: filtered by ``where``, then exploded."""
    kept = select(rows, panel.where)
    cols = panel.options.get("explode")
    return explode(kept, list(cols)) if cols else kept


def panel_series(panel: Panel, rows: list[dict[str, Any]], params: list[str]) -> list[Series]:
    """Every curve of a line panel: the kept rows split by y column and by :func:`grouping`."""
    kept = panel_rows(panel, rows)
    groups = grouping(panel, kept, params)
    buckets: dict[Any, list[dict[str, Any]]] = {}
    for r in kept:
        buckets.setdefault(tuple(_hashable(r.get(g)) for g in groups), []).append(r)
    multi_y = len(panel.curves) > 1
    out = []
    for curve in panel.curves:
        for members in buckets.values():
            xs = _column(members, panel.x)
            order = np.argsort(xs, kind="stable")
            sel = [members[i] for i in order]
            key = ((("y", curve.col),) if multi_y else ()) + tuple((g, members[0].get(g)) for g in groups)
            y = _column(sel, curve.col)
            if curve.transform == "gradient":
                y = np.gradient(y, xs[order]) if len(y) > 1 else np.full_like(y, np.nan)
            out.append(Series(key=key, curve=curve, x=xs[order], y=y,
                              err=_optional_column(sel, curve.err), lower=_optional_column(sel, curve.lower),
                              upper=_optional_column(sel, curve.upper)))
    return out


def heat_grid(panel: Panel, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, Z)`` with ``Z[i, j]`` the z column at ``(xs[j], ys[i])`` (NaN where no point)."""
    kept = panel_rows(panel, rows)
    ycol = panel.curves[0].col
    zcol = panel.options["z"]
    xs = np.unique([num(r.get(panel.x)) for r in kept])
    ys = np.unique([num(r.get(ycol)) for r in kept])
    z = np.full((len(ys), len(xs)), np.nan)
    for r in kept:
        z[np.searchsorted(ys, num(r.get(ycol))), np.searchsorted(xs, num(r.get(panel.x)))] = num(r.get(zcol))
    return xs, ys, z


def format_value(v: Any) -> str:
    """A parameter value for a legend: ``0.1``, ``$5\\times10^{-5}$``, ``[0, 1]``.

    >>> format_value(5e-05), format_value(0.1), format_value([0.0, 2.0])
    ('$5\\\\times10^{-5}$', '0.1', '[0, 2]')
    """
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if v != 0 and math.isfinite(v) and not 1e-3 <= abs(v) < 1e5:
            mant, exp = f"{v:.3g}".split("e") if "e" in f"{v:.3g}" else (f"{v:.3g}", "0")
            return f"${mant}\\times10^{{{int(exp)}}}$" if mant != "1" else f"$10^{{{int(exp)}}}$"
        return f"{v:g}"
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    return str(v)
