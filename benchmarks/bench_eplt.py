"""EPLT benchmarks (issue 6): DPS levels 2 and 3 on 3x3 states vs toqito's ``has_symmetric_extension`` (same
answer, time ratio); PPT-mixture GME SDP time for N = 3, 4, 5; FEF interval time for d = 2..5.

Run: ``python benchmarks/run.py eplt`` (``--full``: toqito at level 3 too, ~200 s per call).  Ratios are measured in
one run.

Measurements behind the library's solver defaults (2-core reference machine):

* ``sdpthermo.formulations.dps.SCS_ABOVE``: the DPS SDP of a 3x3 state at k = 3 (real PSD blocks of 54) took
  16 s with Clarabel and 0.4 s with SCS.
* ``sdpthermo.formulations.fef.COMPLEX_SCS_ABOVE``: the FEF dual with PPT constraints at d = 5 took Clarabel
  26 s on complex data (the doubled Hermitian cone) and 1 s on real data.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import Record, median_time, once, row
from sdpthermo.formulations.dps import solve_dps, tiles_state
from sdpthermo.formulations.fef import solve_fef
from sdpthermo.formulations.gme import solve_gme
from sdpthermo.models.eplt.channels import eplt_map, eps_star
from sdpthermo.models.eplt.multipartite import noisy_ghz
from sdpthermo.models.states import gibbs_state, isotropic, max_entangled


def main(full: bool = False) -> list[Record]:
    from toqito.state_props import has_symmetric_extension

    states = {"tiles (PPT entangled)": tiles_state(), "isotropic p=0.2 (sep)": isotropic(0.2, 3),
              "isotropic p=0.3 (ent)": isotropic(0.3, 3)}
    print("DPS with PPT on 3x3: sdpthermo (Sym^k subspace, real) vs toqito.has_symmetric_extension(ppt=True)")
    w = (26, 4, 10, 10, 12, 12, 10)
    print(row("state", "k", "ours", "toqito", "ours [s]", "toqito [s]", "ratio", widths=w))
    out: list[Record] = []
    for name, rho in states.items():
        for k in (2, 3):
            if k == 3 and not full:
                t_ours = median_time(lambda: solve_dps(rho, [3, 3], k), repeat=3, min_time=0.0)
                out.append(Record("eplt", f"DPS+PPT level {k}, 3x3 {name}", t_ours,
                                  note="toqito level 3 (~200 s per call) with --full"))
                continue
            t_ours = median_time(lambda: solve_dps(rho, [3, 3], k), repeat=3, min_time=0.0)
            ours = solve_dps(rho, [3, 3], k).data["has_extension"]
            t_tq, tq = once(lambda: has_symmetric_extension(rho, level=k, dim=[3, 3], ppt=True))
            print(row(name, k, "ext" if ours else "no ext", "ext" if tq else "no ext", t_ours, t_tq, t_tq / t_ours,
                      widths=w))
            out.append(Record("eplt", f"DPS+PPT level {k}, 3x3 {name}", t_ours, "toqito has_symmetric_extension",
                              t_tq, agreement="same verdict" if bool(ours) == bool(tq) else "VERDICTS DIFFER",
                              note="toqito 1 call"))
    print()
    print("PPT-mixture GME SDP on noisy GHZ (x = 0.6), all 2^{N-1}-1 bipartitions")
    print(row("N", "solver", "seconds", "value", widths=(6, 10, 12, 12)))
    for n in (3, 4, 5):
        t, res = once(lambda: solve_gme(noisy_ghz(0.6, n), [2] * n))
        print(row(n, res.solver.name, t, res.value, widths=(6, 10, 12, 12)))
        out.append(Record("eplt", f"PPT-mixture GME SDP, noisy GHZ N={n}", t, agreement=f"value {res.value:.6f}",
                          note="1 call"))
    print()
    print("FEF interval of E^{eps*}(Psi+) (see-saw + dual SDP with PPT, Clarabel, real)")
    print(row("d", "seconds", "gap", widths=(6, 12, 12)))
    for d in (2, 3, 4, 5):
        g = gibbs_state(np.arange(d, dtype=float), 1.0)
        rho = eplt_map(max_entangled(d), g, g, eps_star(g, g))
        t, res = once(lambda: solve_fef(rho, [d, d], starts=8))
        gap = res.data["gap"]
        print(row(d, t, gap, widths=(6, 12, 12)))
        out.append(Record("eplt", f"FEF interval of E^eps*(Psi+), d={d}", t, agreement=f"gap {gap:.1e}", note="1 call"))
    return out


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
