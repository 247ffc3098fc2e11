r"""The energy subspace condition (seed 002 Definition 2, Eq. (16); Definition 16) up to ``n_max`` copies.

The ESC holds at ``n`` when every energy of ``H^{⊗n}`` belongs to one occupation type only.  The ``bath-esc``
certificate stores the energies and ``n_max``; its verifier repeats the type enumeration
(:func:`~sdpthermo.models.bath.esc.check_esc`, exact rational arithmetic where the energies allow) and
returns the first violating ``n`` (``inf`` when the ESC holds up to ``n_max``) as both bounds.

Examples
--------
>>> out = solve_esc([0.0, 1.0, 2.0], 3)
>>> out.value, out.data["violation"]
(2.0, {'n': 2, 'm': [1, 0, 1], 'm_prime': [0, 2, 0]})
"""

from __future__ import annotations

from typing import Any

from sdpthermo.certify import kinds, verify
from sdpthermo.models.bath.esc import check_esc
from sdpthermo.models.states import check_energies
from sdpthermo.results import Certificate, Outcome, SolverInfo, Status
from sdpthermo.sdp.options import SolveOptions


def solve_esc(energies: Any, n_max: int, opts: SolveOptions | None = None) -> Outcome:
    """value = the first ``n <= n_max`` violating the ESC (``inf`` if none); ``data.violation`` = ``(n, m, m')``."""
    opts = opts or SolveOptions()
    e = check_energies(energies)
    cert = Certificate(kind=kinds.BATH_ESC, sense="min", primal={}, dual={}, problem={"energies": e},
                       convention="Definition 2 / 16", meta={"n_max": n_max})
    ver = verify(cert, opts.tol)
    r = check_esc(e, n_max)
    viol = {"n": r.violation[0], "m": r.violation[1], "m_prime": r.violation[2]} if r.violation else None
    return Outcome(status=Status.CLOSED_FORM, value=ver.lower, certificate=cert, verification=ver,
                   data={"holds": r.holds, "violation": viol, "exact": r.exact, "tol": r.tol,
                         "esc_checked_up_to": n_max},
                   solver=SolverInfo(name="type enumeration", backend="none"))
