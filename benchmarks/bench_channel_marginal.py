"""Channel marginal problem (issue 8): covariant (phase-reduced) PPT relaxation vs the full Choi SDP.

Ratios measured in one run; the full SDP is run where it finishes in minutes (d = 2, 3, 4), the reduced
one up to d = 6.  Run: ``python benchmarks/run.py bench_channel_marginal``.
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import row
from sdpthermo.formulations.local_thermalization_bound import solve_relaxation
from sdpthermo.formulations.local_thermalization_reduced import solve_relaxation_covariant
from sdpthermo.models.local_thermalization import fidelity_operator
from sdpthermo.models.states import gibbs_state
from sdpthermo.sdp.options import SolveOptions


def _time(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(max_full: int = 4, max_reduced: int = 6) -> None:
    print("PPT relaxation of <Psi+|Lambda(Psi+)|Psi+> over local thermalizations, T = 1, E_n = n")
    print(row("d / solver", "full [s]", "reduced [s]", "full/reduced", "value", widths=(16, 12, 13, 14, 14)))
    for d in range(2, max_reduced + 1):
        g = gibbs_state(np.arange(d, dtype=float), 1.0)
        t_r, red = _time(lambda: solve_relaxation_covariant(g, g, "ppt"))
        if d <= max_full:
            t_f, full = _time(lambda: solve_relaxation(g, g, fidelity_operator(d), "ppt", SolveOptions(solver="scs")))
            assert abs(full.value - red.value) < 1e-5, (d, full.value, red.value)
            print(row(f"{d} / full=scs", t_f, t_r, t_f / t_r, red.value, widths=(16, 12, 13, 14, 14)))
        else:
            print(row(f"{d} / reduced", "—", t_r, "—", red.value, widths=(16, 12, 13, 14, 14)))


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
