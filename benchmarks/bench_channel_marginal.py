"""Channel marginal problem (issue 8): covariant (phase-reduced) PPT relaxation vs the full Choi SDP.

Ratios measured in one run; the full SDP is run at d = 2, 3 (and d = 4 with ``--full``: minutes), the
reduced one up to d = 5 (6 with ``--full``).  Run: ``python benchmarks/run.py channel_marginal``.

Measurement behind the solver default of
:func:`sdpthermo.formulations.channel_marginal.reduced.solve_relaxation_covariant` (2-core reference machine): Clarabel
is the faster solver up to d = 4 (largest block 28), SCS from d = 5 on (12 s with SCS vs 54 s with Clarabel
at d = 5).
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import Record, once, row
from sdpthermo.formulations.channel_marginal.bound import solve_relaxation
from sdpthermo.formulations.channel_marginal.reduced import solve_relaxation_covariant
from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator
from sdpthermo.models.states import gibbs_state
from sdpthermo.sdp.options import SolveOptions


def main(full: bool = False) -> list[Record]:
    max_full, max_reduced = (4, 6) if full else (3, 5)
    out: list[Record] = []
    print("PPT relaxation of <Psi+|Lambda(Psi+)|Psi+> over local thermalizations, T = 1, E_n = n")
    print(row("d / solver", "full [s]", "reduced [s]", "full/reduced", "value", widths=(16, 12, 13, 14, 14)))
    solve_relaxation_covariant(gibbs_state(np.arange(2.0), 1.0), gibbs_state(np.arange(2.0), 1.0), "ppt")  # imports
    for d in range(2, max_reduced + 1):
        g = gibbs_state(np.arange(d, dtype=float), 1.0)
        t_r, red = once(lambda: solve_relaxation_covariant(g, g, "ppt"))
        if d <= max_full:
            t_f, res = once(lambda: solve_relaxation(g, g, fidelity_operator(d), "ppt", SolveOptions(solver="scs")))
            assert abs(res.value - red.value) < 1e-5, (d, res.value, red.value)
            print(row(f"{d} / full=scs", t_f, t_r, t_f / t_r, red.value, widths=(16, 12, 13, 14, 14)))
            out.append(Record("channel marginal", f"PPT relaxation, local thermalization, d={d}", t_r,
                              "full Choi SDP (SCS)", t_f, agreement=f"values equal to 1e-5 (asserted): {red.value:.6f}",
                              note="1 call each"))
        else:
            print(row(f"{d} / reduced", "—", t_r, "—", red.value, widths=(16, 12, 13, 14, 14)))
            out.append(Record("channel marginal", f"PPT relaxation, local thermalization, d={d}", t_r,
                              note="1 call; full SDP not run" + ("" if full or d > 4 else " (--full runs d = 4)")))
    return out


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
