"""sdpthermo.testing: the assertions and the pytest plugin researchers use in their own suites."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.store import Store
from sdpthermo.testing import assert_certified, assert_store_verifies


@pytest.fixture(scope="module")
def dmax_result():
    # seed 002, Eq. (10): D_max(diag(.5,.5) || diag(.75,.25)) = log2(0.5/0.25) = 1 bit
    return sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=None)


def test_assert_certified_brackets_and_width(dmax_result):
    ver = assert_certified(dmax_result, 1.0, width=1e-8)
    assert ver.passed and ver.lower <= 1.0 <= ver.upper
    with pytest.raises(AssertionError, match="does not contain"):
        assert_certified(dmax_result, 1.0 + 1e-6)
    with pytest.raises(AssertionError, match="wide"):
        assert_certified(dmax_result, 1.0, width=-1.0)


def test_assert_certified_rederives_instead_of_trusting(dmax_result):
    # forged fields do not matter: the interval comes from the certificate
    forged = replace(dmax_result, lower=5.0, upper=5.0, value=5.0)
    with pytest.raises(AssertionError, match="does not contain"):
        assert_certified(forged, 5.0)
    # a certificate whose problem was swapped (sigma = I/2: D_max = 0) no longer brackets the known value
    cert = dmax_result.certificate
    bad = replace(cert, problem={**cert.problem, "sigma": np.eye(2) / 2})
    with pytest.raises(AssertionError):
        assert_certified(replace(dmax_result, certificate=bad), 1.0, width=1e-6)
    with pytest.raises(AssertionError, match="not verified"):
        assert_certified(replace(dmax_result, verified=False), 1.0)


def test_assert_store_verifies(tmp_path):
    st = Store(tmp_path / "s")
    sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=st)
    sdpthermo.solve("eplt.ppt", energies=[0, 1], T=1.0, store=st)
    assert assert_store_verifies(st.root) == 2
    with pytest.raises(AssertionError, match="holds 0 entries"):
        assert_store_verifies(_empty(tmp_path))
    with pytest.raises(AssertionError, match="no store"):
        assert_store_verifies(tmp_path / "missing")


def _empty(tmp_path):
    p = tmp_path / "empty"
    p.mkdir()
    return p


def test_pytest_plugin_fixtures_and_store_option(tmp_path):
    st = Store(tmp_path / "store")
    sdpthermo.solve("dmax", rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]), store=st)
    test = tmp_path / "test_researcher.py"
    test.write_text(
        "import numpy as np, sdpthermo\n"
        "from sdpthermo.testing import assert_certified\n"
        "def test_mine(sdpthermo_store, reverify_store):\n"
        "    r = sdpthermo.solve('dmax', rho=np.diag([0.5, 0.5]), sigma=np.diag([0.75, 0.25]))\n"
        "    assert_certified(r, 1.0, width=1e-8)\n"
        "    assert reverify_store(sdpthermo_store.root) == 1\n")
    from importlib.metadata import entry_points

    installed = any(ep.value == "sdpthermo.testing" for ep in entry_points(group="pytest11"))
    load = [] if installed else ["-p", "sdpthermo.testing"]  # the pytest11 entry point loads it when installed
    cmd = [sys.executable, "-m", "pytest", "-q", *load, "--rootdir", str(tmp_path),
           "--sdpthermo-verify-store", str(st.root), str(test)]
    # installed: the pytest11 entry point loads the plugin (PYTHONPATH would make pytest see the distribution
    # twice); a checkout that is not the installed one is put on the path and loaded with -p
    env = dict(os.environ) if installed else {**os.environ, "PYTHONPATH": str(Path(sdpthermo.__file__).parents[1])}
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 passed" in out.stdout and "1 certificates re-verified" in out.stdout
    # a forged store entry fails the session
    entry = next(st.entries())
    doc = json.loads(entry.read_text())
    doc["body"]["result"]["value"] = 7.0
    entry.write_text(json.dumps(doc))
    bad = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert bad.returncode != 0 and "sdpthermo store check failed" in (bad.stdout + bad.stderr)
