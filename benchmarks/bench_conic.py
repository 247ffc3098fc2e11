"""``solve_sdp`` vs the bare ``problem.solve`` (issue 16 item 6): the price of the certificate.

Two instances: the MaxCut relaxation ``max tr(L X)/4 s.t. diag X = 1, X >= 0`` of a random weighted
graph on 30 vertices (real 30x30 block) and its complex analogue on 16 vertices with a Hermitian
``L`` (a 16x16 Hermitian block, 32x32 after cvxpy's real embedding).  Both sides canonicalize a fresh
problem every call and solve with Clarabel at the same accuracy; ``solve_sdp`` runs without a store.
Times are CPU seconds (median of alternating calls); the ratio is printed from one run.  The second table times
every test family of ``tests/conic``.  In the report, "ours" is ``solve_sdp`` and the peer the bare solve (a
ratio below 1 is the price of the certificate).

Run: ``python benchmarks/bench_conic.py`` (or ``python benchmarks/run.py bench_conic``).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

import cvxpy as cp
import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Record, row  # noqa: E402
from sdpthermo.conic import solve_sdp  # noqa: E402
from sdpthermo.sdp.backend import _cvxpy_kwargs  # noqa: E402
from sdpthermo.sdp.options import SolveOptions  # noqa: E402


def maxcut(n: int, complex_: bool, seed: int = 7) -> cp.Problem:
    rng = np.random.default_rng(seed)
    w = rng.uniform(size=(n, n)) + (1j * rng.normal(size=(n, n)) if complex_ else 0)
    w = np.triu(w, 1)
    w = w + w.conj().T
    lap = np.diag(w.sum(axis=1).real) - w
    x = cp.Variable((n, n), hermitian=True) if complex_ else cp.Variable((n, n), symmetric=True)
    obj = cp.real(cp.trace(lap @ x)) if complex_ else cp.trace(lap @ x)
    diag = cp.real(cp.diag(x)) if complex_ else cp.diag(x)
    return cp.Problem(cp.Maximize(obj / 4), [x >> 0, diag == 1])


def bare(build) -> float:
    p = build()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        p.solve(solver=cp.CLARABEL, **_cvxpy_kwargs("clarabel", SolveOptions()))
    return p.value


def certified(build, **kw):
    return solve_sdp(build(), store=None, **kw)


def cpu_seconds(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def compare(label: str, build, repeat: int = 9, **kw) -> Record:
    """Median CPU seconds of alternating calls: on a shared machine Clarabel's wall time of one instance varies
    by 2x with the load, its CPU time by a few per cent (BLAS is pinned to one thread)."""
    r = certified(build, **kw)
    bare(build)
    t_bare, t_cert = [], []
    for _ in range(repeat):
        t_bare.append(cpu_seconds(lambda: bare(build)))
        t_cert.append(cpu_seconds(lambda: certified(build, **kw)))
    t_bare, t_cert = statistics.median(t_bare), statistics.median(t_cert)
    print(row(label, t_bare, t_cert, t_cert / t_bare, f"{r.upper - r.lower:.2e}", str(r.verified),
              widths=(22, 12, 12, 10, 12, 8)))
    return Record("conic", f"solve_sdp, {label}", t_cert, "bare problem.solve (Clarabel)", t_bare,
                  agreement=f"certified width {r.upper - r.lower:.2e}, verified {r.verified}",
                  note=f"CPU s, median of {repeat} alternating calls")


def main(full: bool = False) -> list[Record]:
    out = []
    with threadpool_limits(1):
        print(row("instance", "bare [cpu s]", "solve_sdp", "ratio", "width", "verified",
                  widths=(22, 12, 12, 10, 12, 8)))
        out.append(compare("maxcut real 30x30", lambda: maxcut(30, False)))
        out.append(compare("maxcut complex 16x16", lambda: maxcut(16, True)))
        print()
        from tests.conic.families import FAMILIES

        for name, fam in FAMILIES.items():
            kw = fam()[2]
            out.append(compare(name, lambda fam=fam: fam()[0], repeat=5, **kw))
    return out


if __name__ == "__main__":
    main()
