"""``solve_sdp`` brackets known optima (issue 16 item 5); infeasible, unbounded and bound-less instances."""

from __future__ import annotations

import math

import cvxpy as cp
import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify import verify
from sdpthermo.conic import solve_sdp
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.tensor import partial_transpose
from sdpthermo.results import Status
from sdpthermo.sdp.options import SolveOptions
from tests.conic.families import FAMILIES, witness_problem, witness_state

WIDTHS: dict[str, float] = {}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_brackets_the_known_optimum(name: str) -> None:
    problem, known, kw = FAMILIES[name]()
    r = solve_sdp(problem, store=None, **kw)
    assert r.verified, (r.message, r.verification.residuals)
    assert r.lower <= known + 1e-12 * max(1.0, abs(known)) and known <= r.upper + 1e-12 * max(1.0, abs(known)), \
        (r.lower, known, r.upper)
    width = r.upper - r.lower
    WIDTHS[name] = width
    assert width <= 1e-6 * max(1.0, abs(known)), width
    # the solver's claim and the cvxpy problem agree with the bracket
    assert r.lower - 1e-6 <= r.value <= r.upper + 1e-6


def test_witness_matches_the_registered_question() -> None:
    rho = witness_state()
    r = solve_sdp(witness_problem(rho, [3, 3]), store=None)
    q = sdpthermo.solve("ppt.witness", state=rho, dims=[3, 3], method="sdp", store=None)
    assert q.verified and r.verified
    assert max(r.lower, q.lower) <= min(r.upper, q.upper) + 1e-9, (r.lower, r.upper, q.lower, q.upper)


def test_scs_and_clarabel_bracket_the_same_value() -> None:
    problem, known, _ = FAMILIES["lovasz_c5"]()
    r = solve_sdp(problem, store=None, options=SolveOptions(solver="scs", eps=1e-8))
    assert r.certificate.meta["cones"]["triangle"] == "lower"
    assert r.lower <= known <= r.upper and r.upper - r.lower < 1e-4


def test_certificate_round_trips_through_the_store(tmp_path) -> None:
    problem, known, _ = FAMILIES["lambda_max"]()
    r1 = solve_sdp(problem, store=tmp_path)
    again, _, _ = FAMILIES["lambda_max"]()
    r2 = solve_sdp(again, store=tmp_path)
    assert r2.provenance.get("cached") and r2.instance_id == r1.instance_id
    assert (r2.lower, r2.upper) == (r1.lower, r1.upper)
    other, _, _ = FAMILIES["lovasz_c5"]()
    assert solve_sdp(other, store=None).instance_id != r1.instance_id


def test_infeasible_problem_returns_a_verified_farkas_radius() -> None:
    x = cp.Variable(2)
    r = solve_sdp(cp.Problem(cp.Minimize(cp.sum(x)), [x >= 1, cp.sum(x) <= 1]), store=None)
    assert r.status == Status.INFEASIBLE and not r.verified
    assert r.verification.passed
    assert float(r.verification.conclusions["infeasible_within_radius"]) > 1e6


def test_infeasible_sdp_is_reported() -> None:
    x = cp.Variable((2, 2), symmetric=True)
    r = solve_sdp(cp.Problem(cp.Minimize(cp.trace(x)), [x >> 0, cp.trace(x) == -1]), store=None)
    assert r.status == Status.INFEASIBLE and r.verification.passed
    assert math.isinf(r.lower) and math.isinf(r.upper)


def test_unbounded_problem_returns_a_verified_ray() -> None:
    x = cp.Variable(2)
    r = solve_sdp(cp.Problem(cp.Minimize(x[0] - x[1]), [x[0] >= 0, x[1] >= x[0]]), store=None)
    assert r.status == Status.UNBOUNDED and not r.verified
    assert r.verification.passed
    assert float(r.verification.conclusions["dual_infeasible_within_radius"]) > 1e6


def test_a_problem_without_a_derivable_bound_reports_an_infinite_side_and_why() -> None:
    """``min x_0 s.t. x >= 0``: x_1 is free to grow, so no dual point is strictly feasible and no primal
    bound exists; the lower side is infinite until the user bounds the primal."""
    x = cp.Variable(2)
    r = solve_sdp(cp.Problem(cp.Minimize(x[0]), [x >= 0]), store=None)
    assert r.lower == -math.inf
    assert "lower bound infinite" in r.verification.notes and "primal_bound" in r.verification.notes
    x = cp.Variable(2)
    r2 = solve_sdp(cp.Problem(cp.Minimize(x[0]), [x >= 0]), primal_bound=10.0, store=None)
    assert math.isfinite(r2.lower) and r2.lower <= 0.0 <= r2.upper and r2.upper - r2.lower < 1e-6


def test_a_false_user_bound_is_the_users_claim_but_a_tight_one_is_sound() -> None:
    problem, known, _ = FAMILIES["lambda_max"]()
    r = solve_sdp(problem, store=None, primal_bound=1.0, dual_bound=100.0)
    assert r.lower <= known <= r.upper and r.verification.conclusions["primal_trace_bound"] == 1.0


def test_bad_input_names_the_parameter() -> None:
    with pytest.raises(ValidationError, match="problem"):
        solve_sdp("not a problem", store=None)
    x = cp.Variable()
    with pytest.raises(ValidationError, match="primal_bound"):
        solve_sdp(cp.Problem(cp.Minimize(x), [x >= 0]), primal_bound=-1.0, store=None)
    with pytest.raises(ValidationError, match="problem"):
        solve_sdp(cp.Problem(cp.Minimize(cp.exp(x)), [x >= 0]), store=None)
    with pytest.raises(ValidationError, match="problem"):
        solve_sdp(cp.Problem(cp.Minimize(cp.Variable(integer=True)), []), store=None)
    with pytest.raises(ValidationError, match="backend"):
        solve_sdp(cp.Problem(cp.Minimize(x), [x >= 0]), options=SolveOptions(backend="picos"), store=None)
    with pytest.raises(ValidationError, match="transform"):
        solve_sdp(cp.Problem(cp.Minimize(x), [x >= 0]), transform="log10", store=None)


def test_non_hermitian_data_is_reported_as_inconsistent() -> None:
    rho = np.array([[0.5, 0.1 + 1e-3j], [0.1 - 1e-3j, 0.5]])
    rho[0, 0] += 1e-18j  # not exactly Hermitian: Im z_00 = 1e-18 cannot hold
    z = cp.Variable((2, 2), hermitian=True)
    r = solve_sdp(cp.Problem(cp.Maximize(cp.real(cp.trace(z))), [z == rho, z >> 0]), store=None)
    assert r.lower == -math.inf and "inconsistent" in r.verification.notes
    assert r.upper >= 1.0 - 1e-9  # the upper side stays a valid bound (the true value is -inf: infeasible)


def test_verification_needs_no_solver_and_rejects_tampered_data() -> None:
    problem, known, _ = FAMILIES["lp"]()
    r = solve_sdp(problem, store=None)
    cert = r.certificate
    ver = verify(cert, 1e-6)
    assert ver.lower <= known <= ver.upper
    tampered = cert.problem | {"b": cert.problem["b"] * 2}
    from dataclasses import replace

    v2 = verify(replace(cert, problem=tampered), 1e-6)
    assert not v2.passed or not (v2.lower <= known <= v2.upper) or v2.upper - v2.lower > 1.0


def test_partial_transpose_helper_is_an_involution() -> None:
    rho = witness_state()
    assert np.allclose(partial_transpose(partial_transpose(rho, None, [3, 3]), None, [3, 3]), rho)


def test_a_cached_entry_is_served_only_for_its_own_standard_form(tmp_path):
    """Issue 14 item 1 for `conic`: the id binds to the params, the digest to the certificate's own arrays."""
    from dataclasses import replace

    import cvxpy as cp

    from sdpthermo.conic import standard_form_digest
    from sdpthermo.store import Store

    st = Store(tmp_path / "s")
    X = cp.Variable((2, 2), symmetric=True)
    prob = cp.Problem(cp.Maximize(cp.trace(np.diag([1.0, 2.0]) @ X)), [cp.trace(X) == 1, X >> 0])
    first = sdpthermo.solve_sdp(prob, store=st)
    again = sdpthermo.solve_sdp(prob, store=st)
    assert again.provenance.get("cached") and again.instance_id == first.instance_id
    cert = first.certificate
    forged = replace(cert, problem={**cert.problem, "c": 2 * np.asarray(cert.problem["c"])})
    assert standard_form_digest(forged) != standard_form_digest(cert)
