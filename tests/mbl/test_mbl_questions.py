"""mbl.dmax_profile / mbl.dmax_realization: validation, certificates, the store, and sweeps on a local pool
and a real Dask LocalCluster (seed 002 §IV, Fig. 2)."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.certify import verify
from sdpthermo.errors import ValidationError
from sdpthermo.registry.core import solve
from sdpthermo.store import Store
from sdpthermo.sweeps import run_dmax_profiles

BASE = {"L": 6, "regions": [1, 2, 3], "seed": 1}


@pytest.mark.parametrize("bad,param", [
    ({"L": 3}, "L"),
    ({"regions": [1, 2, 9]}, "regions"),
    ({"regions": [2, 1]}, "regions"),
    ({"regions": [3]}, "regions"),
    ({"disorder": -1.0}, "disorder"),
    ({"realizations": 0}, "realizations"),
    ({"initial": "domain-wall"}, "initial"),
    ({"thermal": "global"}, "thermal"),
])
def test_bad_input_names_the_parameter(bad, param):
    kw = {**BASE, "disorder": 1.0, "realizations": 2, **bad}
    with pytest.raises(ValidationError) as exc:
        solve("mbl.dmax_profile", store=None, **kw)
    assert exc.value.param == param


def test_profile_certificate_round_trips_and_detects_tampering(tmp_path):
    st = Store(tmp_path / "s")
    r = solve("mbl.dmax_profile", disorder=2.0, realizations=3, thermal="reduced-gibbs", store=st, **BASE)
    assert r.verified and r.lower == r.upper == r.value
    assert len(r.data["n_eps_upper"]) == 3 and all(n >= 100 for n in r.data["n_eps_upper"])  # 2^D / 0.01
    back = st.load_entry(st.entry_path(r.question, r.instance_id))
    assert back.verified and st.reverify(back) and back.value == r.value
    cert = r.certificate
    d = np.array(cert.problem["dmax"], dtype=float)
    spot = cert.meta["spot"]
    d[spot[0], 0] += 0.05  # a claimed D_max the stored witnesses contradict
    forged = type(cert)(cert.kind, cert.sense, cert.primal, cert.dual, {**cert.problem, "dmax": d}, cert.convention,
                        cert.meta)
    assert not verify(forged, 1e-6).passed


def test_profile_equals_its_realizations():
    kw = {**BASE, "disorder": 1.5}
    prof = solve("mbl.dmax_profile", realizations=2, store=None, **kw)
    reals = [solve("mbl.dmax_realization", realization=k, store=None, **kw) for k in range(2)]
    assert all(r.verified for r in reals)
    np.testing.assert_allclose(np.array([r.data["dmax"] for r in reals]), prof.certificate.problem["dmax"],
                               atol=1e-12)
    assert [r.data["beta"] for r in reals] == pytest.approx(prof.data["beta"], abs=1e-12)


def test_sweep_dask_local_cluster_equals_local_pool_bit_for_bit(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    kw = dict(disorders=[0.5, 4.0], realizations=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        via_dask = run_dmax_profiles(BASE, store=Store(tmp_path / "d"), scheduler=cluster.scheduler_address, **kw)
    local = run_dmax_profiles(BASE, store=Store(tmp_path / "l"), workers=2, **kw)
    assert via_dask == local
    assert len(list(Store(tmp_path / "d").entries())) == 4
    prof = solve("mbl.dmax_profile", disorder=4.0, realizations=2, store=None, **BASE)
    assert local[1]["slope"] == pytest.approx(prof.value, abs=1e-10)


def test_resumed_sweep_uses_the_store(tmp_path):
    st = Store(tmp_path / "s")
    first = run_dmax_profiles(BASE, [1.0], 1, store=st, workers=1, progress=False)  # "interrupted" after k = 0
    assert len(list(st.entries())) == 1
    from sdpthermo.sweeps import run_points

    pts = [{**BASE, "disorder": 1.0, "realization": k} for k in range(2)]
    res = run_points("mbl.dmax_realization", pts, store=st, workers=1, progress=False)
    assert [bool(r.provenance.get("cached")) for r in res] == [True, False]
    assert res[0].data["dmax"] == first[0]["mean"]


def test_transition_estimate_verifies_and_detects_tampering():
    """Seed 002 Fig. 2 inset: Delta* = argmax d(slope)/dDelta lies inside the grid and re-verifies."""
    import sdpthermo
    from sdpthermo.certify import verify

    r = sdpthermo.solve("mbl.transition", L=6, regions=[1, 2, 3], disorders=[0.5, 2.0, 4.0, 8.0], realizations=4,
                        bootstrap=20, store=None)
    assert r.verified and 0.5 <= r.value <= 8.0 and r.data["delta_star_err"] >= 0
    assert len(r.data["slopes"]) == 4
    cert = r.certificate
    bad = type(cert)(**{**cert.__dict__, "meta": {**cert.meta, "delta_star": r.value + 1.0}})
    assert not verify(bad, 1e-6).passed


def test_transition_bad_disorders():
    import pytest

    import sdpthermo
    from sdpthermo.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        sdpthermo.solve("mbl.transition", L=6, regions=[1, 2], disorders=[2.0, 1.0, 3.0], realizations=2, store=None)
    assert exc.value.param == "disorders"
