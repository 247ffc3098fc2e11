"""The certificate cache: round trip, tamper and truncation detection, concurrent writers, no pickle,
and re-verification without cvxpy (DESIGN.md §5)."""

from __future__ import annotations

import json
import multiprocessing as mp
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import StoreError
from sdpthermo.results import Result
from sdpthermo.store import Store

PARAMS = {"energies": [0.0, 1.0, 2.0], "T": 0.8}


def _solve(store: Store, **extra) -> Result:
    return sdpthermo.solve("eplt.ppt", store=store, **PARAMS, **extra)


def test_round_trip_and_cache_hit(store):
    r = _solve(store)
    path = store.entry_path(r.question, r.instance_id)
    assert path.exists()
    back = store.load_entry(path)
    assert back.value == r.value and back.lower == r.lower and back.upper == r.upper and back.verified
    for k, v in r.certificate.arrays().items():
        assert np.array_equal(back.certificate.arrays()[k], v)
    assert back.data == json.loads(json.dumps(r.data))
    hit = _solve(store)
    assert hit.provenance.get("cached") and hit.value == r.value
    assert store.reverify(back)


def test_local_search_status_round_trips(store):
    # the solver-free D_max^eps route that runs a local search stores status local_search (not closed_form)
    # and the solver that ran; the entry reloads, re-verifies and is served from the cache
    from sdpthermo.results import Status
    from tests.bath.test_dmax import _low_temperature_pair

    rho, sigma = _low_temperature_pair(12)
    r = sdpthermo.solve("dmax.smooth", store=store, rho=rho, sigma=sigma, eps=0.1)
    assert r.status is Status.LOCAL_SEARCH and "SLSQP" in r.solver.name and r.verified
    back = store.load_entry(store.entry_path(r.question, r.instance_id))
    assert back.status is Status.LOCAL_SEARCH and back.solver.name == r.solver.name and store.reverify(back)
    assert sdpthermo.solve("dmax.smooth", store=store, rho=rho, sigma=sigma, eps=0.1).provenance.get("cached")


def test_instance_id_is_content_addressed(store):
    a = _solve(store)
    b = sdpthermo.solve("eplt.ppt", store=store, energies=[0.0, 1.0, 2.0], T=0.8000001)
    assert a.instance_id != b.instance_id
    c = sdpthermo.solve("eplt.ppt", store=store, T=0.8, energies=[0, 1, 2])  # same content, other spelling
    assert c.instance_id == a.instance_id


def test_array_params_are_hashed_and_stored(store, rng):
    rho = np.eye(4) / 4
    r = sdpthermo.solve("ppt", state=rho, dims=[2, 2], store=store)
    assert r.params["state"]["__array__"] and "param:state" in r.arrays()
    back = store.load_entry(store.entry_path("ppt", r.instance_id))
    assert np.array_equal(back.param_arrays["state"], rho)


def test_tampered_json_is_detected_and_recomputed(store):
    r = _solve(store)
    path = store.entry_path(r.question, r.instance_id)
    doc = json.loads(path.read_text())
    doc["body"]["result"]["value"] = 123.0
    path.write_text(json.dumps(doc))
    with pytest.raises(StoreError, match="checksum"):
        store.load_entry(path)
    with pytest.warns(UserWarning, match="recomputing"):
        again = _solve(store)
    assert again.value == pytest.approx(r.value) and not again.provenance.get("cached")
    assert store.load_entry(path).value == pytest.approx(r.value)  # repaired on disk


def test_truncated_entry_is_detected(store):
    r = _solve(store)
    path = store.entry_path(r.question, r.instance_id)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(StoreError):
        store.load_entry(path)
    with pytest.warns(UserWarning):
        assert _solve(store).verified


def test_tampered_arrays_are_detected(store):
    r = _solve(store)
    path = store.entry_path(r.question, r.instance_id)
    npz = path.parent / json.loads(path.read_text())["body"]["npz"]
    raw = bytearray(npz.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    npz.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="checksum"):
        store.load_entry(path)


def test_forged_certificate_with_valid_checksums_is_not_served(store):
    """A re-signed entry whose certificate no longer verifies is reported and recomputed."""
    r = _solve(store)
    forged = r.with_(lower=r.lower + 0.5, upper=r.upper + 0.5)
    store.put(forged)
    with pytest.warns(UserWarning, match="is not the certified"):
        fresh = _solve(store)
    assert fresh.lower == pytest.approx(r.lower)


def test_npz_never_unpickles(store):
    r = _solve(store)
    path = store.entry_path(r.question, r.instance_id)
    npz = path.parent / json.loads(path.read_text())["body"]["npz"]
    with np.load(npz, allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)


def _writer(root: str, n: int) -> None:
    st = Store(root)
    for _ in range(n):
        sdpthermo.solve("eplt.ppt", store=st, use_cache=False, **PARAMS)


def test_two_processes_writing_the_same_entry_leave_one_valid_entry(tmp_path):
    root = str(tmp_path / "store")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(root, 15)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    st = Store(root)
    entries = list(st.entries())
    assert len(entries) == 1
    res = st.load_entry(entries[0])
    assert res.verified and st.reverify(res)
    assert not list(Path(root).rglob("*.tmp"))


def test_verify_all_without_cvxpy(tmp_path):
    """`sdpthermo verify --all` re-verifies every certificate in a process where `import cvxpy` fails."""
    st = Store(tmp_path / "store")
    _solve(st)
    sdpthermo.solve("eplt.ppt", store=st, energies=[0, 1], T=2.0, channel="Lambda")
    sdpthermo.solve("ppt.witness", store=st, state=np.eye(4) / 4, dims=[2, 2])
    code = (
        "import sys\n"
        "for m in ('cvxpy', 'picos', 'clarabel', 'scs', 'cvxopt'): sys.modules[m] = None\n"
        "from sdpthermo.cli import main\n"
        f"rc = main(['--store', {str(st.root)!r}, 'verify', '--all'])\n"
        "assert 'cvxpy' not in [k for k, v in sys.modules.items() if v is not None]\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 of 3 certificates re-verified" in out.stdout
