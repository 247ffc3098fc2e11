"""Sweeps: the local process pool and a real Dask LocalCluster give the same results, land in the store,
and an interrupted sweep resumes from the store."""

from __future__ import annotations

import pytest

from sdpthermo.registry.problems import find_problem
from sdpthermo.store import Store
from sdpthermo.sweeps import run_points, run_problem

POINTS = [{"energies": [0.0, 1.0, 2.0], "T": T} for T in (0.3, 1.0, 3.0)] + \
         [{"energies": [0.0, 1.0], "T": 1.0, "channel": "Lambda"}]


def test_process_pool_equals_sequential(tmp_path):
    seq = run_points("eplt.ppt", POINTS, store=None, workers=1, progress=False)
    par = run_points("eplt.ppt", POINTS, store=Store(tmp_path / "s"), workers=2, progress=False)
    assert [r.value for r in seq] == [r.value for r in par]
    assert [r.instance_id for r in seq] == [r.instance_id for r in par]
    assert len(list(Store(tmp_path / "s").entries())) == len(POINTS)


def test_interrupted_sweep_resumes_from_store(tmp_path):
    st = Store(tmp_path / "s")
    run_points("eplt.ppt", POINTS[:2], store=st, workers=1, progress=False)  # "killed" after two points
    res = run_points("eplt.ppt", POINTS, store=st, workers=1, progress=False)
    cached = [bool(r.provenance.get("cached")) for r in res]
    assert cached == [True, True, False, False]


def test_dask_local_cluster_equals_local_pool(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        dask_res = run_points("eplt.ppt", POINTS, store=Store(tmp_path / "d"), scheduler=cluster.scheduler_address,
                              progress=False)
    local = run_points("eplt.ppt", POINTS, store=None, workers=1, progress=False)
    assert [r.value for r in dask_res] == [r.value for r in local]
    assert [r.lower for r in dask_res] == [r.lower for r in local]
    assert len(list(Store(tmp_path / "d").entries())) == len(POINTS)


def test_run_problem_sweeps_the_whole_grid(tmp_path):
    prob = find_problem("eplt-qubit-ppt")
    res = run_problem(prob, store=Store(tmp_path / "s"), workers=2, progress=False)
    assert len(res) == len(prob.points()) == 50 and all(r.verified for r in res)
