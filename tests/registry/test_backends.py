"""Declared backends (issue 15): every question says which modelling backend each method runs; another request
is refused before anything runs (API: a ValidationError naming ``backend``; CLI: one line, exit 2), and the
declaration is honest (a picos path reports picos, a solver-free path runs no modelling backend)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sdpthermo
from sdpthermo.cli import main
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dmax.smooth import solve_dmax_smooth
from sdpthermo.models.eplt.multipartite import noisy_ghz
from sdpthermo.registry.backends import as_backends
from sdpthermo.registry.core import get_question, list_questions, solve
from sdpthermo.registry.problems import load_problems
from sdpthermo.sdp.options import SolveOptions

BELL = (np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2).tolist()
IDENTITY_CHOI = np.eye(4).reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4).tolist()
QUBITS = {"energies": [0.0, 1.0], "T": 1.0}
SECTORS = {"energies": [0.0, 0.1, 0.2, 1.0], "sectors": [[0, 2], [1, 3]]}
CHAIN = {"L": 6, "regions": [1, 2]}

PARAMS: dict[str, dict] = {
    "ppt": {"state": BELL, "dims": [2, 2]},
    "ppt.witness": {"state": BELL, "dims": [2, 2]},
    "fef": {"state": BELL, "dims": [2, 2]},
    "separability.dps": {"state": BELL, "dims": [2, 2]},
    "gme.ppt_mixture": {"state": noisy_ghz(0.6, 3).tolist(), "n": 3},
    "dmax": {"rho": [[0.5, 0], [0, 0.5]], "sigma": [[0.75, 0], [0, 0.25]]},
    "dmax.smooth": {"rho": [[0.5, 0], [0, 0.5]], "sigma": [[0.75, 0], [0, 0.25]], "eps": 0.1},
    "bath.bounds": {"eps": 0.1, "energies": [0.0, 1.0], "T": 1.0, "p": [0.9, 0.1]},
    "bath.esc": {"energies": [0.0, 1.0, 2.0], "n_max": 3},
    "bath.optimal_channel": {"energies": [0.0, 1.0], "T": 1.0, "p": [1.0, 0.0], "n": 2},
    "bath.convex_split": {"n": 2},
    "channel_marginal.compatible": {"dims_in": [2, 2], "marginals": [{"parties": [0], "choi": IDENTITY_CHOI},
                                                                      {"parties": [1], "choi": IDENTITY_CHOI}]},
    "collision.steady_state": {"N": 1},
    "collision.evolution": {"N": 1, "t": 1.0},
    "collision.map_distance": {"N": 1},
    "eplt.ppt": QUBITS, "eplt.fef": QUBITS, "eplt.separability": QUBITS, "eplt.bath": QUBITS,
    "eplt.channel_marginal": QUBITS,
    "eplt.gme": {"n": 3, "T": 1.0},
    "eplt.protocol": {"protocol": "clifford", "energies": [0.0, 1.0]},
    "eplt.speedup": {},
    "eplt.zero_temperature": {"energies": [0.0, 0.0, 1.0]},
    "mbl.dmax_realization": {**CHAIN, "disorder": 4.0},
    "mbl.dmax_profile": {**CHAIN, "disorder": 4.0, "realizations": 2},
    "mbl.transition": {**CHAIN, "disorders": [1.0, 2.0, 3.0], "realizations": 2, "bootstrap": 4},
    "sthermal.state": {**SECTORS, "T0": 0.05, "T": 0.4},
    "sthermal.gp_max_energy": {**SECTORS, "T0": 0.05, "T": 0.4},
    "sthermal.state_grid": {**SECTORS, "T0s": [0.05], "Ts": [0.4]},
}


"""Small instances of the questions here; any other built-in question is checked on the first point of its
problem file (``problems/``), which the recipe for a new question asks for."""


def _base(name: str) -> dict:
    if name in PARAMS:
        return PARAMS[name]
    prob = next(p for p in load_problems() if p.question == name)
    return {**prob.points()[0], **prob.extra.get("contract_overrides", {})}


def _builtin() -> list[str]:
    return [q.name for q in list_questions() if q.solve_fn.__module__.startswith("sdpthermo.registry.")
            and q.solve_fn.__module__ != "sdpthermo.registry.core"]  # core: its docstring example registers one


def _cases() -> list[tuple[str, str | None]]:
    """``(question, method)`` of every built-in question (``None``: the question has no ``method``)."""
    out, builtin = [], _builtin()
    for q in list_questions():
        if q.name not in builtin:
            continue
        methods = q.param("method").choices if any(p.name == "method" for p in q.params) else (None,)
        out += [(q.name, m) for m in methods]
    return out


CASES = _cases()


def _params(name: str, method: str | None) -> dict:
    return {**_base(name), **({} if method is None else {"method": method})}


def test_every_question_has_test_parameters():
    problems = {p.question for p in load_problems()}
    assert [n for n in _builtin() if n not in PARAMS and n not in problems] == []


@pytest.mark.parametrize(("name", "method"), CASES)
def test_declared_backends_are_accepted_and_others_refused(name, method):
    q = get_question(name)
    clean = q.validate(_params(name, method))
    for backend in ("cvxpy", "picos"):
        opts = SolveOptions(backend=backend)
        if q.backends.accepts(method, backend):
            q.check_backend(clean, opts)
            continue
        with pytest.raises(ValidationError) as err:
            solve(name, store=None, options=opts, **_params(name, method))
        assert err.value.param == "backend" and q.backends.describe() in str(err.value)


def test_picos_is_refused_by_the_questions_that_ignored_it():
    """Issue 15: dmax.smooth, the diamond distance, eplt.channel_marginal, the compatibility SDP ran cvxpy on a
    picos request; the static bound and the LOSR search inside eplt.channel_marginal too."""
    for name in ("dmax.smooth", "collision.map_distance", "eplt.channel_marginal", "channel_marginal.compatible"):
        with pytest.raises(ValidationError, match="backend"):
            solve(name, store=None, options=SolveOptions(backend="picos"), **PARAMS[name])


NO_PICOS = [c for c in CASES if not get_question(c[0]).backends.accepts(c[1], "picos")]


@pytest.mark.parametrize(("name", "method"), NO_PICOS)
def test_cli_exits_2_with_one_line_for_an_unsupported_backend(name, method, tmp_path, capsys):
    sets = [x for k, v in _params(name, method).items() for x in ("--set", f"{k}={json.dumps(v)}")]
    rc = main(["--store", str(tmp_path), "solve", name, *sets, "--backend", "picos", "--no-cache"])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and len(err.splitlines()) == 1 and "'backend'" in err and "picos" in err


@pytest.mark.parametrize(("name", "method"), [("ppt", "sdp"), ("ppt.witness", "sdp"), ("eplt.ppt", "sdp")])
def test_picos_paths_run_picos(name, method):
    r = solve(name, store=None, options=SolveOptions(backend="picos"), **_params(name, method))
    assert r.verified and r.solver.backend == "picos"


SOLVER_FREE = [c for c in CASES if get_question(c[0]).backends.of(c[1]) == ("none",) and c[0] in PARAMS]


@pytest.mark.parametrize(("name", "method"), SOLVER_FREE)
def test_solver_free_paths_run_no_modelling_backend(name, method):
    r = solve(name, store=None, **_params(name, method))
    assert r.verified and r.solver.backend not in ("cvxpy", "picos"), r.solver


def test_a_cvxpy_formulation_refuses_picos_below_the_registry():
    rho, sigma = np.diag([0.5, 0.5]), np.diag([0.75, 0.25])
    with pytest.raises(ValidationError, match="backend"):
        solve_dmax_smooth(rho, sigma, 0.1, "trace-norm", "sdp", SolveOptions(backend="picos"))


def test_declarations_are_checked():
    with pytest.raises(ValidationError, match="backends"):
        as_backends(("cvxpy", "mosek"), None)
    with pytest.raises(ValidationError, match="backends"):
        as_backends({"sdp": ("cvxpy",)}, ("sdp", "closed-form"))
    with pytest.raises(ValidationError, match="backends"):
        as_backends({"sdp": ("cvxpy",)}, None)


def test_backends_are_shown_by_list_describe_and_json(tmp_path, capsys):
    assert main(["list", "-v"]) == 0
    out = capsys.readouterr().out
    assert out.count("backends: ") == len(list_questions())
    assert "backends: closed-form: none; sdp: cvxpy, picos" in str(sdpthermo.describe("ppt"))
    assert main(["--store", str(tmp_path), "solve", "dmax", "--set", "rho=[[0.5,0],[0,0.5]]",
                 "--set", "sigma=[[0.75,0],[0,0.25]]", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["backends"] == {"*": ["none"]}
