"""PPT benchmarks (issue 2): closed-form negativity vs toqito's ``negativity`` and vs the SDP;
the decomposable-witness SDP vs its closed form, d = 2..6 (EPLT outputs E^{eps*}(Psi+)).

Run: ``python benchmarks/run.py ppt`` (or ``make bench``).  Ratios are measured in one run.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import Record, median_time, row
from sdpthermo.formulations.decomposable_witness import solve_decomposable_witness
from sdpthermo.formulations.negativity import solve_negativity
from sdpthermo.info.negativity import negativity
from sdpthermo.models.eplt.channels import eplt_map, eps_star
from sdpthermo.models.states import gibbs_state, max_entangled
from sdpthermo.sdp.options import SolveOptions


def state(d: int) -> np.ndarray:
    g = gibbs_state(np.arange(d, dtype=float), 1.0)
    return eplt_map(max_entangled(d), g, g, eps_star(g, g))


def _closed_vs_sdp(title: str, task: str, closed: Callable[[np.ndarray, int], object],
                   sdp: Callable[[np.ndarray, int], object]) -> list[Record]:
    """Time the closed form against the SDP on the EPLT outputs, d = 2..6 (one table, one record per d)."""
    print(title)
    print(row("d", "closed [s]", "SDP [s]", "SDP/closed"))
    out = []
    for d in range(2, 7):
        rho = state(d)
        t_c = median_time(lambda: closed(rho, d), repeat=5)
        t_s = median_time(lambda: sdp(rho, d), repeat=3, min_time=0.0)
        print(row(d, t_c, t_s, t_s / t_c))
        out.append(Record("ppt", f"{task}, d={d}x{d}", t_c, "SDP (cvxpy+Clarabel)", t_s, agreement="both verified"))
    return out


def main(full: bool = False) -> list[Record]:
    import qutip
    from toqito.state_props import negativity as tq_negativity

    out: list[Record] = []
    print("negativity: closed form (sdpthermo) vs toqito.state_props.negativity and qutip.negativity")
    print(row("d", "ours [s]", "toqito [s]", "toqito/ours", "qutip [s]", "qutip/ours",
              widths=(6, 12, 12, 13, 12, 12)))
    for d in range(2, 7):
        rho = state(d)
        ours = negativity(rho, [d, d])
        t_ours = median_time(lambda: negativity(rho, [d, d]))
        q = qutip.Qobj(rho, dims=[[d, d], [d, d]])
        assert abs(qutip.negativity(q, 1) - ours) < 1e-10
        t_qt = median_time(lambda: qutip.negativity(q, 1))
        assert abs(tq_negativity(rho, [d, d]) - ours) < 1e-10
        t_tq = median_time(lambda: tq_negativity(rho, [d, d]))
        print(row(d, t_ours, t_tq, t_tq / t_ours, t_qt, t_qt / t_ours, widths=(6, 12, 12, 13, 12, 12)))
        out.append(Record("ppt", f"negativity, d={d}x{d}", t_ours, "toqito negativity", t_tq,
                          agreement="equal to 1e-10 (asserted)"))
        out.append(Record("ppt", f"negativity, d={d}x{d}", t_ours, "qutip negativity", t_qt,
                          agreement="equal to 1e-10 (asserted)"))
    print()
    out += _closed_vs_sdp("certified negativity: closed-form certificate vs SDP (cvxpy+Clarabel), both verified",
                          "certified negativity", lambda rho, d: solve_negativity(rho, [d, d]),
                          lambda rho, d: solve_negativity(rho, [d, d], "sdp", SolveOptions()))
    print()
    out += _closed_vs_sdp("optimal decomposable witness: closed form (min eigenvector) vs SDP (cvxpy+Clarabel)",
                          "optimal decomposable witness",
                          lambda rho, d: solve_decomposable_witness(rho, [d, d], method="closed-form"),
                          lambda rho, d: solve_decomposable_witness(rho, [d, d]))
    return out


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
