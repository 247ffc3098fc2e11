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
import contextlib
import json
import math
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdpthermo.conventions import TOL_VERIFY
from sdpthermo.errors import SdpthermoError, SolverFailure, StoreError, ValidationError

if TYPE_CHECKING:
    from sdpthermo.store import Store

LONG_SOLVE_SECONDS = 10.0


def load_npy(path: str, key: str) -> Any:
    """An array from a ``.npy`` file: a regular file, header checked against the file size and the memory
    limit before reading, never unpickled (a :class:`ValidationError` naming ``key`` otherwise)."""
    import os
    import stat

    import numpy as np

    from sdpthermo.registry.guards import human_bytes, memory_limit

    def bad(problem: str) -> ValidationError:
        return ValidationError(key, f"array file {path!r} {problem}", "pass a .npy file written by numpy.save")

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise bad(f"cannot be opened ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise bad("is not a regular file")
        if info.st_size == 0:
            raise bad("is empty")
        if fh.read(6) != b"\x93NUMPY":
            raise bad("is not a .npy file (no NUMPY magic)")
        fh.seek(0)
        try:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) \
                else np.lib.format.read_array_header_2_0
            shape, _, dtype = read_header(fh)
        except ValueError as exc:
            raise bad(f"has a corrupt header ({exc})") from None
        if dtype.hasobject:
            raise bad("holds Python objects (it would need unpickling, which is never done)")
        nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
        if nbytes > memory_limit():
            raise bad(f"declares a {shape} array of {human_bytes(nbytes)}, over the memory limit "
                      f"{human_bytes(memory_limit())}")
        if nbytes != info.st_size - fh.tell():
            raise bad(f"declares {nbytes} bytes of data but holds {info.st_size - fh.tell()} (truncated?)")
        fh.seek(0)
        try:
            return np.lib.format.read_array(fh, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise bad(f"cannot be read ({exc})") from None


def parse_set(item: str) -> tuple[str, Any]:
    """``key=value`` -> ``(key, parsed value)``; text that starts like JSON must be valid JSON."""
    if "=" not in item:
        raise ValidationError("--set", f"expected key=value, got {item!r}", "e.g. --set T=0.5")
    key, raw = item.split("=", 1)
    key = key.strip()
    if not key:
        raise ValidationError("--set", f"empty parameter name in {item!r}")
    if raw.startswith("@"):
        return key, load_npy(raw[1:], key)
    if raw.strip().lower() in ("inf", "+inf", "infinity"):
        return key, math.inf
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError as exc:
        if raw.strip()[:1] in '[{"-.0123456789':
            raise ValidationError(key, f"{raw!r} is not valid JSON ({exc.msg} at column {exc.colno})",
                                  "quote the value for the shell, e.g. --set 'dims=[2, 2]'") from None
        return key, raw


def parse_sets(items: list[str]) -> dict[str, Any]:
    """Every ``--set``; a parameter given twice is an error."""
    out: dict[str, Any] = {}
    for item in items:
        key, value = parse_set(item)
        if key in out:
            raise ValidationError(key, "is set twice with --set", "give each parameter once")
        out[key] = value
    return out


def _check_store_arg(store: str | None) -> None:
    """``--store DIR``: DIR may be created, its parent must exist (no silent ``mkdir -p``)."""
    if store is None:
        return
    p = Path(store)
    if p.exists() and not p.is_dir():
        raise ValidationError("--store", f"{store!r} is not a directory")
    if not p.exists() and not p.absolute().parent.is_dir():
        raise ValidationError("--store", f"the parent of {store!r} does not exist", "create it, or pick another path")


def _store_arg(args: argparse.Namespace, default: str = "default") -> str:
    """``--store DIR``, else ``default``: ``"default"`` (ad-hoc solves: the per-user cache, reading the project's
    store too) or ``"project"`` (the catalogue: the project's ``results/certificates``); see
    :mod:`sdpthermo.store.location`."""
    return str(args.store) if args.store else default


def _project_store(args: argparse.Namespace) -> Store:
    """The catalogue's store: ``--store DIR``, else the project's ``results/certificates``."""
    from sdpthermo.store import open_store

    st = open_store(_store_arg(args, "project"))
    assert st is not None, "a directory or 'project' always names a store"
    return st


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
    """``sdpthermo list [-v]``: questions and problems, one line each (``-v``: parameters and declared outputs)."""
    from sdpthermo.registry import question_summaries
    from sdpthermo.registry.core import list_questions
    from sdpthermo.registry.problems import load_problems

    print("questions:")
    if args.verbose:
        for q in list_questions():
            print(f"  {q.name:<24} {q.title}  [{q.reference}]")
            for param in q.params:
                print(f"      {param.describe()}")
            print(f"      backends: {q.backends.describe()}")
            for line in q.outputs.lines():
                print(f"      -> {line}")
    else:  # read from the sources: no family module (and no solver) is imported
        for name, title, reference in question_summaries():
            print(f"  {name:<24} {title}  [{reference}]")
    print("problems:")
    for p in load_problems():
        print(f"  {p.id:<32} {p.question:<20} {len(p.points()):>4} pts  {p.title}")
    return 0


@contextlib.contextmanager
def elapsed_ticker(desc: str, enabled: bool, after: float = LONG_SOLVE_SECONDS) -> Iterator[None]:
    """On a terminal, a solve still running after ``after`` seconds shows an elapsed-time line (tqdm)."""
    if not enabled:
        yield
        return
    stop = threading.Event()

    def tick() -> None:
        if stop.wait(after):
            return
        from tqdm import tqdm

        with tqdm(desc=desc, bar_format="{desc}: {elapsed} elapsed", leave=False) as bar:
            while not stop.wait(1.0):
                bar.refresh()

    worker = threading.Thread(target=tick, daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join(2.0)


def cmd_solve(args: argparse.Namespace) -> int:
    """``sdpthermo solve QUESTION``: exit 0 when verified, 1 when solved but not verified."""
    from sdpthermo.registry.core import get_question, solve
    from sdpthermo.sdp.options import SolveOptions
    from sdpthermo.store import open_store

    params = parse_sets(args.set or [])
    opts = SolveOptions(backend=args.backend, solver=args.solver)
    t0 = time.perf_counter()
    with elapsed_ticker(f"solving {args.question}", sys.stderr.isatty()):
        res = solve(args.question, store=_store_arg(args), use_cache=not args.no_cache, options=opts, **params)
    seconds = time.perf_counter() - t0
    st = open_store(_store_arg(args))
    path = str(st.entry_path(res.question, res.instance_id)) if st is not None else None
    cached = bool(res.provenance.get("cached", False))
    if args.json:
        out = {"question": res.question, "params": res.params, "status": res.status.value, "value": res.value,
               "lower": res.lower, "upper": res.upper, "verified": res.verified, "data": res.data,
               "unit": res.unit, "outputs": res.outputs,
               "backends": get_question(res.question).backends.to_json(),
               "certificate": {"kind": res.certificate.kind if res.certificate else None, "path": path},
               "solver": res.solver.to_json(), "seconds": seconds, "cached": cached}
        print(json.dumps(_safe(out), default=_json_default, allow_nan=False))
    else:
        print(f"{res.question}: value = {res.value!r}  certified [{res.lower!r}, {res.upper!r}]  "
              f"verified = {res.verified}  status = {res.status.value}  "
              f"({seconds:.3g} s{', cached' if cached else ''})")
        for k, v in res.data.items():
            print(f"  {k} = {v!r}")
        if path:
            print(f"  certificate: {path}")
    return 0 if res.verified else 1


def cmd_run(args: argparse.Namespace) -> int:
    """``sdpthermo run PROBLEM|--all``: solve the sweep, write tables and declared figures."""
    from sdpthermo.plots import write_figure
    from sdpthermo.registry.problems import load_problems, resolve_problem
    from sdpthermo.sweeps import run_problem
    from sdpthermo.tables import collect, write_tables

    if not args.all and args.problem is None:
        raise ValidationError("problem", "name a problem id or a .toml file, or pass --all", "see `sdpthermo list`")
    todo = load_problems(args.problems) if args.all else [resolve_problem(args.problem, args.problems)]
    st = _project_store(args)
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
    """``--out``, else ``$SDPTHERMO_RESULTS``, else next to the store in use: the parent of a
    store called ``certificates`` (``results/certificates`` -> ``results/``), otherwise the store directory."""
    import os

    explicit = args.out or os.environ.get("SDPTHERMO_RESULTS")
    if explicit:
        return Path(explicit)
    return st.root.parent if st.root.name == "certificates" else st.root


def cmd_table(args: argparse.Namespace) -> int:
    """``sdpthermo table PROBLEM``: render a problem's table from the store."""
    from sdpthermo.registry.problems import resolve_problem
    from sdpthermo.tables import collect, render

    prob = resolve_problem(args.problem, args.problems)
    print(render(prob, collect(prob, _project_store(args)), args.format), end="")
    return 0


def _verify_one(job: tuple[str, str, float]) -> tuple[str, str | None]:
    """Re-verify one entry (run in a pool worker): ``(question, None)`` or ``(question, why it failed)``."""
    root, path, tol = job
    from sdpthermo.registry import load_all
    from sdpthermo.store import Store

    load_all()  # binding hooks, also in a spawned worker
    try:
        Store(root).read(path, tol)
    except StoreError as exc:
        return Path(path).parent.name, str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken entry must not stop the audit of the others
        return Path(path).parent.name, f"{path}: {exc.__class__.__name__}: {exc}"
    return Path(path).parent.name, None


def _verify_targets(args: argparse.Namespace) -> tuple[Any, list[Path]]:
    from sdpthermo.store import Store, default_store_path

    if args.path and args.all:
        raise ValidationError("--all", "give an entry or store PATH, or --all, not both")
    target = Path(args.path) if args.path else Path(args.store) if args.store else default_store_path()
    if target.is_file() or target.suffix == ".json":
        if not target.exists():
            raise ValidationError("path", f"nothing to verify: {target} does not exist", "pass an entry .json")
        return Store(target.parent.parent), [target]
    if not target.is_dir():
        raise ValidationError("path", f"nothing to verify: no store directory at {target}",
                              "pass a store directory or an entry .json")
    st = Store(target)
    paths = list(st.entries())
    if not paths:
        raise ValidationError("path", f"nothing to verify: {target} holds no entries (<question>/<id>.json)",
                              "pass the store directory the entries were written to")
    st.remove_stale_temps()
    return st, paths


def cmd_verify(args: argparse.Namespace) -> int:
    """``sdpthermo verify [PATH|--all]``: re-verify stored certificates without a solver."""
    import os
    from collections import Counter

    from sdpthermo.registry import load_all

    if not 0 < args.tol < 1:
        raise ValidationError("--tol", f"must be in (0, 1), got {args.tol}")
    st, paths = _verify_targets(args)
    load_all()  # the questions' binding hooks (params -> problem data) are registered on import
    jobs = [(str(st.root), str(p), args.tol) for p in paths]
    workers = max(1, min(args.workers or os.cpu_count() or 1, len(jobs) // 32 or 1))
    bar = None
    if sys.stderr.isatty() and len(jobs) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="verify", unit="entry", leave=False)
    outcomes: list[tuple[str, str | None]] = []
    if workers == 1:
        results: Any = map(_verify_one, jobs)
        pool = None
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method))
        results = pool.map(_verify_one, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
    try:
        for out in results:
            outcomes.append(out)
            if out[1] is not None:
                (bar.write if bar is not None else print)(f"FAIL {out[1]}")
            if bar is not None:
                bar.update()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if bar is not None:
            bar.close()
    total, bad = Counter(q for q, _ in outcomes), Counter(q for q, why in outcomes if why is not None)
    if len(total) > 1:
        for q in sorted(total):
            print(f"  {q:<28} {total[q] - bad[q]:>5} of {total[q]:>5} re-verified")
    failed = sum(bad.values())
    print(f"{len(paths) - failed} of {len(paths)} certificates re-verified without a solver (tol {args.tol:g})")
    return 1 if failed else 0


def cmd_store(args: argparse.Namespace) -> int:
    """``sdpthermo store``: where results are read from and written to."""
    from sdpthermo.store.location import describe_locations

    if args.store:
        print(f"store (--store, used for everything): {args.store}")
        return 0
    for role, path in describe_locations():
        print(f"{role}: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line (DESIGN.md §6)."""
    from sdpthermo import __version__

    ap = argparse.ArgumentParser(prog="sdpthermo", description="Certified SDP bounds for quantum thermodynamics.")
    ap.add_argument("--version", action="version", version=f"sdpthermo {__version__}")
    ap.add_argument("--store", help="certificate store directory (default $SDPTHERMO_STORE, else: `sdpthermo store`)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list", help="questions and problems, one line each")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also list each question's parameters and declared outputs")
    p.set_defaults(fn=cmd_list)
    p = sub.add_parser("solve", help="solve one question")
    p.add_argument("question")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="a parameter (JSON literal or @file.npy)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-cache", action="store_true", help="do not read the cache (the result is still stored)")
    p.add_argument("--solver", choices=["clarabel", "scs"], default=None)
    p.add_argument("--backend", choices=["cvxpy", "picos"], default="cvxpy",
                   help="modelling backend; each question declares the ones it runs (sdpthermo list -v)")
    p.set_defaults(fn=cmd_solve)
    p = sub.add_parser("run", help="solve a problem's sweep and write its tables and figure")
    p.add_argument("problem", nargs="?", help="a problem id or the path of a problem's .toml file")
    p.add_argument("--all", action="store_true", help="every problem in problems/ (or --problems DIR)")
    p.add_argument("--problems", default=None, help="problem directory (default $SDPTHERMO_PROBLEMS or problems/)")
    p.add_argument("--out", default=None,
                   help="where tables/ and figures/ go (default: the project's results/, next to the store)")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (e.g. tcp://host:8786)")
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
    p.add_argument("--tol", type=float, default=TOL_VERIFY, help="verification tolerance (default %(default)g)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.set_defaults(fn=cmd_verify)
    p = sub.add_parser("store", help="print the store and results paths in use")
    p.set_defaults(fn=cmd_store)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 not verified or solver failure, 2 bad input)."""
    if argv is None and hasattr(signal, "SIGPIPE"):  # `sdpthermo list | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    try:
        _check_store_arg(args.store)
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
