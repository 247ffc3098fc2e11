"""Issue-6 questions end to end: problem files (contract), cvxpy-free re-verification, EPLT bad inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dps import tiles_state
from sdpthermo.models.eplt.multipartite import noisy_ghz
from sdpthermo.registry.problems import load_problem
from sdpthermo.store import Store

ROOT = Path(__file__).resolve().parents[2] / "problems" / "eplt"
MINE = sorted(p for p in ROOT.glob("*.toml") if p.name not in ("qubit-ppt.toml", "qudit-ppt.toml"))
POINTS = 2  # per problem here (tests/registry/test_problems_contract.py solves up to MAX_POINTS = 6)


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_problem_files(path: Path, tmp_path):
    prob = load_problem(path)
    q = sdpthermo.registry.get_question(prob.question)
    pts = prob.points()
    for pt in pts:
        q.validate(pt)
    st = Store(tmp_path / "store")
    picks = [pts[0], pts[-1]][:POINTS] + [prob.point_matching(e.get("params", {})) for e in prob.expected]
    for pt in picks:
        r = sdpthermo.solve(prob.question, store=st, **pt)
        assert r.verified, (pt, r.verification)
        back = st.load_entry(st.entry_path(r.question, r.instance_id))
        assert st.reverify(back)
    for exp in prob.expected:
        r = sdpthermo.solve(prob.question, store=st, **prob.point_matching(exp.get("params", {})))
        assert r.value == pytest.approx(exp["value"], abs=exp["atol"]), exp.get("source")
        assert r.lower - exp["atol"] <= exp["value"] <= r.upper + exp["atol"]


def test_certificates_reverify_without_cvxpy(tmp_path):
    """Every new certificate kind re-verifies in a process where importing a solver fails."""
    st = Store(tmp_path / "store")
    calls = [("fef", dict(state=noisy_ghz(0.5, 2), dims=[2, 2])),
             ("separability.dps", dict(state=tiles_state(), dims=[3, 3], k=2)),
             ("gme.ppt_mixture", dict(state=noisy_ghz(0.6, 3), n=3)),
             ("eplt.fef", dict(energies=[0, 1, 2], T=1.0)), ("eplt.gme", dict(n=3, T=2.0)),
             ("eplt.separability", dict(energies=[0, 1], T=1.0, k=2)),
             ("eplt.protocol", dict(protocol="ghz", n=3, T=1.0)), ("eplt.speedup", dict(d=4)),
             ("eplt.zero_temperature", dict(energies=[0, 0, 1])), ("eplt.bath", dict(energies=[0, 1], T=1.0))]
    for name, kw in calls:
        assert sdpthermo.solve(name, store=st, **kw).verified, name
    code = (  # each certificate kind finds its verifier module by itself (sdpthermo.certify.load_kind)
        "import sys\n"
        "for m in ('cvxpy', 'picos', 'clarabel', 'scs', 'cvxopt'): sys.modules[m] = None\n"
        "from sdpthermo.store import Store\n"
        f"st = Store({str(st.root)!r})\n"
        "entries = list(st.entries())\n"
        "ok = [st.reverify(st.load_entry(e)) for e in entries]\n"
        "assert 'cvxpy' not in [k for k, v in sys.modules.items() if v is not None]\n"
        "print(len(entries), sum(ok)); sys.exit(0 if all(ok) else 1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.split() == [str(len(calls)), str(len(calls))]


def test_eplt_bad_inputs():
    with pytest.raises(ValidationError, match="energies_B"):
        sdpthermo.solve("eplt.fef", energies_A=[0, 1], energies_B=[0, 1, 2], T=1.0, store=None)
    with pytest.raises(ValidationError, match="F_in"):
        sdpthermo.solve("eplt.fef", energies=[0, 1], T=1.0, F_in=0.5, input=np.eye(4) / 4, store=None)
    with pytest.raises(ValidationError, match="input"):
        sdpthermo.solve("eplt.fef", energies=[0, 1], T=1.0, input=np.eye(9) / 9, store=None)
    with pytest.raises(ValidationError, match="'k'"):
        sdpthermo.solve("eplt.separability", energies=[0, 1], T=1.0, k=0, store=None)
    with pytest.raises(ValidationError, match="input"):
        sdpthermo.solve("eplt.gme", n=3, T=1.0, input=np.eye(4) / 4, store=None)
    with pytest.raises(ValidationError, match="P_min"):
        sdpthermo.solve("eplt.speedup", d=2, P_min=0.7, store=None)
    with pytest.raises(ValidationError, match="energies"):
        sdpthermo.solve("eplt.bath", energies=[0, 1, 2, 3], T=1.0, store=None)
