"""The command line contract (DESIGN.md §6): subcommands, JSON fields, exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from sdpthermo.cli import main

JSON_FIELDS = {"question", "params", "status", "value", "lower", "upper", "verified", "data", "certificate",
               "solver", "seconds", "cached", "unit", "outputs", "backends"}


def run(args, store, capsys):
    rc = main(["--store", str(store), *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_solve_json_prints_a_verified_result(tmp_path, capsys):
    rc, out, _ = run(["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1", "--json"], tmp_path, capsys)
    assert rc == 0
    obj = json.loads(out)
    assert set(obj) == JSON_FIELDS
    assert obj["verified"] and obj["data"]["entangled"] and obj["certificate"]["kind"] == "ppt"
    assert obj["value"] == pytest.approx(1 / (1 + np.e), abs=1e-12)
    assert obj["lower"] <= obj["value"] <= obj["upper"] and not obj["cached"]
    rc, out, _ = run(["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1", "--json"], tmp_path, capsys)
    assert json.loads(out)["cached"]


def test_solve_with_picos_backend_and_array_file(tmp_path, capsys):
    psi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    f = tmp_path / "bell.npy"
    np.save(f, np.outer(psi, psi).astype(complex))
    rc, out, _ = run(["solve", "ppt", "--set", f"state=@{f}", "--set", "dims=[2,2]", "--set", "method=sdp",
                      "--backend", "picos", "--no-cache", "--json"], tmp_path, capsys)
    obj = json.loads(out)
    assert rc == 0 and obj["solver"]["backend"] == "picos"
    assert obj["value"] == pytest.approx(0.5, abs=1e-6) and obj["verified"]


def test_bare_words_and_lambda_channel(tmp_path, capsys):
    rc, out, _ = run(["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=inf", "--set", "channel=Lambda"],
                     tmp_path, capsys)
    assert rc == 0 and "verified = True" in out


@pytest.mark.parametrize("args, param", [
    (["solve", "nope"], "question"),
    (["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=-1"], "T"),
    (["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "Temp=1"], "Temp"),
    (["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1", "--set", "eps=0.99"], "eps"),
    (["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1", "--set", "channel=X"], "channel"),
    (["solve", "eplt.ppt", "--set", "energies=[0,NaN]", "--set", "T=1"], "energies"),
    (["solve", "eplt.ppt", "--set", "T=1"], "energies"),
    (["solve", "eplt.ppt", "--set", "energies_A=[0,1]", "--set", "energies_B=[0,1,2]", "--set", "T=1"],
     "energies_B"),
    (["solve", "ppt", "--set", "state=@/nonexistent.npy", "--set", "dims=[2,2]"], "state"),
    (["solve", "ppt", "--set", "state=[[1,0],[0,0]]", "--set", "dims=[2,2]"], "dims"),
    (["solve", "ppt", "--set", "state=[[0.5,0.1],[0.3,0.5]]", "--set", "dims=[2,1]"], "state"),
    (["solve", "ppt", "--set", "state=[[1,0],[0,1]]", "--set", "dims=[2,1]"], "state"),
    (["solve", "ppt", "--set", "state=[[1.5,0],[0,-0.5]]", "--set", "dims=[2,1]"], "state"),
    (["solve", "ppt", "--set", "state=[[1,0,0],[0,0,0]]", "--set", "dims=[3,1]"], "state"),
    (["run", "no-such-problem"], "problem"),
    (["table", "eplt-qubit-ppt", "--format", "md"], "problem"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, args, param):
    rc, _, err = run(args, tmp_path / "empty", capsys)
    assert rc == 2
    assert err.count("\n") == 1 and f"'{param}'" in err, err


def test_unreadable_npy_is_rejected(tmp_path, capsys):
    f = tmp_path / "garbage.npy"
    f.write_bytes(b"not a numpy file")
    rc, _, err = run(["solve", "ppt", "--set", f"state=@{f}", "--set", "dims=[2,2]"], tmp_path, capsys)
    assert rc == 2 and "'state'" in err and "not a .npy file" in err and "pickled" not in err


def test_list_run_table_verify(tmp_path, capsys):
    rc, out, _ = run(["list"], tmp_path, capsys)
    assert rc == 0 and "eplt.ppt" in out and "eplt-qubit-ppt" in out
    rc, out, _ = run(["run", "eplt-qudit-ppt", "--workers", "1", "--out", str(tmp_path / "res"), "--quiet"],
                     tmp_path / "st", capsys)
    assert rc == 0
    for ext in ("md", "csv", "tex"):
        assert (tmp_path / "res" / "tables" / f"eplt-qudit-ppt.{ext}").stat().st_size > 100
    assert (tmp_path / "res" / "figures" / "eplt-qudit-ppt.png").exists()
    rc, out, _ = run(["table", "eplt-qudit-ppt", "--format", "csv"], tmp_path / "st", capsys)
    assert rc == 0 and out.startswith("energies,T,")
    assert len(out.strip().splitlines()) == 1 + 42
    rc, out, _ = run(["verify", "--all"], tmp_path / "st", capsys)
    assert rc == 0 and "42 of 42" in out


def test_verify_reports_corruption_with_exit_1(tmp_path, capsys):
    run(["solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1"], tmp_path, capsys)
    entry = next(tmp_path.glob("eplt.ppt/*.json"))
    entry.write_text(entry.read_text().replace('"verified": true', '"verified": false'))
    rc, out, _ = run(["verify", "--all"], tmp_path, capsys)
    assert rc == 1 and "FAIL" in out and "checksum" in out


def test_python_dash_m_entry_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "sdpthermo", "--store", str(tmp_path), "solve", "eplt.ppt", "--set",
                          "energies=[0,1]", "--set", "T=0.5", "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and json.loads(out.stdout)["verified"]


def test_unverified_result_exits_1_and_says_so(tmp_path, capsys, monkeypatch):
    """A result whose certificate does not verify is reported (exit 1, verified false) and never served."""
    import sdpthermo.registry.core as core
    from sdpthermo.certify import verify

    real = core.get_question("ppt")

    def broken(p, opts):
        out = real.solve_fn(p, opts)
        cert = out.certificate
        bad = type(cert)(**{**cert.__dict__, "dual": {"Y": 0 * cert.dual["Y"]}})
        return type(out)(**{**out.__dict__, "certificate": bad, "verification": verify(bad, opts.tol)})

    monkeypatch.setitem(core._QUESTIONS, "ppt", type(real)(**{**real.__dict__, "solve_fn": broken}))
    psi = np.array([1, 0, 0, 1]) / np.sqrt(2)
    f = tmp_path / "bell.npy"
    np.save(f, np.outer(psi, psi))
    args = ["solve", "ppt", "--set", f"state=@{f}", "--set", "dims=[2,2]", "--json"]
    rc, out, _ = run(args, tmp_path / "st", capsys)
    assert rc == 1 and json.loads(out)["verified"] is False
    rc, out, _ = run(args, tmp_path / "st", capsys)
    assert rc == 1 and json.loads(out)["cached"] is False  # an unverified entry is never served


def test_run_without_problem_or_all_exits_2(tmp_path, capsys):
    rc, _, err = run(["run"], tmp_path, capsys)
    assert rc == 2 and "'problem'" in err and "--all" in err
