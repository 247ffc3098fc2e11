"""Figures from tables: line plots (y vs x per series) and heat maps, as PNG and PDF.

The ``[figure]`` block of a problem names the columns: ``kind = "line"`` with ``x``, ``y`` (one
column or a list) and optional ``series`` (a column whose values label the curves), or
``kind = "heatmap"`` with ``x``, ``y`` (parameters), ``z`` (a column), optional ``zlabel`` and ``contour``
(a level drawn as a labelled line, e.g. the break-even ``lambda = 1``); ``xscale``/``yscale``,
``xlabel``/``ylabel``, ``title``.  Missing values (``None``) are plotted as gaps (NaN).

Examples
--------
>>> from sdpthermo.registry.problems import find_problem
>>> find_problem("eplt-qubit-ppt").figure["x"]
'T'
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from sdpthermo.registry.problems import Problem
from sdpthermo.results import Result
from sdpthermo.tables import cell, format_cell


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _line(ax: Any, fig_spec: dict[str, Any], pairs: list[tuple[dict[str, Any], Result]]) -> None:
    ys = fig_spec["y"] if isinstance(fig_spec["y"], list) else [fig_spec["y"]]
    series = fig_spec.get("series")
    groups: dict[str, list[tuple[dict[str, Any], Result]]] = {}
    for pt, r in pairs:
        key = format_cell(cell(r, pt, series)) if series else ""
        groups.setdefault(key, []).append((pt, r))
    for key, grp in groups.items():
        xs = np.array([_num(cell(r, pt, fig_spec["x"])) for pt, r in grp])
        order = np.argsort(xs)
        for k, y in enumerate(ys):  # distinct line styles keep coinciding curves visible
            vals = np.array([_num(cell(r, pt, y)) for pt, r in grp])
            label = ", ".join(s for s in (f"{series}={key}" if series else "", y if len(ys) > 1 else "") if s)
            ax.plot(xs[order], vals[order], marker=".", linestyle=("-", "--", ":", "-.")[k % 4], label=label or None)
    ax.set_xlabel(fig_spec.get("xlabel", fig_spec["x"]))
    ax.set_ylabel(fig_spec.get("ylabel", ", ".join(ys)))
    if len(groups) > 1 or len(ys) > 1:
        ax.legend(fontsize=7)


def _heatmap(fig: Any, ax: Any, fig_spec: dict[str, Any], pairs: list[tuple[dict[str, Any], Result]]) -> None:
    xs = sorted({_num(cell(r, pt, fig_spec["x"])) for pt, r in pairs})
    ys = sorted({_num(cell(r, pt, fig_spec["y"])) for pt, r in pairs})
    z = np.full((len(ys), len(xs)), np.nan)
    for pt, r in pairs:
        i = ys.index(_num(cell(r, pt, fig_spec["y"])))
        j = xs.index(_num(cell(r, pt, fig_spec["x"])))
        z[i, j] = _num(cell(r, pt, fig_spec["z"]))
    mesh = ax.pcolormesh(xs, ys, z, shading="nearest", cmap=fig_spec.get("cmap", "viridis"))
    fig.colorbar(mesh, ax=ax, label=fig_spec.get("zlabel", fig_spec["z"]))
    if "contour" in fig_spec and np.nanmin(z) < fig_spec["contour"] < np.nanmax(z):
        cs = ax.contour(xs, ys, z, levels=[float(fig_spec["contour"])], colors="white", linewidths=1.2)
        ax.clabel(cs, fmt=lambda v: f"{v:g}", fontsize=7)
    ax.set_xlabel(fig_spec["x"])
    ax.set_ylabel(fig_spec["y"])


def write_figure(problem: Problem, pairs: list[tuple[dict[str, Any], Result]], outdir: Path) -> list[Path]:
    """Write ``outdir/<id>.png`` and ``.pdf`` when the problem declares a ``[figure]``."""
    spec = problem.figure
    if not spec:
        return []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    if spec.get("kind", "line") == "heatmap":
        _heatmap(fig, ax, spec, pairs)
    else:
        _line(ax, spec, pairs)
    ax.set_xscale(spec.get("xscale", "linear"))
    ax.set_yscale(spec.get("yscale", "linear"))
    ax.set_title(textwrap.fill(spec.get("title", problem.title), 80), fontsize=8)
    fig.tight_layout()
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [outdir / f"{problem.id}.png", outdir / f"{problem.id}.pdf"]
    fig.savefig(paths[0], dpi=150, metadata={"Software": None})
    fig.savefig(paths[1], metadata={"CreationDate": None, "Creator": None, "Producer": None})
    plt.close(fig)
    return paths
