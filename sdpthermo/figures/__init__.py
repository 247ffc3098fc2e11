r"""Figures of the problem catalogue: a ``[figure]`` spec (:mod:`.spec`) drawn (:mod:`.draw`) in the
project style (:mod:`.style`) from the stored results of a problem's sweep, as PNG and PDF.

Examples
--------
>>> from sdpthermo.registry.problems import find_problem
>>> spec = figure_spec(find_problem("eplt-qubit-ppt"))
>>> spec.panels[0].x
'T'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sdpthermo.figures.spec import FigureSpec, parse_figure
from sdpthermo.registry.problems import Problem
from sdpthermo.results import Result
from sdpthermo.tables import cell


def figure_spec(problem: Problem) -> FigureSpec:
    """The parsed ``[figure]`` of ``problem`` (a :class:`ValidationError` naming the key when malformed)."""
    return parse_figure(problem.figure)


def rows_of(pairs: list[tuple[dict[str, Any], Result]], columns: set[str]) -> list[dict[str, Any]]:
    """One dict per sweep point: its parameters plus every requested column."""
    return [{**pt, **{c: cell(r, pt, c) for c in columns}} for pt, r in pairs]


def write_figure(problem: Problem, pairs: list[tuple[dict[str, Any], Result]], outdir: Path) -> list[Path]:
    """Write ``outdir/<id>.png`` and ``.pdf`` when the problem declares a ``[figure]`` (byte-stable)."""
    if not problem.figure:
        return []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sdpthermo.figures.draw import draw, used_columns
    from sdpthermo.figures.style import rc, save_stable

    spec = figure_spec(problem)
    params = list(problem.sweep) + [k for k in problem.params if k not in problem.sweep]
    with matplotlib.rc_context(rc()):
        fig = draw(spec, rows_of(pairs, used_columns(spec)), params)
        try:
            return save_stable(fig, outdir / problem.id)
        finally:
            plt.close(fig)
