"""Benchmark: one disorder realization of the seed 002 §IV pipeline (Eqs. (5), (19), Fig. 2) — magnetization
sectors vs the dense full space.

Both routes compute ``D_max(omega_R || tau_beta(H_R))`` for ``|R| = 1..L/2`` from the same chain, initial
state (``neel-sectors``) and thermal reference, with BLAS pinned to one thread:

* ``sector``: :func:`sdpthermo.models.mbl.pipeline.realization_profile` (eigenvectors only for the sectors
  ``M = 0, ±1`` that carry ``Psi``, eigenvalues for the rest; partial traces per region magnetization);
* ``dense``: ``eigh`` of the ``2^L x 2^L`` matrix, dephasing of ``Psi`` over its degenerate eigenspaces,
  and partial traces by reshaping ``2^L``-vectors (the matrix is assembled from the sector blocks: only
  the diagonalization and the state algebra are timed).

Prints seconds per realization, the ratio dense/sector and the largest difference of the ``D_max`` values.
Run: ``python benchmarks/run.py mbl`` or ``python -m benchmarks.bench_mbl [--sizes 10 12]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import Record
from sdpthermo.info.dmax import dmax
from sdpthermo.models.mbl.heisenberg import HeisenbergChain
from sdpthermo.models.mbl.pipeline import (
    DEGENERACY_TOL,
    gibbs_energy,
    initial_state,
    match_beta,
    realization_profile,
    region_gibbs,
)
from sdpthermo.models.mbl.sectors import SectorBasis

DISORDER = 3.0


def dense_matrix(chain: HeisenbergChain) -> np.ndarray:
    """``H_V`` on ``2^L`` assembled from its sector blocks (not timed)."""
    h = np.zeros((2**chain.L, 2**chain.L))
    for n in range(chain.L + 1):
        b, hn = chain.sector(n)
        h[np.ix_(b.states, b.states)] = hn
    return h


def dense_realization(chain: HeisenbergChain, h: np.ndarray, regions: list[int]) -> list[float]:
    """The pipeline on the full space: eigh of ``2^L``, Eq. (5) by eigenspace projection, reshaped partial traces."""
    L = chain.L
    psi = np.zeros(2**L)
    for n, p in initial_state(L, "neel-sectors").items():
        psi[SectorBasis(L, n).states] += p
    w, v = np.linalg.eigh(h)
    beta = match_beta(w, float(psi @ h @ psi))
    assert abs(gibbs_energy(w, beta) - psi @ h @ psi) < 1e-9
    labels = np.concatenate([[0], np.cumsum(np.diff(w) > DEGENERACY_TOL * max(1.0, float(np.abs(w).max())))])
    starts = np.concatenate([[0], np.nonzero(np.diff(labels))[0] + 1])
    phi = np.add.reduceat(v * (v.T @ psi), starts, axis=1)  # columns P_E psi
    out = []
    for r in regions:
        x = phi.reshape(2**r, -1)  # rows: region configuration; columns: (environment, eigenspace)
        out.append(dmax(x @ x.T, region_gibbs(chain, beta, r)))
    return out


def main(full: bool = False, argv: list[str] | None = None) -> list[Record]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 12])
    args = ap.parse_args([] if argv is None else argv)
    out: list[Record] = []
    print(f"one realization, Delta = {DISORDER}, regions |R| = 1..L/2, BLAS threads = 1")
    print(f"{'L':>3s} {'sector/s':>10s} {'dense/s':>10s} {'ratio':>8s} {'max |dD_max|':>14s}")
    with threadpool_limits(1):
        for L in args.sizes:
            chain = HeisenbergChain.realization(L, DISORDER, 0, 0)
            regions = list(range(1, L // 2 + 1))
            t0 = time.perf_counter()
            sec = [r.dmax for r in realization_profile(chain, regions, "neel-sectors", "reduced-hamiltonian").regions]
            ts = time.perf_counter() - t0
            h = dense_matrix(chain)
            t0 = time.perf_counter()
            den = dense_realization(chain, h, regions)
            td = time.perf_counter() - t0
            dev = float(np.abs(np.array(sec) - den).max())
            print(f"{L:3d} {ts:10.3f} {td:10.3f} {td / ts:8.1f} {dev:14.2e}", flush=True)
            out.append(Record("mbl", f"D_max profile, one realization, L={L}", ts, "dense 2^L pipeline", td,
                              agreement=f"max|dD_max| {dev:.1e}", note="1 call each"))
    return out


if __name__ == "__main__":
    import sys

    main(argv=sys.argv[1:])
