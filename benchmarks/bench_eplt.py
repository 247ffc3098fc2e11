"""EPLT benchmarks (issue 6): DPS levels 2 and 3 on 3x3 states vs toqito's ``has_symmetric_extension`` (same
answer, time ratio); PPT-mixture GME SDP time for N = 3, 4, 5; FEF interval time for d = 2..5.

Run: ``python benchmarks/bench_eplt.py`` (or ``make bench``).  Ratios are measured in one run.
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

import sdpthermo.certify.dps  # noqa: F401  (registered by certify.MODULES once wired)
import sdpthermo.certify.fef  # noqa: F401
import sdpthermo.certify.gme  # noqa: F401
from benchmarks.common import median_time, row
from sdpthermo.formulations.dps import solve_dps, tiles_state
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.formulations.gme import solve_gme
from sdpthermo.models.eplt import eplt_map, eps_star
from sdpthermo.models.eplt_multipartite import noisy_ghz
from sdpthermo.models.states import gibbs_state, isotropic, max_entangled


def _once(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    from toqito.state_props import has_symmetric_extension

    states = {"tiles (PPT entangled)": tiles_state(), "isotropic p=0.2 (sep)": isotropic(0.2, 3),
              "isotropic p=0.3 (ent)": isotropic(0.3, 3)}
    print("DPS with PPT on 3x3: sdpthermo (Sym^k subspace, real) vs toqito.has_symmetric_extension(ppt=True)")
    w = (26, 4, 10, 10, 12, 12, 10)
    print(row("state", "k", "ours", "toqito", "ours [s]", "toqito [s]", "ratio", widths=w))
    for name, rho in states.items():
        for k in (2, 3):
            t_ours = median_time(lambda: solve_dps(rho, [3, 3], k), repeat=3, min_time=0.0)
            ours = solve_dps(rho, [3, 3], k).data["has_extension"]
            t_tq, tq = _once(lambda: has_symmetric_extension(rho, level=k, dim=[3, 3], ppt=True))
            print(row(name, k, "ext" if ours else "no ext", "ext" if tq else "no ext", t_ours, t_tq, t_tq / t_ours,
                      widths=w))
    print()
    print("PPT-mixture GME SDP on noisy GHZ (x = 0.6), all 2^{N-1}-1 bipartitions")
    print(row("N", "solver", "seconds", "value", widths=(6, 10, 12, 12)))
    for n in (3, 4, 5):
        t, out = _once(lambda: solve_gme(noisy_ghz(0.6, n), [2] * n))
        print(row(n, out.solver.name, t, out.value, widths=(6, 10, 12, 12)))
    print()
    print("FEF interval of E^{eps*}(Psi+) (see-saw + dual SDP with PPT, Clarabel, real)")
    print(row("d", "seconds", "gap", widths=(6, 12, 12)))
    for d in (2, 3, 4, 5):
        g = gibbs_state(np.arange(d, dtype=float), 1.0)
        rho = eplt_map(max_entangled(d), g, g, eps_star(g, g))
        t = median_time(lambda: solve_fef(rho, [d, d], starts=8), repeat=3, min_time=0.0)
        print(row(d, t, solve_fef(rho, [d, d], starts=8).data["gap"], widths=(6, 12, 12)))


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
