"""Store forgeries of issue 14 ("What was found" items 1, 2, 5, 6): nothing read back is trusted (DESIGN.md §5).

Every forged entry below carries valid checksums (re-signed, as anyone can: plain sha256), so only
binding to the key and re-derivation by re-verification stand between it and the reader.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import sdpthermo
from sdpthermo.cli import main
from sdpthermo.errors import StoreError
from sdpthermo.sdp.options import SolveOptions
from sdpthermo.store import Store
from sdpthermo.store.directory import _body_digest

QUBIT = {"energies": [0.0, 1.0]}


def _solve(st: Store, T: float, **kw):
    return sdpthermo.solve("eplt.ppt", store=st, T=T, **QUBIT, **kw)


def _path(st: Store, r) -> Path:
    return st.entry_path(r.question, r.instance_id)


def _resign(path: Path, edit) -> None:
    """Apply ``edit(body)`` to an entry's JSON and re-sign it (checksums valid again)."""
    doc = json.loads(path.read_text())
    edit(doc["body"])
    doc["sha256"] = _body_digest(doc["body"])
    path.write_text(json.dumps(doc))


def _verify_all(st: Store, capsys) -> tuple[int, str]:
    rc = main(["--store", str(st.root), "verify", "--all", "--workers", "1"])
    return rc, capsys.readouterr().out


def _recomputed(st: Store, T: float, match: str):
    with pytest.warns(UserWarning, match=match):
        r = _solve(st, T)
    assert not r.provenance.get("cached") and r.verified
    return r


def test_json_of_another_key_is_a_miss_and_is_recomputed(store, capsys):
    """Item 1: the T = 2 JSON copied over the T = 1 JSON is not served for T = 1, nor passes verify or table."""
    r1, r2 = _solve(store, 1.0), _solve(store, 2.0)
    shutil.copy(_path(store, r2), _path(store, r1))
    rc, out = _verify_all(store, capsys)
    assert rc == 1 and "1 of 2" in out and r1.instance_id in out
    with pytest.warns(UserWarning, match="names array file"):
        assert store.get("eplt.ppt", r1.instance_id) is None
    doc = json.loads(_path(store, r1).read_text())  # the same copy with the npz name made to fit: still a miss
    name = f"{r1.instance_id}-{doc['body']['npz_sha256'][:16]}.npz"
    shutil.copy(_path(store, r2).parent / doc["body"]["npz"], _path(store, r1).parent / name)
    _resign(_path(store, r1), lambda b: b.update(npz=name))
    with pytest.warns(UserWarning, match="does not match the requested id"):
        assert store.get("eplt.ppt", r1.instance_id) is None
    again = _recomputed(store, 1.0, "does not match")
    assert again.value == pytest.approx(r1.value, abs=1e-12) and again.value != pytest.approx(r2.value)
    assert _solve(store, 1.0).provenance["cached"]  # overwritten on disk


@pytest.mark.parametrize("edit, why", [
    (lambda b: b["result"].update(value=0.9), "outside the certified"),
    (lambda b: b["result"]["data"].update(entangled=False), "data\\['entangled'\\]"),
    (lambda b: (b["result"].update(value=42.0, lower=42.0, upper=42.0),
                b["result"]["verification"].update(tol=1e9, lower=42.0, upper=42.0)), "is not the certified"),
])
def test_resigned_fields_are_rederived_not_trusted(store, capsys, edit, why):
    """Item 2: value = 0.9; data.entangled = false; lower = upper = value = 42 with verification.tol = 1e9."""
    r = _solve(store, 1.0)
    _resign(_path(store, r), edit)
    assert not store.reverify(store.load_entry(_path(store, r)))
    rc, out = _verify_all(store, capsys)
    assert rc == 1 and "FAIL" in out and "0 of 1" in out
    again = _recomputed(store, 1.0, why)
    assert again.value == pytest.approx(r.value) and again.data["entangled"] is True


def test_served_entry_is_reverified_at_the_callers_tolerance(store):
    """The stored verification.tol is never used: a cached answer carries a fresh verification at the caller's tol."""
    r = _solve(store, 1.0)
    _resign(_path(store, r), lambda b: b["result"]["verification"].update(tol=0.5, passed=True))
    hit = sdpthermo.solve("eplt.ppt", store=store, T=1.0, options=SolveOptions(tol=1e-9), **QUBIT)
    assert hit.provenance["cached"] and hit.verification.tol == 1e-9
    assert (hit.lower, hit.upper) == (r.lower, r.upper)


@pytest.mark.parametrize("also_fields", [False, True])
def test_swapped_npz_relabelled_and_resigned_is_a_miss(store, capsys, also_fields):
    """Item 2: the npz of T = 2 under T = 1's name, the JSON re-signed (and its numbers copied too)."""
    r1, r2 = _solve(store, 1.0), _solve(store, 2.0)
    p1, p2 = _path(store, r1), _path(store, r2)
    b2 = json.loads(p2.read_text())["body"]
    name = f"{r1.instance_id}-{b2['npz_sha256'][:16]}.npz"
    shutil.copy(p2.parent / b2["npz"], p1.parent / name)

    def edit(b):
        b["npz"], b["npz_sha256"] = name, b2["npz_sha256"]
        if also_fields:
            for k in ("value", "lower", "upper", "verification", "data"):
                b["result"][k] = b2["result"][k]

    _resign(p1, edit)
    rc, out = _verify_all(store, capsys)
    assert rc == 1 and "1 of 2" in out
    again = _recomputed(store, 1.0, "not the one its params determine" if also_fields else "")
    assert again.value == pytest.approx(r1.value, abs=1e-12)


def _npz_of(path: Path) -> Path:
    return path.parent / json.loads(path.read_text())["body"]["npz"]


def test_truncated_resigned_npz_is_a_store_error_verify_goes_on_and_solve_heals(store, capsys):
    """Item 5: a truncated npz with a re-signed hash: StoreError (not BadZipFile), verify reports and goes on."""
    r1 = _solve(store, 1.0)
    _solve(store, 2.0)
    p1 = _path(store, r1)
    npz = _npz_of(p1)
    raw = npz.read_bytes()[:200]
    npz.write_bytes(raw)
    _resign(p1, lambda b: b.update(npz_sha256=hashlib.sha256(raw).hexdigest()[:16] + b["npz_sha256"][16:]))
    with pytest.raises(StoreError, match=str(p1.name)):
        store.load_entry(p1)
    rc, out = _verify_all(store, capsys)
    assert rc == 1 and out.count("FAIL") == 1 and "1 of 2" in out
    _recomputed(store, 1.0, "")
    assert store.reverify(store.load_entry(p1)) and _solve(store, 1.0).provenance["cached"]


def test_damaged_npz_is_rewritten_by_the_next_put(store):
    """Item 5: an unsigned truncated npz was detected but never repaired (put skipped existing files)."""
    r = _solve(store, 1.0)
    npz = _npz_of(_path(store, r))
    npz.write_bytes(npz.read_bytes()[:100])
    _recomputed(store, 1.0, "checksum")
    assert store.load_entry(_path(store, r)).verified
    assert _solve(store, 1.0).provenance["cached"]


@pytest.mark.parametrize("target", ["/dev/zero", "../../../../dev/zero", "fifo", "symlink"])
def test_npz_name_must_be_a_regular_file_beside_the_json(store, target):
    """Item 5: a JSON naming /dev/zero (MemoryError) or a FIFO (hang) is rejected at once."""
    r = _solve(store, 1.0)
    p = _path(store, r)
    sha = json.loads(p.read_text())["body"]["npz_sha256"]
    name = target
    if target in ("fifo", "symlink"):
        name = f"{r.instance_id}-{sha[:16]}.npz"
        (p.parent / name).unlink()
        if target == "fifo":
            os.mkfifo(p.parent / name)
        else:
            (p.parent / name).symlink_to("/dev/zero")
    _resign(p, lambda b: b.update(npz=name))
    t0 = time.perf_counter()
    with pytest.raises(StoreError, match="regular file|cannot open|names array file"):
        store.load_entry(p)
    assert time.perf_counter() - t0 < 5
    with pytest.warns(UserWarning):
        assert _solve(store, 1.0).verified


def _with_arrays(st: Store, r, **extra) -> tuple[Path, int]:
    """Re-sign an entry onto a new npz holding its arrays plus ``extra``; returns the JSON path and npz size."""
    p = _path(st, r)
    with np.load(_npz_of(p)) as z:
        arrays = {k: z[k] for k in z.files}
    arrays.update({k.replace("__", ":"): v for k, v in extra.items()})
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    raw = buf.getvalue()
    sha = hashlib.sha256(raw).hexdigest()
    name = f"{r.instance_id}-{sha[:16]}.npz"
    (p.parent / name).write_bytes(raw)
    _resign(p, lambda b: b.update(npz=name, npz_sha256=sha))
    return p, len(raw)


def test_small_npz_inflating_to_a_huge_array_is_rejected_before_loading(store):
    """Item 5: a ~195 KB npz holding a 200 MB array is refused from its zip headers."""
    r = _solve(store, 1.0)
    p, size = _with_arrays(store, r, problem__rho=np.zeros(25_000_000))  # 200 MB of zeros: ~195 KB compressed
    assert size < 400_000
    with pytest.raises(StoreError, match="inflate"):
        store.load_entry(p)


def test_unexpected_arrays_are_rejected(store):
    r = _solve(store, 1.0)
    p, _ = _with_arrays(store, r, primal__extra=np.eye(2))
    with pytest.raises(StoreError, match="unexpected \\['primal:extra'\\]"):
        store.load_entry(p)


def test_stale_temp_files_are_removed_and_fresh_ones_kept(store):
    """Item 5: a crashed writer's .tmp is removed by the next write (a live writer's recent one is not)."""
    r = _solve(store, 1.0)
    folder = _path(store, r).parent
    stale, fresh = folder / ".x.json.abc.tmp", folder / ".y.json.def.tmp"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"partial")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    _solve(store, 2.0)
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("where", ["empty", "missing", "missing.json"])
def test_verify_with_nothing_to_verify_exits_2(tmp_path, capsys, where):
    """Item 5: verify of an empty directory or a missing path said "0 of 0" and exited 0."""
    target = tmp_path / where
    if where == "empty":
        target.mkdir()
    rc = main(["verify", str(target)])
    err = capsys.readouterr().err
    assert rc == 2 and "nothing to verify" in err and len(err.strip().splitlines()) == 1


def test_explicit_backend_is_not_served_from_another_backends_entry(tmp_path, capsys):
    """Item 6: --backend picos after a cvxpy solve runs picos (the cross-check is never skipped)."""
    args = ["--store", str(tmp_path), "solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1",
            "--set", "method=sdp", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*args, "--backend", "picos"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["solver"]["backend"] == "cvxpy" and not second["cached"] and second["solver"]["backend"] == "picos"
    assert second["value"] == pytest.approx(first["value"], abs=1e-6)
    assert main([*args, "--backend", "picos"]) == 0 and json.loads(capsys.readouterr().out)["cached"]
    assert main([*args, "--solver", "scs"]) == 0 and not json.loads(capsys.readouterr().out)["cached"]


def test_no_cache_leaves_no_orphan_npz(tmp_path, capsys):
    """Item 6: re-solving an entry whose arrays changed removes the npz its JSON no longer names."""
    base = ["--store", str(tmp_path), "solve", "eplt.ppt", "--set", "energies=[0,1]", "--set", "T=1",
            "--set", "method=sdp"]
    assert main(base) == 0
    assert main([*base, "--no-cache", "--solver", "scs"]) == 0
    capsys.readouterr()
    folder = tmp_path / "eplt.ppt"
    jsons, npzs = list(folder.glob("*.json")), list(folder.glob("*.npz"))
    assert len(jsons) == 1 and [p.name for p in npzs] == [json.loads(jsons[0].read_text())["body"]["npz"]]


def test_forged_store_never_reaches_a_table(tmp_path):
    """Item 1: `table` reads through the same binding (a copied JSON is reported, not printed)."""
    from sdpthermo.registry.problems import find_problem
    from sdpthermo.sweeps import run_problem
    from sdpthermo.tables import collect

    prob = find_problem("eplt-qubit-ppt")
    st = Store(tmp_path)
    res = run_problem(prob, store=st, workers=1, progress=False)
    a, b = (st.entry_path(r.question, r.instance_id) for r in res[:2])
    shutil.copy(b, a)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError, match="no verified result"):
            collect(prob, st)
    assert any("names array file" in str(w.message) for w in caught)


def _numeric_leaves(obj, path=()):
    if isinstance(obj, bool):
        yield path, obj
    elif isinstance(obj, (int, float)):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _numeric_leaves(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _numeric_leaves(v, (*path, i))


def test_no_resigned_numeric_edit_changes_what_is_served(tmp_path_factory):
    """Hypothesis: any re-signed edit of one number or flag of an entry is either a miss or changes nothing
    that is served (bounds, verified, conclusions are re-derived from the certificate)."""
    from hypothesis import HealthCheck, given, settings, strategies as hst

    st = Store(tmp_path_factory.mktemp("fuzz"))
    r = _solve(st, 1.0)
    path = _path(st, r)
    pristine = path.read_text()
    leaves = [p for p, _ in _numeric_leaves(json.loads(pristine)["body"]["result"])
              if p[0] not in ("provenance", "solver", "message")]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(hst.sampled_from(leaves), hst.sampled_from([-1.0, 0.0, 0.5, 1 + 1e-6, 2.0, 42.0, 1e9]))
    def check(leaf, factor):
        path.write_text(pristine)

        def edit(b):
            node = b["result"]
            for k in leaf[:-1]:
                node = node[k]
            v = node[leaf[-1]]
            node[leaf[-1]] = (not v) if isinstance(v, bool) else type(v)(v * factor) if v else type(v)(factor)

        _resign(path, edit)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hit = st.get("eplt.ppt", r.instance_id)
        if hit is not None:
            assert (hit.lower, hit.upper, hit.verified) == (r.lower, r.upper, True)
            assert hit.data["entangled"] is True and hit.data["witness_bound"] == r.data["witness_bound"]
            assert r.lower - 1e-6 <= hit.value <= r.upper + 1e-6

    check()


@pytest.mark.parametrize("question, params, key", [
    ("bath.convex_split", {"d": 2, "n": 2}, "holds"),
    ("eplt.zero_temperature", {"energies": [0.0, 0.0, 1.0]}, "preserves_entanglement"),
    ("eplt.zero_temperature", {"energies": [0.0, 0.0, 1.0]}, "entangled"),
])
def test_declared_derived_conclusions_are_rederived(store, question, params, key):
    """Conclusions a question derives from its verification under another name (a ``derive`` hook) are checked."""
    r = sdpthermo.solve(question, store=store, **params)
    assert isinstance(r.data[key], bool)
    _resign(_path(store, r), lambda b: b["result"]["data"].update({key: not r.data[key]}))
    with pytest.warns(UserWarning, match=f"data\\['{key}'\\]"):
        again = sdpthermo.solve(question, store=store, **params)
    assert again.data[key] == r.data[key] and not again.provenance.get("cached")
