r"""Tables from stored results: Markdown, CSV and LaTeX (DESIGN.md §4).

Columns are parameter names, ``value``, ``lower``, ``upper``, ``bounds`` (rendered ``[lower, upper]``),
``verified``, ``status``, ``seconds``, or ``data.<key>``.  SDP quantities are printed as their
certified interval, never as the solver's claim alone.

Printing what is certified (Markdown and LaTeX)
-----------------------------------------------
A number is printed as an integer multiple of a decimal quantum ``q = 10^e``, never finer than its
computation supports, so that floating-point roundoff and solver noise do not change a printed table:

* a row with a finite certified interval ``[L, U]`` (width ``w = U - L``, scale ``s = max(|L|, |U|)``)
  uses the quantum of ``r = max(min(w, max(WIDE s, WIDE_ATOL)), 10^(floor log10 s - DIGITS + 1), ATOL)``,
  i.e. the decade at or above the width, at most ``DIGITS`` significant digits, and no finer than
  ``ATOL``.  A wide bracket (``w > WIDE s``, e.g. a see-saw lower bound against an SDP upper bound) keeps
  about four significant digits on each endpoint (each endpoint is a certified number in its own right),
  but none below ``WIDE_ATOL``, the solvers' absolute accuracy.
* ``lower`` is rounded down and ``upper`` up to that quantum (outward), so the printed bracket
  contains the certified one; a shortfall below float roundoff, ``ROUNDOFF max(1, |x|)`` (the size of
  the verifier's own floating-point error), is not rounded outward, so a binary ``0.29999999999999999``
  prints as ``0.3`` and a roundoff-sized ``-1e-17`` as ``0``.
* ``value`` is rounded to the nearest multiple of the row's quantum, and printed as ``0`` when the
  certified interval contains 0 and ``|value| <= q`` (zero within its certificate); a value less than
  ``q`` outside the interval is moved to the nearer endpoint first.
* a number without an interval of its own (``data.*`` columns, a ``value`` whose bounds are infinite)
  is rounded to the nearest multiple of the quantum of ``max(10^(floor log10 |x| - DIGITS + 1), ATOL)``:
  ``DIGITS`` significant digits, and ``0`` below ``ATOL / 2``.
* a ``data.*`` column that the problem lists in ``[table] row_quantum`` is a quantity whose error is at
  most the row's certified width ``w`` (a population ``<v_i|rho|v_i>`` of a state certified to
  ``||rho - rho_exact||_F <= w``: ``|<v|(rho - rho_exact)|v>| <= ||rho - rho_exact||_F``); it is rounded to
  the nearest multiple of the coarser of its own quantum and the row's ``q``, so a digit below the
  certified width is never printed.
* parameters (inputs, exact as written) print with 9 significant digits (:func:`format_cell`).

The CSV keeps every float at full precision (``repr``); :mod:`sdpthermo.reproduce` compares two CSVs
within the certified widths.  The ``seconds`` column is a timing and differs from run to run.

Examples
--------
>>> print(format_cell(0.1234567891))
0.123456789
>>> print(format_cell([0.0, 1.0]))
[0, 1]
>>> e = quantum_exponent(-0.017986210004, -0.017986209945)   # width 6e-11: 8 significant digits
>>> e, format_bound(-0.017986210004, e, up=False), format_bound(-0.017986209945, e, up=True)
(-9, '-0.017986211', '-0.017986209')
>>> e = quantum_exponent(0.307762, 0.5)                       # a wide bracket: four digits each end
>>> e, format_bound(0.307762, e, up=False), format_bound(0.5, e, up=True)
(-4, '0.3077', '0.5')
>>> format_bound(0.29999999999999999, -8, up=False), format_bound(-1e-17, -12, up=False)
('0.3', '0')
>>> format_value(1.11e-16, quantum_exponent(0.0, 2.2e-16), interval=(0.0, 2.2e-16))
'0'
>>> format_point(1.23450938e-08), format_point(2e-17), format_point(3349.0)
('1.2345e-08', '0', '3349')
>>> e = quantum_exponent(0.1476817, 0.1476823)                 # a row certified to 6e-7
>>> format_point(0.0661288785, max(e, point_exponent(0.0661288785)))
'0.066129'
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from pathlib import Path
from typing import Any

from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import get_question, prepare
from sdpthermo.registry.problems import Problem
from sdpthermo.results import Result
from sdpthermo.store import Store

FORMATS = ("md", "csv", "tex")
#: most significant digits printed for a computed number
DIGITS = 8
#: absolute resolution of printed numbers (the project's quantities are of order one)
ATOL = 1e-12
#: relative width above which a bracket's endpoints are printed as numbers in their own right
WIDE = 1e-4
#: absolute resolution of such an endpoint (the SDP solvers' absolute gap tolerance)
WIDE_ATOL = 1e-9
#: float roundoff, relative to ``max(1, |x|)``, that outward rounding does not act on
ROUNDOFF = 1e-13


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


def _decade(r: float) -> int:
    """The least ``e`` with ``10^e >= r`` (``r > 0``); a float power of ten counts as that power."""
    return math.ceil(math.log10(r) - 1e-9)


def _digits_floor(s: float) -> float:
    """``10^(floor log10 s - DIGITS + 1)``: the last of ``DIGITS`` significant digits of ``s > 0``."""
    return 10.0 ** (math.floor(math.log10(s)) - DIGITS + 1)


def quantum_exponent(lower: float, upper: float) -> int:
    """Exponent ``e`` of the printing quantum ``10^e`` of a certified interval ``[lower, upper]`` (finite)."""
    s = max(abs(lower), abs(upper))
    r = max(min(upper - lower, max(WIDE * s, WIDE_ATOL)), ATOL)
    if s > 0:
        r = max(r, _digits_floor(s))
    return _decade(r)


def point_exponent(x: float) -> int:
    """Exponent of the printing quantum of a number without an interval: ``DIGITS`` digits, ``ATOL``."""
    return _decade(max(ATOL, _digits_floor(abs(x))) if x else ATOL)


def _special(x: float) -> str | None:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return None


def _decimal_str(d: Decimal) -> str:
    """Plain decimal notation, scientific below 1e-4 or from 1e16 (``1.5e-08``)."""
    if d.is_zero():
        return "0"
    d = d.normalize()
    a = d.adjusted()
    if -5 < a < 16:
        return format(d, "f")
    sign, digits, _ = d.as_tuple()
    mant = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
    return f"{'-' if sign else ''}{mant}e{'-' if a < 0 else '+'}{abs(a):02d}"


def _rounded(x: float, shift: float, e: int, rounding: str) -> str:
    """``x + shift`` rounded to a multiple of ``10^e``, in exact decimal arithmetic."""
    with localcontext() as ctx:
        ctx.prec = 2000  # enough for the exact sum and quantization of any two doubles
        return _decimal_str((Decimal(x) + Decimal(shift)).quantize(Decimal(1).scaleb(e), rounding=rounding))


def format_bound(x: float, e: int, up: bool) -> str:
    """``x`` rounded outward (down for a lower bound, up for an upper) to a multiple of ``10^e``."""
    special = _special(x)
    if special:
        return special
    slack = ROUNDOFF * max(1.0, abs(x))
    return _rounded(x, -slack if up else slack, e, ROUND_CEILING if up else ROUND_FLOOR)


def format_point(x: float, e: int | None = None) -> str:
    """``x`` rounded to the nearest multiple of ``10^e`` (default :func:`point_exponent`)."""
    special = _special(x)
    if special:
        return special
    return _rounded(x, 0.0, point_exponent(x) if e is None else e, ROUND_HALF_EVEN)


def format_value(v: float, e: int, interval: tuple[float, float]) -> str:
    """A row's ``value`` at its interval's quantum ``q = 10^e``; ``0`` when zero within the certificate.

    A value within ``q`` outside the interval (a solver's claim off by its tolerance) is first moved to
    the nearer endpoint, so the printed value never lies outside the printed bracket.
    """
    lo, hi = interval
    q = 10.0**e
    if math.isfinite(v) and lo <= 0.0 <= hi and abs(v) <= q:
        return "0"
    if lo - q <= v < lo or hi < v <= hi + q:
        v = min(max(v, lo), hi)
    return format_point(v, e)


def row_exponent(result: Result) -> int | None:
    """The row's quantum exponent when its certified interval is finite, else ``None``."""
    lo, hi = result.lower, result.upper
    if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        return None
    return quantum_exponent(lo, hi)


def data_columns(columns: list[str]) -> list[str]:
    """The columns of a table as data (CSV, DataFrame): ``bounds`` split into numeric ``lower`` and ``upper``.

    >>> data_columns(["T", "value", "bounds", "data.entangled"])
    ['T', 'value', 'lower', 'upper', 'data.entangled']
    """
    out: list[str] = []
    for c in columns:
        for name in (("lower", "upper") if c == "bounds" else (c,)):
            if name not in out:
                out.append(name)
    return out


def csv_cell(v: Any) -> str:
    """A CSV cell: floats at full precision (``repr``), booleans as ``true``/``false``, lists inline.

    >>> csv_cell(0.1), csv_cell(True), csv_cell([1.0, None])
    ('0.1', 'true', '[1.0, —]')
    """
    if isinstance(v, bool):
        return "true" if v else "false"
    return format_floats(v, repr)


def format_floats(v: Any, fmt: Callable[[float], str]) -> str:
    """Floats by ``fmt``, lists elementwise, anything else by :func:`format_cell`."""
    if isinstance(v, float):
        return fmt(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(format_floats(x, fmt) for x in v) + "]"
    return format_cell(v)


def certified_cell(result: Result, point: dict[str, Any], column: str, row_quantum: tuple[str, ...] = ()) -> str:
    """The printed (Markdown/LaTeX) form of ``column``: see the module docstring (``row_quantum``: the
    problem's data columns bounded by the row's certified width)."""
    e = row_exponent(result)
    lo, hi = result.lower, result.upper
    if column in ("lower", "upper", "bounds"):
        el = e if e is not None else (point_exponent(lo) if lo is not None else 0)
        eu = e if e is not None else (point_exponent(hi) if hi is not None else 0)
        low = "—" if lo is None else format_bound(lo, el, up=False)
        upp = "—" if hi is None else format_bound(hi, eu, up=True)
        return {"lower": low, "upper": upp}.get(column, f"[{low}, {upp}]")
    v = cell(result, point, column)
    if column == "value" and isinstance(v, float) and e is not None and lo is not None and hi is not None:
        return format_value(v, e, (lo, hi))
    if column in point or column in ("verified", "status", "seconds"):
        return format_cell(v)
    if column in row_quantum and e is not None:
        return format_floats(v, lambda x: format_point(x, max(e, point_exponent(x))))
    return format_floats(v, format_point)


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
    """Instance id of one sweep point (the store key its result is cached under)."""
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


def render(problem: Problem, pairs: list[tuple[dict[str, Any], Result]], fmt: str) -> str:
    """The table in ``fmt`` (md, csv or tex)."""
    if fmt not in FORMATS:
        raise ValidationError("format", f"unknown table format {fmt!r}", f"use one of {list(FORMATS)}")
    cols = problem.columns
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        data_cols = data_columns(cols)
        w.writerow(data_cols)
        for pt, r in pairs:
            w.writerow([csv_cell(cell(r, pt, c)) for c in data_cols])
        return buf.getvalue()
    text = [[certified_cell(r, pt, c, problem.row_quantum) for c in cols] for pt, r in pairs]
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
