"""Issue 21: a store entry is a function of its instance — solving the same instance into two empty stores,
at different times, writes byte-identical JSON and npz files (no timestamps, no durations)."""

from __future__ import annotations

import time

import numpy as np
import pytest

import sdpthermo
from sdpthermo.store import Store
from sdpthermo.store.directory import RUN_DEPENDENT, npz_bytes

CASES = [
    ("eplt.ppt", {"energies": [0, 1], "T": 0.7}),
    ("ppt.witness", {"state": np.diag([0.5, 0, 0, 0.5]), "dims": [2, 2]}),          # an SDP (Clarabel)
    ("eplt.protocol", {"protocol": "random", "energies": [0, 1], "T": 1.0, "N": 4, "seed": 3}),  # Haar draws
    ("dmax.smooth", {"rho": np.diag([0.9, 0.1]), "sigma": np.diag([0.6, 0.4]), "eps": 0.1}),
]


def _files(st: Store) -> dict[str, bytes]:
    return {str(p.relative_to(st.root)): p.read_bytes() for p in sorted(st.root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("question,params", CASES, ids=[c[0] for c in CASES])
def test_same_instance_same_bytes(question, params, tmp_path):
    a, b = Store(tmp_path / "a"), Store(tmp_path / "b")
    ra = sdpthermo.solve(question, store=a, **params)
    time.sleep(1.1)  # a second later: a timestamp anywhere would show
    rb = sdpthermo.solve(question, store=b, **params)
    assert ra.verified and rb.verified
    fa, fb = _files(a), _files(b)
    assert fa.keys() == fb.keys() and len(fa) == 2
    assert fa == fb


def test_run_dependent_fields_are_not_stored(tmp_path):
    st = Store(tmp_path / "s")
    r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=0.7, store=st)
    assert r.seconds is not None  # the fresh result knows its time
    back = st.load_entry(st.entry_path(r.question, r.instance_id))
    for section, keys in RUN_DEPENDENT.items():
        stored = back.provenance if section == "provenance" else back.solver.to_json()
        for k in keys:
            assert section == "solver" or k not in stored
    assert back.seconds is None


def test_npz_bytes_are_deterministic_and_loadable(tmp_path):
    arrays = {"primal:W": np.arange(6.0).reshape(2, 3), "dual:y": np.array([1 + 2j])}
    blob = npz_bytes(arrays)
    time.sleep(1.1)
    assert blob == npz_bytes(dict(reversed(list(arrays.items()))))
    f = tmp_path / "x.npz"
    f.write_bytes(blob)
    with np.load(f, allow_pickle=False) as z:
        assert set(z.files) == set(arrays) and np.array_equal(z["dual:y"], arrays["dual:y"])


def test_rederivation_runs_on_one_blas_thread(tmp_path, monkeypatch):
    """A re-derived bound is the same bits in every process: the verifier sees one BLAS thread even when the
    caller allows more (a multi-threaded BLAS sums in a thread-count-dependent order; issue 21)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    import sdpthermo.store.check as check

    st = Store(tmp_path / "s")
    r = sdpthermo.solve("eplt.ppt", energies=[0, 1], T=0.7, store=st)
    seen: list[int] = []
    real = check.verify

    def spy(cert, tol):
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return real(cert, tol)

    monkeypatch.setattr(check, "verify", spy)
    with threadpool_limits(limits=4, user_api="blas"):
        outside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        back = st.get(r.question, r.instance_id)
    assert back is not None and back.verified
    assert outside and max(outside) == 4          # the caller's limit was in force around the read
    assert seen and set(seen) == {1}
