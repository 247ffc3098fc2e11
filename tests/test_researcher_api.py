"""Issue 17: results a person can read, a discoverable API, uniform temperature conventions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.registry.core import get_question, list_questions
from sdpthermo.registry.outputs import UNITS, Role
from sdpthermo.registry.params import TEMPERATURE_PAIRS, beta_from_T
from sdpthermo.registry.problems import load_problems

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"


@pytest.fixture(scope="module")
def result():
    return sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=None)


def test_repr_is_at_most_three_lines_with_value_unit_bounds_and_solver(result):
    text = repr(result)
    assert len(text.splitlines()) <= 3 and len(text) < 400
    for part in ("eplt.ppt", "verified", result.solver.name, "[0.26894142"):
        assert part in text
    dm = sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=None)
    assert "bits" in repr(dm) and dm.unit == "bits"


def test_negative_zero_prints_as_zero(result):
    from dataclasses import replace

    z = replace(result, value=-0.0, lower=-0.0)
    assert "-0" not in repr(z).split("\n")[0] and "value = 0" in repr(z)


def test_summary_html_and_dict(result):
    s = result.summary()
    for part in ("parameters:", "energies = [0.0, 1.0]", "data:", "proved by the verified PPT witness",
                 "verification (tol", "residual", "certificate 'ppt'", "primal:W"):
        assert part in s, part
    html = result._repr_html_()
    assert html.startswith("<table") and "eplt.ppt" in html
    d = result.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["value"] == result.value and d["certificate"]["kind"] == "ppt" and d["outputs"]["role"] == "claim"


def _builtin() -> list[str]:
    """Questions of the package (tests and docs may register plugin questions during the session)."""
    return [q.name for q in list_questions() if (q.solve_fn.__module__ or "").startswith("sdpthermo.registry.")
            and q.solve_fn.__module__ != "sdpthermo.registry.core"]  # core: its docstring example registers one


def test_questions_and_describe_cover_every_question():
    names = sdpthermo.questions()
    assert len(_builtin()) >= 30 and names == sorted(names) and set(_builtin()) <= set(names)
    for name in _builtin():
        d = sdpthermo.describe(name)
        o = d.outputs
        assert not o.value.startswith("(not declared"), name
        assert o.unit in UNITS and isinstance(o.role, Role), name
        text = str(d)
        assert name in text and "outputs:" in text and "parameters:" in text
        for p in d.params:
            assert p["name"] in text


def test_help_of_solve_lists_every_question():
    doc = sdpthermo.solve.__doc__
    missing = [n for n in _builtin() if f" {n} " not in doc]
    assert not missing, f"add these to sdpthermo.solve's docstring: {missing}"


def test_unknown_question_in_describe_is_a_validation_error():
    with pytest.raises(sdpthermo.errors.ValidationError, match="question"):
        sdpthermo.describe("eplt.pptt")


def _temperature_names(q) -> set[str]:
    return {p.name for p in q.params} & {n for pair in TEMPERATURE_PAIRS for n in pair}


def _beta(v: dict, t: str, b: str) -> float:
    """The inverse temperature a validated parameter dict means, whichever of the pair it holds."""
    return v[b] if v.get(b) is not None else beta_from_T(v[t])


def test_every_question_with_a_temperature_accepts_T_or_beta():
    """README: "Temperatures are given as T or beta, per side with _A/_B" — over every registered question."""
    points = {}
    for prob in load_problems(PROBLEMS):
        for pt in prob.points():
            q = get_question(prob.question)
            if any(pt.get(n) is not None for n in _temperature_names(q)):
                points.setdefault(q.name, pt)
                break
    with_temperature = [q for q in list_questions() if _temperature_names(q)]
    assert len(with_temperature) >= 14
    uncovered = [q.name for q in with_temperature if q.name not in points]
    assert len(uncovered) <= 6, uncovered  # questions with no catalogue point carrying a temperature
    for name, pt in points.items():
        q = get_question(name)
        base = q.validate(pt)
        for t, b in TEMPERATURE_PAIRS:
            for have, alias in ((t, b), (b, t)):
                if pt.get(have) is None:
                    continue
                x = float(pt[have])
                other = 0.0 if np.isinf(x) else (np.inf if x == 0 else 1.0 / x)
                swapped = {k: v for k, v in pt.items() if k != have}
                swapped[alias] = other
                got = q.validate(swapped)
                assert _beta(got, t, b) == pytest.approx(_beta(base, t, b), rel=1e-12), (name, have, alias)


def test_temperature_alias_conflicts_and_bad_values():
    q = get_question("collision.steady_state")  # declares beta only
    assert q.validate({"N": 2, "T": 10.0})["beta"] == pytest.approx(0.1)
    with pytest.raises(sdpthermo.errors.ValidationError, match="T"):
        q.validate({"N": 2, "T": 10.0, "beta": 0.2})
    with pytest.raises(sdpthermo.errors.ValidationError, match="T"):
        q.validate({"N": 2, "T": -1.0})
    s = get_question("sthermal.state")  # declares T and T0 only
    v = s.validate({"energies": [0, 0.1, 0.2, 1], "sectors": [[0, 2], [1, 3]], "beta0": 20.0, "beta": 0.1})
    assert v["T0"] == pytest.approx(0.05) and v["T"] == pytest.approx(10.0)


def test_table_as_dataframe_with_numeric_bounds_bools_and_units():
    df = sdpthermo.table("eplt-qubit-ppt")
    assert {"lower", "upper"} <= set(df.columns) and "bounds" not in df.columns
    assert df["lower"].dtype.kind == "f" and df["upper"].dtype.kind == "f"
    assert (df["lower"] <= df["upper"]).all()
    bools = [c for c in df.columns if c.startswith("data.") and df[c].dtype == bool]
    assert bools, "boolean data columns are bool"
    assert df.attrs["question"] == "eplt.ppt" and "value" in df.attrs["units"]
    assert df.attrs["meanings"]["value"].startswith("negativity")


def test_store_does_not_follow_the_working_directory(tmp_path, monkeypatch):
    """Issue 17 item 3: ad-hoc solves go to the per-user cache (reading the project's store too), from any
    directory; the project's results/ gets no new file; `sdpthermo store` prints the paths."""
    import subprocess
    import sys

    from sdpthermo.store import LayeredStore, open_store
    from sdpthermo.store.location import project_root, project_store_path, user_store_path

    root = Path(__file__).resolve().parents[1]
    monkeypatch.delenv("SDPTHERMO_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(root / "sdpthermo")  # a subdirectory of the project
    assert project_root() == root
    st = open_store("default")
    assert isinstance(st, LayeredStore) and st.root == user_store_path()
    assert str(user_store_path()).startswith(str(tmp_path / "cache"))
    assert project_store_path() == root / "results" / "certificates"
    before = sorted(p.name for p in (root / "results" / "certificates" / "eplt.ppt").iterdir())
    # a committed certificate is served from the project's store, a new one lands in the user cache
    committed = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=0.1057)
    assert committed.provenance.get("cached")
    fresh = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=0.123456)
    assert not fresh.provenance.get("cached")
    assert (user_store_path() / "eplt.ppt" / f"{fresh.instance_id}.json").is_file()
    after = sorted(p.name for p in (root / "results" / "certificates" / "eplt.ppt").iterdir())
    assert before == after
    out = subprocess.run([sys.executable, "-m", "sdpthermo", "store"], capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert out.returncode == 0 and str(user_store_path()) in out.stdout and "results" in out.stdout


def test_csv_is_data_numeric_bounds_and_booleans():
    import csv
    import io

    from sdpthermo.registry.problems import find_problem
    from sdpthermo.store import open_store
    from sdpthermo.tables import collect, render

    prob = find_problem("eplt-qubit-ppt", load_problems(PROBLEMS))
    text = render(prob, collect(prob, open_store("project")), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "bounds" not in rows[0] and {"lower", "upper"} <= set(rows[0])
    for r in rows:
        assert float(r["lower"]) <= float(r["value"]) <= float(r["upper"])
        assert r["data.entangled"] in ("true", "false") and r["verified"] == "true"
