"""LOSR see-saw (channel marginal problem, issue 20): one step compiled once (direct Clarabel form) vs one
step modelled afresh in cvxpy, measured in one run on the same start (split paper ensemble, T = 1, E_n = n).

Run: ``python benchmarks/run.py bench_losr_seesaw`` (``--full`` adds d = 4, whose rebuilt steps take minutes).

Measurement behind :func:`sdpthermo.sdp.direct.solve_conic`'s settings (2-core reference machine): Clarabel's
``faer`` direct solver ran the see-saw steps 1.3-2x faster than ``qdldl``.
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.common import Record, row
from sdpthermo.formulations.channel_marginal.losr import best_paper_ensemble, rebuilt_step, split_start
from sdpthermo.formulations.channel_marginal.seesaw import SeesawProgram
from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator, repair_ensemble
from sdpthermo.models.states import gibbs_state
from sdpthermo.sdp.options import SolveOptions


def _per_step(step, start, ga, gb, steps: int) -> tuple[float, float]:
    """Median seconds per step over ``steps`` alternating steps, and the value reached."""
    cur, times = start, []
    for it in range(steps):
        t0 = time.perf_counter()
        nxt = step(cur, "A" if it % 2 == 0 else "B")
        times.append(time.perf_counter() - t0)
        cur = repair_ensemble(nxt, ga, gb)
    return float(np.median(times)), cur


def main(full: bool = False, steps: int = 4) -> list[Record]:
    dims = (3, 4) if full else (3,)
    print("see-saw step: rebuilt cvxpy model per step vs SeesawProgram (built once), median of alternating steps")
    print(row("d / terms", "rebuilt [s]", "compiled [s]", "ratio", "build [s]", widths=(12, 13, 14, 9, 11)))
    opts = SolveOptions()
    out = []
    with threadpool_limits(1):
        for d in dims:
            g = gibbs_state(np.arange(d, dtype=float), 1.0)
            c = fidelity_operator(d)
            _, ens, _ = best_paper_ensemble(g, g, c)
            start = split_start(ens, g, g, np.random.default_rng([0, 1]))
            t0 = time.perf_counter()
            prog = SeesawProgram(g, g, c, len(start.probs))
            t_build = time.perf_counter() - t0
            t_new, _ = _per_step(lambda e, s: prog.step(e, s, opts), start, g, g, steps)
            t_old, _ = _per_step(lambda e, s: rebuilt_step(e, g, g, c, s, opts), start, g, g, steps)
            print(row(f"{d} / {len(start.probs)}", t_old, t_new, t_old / t_new, t_build, widths=(12, 13, 14, 9, 11)))
            out.append(Record("losr seesaw", f"LOSR see-saw step, d={d}, {len(start.probs)} terms", t_new,
                              "the step modelled afresh in cvxpy", t_old,
                              note=f"median of {steps} alternating steps; program built once in {t_build:.3g} s"))
    return out


if __name__ == "__main__":
    main()
