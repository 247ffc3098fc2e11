"""The example plugin (examples/plugin) through solve, run, table and verify; plugin discovery (issue 16 items 2-4)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.cli import main
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.diamond import solve_diamond
from sdpthermo.registry import plugins
from sdpthermo.registry.core import get_question
from sdpthermo.registry.problems import load_problem
from tests.conic.families import choi_unitary

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "plugin"
TOML = PLUGIN / "problems" / "hmin-noisy-bell.toml"
BELL = np.outer([1, 0, 0, 1], [1, 0, 0, 1]) / 2.0


@pytest.fixture(autouse=True)
def plugin_on_path(monkeypatch):
    """Installed (``make test``) or not, the plugin is found through ``SDPTHERMO_PLUGINS``."""
    monkeypatch.syspath_prepend(str(PLUGIN))
    monkeypatch.setenv("SDPTHERMO_PLUGINS", "thermo_plugin")


def hmin_bell(noise: float) -> float:
    """Isotropic two-qubit state: ``H_min(A|B) = -log2(2 F)``, ``F = 1 - 3 noise / 4`` (KRS09, Thm 2)."""
    return -math.log2(2 * (1 - 3 * noise / 4))


@pytest.mark.parametrize("noise", [0.0, 0.3, 1.0])
def test_hmin_question_brackets_the_closed_form(noise: float, tmp_path) -> None:
    r = sdpthermo.solve("example.hmin", rho=BELL, dims=[2, 2], noise=noise, store=tmp_path)
    assert r.verified and r.certificate.kind == "conic"
    assert r.lower - 1e-12 <= hmin_bell(noise) <= r.upper + 1e-12 and r.upper - r.lower < 1e-6
    again = sdpthermo.solve("example.hmin", rho=BELL, dims=[2, 2], noise=noise, store=tmp_path)
    assert again.provenance.get("cached")


def test_diamond_question_matches_closed_form_and_the_builtin_formulation() -> None:
    theta = 0.7
    j1, j2 = choi_unitary(np.eye(2)), choi_unitary(np.diag([1.0, np.exp(1j * theta)]))
    r = sdpthermo.solve("example.diamond_distance", J1=j1, J2=j2, dims=[2, 2], store=None)
    assert r.verified and r.lower <= math.sin(theta / 2) <= r.upper and r.upper - r.lower < 1e-6
    builtin = solve_diamond(j1 - j2, 2, 2)  # ||.||_diamond without the 1/2
    assert builtin.verification.lower / 2 <= r.upper + 1e-9 and r.lower <= builtin.verification.upper / 2 + 1e-9


def test_declared_outputs_and_bad_input() -> None:
    assert get_question("example.hmin").outputs.unit == "bits"
    with pytest.raises(ValidationError, match="rho"):
        sdpthermo.solve("example.hmin", rho=np.eye(2) / 2, dims=[2, 2], store=None)
    with pytest.raises(ValidationError, match="noise"):
        sdpthermo.solve("example.hmin", rho=BELL, dims=[2, 2], noise=2.0, store=None)


def test_cli_run_table_verify_on_a_problem_file(tmp_path, capsys) -> None:
    store = tmp_path / "certificates"
    assert main(["--store", str(store), "run", str(TOML), "--workers", "1", "--quiet"]) == 0
    md = (tmp_path / "tables" / "example-hmin-noisy-bell.md").read_text()  # next to the store
    assert "example.hmin" in md
    capsys.readouterr()
    assert main(["--store", str(store), "table", str(TOML), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 6
    prob = load_problem(TOML)
    for exp in prob.expected:
        pt = prob.point_matching(exp["params"])
        r = sdpthermo.solve(prob.question, store=store, **pt)
        assert r.provenance.get("cached") and r.lower - exp["atol"] <= exp["value"] <= r.upper + exp["atol"]
    assert main(["--store", str(store), "verify", "--all"]) == 0
    assert "5 of 5 certificates re-verified" in capsys.readouterr().out


def test_cli_run_all_of_a_problem_directory_with_out(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    rc = main(["--store", str(tmp_path / "st"), "run", "--problems", str(PLUGIN / "problems"), "--all",
               "--workers", "1", "--quiet", "--out", str(out)])
    assert rc == 0 and (out / "tables" / "example-hmin-noisy-bell.csv").is_file()
    assert main(["--store", str(tmp_path / "st"), "table", "example-hmin-noisy-bell",
                 "--problems", str(PLUGIN / "problems")]) == 0


def test_problems_env_points_run_at_any_directory(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SDPTHERMO_PROBLEMS", str(PLUGIN / "problems"))
    assert main(["--store", str(tmp_path / "certificates"), "run", "example-hmin-noisy-bell", "--workers", "1",
                 "--quiet"]) == 0


def test_entry_points_are_loaded_and_broken_ones_reported(monkeypatch) -> None:
    class EP:
        def __init__(self, name: str, value: str) -> None:
            self.name, self.value = name, value

        def load(self):
            import importlib

            return importlib.import_module(self.value)

    monkeypatch.setattr(plugins, "_entry_points_done", False)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [EP("ok", "thermo_plugin"), EP("bad", "no_such_mod")]
                        if group == plugins.GROUP else [])
    monkeypatch.delenv("SDPTHERMO_PLUGINS")
    with pytest.warns(UserWarning, match="no_such_mod"):
        names = plugins.load_plugins()
    assert names == ["thermo_plugin"]
    assert plugins.load_plugins() == []  # entry points load once per process


def test_a_missing_plugin_module_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("SDPTHERMO_PLUGINS", "thermo_plugin, no_such_plugin_module")
    with pytest.raises(ValidationError, match="SDPTHERMO_PLUGINS"):
        plugins.load_plugins()


def test_a_question_name_cannot_be_taken_from_another_module() -> None:
    def fake(p, opts):  # defined in this test module, not in the registry's
        raise AssertionError

    with pytest.raises(ValidationError, match="already registered"):
        sdpthermo.question("eplt.ppt", title="t", reference="r", version="1", params=[])(fake)


def test_a_certificate_of_an_unknown_kind_is_reported_never_served(tmp_path, monkeypatch, capsys) -> None:
    """A plugin with its own kind: served while its verifier is registered, reported once it is gone."""
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    monkeypatch.setenv("SDPTHERMO_PLUGINS", "thermo_plugin,own_kind_plugin")
    store = tmp_path / "certificates"
    r = sdpthermo.solve("owntest.square", x=3.0, store=store)
    assert r.verified and r.lower == 9.0
    assert sdpthermo.solve("owntest.square", x=3.0, store=store).provenance.get("cached")
    from sdpthermo.certify import base

    monkeypatch.delitem(base._VERIFIERS, "owntest-square")
    with pytest.warns(UserWarning, match="no verifier for certificate kind"):
        fresh = sdpthermo.solve("owntest.square", x=3.0, store=store, use_cache=True)
    assert not fresh.provenance.get("cached")
    monkeypatch.setattr(plugins, "load_plugins", lambda: [])  # the verify command cannot re-register it
    assert main(["--store", str(store), "verify", "--all"]) == 1
    assert "no verifier for certificate kind 'owntest-square'" in capsys.readouterr().out
    sys.modules.pop("own_kind_plugin", None)


def dephasing_choi(p: float) -> list[list[float]]:
    """Choi matrix of ``rho -> (1 - p) rho + p Z rho Z``: its diamond distance to the identity is ``p``."""
    return [[1.0, 0.0, 0.0, 1 - 2 * p], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [1 - 2 * p, 0.0, 0.0, 1.0]]


def test_diamond_question_through_run_table_verify(tmp_path, capsys) -> None:
    import json

    ps = [0.1, 0.35]
    toml = tmp_path / "problems" / "dephasing.toml"
    toml.parent.mkdir()
    toml.write_text(f'''id = "example-dephasing-distance"
question = "example.diamond_distance"
title = "Diamond distance of Z-dephasing to the identity (= p)"
[params]
J1 = {json.dumps(dephasing_choi(0.0))}
dims = [2, 2]
[sweep]
J2 = {json.dumps([dephasing_choi(p) for p in ps])}
[table]
columns = ["value", "bounds", "verified"]
''')
    store = tmp_path / "certificates"
    assert main(["--store", str(store), "run", str(toml), "--workers", "1", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--store", str(store), "table", str(toml), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    for p, line in zip(ps, rows):
        r = sdpthermo.solve("example.diamond_distance", J1=np.array(dephasing_choi(0.0)),
                            J2=np.array(dephasing_choi(p)), dims=[2, 2], store=store)
        assert r.provenance.get("cached") and r.lower <= p <= r.upper and r.upper - r.lower < 1e-6
        assert abs(float(line.split(",")[0]) - r.value) < 1e-9
    assert main(["--store", str(store), "verify", "--all"]) == 0
