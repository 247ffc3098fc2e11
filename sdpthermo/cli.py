"""The command line (DESIGN.md §6): ``list``, ``solve``, ``run``, ``table``, ``verify``.

Exit codes: 0 success; 1 solved but not verified, solver failure, or a certificate that fails;
2 invalid input (one line on stderr naming the parameter).

``--set key=value``: the value is a JSON literal (numbers, booleans, strings, lists); a bare word
that is not JSON is taken as a string (``--set channel=Lambda``), ``inf`` as infinity, and
``@file.npy`` loads an array (complex allowed, never unpickled).

Examples
--------
>>> parse_set("T=0.5"), parse_set("channel=Lambda"), parse_set("energies=[0, 1]")
(('T', 0.5), ('channel', 'Lambda'), ('energies', [0, 1]))
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from pathlib import Path
from typing import Any

from sdpthermo.errors import SdpthermoError, SolverFailure, StoreError, ValidationError


def parse_set(item: str) -> tuple[str, Any]:
    """``key=value`` -> ``(key, parsed value)``."""
    if "=" not in item:
        raise ValidationError("--set", f"expected key=value, got {item!r}", "e.g. --set T=0.5")
    key, raw = item.split("=", 1)
    key = key.strip()
    if not key:
        raise ValidationError("--set", f"empty parameter name in {item!r}")
    if raw.startswith("@"):
        import numpy as np

        path = raw[1:]
        try:
            return key, np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise ValidationError(key, f"cannot read array file {path!r} ({exc.__class__.__name__}: {exc})",
                                  "pass a .npy file written by numpy.save (no pickled objects)") from None
    if raw.strip().lower() in ("inf", "+inf", "infinity"):
        return key, math.inf
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError:
        return key, raw


def _store_arg(args: argparse.Namespace) -> Any:
    return args.store if args.store else "default"


def _json_default(o: Any) -> Any:
    import numpy as np

    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, (np.floating, np.integer, np.bool_)):
        return o.item()
    return str(o)


def _safe(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, dict):
        return {k: _safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_safe(x) for x in v]
    return v


def cmd_list(args: argparse.Namespace) -> int:
    from sdpthermo.registry.core import list_questions
    from sdpthermo.registry.problems import load_problems

    print("questions:")
    for q in list_questions():
        print(f"  {q.name:<24} {q.title}  [{q.reference}]")
        if args.verbose:
            for p in q.params:
                print(f"      {p.describe()}")
            for key, meaning in (q.outputs or {}).items():
                print(f"      -> {key}: {meaning}")
    print("problems:")
    for p in load_problems():
        print(f"  {p.id:<32} {p.question:<20} {len(p.points()):>4} pts  {p.title}")
    return 0


def cmd_solve(args: argparse.Namespace) -> int:
    from sdpthermo.registry.core import solve
    from sdpthermo.sdp.options import SolveOptions
    from sdpthermo.store import open_store

    params = dict(parse_set(s) for s in args.set or [])
    opts = SolveOptions(backend=args.backend, solver=args.solver)
    t0 = time.perf_counter()
    res = solve(args.question, store=_store_arg(args), use_cache=not args.no_cache, options=opts, **params)
    seconds = time.perf_counter() - t0
    st = open_store(_store_arg(args))
    path = str(st.entry_path(res.question, res.instance_id)) if st is not None else None
    cached = bool(res.provenance.get("cached", False))
    if args.json:
        out = {"question": res.question, "params": res.params, "status": res.status.value, "value": res.value,
               "lower": res.lower, "upper": res.upper, "verified": res.verified, "data": res.data,
               "certificate": {"kind": res.certificate.kind if res.certificate else None, "path": path},
               "solver": res.solver.to_json(), "seconds": seconds, "cached": cached}
        print(json.dumps(_safe(out), default=_json_default, allow_nan=False))
    else:
        print(f"{res.question}: value = {res.value!r}  certified [{res.lower!r}, {res.upper!r}]  "
              f"verified = {res.verified}  status = {res.status.value}  ({seconds:.3g} s{', cached' if cached else ''})")
        for k, v in res.data.items():
            print(f"  {k} = {v!r}")
        if path:
            print(f"  certificate: {path}")
    return 0 if res.verified else 1


def cmd_run(args: argparse.Namespace) -> int:
    from sdpthermo.plots import write_figure
    from sdpthermo.registry.problems import load_problems, resolve_problem
    from sdpthermo.sweeps import run_problem
    from sdpthermo.tables import collect, write_tables
    from sdpthermo.store import open_store

    if not args.all and args.problem is None:
        raise ValidationError("problem", "name a problem id or a .toml file, or pass --all", "see `sdpthermo list`")
    todo = load_problems(args.problems) if args.all else [resolve_problem(args.problem, args.problems)]
    st = open_store(_store_arg(args))
    outdir = _output_dir(args, st)
    bad = 0
    for prob in todo:
        t0 = time.perf_counter()
        res = run_problem(prob, store=st, workers=args.workers, scheduler=args.scheduler,
                          progress=not args.quiet and sys.stderr.isatty())
        nbad = sum(not r.verified for r in res)
        bad += nbad
        if nbad:
            print(f"{prob.id}: {nbad} of {len(res)} points did not verify", file=sys.stderr)
            continue
        pairs = collect(prob, st)
        files = write_tables(prob, pairs, outdir / "tables") + write_figure(prob, pairs, outdir / "figures")
        print(f"{prob.id}: {len(res)} points verified in {time.perf_counter() - t0:.1f} s -> "
              + ", ".join(str(f) for f in files))
    return 1 if bad else 0


def _output_dir(args: argparse.Namespace, st: Any) -> Path:
    """``--out`` (or ``--results``), else ``$SDPTHERMO_RESULTS``, else next to the store in use: the parent of a
    store called ``certificates`` (``results/certificates`` -> ``results/``), otherwise the store directory."""
    import os

    explicit = getattr(args, "out", None) or args.results or os.environ.get("SDPTHERMO_RESULTS")
    if explicit:
        return Path(explicit)
    return st.root.parent if st.root.name == "certificates" else st.root


def cmd_table(args: argparse.Namespace) -> int:
    from sdpthermo.registry.problems import resolve_problem
    from sdpthermo.store import open_store
    from sdpthermo.tables import collect, render

    prob = resolve_problem(args.problem, args.problems)
    st = open_store(_store_arg(args))
    print(render(prob, collect(prob, st), args.format), end="")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from sdpthermo.registry import load_all
    from sdpthermo.store import Store, default_store_path

    load_all()  # plugins register their verifiers

    if args.path and not args.all:
        target = Path(args.path)
        if target.is_file():
            st, paths = Store(target.parent.parent), [target]
        else:
            st = Store(target)
            paths = list(st.entries())
    else:
        st = Store(args.store) if args.store else Store(default_store_path())
        paths = list(st.entries())
    failed = 0
    for p in paths:
        try:
            res = st.load_entry(p)
            ok = res.verified and st.reverify(res)
            why = "" if ok else "certificate does not re-verify" if res.verified else "stored as not verified"
        except (StoreError, ValueError) as exc:
            ok, why = False, str(exc)
        if not ok:
            failed += 1
            print(f"FAIL {p}: {why}")
    print(f"{len(paths) - failed} of {len(paths)} certificates re-verified without a solver")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="sdpthermo", description="Certified SDP bounds for quantum thermodynamics.")
    ap.add_argument("--store", help="certificate store directory (default $SDPTHERMO_STORE or results/certificates)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list", help="questions and problems, one line each")
    p.add_argument("-v", "--verbose", action="store_true", help="also list each question's parameters")
    p.set_defaults(fn=cmd_list)
    p = sub.add_parser("solve", help="solve one question")
    p.add_argument("question")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="a parameter (JSON literal or @file.npy)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-cache", action="store_true", help="do not read the cache (the result is still stored)")
    p.add_argument("--solver", choices=["clarabel", "scs"], default=None)
    p.add_argument("--backend", choices=["cvxpy", "picos"], default="cvxpy")
    p.set_defaults(fn=cmd_solve)
    p = sub.add_parser("run", help="solve a problem's sweep and write its tables and figure")
    p.add_argument("problem", nargs="?", help="a problem id or the path of a problem's .toml file")
    p.add_argument("--all", action="store_true", help="every problem in problems/ (or --problems DIR)")
    p.add_argument("--problems", default=None, help="problem directory (default $SDPTHERMO_PROBLEMS or problems/)")
    p.add_argument("--out", default=None, help="where tables/ and figures/ go (default: next to the store)")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (e.g. tcp://host:8786)")
    p.add_argument("--results", default=None, help="output directory (default results/)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("table", help="print a problem's table from the store")
    p.add_argument("problem", help="a problem id or the path of a problem's .toml file")
    p.add_argument("--problems", default=None, help="problem directory (default $SDPTHERMO_PROBLEMS or problems/)")
    p.add_argument("--format", choices=["md", "csv", "tex"], default="md")
    p.set_defaults(fn=cmd_table)
    p = sub.add_parser("verify", help="re-verify stored certificates without a solver")
    p.add_argument("path", nargs="?", help="an entry (.json) or a store directory")
    p.add_argument("--all", action="store_true", help="every entry of the store")
    p.set_defaults(fn=cmd_verify)
    return ap


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):  # `sdpthermo list | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    try:
        return int(args.fn(args))
    except ValidationError as exc:
        print(f"sdpthermo: error: {exc}", file=sys.stderr)
        return 2
    except (SolverFailure, StoreError) as exc:
        print(f"sdpthermo: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    except SdpthermoError as exc:  # pragma: no cover - every subclass is handled above
        print(f"sdpthermo: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
