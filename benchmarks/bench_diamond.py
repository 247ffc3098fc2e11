"""Diamond distance of two random channels (issue 19): certified ``solve_diamond`` vs toqito's ``diamond_distance``.

For ``d_in = d_out = 2, 3, 4`` two channels with two Kraus operators each (columns of a seeded Haar-like
isometry) are compared: ours is ``solve_diamond(J_a - J_b, d, d)`` (method ``"auto"``: the L-BFGS ascent
with its complementary-slackness dual, verified by :func:`sdpthermo.certify.diamond.verify_diamond`),
the peer is ``toqito.channel_metrics.diamond_distance`` (Watrous' SDP through picos/cvxopt).  Both return
``||Phi_a - Phi_b||_diamond`` without 1/2.  Agreement: toqito's value against our certified interval.

Run: ``python benchmarks/run.py diamond``.  Ratios are measured in one run.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Record, median_time, row
from sdpthermo.formulations.diamond import solve_diamond


def random_channel_choi(d: int, kraus: int, rng: np.random.Generator) -> np.ndarray:
    """Choi matrix (input ⊗ output) of ``X -> sum_k K_k X K_k^dag`` with ``[K_1; ...; K_r]`` a random isometry."""
    g = rng.standard_normal((kraus * d, d)) + 1j * rng.standard_normal((kraus * d, d))
    q = np.linalg.qr(g)[0].reshape(kraus, d, d)
    v = np.einsum("kai->ika", q).reshape(d * d, kraus)        # |i> ⊗ K_k|i>, stacked over i
    return v @ v.conj().T


def main(full: bool = False) -> list[Record]:
    from toqito.channel_metrics import diamond_distance

    rng = np.random.default_rng(19)
    out: list[Record] = []
    print("diamond distance of two random channels (2 Kraus operators each): sdpthermo (certified) vs toqito")
    w = (6, 14, 12, 12, 12, 10)
    print(row("d", "ours", "width", "ours [s]", "toqito [s]", "ratio", widths=w))
    for d in (2, 3, 4):
        ja, jb = random_channel_choi(d, 2, rng), random_channel_choi(d, 2, rng)
        res = solve_diamond(ja - jb, d, d)
        assert res.verified, res.verification
        lo, hi = res.verification.lower, res.verification.upper
        tq = float(diamond_distance(ja, jb))
        t_ours = median_time(lambda: solve_diamond(ja - jb, d, d), repeat=5, min_time=0.0)
        t_tq = median_time(lambda: diamond_distance(ja, jb), repeat=3 if d < 4 else 1, min_time=0.0)
        print(row(d, res.value, hi - lo, t_ours, t_tq, t_tq / t_ours, widths=w))
        inside = lo - 1e-6 <= tq <= hi + 1e-6
        out.append(Record("diamond", f"diamond distance, random channels, d_in=d_out={d}", t_ours,
                          "toqito diamond_distance", t_tq,
                          agreement=f"toqito {tq:.8f} {'in' if inside else 'OUTSIDE'} certified "
                                    f"[{lo:.8f}, {hi:.8f}] (+-1e-6)",
                          note="ours certified and verified" + ("" if d < 4 else "; toqito median of 1")))
    return out


if __name__ == "__main__":
    main()
