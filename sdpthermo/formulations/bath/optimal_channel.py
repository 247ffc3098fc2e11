r"""Optimal energy-preserving random-unitary thermalization on ``n`` copies (seed 002, Eq. (17); App. C).

.. math::

    \epsilon^*_n = \min_{\mathcal E \in \mathfrak R_n}
    \|\mathcal E(\rho \otimes \tau^{\otimes n-1}) - \tau^{\otimes n}\|_1
    = \sum_E \big|\mathrm{tr}\,\Pi_E(\rho\otimes\tau^{\otimes n-1} - \tau^{\otimes n})\big|

for ``rho = diag(p)`` (populations in the energy eigenbasis).  Primal (upper): the energy-block twirl,
an explicit member of ``R_n`` whose output is uniform on each energy subspace (Lemma 15).  Dual
(lower): the witness ``W = sum_E sign(dW_E) Pi_E``, ``||W||_op <= 1``, invariant under every channel of
``R_n`` (Lemma 14), so ``||E(in) - tau^n||_1 >= tr W(in - tau^n)`` (the SDP dual
``max tr W(in - tau^n) s.t. -I <= W <= I, E^†(W) = W`` restricted to the commutant, here closed form).
Everything is computed over occupation types (Eq. (C5)): the cost grows with their number
``binom(n + d - 1, d - 1)``, not with ``d^n``.

``data``: ``swap_value`` (the channel of Eq. (15)), ``swap_optimal`` (``swap_value <= optimum + tol``),
``esc`` (Definition 2 at this ``n``), ``c12``/``c13`` (App. C.1 conditions for ``n = 2`` when
``E_2 - E_1 = E_4 - E_3`` on four levels).  Theorem 3: ``esc`` implies ``swap_optimal``.

Examples
--------
>>> import numpy as np
>>> out = solve_optimal_channel([0.0, 1.0, 2.5, 3.5], np.array([1.0, 0, 0, 0]), 2, beta=1 / 3)
>>> out.verified, out.data["esc"], out.data["swap_optimal"], out.data["c12"]    # App. C.1, T = 3
(True, False, False, True)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sdpthermo.certify import kinds, verify
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.validate import check_probability_vector
from sdpthermo.models.bath.copies import optimal_value, swap_value
from sdpthermo.models.bath.esc import check_esc, esc_holds_at
from sdpthermo.models.states import check_energies, gibbs_populations
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions

#: relative tolerance for recognizing the App. C.1 degeneracy E2 - E1 = E4 - E3.
GAP_RTOL = 1e-12

CONVENTION = "min over R_n of ||E(rho x tau^{n-1}) - tau^n||_1 (seed 002 Eq. (17)); W = sum_E S_E Pi_E (Lemma 14)"


def app_c1_conditions(p: np.ndarray, q: np.ndarray) -> tuple[bool, bool]:
    """(C12), (C13) for input populations ``p`` (the seed's ``q_i``) and Gibbs ``q`` (the seed's ``p_i``)."""
    a = (p[0] * q[3] + p[3] * q[0]) / 2
    b = (p[1] * q[2] + p[2] * q[1]) / 2
    mid = q[0] * q[3]
    return bool(a > mid > b), bool(a < mid < b)


def solve_optimal_channel(energies: Any, p: Any, n: int, beta: float,
                          opts: SolveOptions | None = None) -> Outcome:
    """Certified Eq. (17) optimum and the swap channel's value (module docstring)."""
    opts = opts or SolveOptions()
    e = check_energies(energies)
    pv = check_probability_vector(p, "p", length=e.size)
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValidationError("n", f"must be an integer >= 1, got {n!r}", "n counts the region plus n - 1 bath copies")
    n = int(n)
    q = gibbs_populations(e, beta)
    value, signs = optimal_value(pv, q, e, n)
    cert = Certificate(kind=kinds.BATH_OPTIMAL_CHANNEL, sense="min", primal={}, dual={"S": signs},
                       problem={"p": pv, "q": q, "energies": e}, convention=CONVENTION, meta={"n": n})
    ver = verify(cert, opts.tol)
    sv = swap_value(pv, q, n)
    holds = esc_holds_at(e, n)
    violation = None if holds else check_esc(e, n).violation
    data: dict[str, Any] = {"swap_value": sv, "optimal_value": value, "swap_excess": sv - value,
                            "swap_optimal": bool(sv <= ver.upper + opts.tol), "esc": holds,
                            "esc_violation": list(violation) if violation else None}
    if e.size == 4 and n == 2 and math.isclose(e[1] - e[0], e[3] - e[2], rel_tol=GAP_RTOL, abs_tol=GAP_RTOL):
        data["c12"], data["c13"] = app_c1_conditions(pv, q)
    return Outcome(status=Status.CLOSED_FORM, value=value, certificate=cert, verification=ver, data=data,
                   solver=SolverInfo(name="type enumeration", backend="none"))
