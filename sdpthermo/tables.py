r"""Tables from stored results: Markdown, CSV and LaTeX (DESIGN.md §4).

Columns are parameter names, ``value``, ``lower``, ``upper``, ``bounds`` (rendered ``[lower, upper]``),
``verified``, ``status``, ``seconds``, or ``data.<key>``.  SDP quantities are printed as their
certified interval, never as the solver's claim alone.

Examples
--------
>>> print(format_cell(0.1234567891))
0.123456789
>>> print(format_cell([0.0, 1.0]))
[0, 1]
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import get_question, prepare
from sdpthermo.registry.problems import Problem
from sdpthermo.results import Result
from sdpthermo.store import Store

FORMATS = ("md", "csv", "tex")


def format_cell(v: Any) -> str:
    """Compact human form: 9 significant digits, lists inline, booleans as yes/no."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return f"{v:.9g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(format_cell(x) for x in v) + "]"
    if v is None:
        return "—"
    return str(v)


def cell(result: Result, point: dict[str, Any], column: str) -> Any:
    """The raw value of ``column`` for one result."""
    if column == "bounds":
        return [result.lower, result.upper]
    if column == "status":
        return result.status.value
    if column == "seconds":
        return result.provenance.get("seconds")
    if column in ("value", "lower", "upper", "verified"):
        return getattr(result, column)
    if column.startswith("data."):
        return result.data.get(column[5:])
    if column in point:
        return point[column]
    return None


def point_instance_id(question_name: str, point: dict[str, Any]) -> str:
    return prepare(get_question(question_name), point)[3]


def collect(problem: Problem, store: Store) -> list[tuple[dict[str, Any], Result]]:
    """Stored results of every sweep point (a :class:`ValidationError` when one is missing)."""
    out = []
    for pt in problem.points():
        iid = point_instance_id(problem.question, pt)
        res = store.get(problem.question, iid)
        if res is None:
            raise ValidationError("problem", f"{problem.id}: point {pt} has no verified result in {store.root}",
                                  f"run `sdpthermo run {problem.id}` first")
        out.append((pt, res))
    return out


def rows(problem: Problem, pairs: list[tuple[dict[str, Any], Result]]) -> list[list[Any]]:
    return [[cell(r, pt, c) for c in problem.columns] for pt, r in pairs]


def render(problem: Problem, pairs: list[tuple[dict[str, Any], Result]], fmt: str) -> str:
    """The table in ``fmt`` (md, csv or tex)."""
    if fmt not in FORMATS:
        raise ValidationError("format", f"unknown table format {fmt!r}", f"use one of {list(FORMATS)}")
    data = rows(problem, pairs)
    cols = problem.columns
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in data:
            w.writerow([repr(v) if isinstance(v, float) else format_cell(v) for v in r])
        return buf.getvalue()
    text = [[format_cell(v) for v in r] for r in data]
    if fmt == "md":
        head = f"# {problem.title}\n\n`{problem.id}` — question `{problem.question}`; reference: " \
               f"{problem.reference.get('seed', '')} {problem.reference.get('equation', '')}\n\n"
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(r) + " |" for r in text]
        return head + "\n".join(lines) + "\n"
    def esc(s: str) -> str:
        return s.replace("_", r"\_").replace("%", r"\%").replace("&", r"\&")
    lines = [r"\begin{tabular}{" + "l" * len(cols) + "}", r"\hline",
             " & ".join(esc(c) for c in cols) + r" \\", r"\hline"]
    lines += [" & ".join(esc(v) for v in r) + r" \\" for r in text]
    lines += [r"\hline", r"\end{tabular}"]
    return f"% {problem.title} ({problem.id})\n" + "\n".join(lines) + "\n"


def write_tables(problem: Problem, pairs: list[tuple[dict[str, Any], Result]], outdir: Path) -> list[Path]:
    """Write ``outdir/<id>.{md,csv,tex}``."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in FORMATS:
        p = outdir / f"{problem.id}.{fmt}"
        p.write_text(render(problem, pairs, fmt))
        paths.append(p)
    return paths
