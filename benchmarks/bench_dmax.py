"""Benchmark: certified D_max^eps (seed 002, Eq. (11)) — structured solver-free route vs the dense SDP.

Prints, for each instance, the certified interval width (bits) and the wall time of the route used
by ``solve_dmax_smooth`` (method="auto"), and, where a dense SDP is run on the same problem (one
real PSD block of size d, no structure), the ratio of times.  Instances:

* ``commuting d=64``: random diagonal pair (water filling);
* ``spins k T=a/b``: ``rho`` = Gibbs state at ``T = a`` of a disordered Heisenberg chain of ``k`` spins,
  ``sigma`` = Gibbs state at ``T = b`` of a differently disordered chain; both conserve S^z (block-structured,
  not commuting).  At k = 6 (d = 64) the dense SDP of the same pair is the reference; k = 8, 10
  (d = 256, 1024) run the structured route only (target < 60 s each).  The spectral feasible point is
  not a state for these pairs; the Schur-complement point closes the T = 3/3 pairs at every k (the
  hypothesis-testing bound is the value).  The T = 1.5/2 pairs need the multiplier of ``rho~ >= 0``
  (the hypothesis-testing bound is 0.15 bits low at k = 6): the low-rank local search and its SQP polish
  on exact constraints close k = 6 to ~1e-9 bits (no SDP needed); at k = 8 and 10 the polish stops at
  degenerate eigenvalue clusters and the compressed-SDP steps (``formulations.dmax.compressed``) take over,
  then the alternating compressed steps;
  the interval is printed.

Run: ``python benchmarks/run.py dmax`` (``--full`` adds the dense SDP, which takes minutes) or
``OMP_NUM_THREADS=1 python -m benchmarks.bench_dmax [--dense]``.  The figures of
``benchmarks/results/latest.md`` were taken with one BLAS thread for every step; the low-rank route pins BLAS
to one thread by itself (``BLAS_SERIAL_MAX_DIM``), so without the variable only the cheap steps and the
dense SDP run threaded.

Measurements behind the library's defaults and docstrings (2-core reference machine, eps = 0.1, bits):

* local search alone vs with the SQP polish (:mod:`sdpthermo.info.dmax_smooth.polish`), T = 1.5/2 pairs:
  6 spins ``[2.3786, 3.0157]`` (hypothesis-testing bound, best cheap point) -> ``[2.528525, 2.528542]``
  (local search) -> width 6.5e-10 (polish; the blocked SDP with Clarabel at tolerance 1e-12 stops at
  ``[2.52852531, 2.52852592]``); 8 spins ``[6.0792, 7.1637]`` -> ``[6.13235, 6.13490]`` -> width 2.5e-3
  (the polished primal fails on the degenerate top cluster); 10 spins ``[7.97987, 7.98566]`` ->
  ``[7.981700, 7.981783]``.  Independent low-temperature 8-spin pairs (tests, seeds 11-14) close to 5e-8,
  7e-8, 1.6e-6 and 8e-5 (the last two path dependent: other equally valid bases gave 7e-8 and 5e-6).
* compressed-SDP steps after the polish (``formulations.dmax.compressed``), T = 1.5/2 pairs, one BLAS thread,
  machine load ~4 on 2 cores: 8 spins from ``[6.132386, 6.133214]`` (8.3e-4, 98 s) to ``[6.132404, 6.132424]``
  (2.0e-5, 101 s; the steps themselves ~8 s, the smoothed primal search they make unnecessary ~25 s);
  10 spins from 1.08e-4 to 5.3e-5 (the steps ~1.5 s).  What bounds them (8 spins, active blocks of 56-70):
  the dual value grows with the compressed dimension k per block, ``[2, 7, 6, 2]`` 70.150743,
  ``[6, 20, 18, 6]`` 70.151152, ``[10, 30, 24, 8]`` 70.151600 (~7 s per solve), ``[12, 38, 30, 12]`` 70.151983
  (~21 s), ``[23, 42, 32, 17]`` 70.152052 (~30 s); cutting planes to ``[14, 53, 42, 14]`` give 70.152103 (~180 s
  per solve); the Schur-compressed primal reaches 70.152246 at ``[31, 51, 39, 19]`` (~100 s): certified
  ``t*`` in ``[70.152103, 70.152246]`` (2.9e-6 bits) only at k ~ 50 of 70.  The multiplier ``Z`` of
  ``rho~ >= 0`` is not low rank there (eigenvalues above 1e-3 of its largest: 5, 13, 11, 4 per active block,
  against ``rank Y`` = 1, 4, 3, 1), its range on the eigenvectors of ``rho`` with eigenvalues 1e-10 .. 1e-6; an
  interior-point solve costs ~ ``sum_b k_b^6``.  The full blocked SDP (Clarabel, tolerance 1e-10) stalls
  after 745 s at 70.0013, below the certified lower bound.  10 spins (blocks 210-252): dual 252.769288
  (polish) -> 252.777244 (k = ``[4, 8, 4]``, 0.04 s) -> 252.777882 (``[29, 50, 21]``, 58 s per solve);
  primal 252.788218 -> 252.786607 -> 252.786462 (column generation to ``[18, 34, 19]``).
* what the compressed-SDP steps leave (8 spins, at their final point): ``V = Y - Z`` has its top eigenvalue
  ``s`` with multiplicity 1, 4, 3, 1 on the active blocks (``rank Y``) and its bottom ``m`` with the same
  multiplicities; ``rho~`` has kernels of those dimensions (then eigenvalues from 7e-10 up, those of ``rho``),
  ``t sigma - rho~`` too.  The remaining significant eigenvalues of ``Z`` (down to 1e-3 of its largest: 12 on
  the block of 70) sit on the near-null eigenvectors of ``rho``, where ``V`` lies strictly between ``m`` and 0:
  they cost nothing in ``tr(V rho)`` and lower ``tr(Y sigma)``, and they carry value (dropping those below
  1e-1 of the largest loses 1e-3 in ``t``).  Alternating steps (``compressed.alternate``), 8 spins from
  2.4e-5 bits, one BLAS thread: with the primal subspace = the extreme clusters of ``V`` and ``range(rho~ - rho)``
  (k = ``[5, 20, 15, 5]``, ~0.5 s per solve) and the dual subspace = ranges of ``Y``, ``Z`` and the bottom
  eigenvectors of ``t sigma - rho~`` and ``rho~`` with two extra each (k = ``[24, 32, 30, 14]``, ~6 s per solve,
  ~25 interior-point iterations of ~0.23 s), a round shrinks the width by a factor ~0.8 after the third:
  2.2e-6 bits after 6 rounds (42 s), 1.55e-6 after 12.  Without the two extra eigenvectors: 2.3e-6 after 6
  (29 s).  Adding the range of the cheapest ``Z`` with ``Y - Z <= s I`` to the dual subspace: the dual side
  reaches ``t >= 70.152208`` after 5 rounds (12 rounds without it: 70.152203), the primal side stays at 70.152283;
  adding ``rho range Z`` to the primal subspace (k = ``[14, 30, 24, 9]``, ~4 s per solve) moves that primal
  to 70.152266 (10 spins: 252.786484 -> 252.786160).  Both together, from the same start: 8 spins
  ``[70.152211, 70.152258]`` (9.7e-7 bits) after 8 rounds; a round is ~5 s of dual and ~4 s of primal solve.
  Clarabel's tolerance 1e-8 instead of 1e-10 lowers the exactly valued dual (70.152008 against 70.152100 after
  one round); its ``qdldl`` solver takes 5x longer than ``faer`` on these programs.  The 10-spin dual side
  stalls at ``t ~ 252.78588``: its dual programs (k ~ ``[20, 28, 18]``, compressed ``rho`` down to 4e-14) end
  ``AlmostSolved`` below the previous value.
* SQP dual polish budget (``polish.DUAL_WORK``, steps ~ 1 / variables^3): 8 spins (279 variables), 27 steps
  (29 s) before the compressed steps: 9.7e-7 bits after 8 alternating rounds; 10 steps (7 s):
  ``[70.152199, 70.152248]`` (1.0e-6 bits) after 6 rounds, ``[70.152213, 70.152243]`` (6.2e-7 bits) after 12;
  11 steps: 1.1e-6 bits after 12 rounds (path dependent).  10 spins (87 variables): 114 steps (16 s) give
  1.55e-6 bits at the end, 105 steps 3.1e-6 and 37 steps 2.2e-5 (path dependent).  Fewer SQP primal polish
  steps on 10 spins (3 instead of 8, 8 s instead of 20 s) end at 2.3e-6 bits; none at all leaves no primal
  point for the compressed steps.
* whole runs (``solve_dmax_smooth``, one BLAS thread, machine load ~1 on 2 cores): 8 spins 7.1e-7 bits in 105 s
  (SQP dual polish 7 s, SQP primal polish 6 s, compressed steps 6 s, alternating steps 83 s: ~10 rounds of
  ~4 s primal and ~4.5 s dual solve; at machine load ~2, 120 s); 10 spins 1.55e-6 bits in 62 s (SQP dual
  polish 16 s, SQP primal polish 20 s, alternating steps 20 s, of which 13 s the last dual program).  With the
  alternating subspaces of the first bullet and the SQP dual polish of 27 steps: 8 spins 1.55e-6 bits in 123 s,
  10 spins 3.8e-6 in 92 s.
* ``BLAS_SERIAL_MAX_DIM``: the local search and polish ran about 2x faster on one BLAS thread than on two.
* ``LOCAL_PRIMAL_RGAP``: the smoothed low-rank primal search costs about 35 s on the 10-spin blocks and 25 s
  on the 8-spin ones; after the compressed-SDP steps neither pair needs it.
* ``AUTO_SDP_MAX_DIM``: a 48x48 real block takes Clarabel tens of seconds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.linalg import eigh

from benchmarks.common import Record
from sdpthermo.formulations.dmax.smooth import build_dmax_smooth, solve_dmax_smooth
from sdpthermo.models.mbl.heisenberg import dense_xxz
from sdpthermo.models.mbl.sectors import open_bonds
from sdpthermo.sdp.backend import run_cvxpy
from sdpthermo.sdp.options import SolveOptions

EPS = 0.1


def gibbs(h: np.ndarray, temp: float) -> np.ndarray:
    w, v = eigh(h)
    p = np.exp(-(w - w[0]) / temp)
    return (v * (p / p.sum())) @ v.T


def spin_pair(k: int, t_rho: float, t_sigma: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Gibbs states of two differently disordered chains (fields in [-3, 3] and [-1, 1]); both conserve S^z."""
    rho = gibbs(dense_xxz(k, open_bonds(k), rng.uniform(-3, 3, k)), t_rho)
    sigma = gibbs(dense_xxz(k, open_bonds(k), rng.uniform(-1, 1, k)), t_sigma)
    return rho, sigma


def dense_sdp(rho: np.ndarray, sigma: np.ndarray, solver: str) -> tuple[float, float]:
    prob, v = build_dmax_smooth([(rho, sigma)], EPS)
    t0 = time.perf_counter()
    run_cvxpy(prob, SolveOptions(solver=solver, eps=1e-6))
    return time.perf_counter() - t0, float(np.log2(v["t"].value))


def structured(rho: np.ndarray, sigma: np.ndarray) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = solve_dmax_smooth(rho, sigma, EPS)
    return time.perf_counter() - t0, out


def main(full: bool = False, argv: list[str] | None = None) -> list[Record]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dense", action="store_true", help="run the dense SDP reference (minutes)")
    ap.add_argument("--dense-solver", default="scs", choices=["scs", "clarabel"])
    args = ap.parse_args([] if argv is None else argv)
    run_sdp = full or args.dense
    records: list[Record] = []
    rng = np.random.default_rng(7)
    d = 64
    p, q = rng.dirichlet(np.ones(d)), rng.dirichlet(np.ones(d))
    cases = [("commuting d=64", np.diag(p), np.diag(q), True)]
    for k, t_rho, t_sigma in ((6, 3.0, 3.0), (6, 1.5, 2.0), (8, 3.0, 3.0), (8, 1.5, 2.0), (10, 3.0, 3.0),
                              (10, 1.5, 2.0)):
        rho, sigma = spin_pair(k, t_rho, t_sigma, rng)
        cases.append((f"spins k={k} T={t_rho:g}/{t_sigma:g}", rho, sigma, k == 6))
    print(f"D_max^eps, eps = {EPS} (trace-norm ball); widths in bits")
    print(f"{'instance':22s} {'value':>12s} {'width':>10s} {'route':>48s} {'time/s':>8s} {'dense/s':>8s} {'ratio':>8s}")
    for name, rho, sigma, run_dense in cases:
        ts, out = structured(rho, sigma)
        v = out.verification
        width = v.upper - v.lower
        line = f"{name:22s} {v.lower:12.8f} {width:10.2e} {out.data['route'][:48]:>48s} {ts:8.3f}"
        rec = Record("dmax", f"D_max^eps certified, {name}", ts, agreement=f"width {width:.1e} bits",
                     note=f"1 call; route {out.data['route']}")
        if run_dense and run_sdp:
            td, val = dense_sdp(rho, sigma, args.dense_solver)
            line += f" {td:8.1f} {td / ts:8.0f}  (dense value {val:.6f})"
            rec = Record("dmax", rec.task, ts, f"dense SDP ({args.dense_solver})", td,
                         agreement=f"width {width:.1e} bits; |ours - dense| {abs(v.lower - val):.1e}", note=rec.note)
        elif run_dense:
            rec = Record("dmax", rec.task, ts, agreement=rec.agreement, note=rec.note + "; dense SDP with --full")
        records.append(rec)
        print(line, flush=True)
    return records


if __name__ == "__main__":
    import sys

    main(argv=sys.argv[1:])
