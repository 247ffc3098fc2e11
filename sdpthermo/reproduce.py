r"""Reproducibility check: regenerate ``results/`` from an empty store and compare it with the committed one.

Two tools, one concept (a rerun reproduces the committed results):

* :func:`compare_csv` — two tables' CSVs are *equal* when they have the same header and rows and every cell
  agrees: strings exactly; numbers within the row's certified width plus a roundoff tolerance.  For the
  certified columns ``value``, ``lower``, ``upper`` and ``bounds`` the width is ``min(U_a - L_a, U_b - L_b)``
  of the two rows' intervals (from ``lower``/``upper`` or ``bounds``): a rerun may move an endpoint within
  the certified width of either row, and a bracket that widens beyond it is a difference.  Every other
  number (``data.*``, parameters, or a certified column of a table without bounds) gets the roundoff
  tolerance alone, ``|a - b| <= RTOL max(|a|, |b|) + ATOL``.  The ``seconds`` column (a timing) is not
  compared.  ``value`` needs no wider rule: where it is a solver's claim it is served inside its own certified
  interval (:func:`~sdpthermo.results.clip_claim`, for fresh and stored results alike), so like an endpoint it
  moves only within the width; a claim left outside (off by the solver's tolerance: ``1e-9`` against a width of
  ``4.3e-10`` for sthermal-gp-max-energy at ``T = 0.02``) would make two runs of one certificate differ.
* :func:`check` — run ``python -m sdpthermo --store EMPTY run PROBLEM --out TMP`` for each problem (or
  ``run --all``) and compare ``TMP`` with the committed ``results/``: ``tables/*.md`` and ``*.tex`` byte for
  byte (they print only certified digits, :mod:`sdpthermo.tables`), ``tables/*.csv`` by :func:`compare_csv`,
  ``figures/*`` byte for byte, and the regenerated certificate store with ``results/certificates``
  (:func:`compare_store`: the same entries; byte for byte with ``--exact-store``).

Every randomized step of a computation draws from ``numpy.random.default_rng`` seeded by the instance's own
parameters (``seed``, ``bootstrap_seed``) or a fixed constant, so a rerun repeats it in any worker and order
(tests/test_reproduce_seeds.py).  Clarabel, SCS and the LAPACK/BLAS kernels are deterministic for a fixed
library build, CPU and thread count, but not bit-reproducible across them: on another machine certified
endpoints move by solver roundoff, which the CSV comparison absorbs within the certified widths and the
printed tables absorb by printing only certified digits (a rare flip of a last printed digit remains
possible when an endpoint lies within roundoff of a rounding boundary).  A stored certificate holds no
wall-clock fields, so on the machine that wrote the store a rerun from an empty store rewrites it byte for byte
(``--exact-store`` checks that: ``git status`` stays clean).  Heat maps round their colour limits
outward to three digits (:func:`~sdpthermo.figures.draw.colour_limits`), so roundoff in the extremes moves
neither the colour bar nor the layout.

The store serves an entry for as long as its question, parameters and formulation version match, so a change
in what a formulation computes (a start schedule, a claim's treatment, the order of an arithmetic) leaves
committed entries that a run from an empty store does not reproduce.  This check is what finds them; such a
change bumps the question's version or re-stores the affected entries.

Command line::

    python -m sdpthermo.reproduce compare A.csv B.csv     # exit 1 and one line per difference
    python -m sdpthermo.reproduce check [PROBLEM ...] [--workers N] [--keep DIR] [--skip-figures] [--exact-store]

Examples
--------
>>> a = "T,value,bounds\n1.0,0.5,\"[0.49999999, 0.50000001]\"\n"
>>> compare_csv_text(a, a.replace("0.5,", "0.500000005,"))          # moves within the width
[]
>>> compare_csv_text(a, a.replace("0.5,", "0.5001,"))
['row 1, value: 0.5 vs 0.5001 (|diff| 0.0001 > tolerance 2.05e-08)']
"""

from __future__ import annotations

import argparse
import ast
import csv
import difflib
import io
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: relative roundoff tolerance of numbers without a certified width (closed forms, parameters, data)
RTOL = 1e-9
#: absolute roundoff tolerance (the absolute resolution of :mod:`sdpthermo.tables`)
ATOL = 1e-12
CERTIFIED = ("value", "lower", "upper", "bounds")
UNCOMPARED = ("seconds",)


def parse_cell(text: str) -> Any:
    """A CSV cell as a float, a (nested) list, or the string itself (``inf``/``-inf``/``nan`` are floats).

    Examples
    --------
    >>> parse_cell("1.5"), parse_cell("[0.0, inf]"), parse_cell("yes"), parse_cell("[[0, 2], [1, 3]]")
    (1.5, [0.0, inf], 'yes', [[0, 2], [1, 3]])
    """
    t = text.strip()
    try:
        return float(t)
    except ValueError:
        pass
    if t.startswith("[") and t.endswith("]"):
        lit = re.sub(r"(?<![\w.'\"])(-?)inf\b", r"\g<1>1e999", t)
        lit = re.sub(r"(?<![\w.'\"])nan\b", "'nan'", lit)
        try:
            return ast.literal_eval(lit)
        except (ValueError, SyntaxError):
            return text
    return text


def _agree(a: Any, b: Any, width: float) -> tuple[bool, float, float]:
    """``(equal, |diff|, tolerance)`` of two parsed cells, numbers within ``width`` plus roundoff."""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False, math.inf, 0.0
        worst = (True, 0.0, 0.0)
        for x, y in zip(a, b):
            ok, d, tol = _agree(x, y, width)
            if not ok:
                return ok, d, tol
            worst = max(worst, (True, d, tol), key=lambda z: z[1])
        return worst
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        a, b = float(a), float(b)
        if a == b or (math.isnan(a) and math.isnan(b)):
            return True, 0.0, 0.0
        if not (math.isfinite(a) and math.isfinite(b)):
            return False, math.inf, 0.0
        d = abs(a - b)
        tol = width + RTOL * max(abs(a), abs(b)) + ATOL
        return bool(d <= tol), d, tol
    return a == b, 0.0 if a == b else math.inf, 0.0


def _interval(row: dict[str, Any]) -> tuple[float, float] | None:
    """A row's certified interval from ``lower``/``upper`` or ``bounds`` (``None`` when absent or infinite)."""
    lo, hi = row.get("lower"), row.get("upper")
    b = row.get("bounds")
    if not isinstance(lo, float) or not isinstance(hi, float):
        if isinstance(b, list) and len(b) == 2 and all(isinstance(x, (int, float)) for x in b):
            lo, hi = float(b[0]), float(b[1])
        else:
            return None
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) and lo <= hi else None


def _width(*rows: dict[str, Any]) -> float:
    """The smallest certified width of ``rows`` (0 when one of them has no finite interval)."""
    ivs = [_interval(r) for r in rows]
    widths = [iv[1] - iv[0] for iv in ivs if iv is not None]
    return 0.0 if len(widths) < len(ivs) else min(widths)


def compare_csv_text(a: str, b: str) -> list[str]:
    """Differences between two CSV texts (empty when equal within certified widths); see the module docstring."""
    ra, rb = list(csv.reader(io.StringIO(a))), list(csv.reader(io.StringIO(b)))
    if not ra or not rb:
        return [] if ra == rb else ["one of the tables is empty"]
    if ra[0] != rb[0]:
        return [f"header: {ra[0]} vs {rb[0]}"]
    if len(ra) != len(rb):
        return [f"{len(ra) - 1} rows vs {len(rb) - 1} rows"]
    cols = ra[0]
    out = []
    for i, (xa, xb) in enumerate(zip(ra[1:], rb[1:]), start=1):
        pa = {c: parse_cell(v) for c, v in zip(cols, xa)}
        pb = {c: parse_cell(v) for c, v in zip(cols, xb)}
        width = _width(pa, pb)
        for c, sa, sb in zip(cols, xa, xb):
            if c in UNCOMPARED or sa == sb:
                continue
            ok, d, tol = _agree(pa[c], pb[c], width if c in CERTIFIED else 0.0)
            if not ok:
                why = f" (|diff| {d:.3g} > tolerance {tol:.3g})" if math.isfinite(d) else ""
                out.append(f"row {i}, {c}: {sa} vs {sb}{why}")
    return out


def compare_csv(a: Path, b: Path) -> list[str]:
    """:func:`compare_csv_text` of two files."""
    return compare_csv_text(Path(a).read_text(), Path(b).read_text())


def _text_diff(a: Path, b: Path, limit: int = 12) -> list[str]:
    lines = list(difflib.unified_diff(a.read_text().splitlines(), b.read_text().splitlines(), str(a), str(b),
                                      n=0, lineterm=""))
    return lines[:limit] + ([f"... {len(lines) - limit} more diff lines"] if len(lines) > limit else [])


def compare_results(committed: Path, fresh: Path, ids: list[str] | None, figures: bool = True) -> list[str]:
    """Differences between two results directories, restricted to the problems ``ids`` (``None``: all files)."""
    out: list[str] = []
    kinds = [("tables", ("md", "tex", "csv"))] + ([("figures", ("png", "pdf"))] if figures else [])
    for sub, exts in kinds:
        names = set()
        for root in (committed, fresh):
            for ext in exts:
                names |= {p.name for p in (root / sub).glob(f"*.{ext}")
                          if ids is None or p.name.rsplit(".", 1)[0] in ids}
        for name in sorted(names):
            a, b = committed / sub / name, fresh / sub / name
            if not a.exists() or not b.exists():
                out.append(f"{sub}/{name}: only in {'the rerun' if b.exists() else 'the committed results'}")
            elif name.endswith(".csv"):
                out += [f"{sub}/{name}: {d}" for d in compare_csv(a, b)]
            elif a.read_bytes() != b.read_bytes():
                out.append(f"{sub}/{name}: differs")
                if name.endswith((".md", ".tex")):
                    out += ["    " + line for line in _text_diff(a, b)]
    return out


def compare_store(committed: Path, fresh: Path, full: bool, exact: bool) -> tuple[list[str], str]:
    """Differences between a committed certificate store and a regenerated one, and a one-line summary.

    Every regenerated entry (``<question>/<id>.json``, which records the digest of its ``.npz``) must exist in
    ``committed``; with
    ``full`` (every problem regenerated) every committed entry must be regenerated too, so an entry no problem
    produces is a difference.  Entries hold no wall-clock fields (:data:`sdpthermo.store.directory.RUN_DEPENDENT`),
    so on the machine that wrote them a rerun gives the same bytes: with ``exact`` a byte difference is a
    difference (``git status`` would show it); without it the summary counts them (another CPU or BLAS build moves
    solver digits, which the table and CSV comparisons judge).

    Examples
    --------
    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> for root, text in ((a, "{}"), (b, "{ }")):
    ...     (root / "q").mkdir(); _ = (root / "q" / "x.json").write_text(text)
    >>> compare_store(a, b, full=True, exact=False)
    ([], 'certificates: 1 regenerated, 0 byte-identical to the committed store')
    >>> compare_store(a, b, full=True, exact=True)[0]
    ['certificates/q/x.json: differs from the committed entry']
    """
    def files(root: Path) -> set[str]:  # an entry's .npz is named by its digest, which its .json records
        return {str(p.relative_to(root)) for p in root.glob("*/*.json")} if root.exists() else set()

    old, new = files(committed), files(fresh)
    out = [f"certificates/{n}: only in the rerun" for n in sorted(new - old)]
    if full:
        out += [f"certificates/{n}: only in the committed store (no problem produces it)" for n in sorted(old - new)]
    same = 0
    for n in sorted(new & old):
        if (committed / n).read_bytes() == (fresh / n).read_bytes():
            same += 1
        elif exact:
            out.append(f"certificates/{n}: differs from the committed entry")
    return out, f"certificates: {len(new)} regenerated, {same} byte-identical to the committed store"


def regenerate(ids: list[str] | None, out: Path, store: Path, workers: int | None) -> None:
    """``sdpthermo --store STORE run ID --out OUT`` per problem (``run --all`` when ``ids`` is None)."""
    base = [sys.executable, "-m", "sdpthermo", "--store", str(store), "run"]
    extra = ["--out", str(out), "--quiet"] + (["--workers", str(workers)] if workers else [])
    for target in (["--all"],) if ids is None else ([i] for i in ids):
        proc = subprocess.run(base + target + extra, capture_output=True, text=True)
        for line in proc.stdout.splitlines():  # "ID: N points verified in S s" without the file list
            print(line.split(" -> ")[0], flush=True)
        if proc.returncode:
            sys.stderr.write(proc.stderr)
            raise RuntimeError(f"`sdpthermo run {' '.join(target)}` exited {proc.returncode}")


def check(ids: list[str] | None = None, committed: Path = Path("results"), workers: int | None = None,
          keep: Path | None = None, figures: bool = True, exact_store: bool = False) -> list[str]:
    """Regenerate ``ids`` (all problems when ``None``) from an empty store and compare with ``committed``:
    its tables and figures (:func:`compare_results`) and its ``certificates/`` store (:func:`compare_store`,
    whose summary line is printed)."""
    with tempfile.TemporaryDirectory(prefix="sdpthermo-reproduce-") as tmp:
        root = Path(keep) if keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        regenerate(ids, root / "results", root / "store", workers)
        diffs = compare_results(Path(committed), root / "results", ids, figures)
        store_diffs, summary = compare_store(Path(committed) / "certificates", root / "store", ids is None,
                                             exact_store)
        print(summary, flush=True)
        return diffs + store_diffs


def main(argv: list[str] | None = None) -> int:
    """``python -m sdpthermo.reproduce compare A B | check``; returns the exit code."""
    ap = argparse.ArgumentParser(prog="python -m sdpthermo.reproduce", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("compare", help="compare two CSV tables within certified widths")
    p.add_argument("a")
    p.add_argument("b")
    p = sub.add_parser("check", help="regenerate results/ from an empty store and compare")
    p.add_argument("problems", nargs="*", help="problem ids (default: every problem)")
    p.add_argument("--results", default="results", help="the committed results directory (default results/)")
    p.add_argument("--workers", type=int, default=None, help="worker processes of `sdpthermo run`")
    p.add_argument("--keep", default=None, help="regenerate into this directory and keep it")
    p.add_argument("--skip-figures", action="store_true", help="do not compare figures")
    p.add_argument("--exact-store", action="store_true",
                   help="a certificate whose bytes differ from the committed entry is a difference (same machine)")
    args = ap.parse_args(argv)
    if args.cmd == "compare":
        diffs = compare_csv(Path(args.a), Path(args.b))
    else:
        t0 = time.perf_counter()
        diffs = check(args.problems or None, Path(args.results), args.workers, args.keep, not args.skip_figures,
                      args.exact_store)
        if args.skip_figures:
            print("figures not compared (--skip-figures)")
        print(f"regenerated and compared in {time.perf_counter() - t0:.0f} s")
    for d in diffs:
        print(d)
    print(f"{len(diffs)} difference(s)" if diffs else "reproduced: no differences")
    return 1 if diffs else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
