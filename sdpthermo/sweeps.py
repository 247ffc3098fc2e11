"""Run a problem's sweep: cached, in parallel, with a progress bar (DESIGN.md §8).

Points already verified in the store are served from it; the rest are solved on a local process
pool (one worker per core, BLAS pinned to one thread with threadpoolctl) or, when ``scheduler``
names one, on a Dask cluster.  Each result is written to the store by the worker as soon as it is
solved, so an interrupted sweep resumes where it stopped.

Examples
--------
>>> from sdpthermo.registry.problems import find_problem
>>> import tempfile
>>> res = run_problem(find_problem("eplt-qubit-ppt"), store=tempfile.mkdtemp(), workers=1, progress=False)
>>> all(r.verified for r in res)
True
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import Any

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.models.mbl.pipeline import fit_profile, n_eps_upper
from sdpthermo.registry.core import solve
from sdpthermo.registry.problems import Problem
from sdpthermo.results import Result
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.store import Store, open_store

DASK_WAIT_ENV = "SDPTHERMO_DASK_WAIT"


def _watch_parent(parent: int, period: float = 1.0) -> None:
    """Exit this process as soon as its parent ``parent`` is gone (the worker was re-parented)."""
    while True:
        time.sleep(period)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(parent: int) -> None:
    """Pool worker setup: BLAS pinned to one thread, and a watchdog that exits when the parent dies."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def wait_for_workers(client: Any, scheduler: str, timeout: float | None = None) -> None:
    """Wait for one Dask worker; a :class:`ValidationError` naming ``scheduler`` after ``timeout`` seconds
    (``$SDPTHERMO_DASK_WAIT`` or 60)."""
    t = float(os.environ.get(DASK_WAIT_ENV, "60")) if timeout is None else timeout
    try:
        client.wait_for_workers(1, timeout=t)
    except (TimeoutError, OSError) as exc:
        raise ValidationError("scheduler",
                              f"no Dask worker joined {scheduler} within {t:g} s ({exc.__class__.__name__})",
                              "start workers with `dask worker ADDRESS`, or run without --scheduler") from None


def solve_point(question: str, params: dict[str, Any], store_root: str | None,
                options: dict[str, Any] | None = None) -> Result:
    """Solve one sweep point (run inside a worker); the worker writes the store entry."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        opts = SolveOptions(**options) if options else SolveOptions()
        return solve(question, store=store_root, options=opts, **params)


def _progress(it: Iterable[Any], total: int, desc: str, enabled: bool) -> Iterable[Any]:
    if not enabled:
        return it
    from tqdm import tqdm

    return tqdm(it, total=total, desc=desc, unit="pt", leave=False)


def run_points(question: str, points: list[dict[str, Any]], *, store: Any = "default", workers: int | None = None,
               scheduler: str | None = None, options: SolveOptions | None = None, progress: bool = True,
               desc: str = "", worker_timeout: float | None = None) -> list[Result]:
    """Solve ``points`` of ``question``; results in the order of ``points``.

    Local pool workers exit when this process dies; with ``scheduler``, a cluster where no worker
    joins within ``worker_timeout`` seconds (see :func:`wait_for_workers`) is an error, not a silent wait.
    """
    st = open_store(store)
    root = str(st.root) if isinstance(st, Store) else None
    opt_json = options.to_json() if options else None
    n = len(points)
    results: list[Result | None] = [None] * n
    if scheduler is not None:
        from dask.distributed import Client, as_completed

        with Client(scheduler) as client:
            wait_for_workers(client, scheduler, worker_timeout)
            futs = {client.submit(solve_point, question, p, root, opt_json, pure=False): i
                    for i, p in enumerate(points)}
            for fut in _progress(as_completed(futs), n, desc, progress):
                results[futs[fut]] = fut.result()
        return [r for r in results if r is not None]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or n == 1:
        for i, p in _progress(enumerate(points), n, desc, progress):
            results[i] = solve_point(question, p, root, opt_json)
        return [r for r in results if r is not None]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed as cf_completed

    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, n), mp_context=ctx, initializer=_init_worker,
                             initargs=(os.getpid(),)) as ex:
        futs2 = {ex.submit(solve_point, question, p, root, opt_json): i for i, p in enumerate(points)}
        for fut in _progress(cf_completed(futs2), n, desc, progress):
            results[futs2[fut]] = fut.result()
    return [r for r in results if r is not None]


def run_problem(problem: Problem, *, store: Any = "default", workers: int | None = None,
                scheduler: str | None = None, options: SolveOptions | None = None,
                progress: bool = True) -> list[Result]:
    """Solve every point of ``problem`` (see :func:`run_points`)."""
    return run_points(problem.question, problem.points(), store=store, workers=workers, scheduler=scheduler,
                      options=options, progress=progress, desc=problem.id)


def run_dmax_profiles(base: dict[str, Any], disorders: list[float], realizations: int, *, eps: float = 0.1,
                      store: Any = "default", workers: int | None = None, scheduler: str | None = None,
                      progress: bool = True) -> list[dict[str, Any]]:
    """Seed 002 Fig. 2 at scale: every (disorder, realization) pair is one ``mbl.dmax_realization`` point.

    ``base`` holds the other parameters (``L``, ``regions``, ``seed``, ``initial``, ``thermal``).  The points run
    through :func:`run_points` (local pool, or Dask with ``scheduler``) and land in the store, so a sweep
    resumes; per disorder the ``D_max`` matrix is reduced by :func:`sdpthermo.models.mbl.pipeline.fit_profile` (the
    same reduction as ``mbl.dmax_profile``).  Returns one dict per disorder: ``disorder``, ``slope``,
    ``slope_err``, ``mean``, ``sem``, ``beta`` (per realization), ``n_eps_upper`` (Theorem 1, from the means).

    Examples
    --------
    >>> out = run_dmax_profiles({"L": 6, "regions": [1, 2, 3]}, [5.0], 2, store=None, workers=1, progress=False)
    >>> out[0]["disorder"], len(out[0]["mean"]), out[0]["slope"] > 0
    (5.0, 3, True)
    """
    points = [{**base, "disorder": float(dz), "realization": k} for dz in disorders for k in range(realizations)]
    res = run_points("mbl.dmax_realization", points, store=store, workers=workers, scheduler=scheduler,
                     progress=progress, desc="mbl")
    regions = [int(r) for r in res[0].data["regions"]]
    out = []
    for i, dz in enumerate(disorders):
        chunk = res[i * realizations:(i + 1) * realizations]
        fit = fit_profile(np.array([r.data["dmax"] for r in chunk]), regions)
        out.append({"disorder": float(dz), "slope": fit.slope, "slope_err": fit.slope_err, "mean": fit.mean,
                    "sem": fit.sem, "beta": [r.data["beta"] for r in chunk],
                    "n_eps_upper": [n_eps_upper(m, eps) for m in fit.mean]})
    return out

