"""DESIGN.md §4 contract over every problems/**/*.toml: loads, solves to verified, matches [expected],
round-trips through the store and re-verifies from it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sdpthermo.registry.core import get_question, solve
from sdpthermo.registry.problems import load_problem, load_problems
from sdpthermo.store import Store

ROOT = Path(__file__).resolve().parents[2] / "problems"
FILES = sorted(ROOT.glob("**/*.toml"))
MAX_POINTS = 6  # points solved per problem here (a file may lower it: contract_points = N); `make results` solves all


def _sample(points: list[dict], k: int) -> list[dict]:
    if len(points) <= k:
        return points
    idx = np.unique(np.linspace(0, len(points) - 1, k).round().astype(int))
    return [points[i] for i in idx]


def test_catalogue_ids_are_unique_and_nonempty():
    probs = load_problems(ROOT)
    assert len(probs) == len(FILES) >= 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_problem_contract(path: Path, tmp_path):
    prob = load_problem(path)
    q = get_question(prob.question)
    assert prob.reference.get("seed"), "every problem cites its seed"
    for pt in prob.points():
        q.validate(pt)  # every point is valid input
    st = Store(tmp_path / "store")
    over = dict(prob.extra.get("contract_overrides", {}))
    for pt in _sample(prob.points(), int(prob.extra.get("contract_points", MAX_POINTS))):
        r = solve(prob.question, store=st, **{**pt, **over})
        assert r.verified, (pt, r.verification)
        undeclared = set(r.data) - set(q.outputs.data)
        assert not undeclared, f"declare these data keys in {prob.question}'s outputs: {sorted(undeclared)}"
        back = st.load_entry(st.entry_path(r.question, r.instance_id))
        assert back.verified and st.reverify(back)
        assert back.value == r.value and back.lower == r.lower and back.upper == r.upper
    for exp in prob.expected:
        pt = prob.point_matching(exp.get("params", {}))
        r = solve(prob.question, store=st, **pt)
        assert r.verified
        assert r.value == pytest.approx(exp["value"], abs=exp["atol"]), exp.get("source")
        if r.lower is not None and np.isfinite(r.lower):
            assert r.lower <= exp["value"] + exp["atol"] and exp["value"] - exp["atol"] <= r.upper
    cols = prob.columns
    assert cols, "a problem declares its table columns"
