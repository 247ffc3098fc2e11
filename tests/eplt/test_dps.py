"""``separability.dps``: finds the Tiles PPT-entangled state at level 2, passes separable states."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify.dps import dps_maps
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.dps import _adjoint_matrices, tiles_state
from sdpthermo.info.negativity import min_pt_eigenvalue
from sdpthermo.models.states import isotropic
from tests.conftest import random_state


def test_tiles_state_is_ppt_and_detected_first_at_level_2():
    rho = tiles_state()
    assert min_pt_eigenvalue(rho, [3, 3]) > -1e-12 and np.linalg.eigvalsh(rho)[0] > -1e-12
    lvl1 = sdpthermo.solve("separability.dps", state=rho, dims=[3, 3], k=1, store=None)
    lvl2 = sdpthermo.solve("separability.dps", state=rho, dims=[3, 3], k=2, store=None)
    assert lvl1.verified and not lvl1.data["entangled"]          # PPT: the level-1 test cannot see it
    assert lvl2.verified and lvl2.data["entangled"] and lvl2.upper < -1e-3


@pytest.mark.parametrize("name", ["maximally mixed", "product", "separable isotropic", "separable mixture"])
def test_separable_states_are_not_flagged(name, rng):
    a, b = random_state(rng, 3, complex_=False), random_state(rng, 3, complex_=False)
    rho = {"maximally mixed": np.eye(9) / 9, "product": np.kron(a, b), "separable isotropic": isotropic(0.25, 3),
           "separable mixture": 0.5 * np.kron(a, b) + 0.5 * np.kron(b, a)}[name]
    r = sdpthermo.solve("separability.dps", state=rho, dims=[3, 3], k=2, store=None)
    assert r.verified and not r.data["entangled"] and r.data["has_extension"]


def test_adjoint_matrices_match_the_verifier_maps(rng):
    """The sparse matrices the SDP uses equal the verifier's full-space adjoints (independent code paths)."""
    da, db, k = 2, 3, 3
    mp = dps_maps(da, db, k)
    mar_adj, g_adj = _adjoint_matrices(da, db, k, True)
    w = rng.normal(size=(da * db, da * db))
    w = w + w.T
    m = mp.v.shape[1]
    assert np.allclose((mar_adj @ w.reshape(-1)).reshape(m, m), mp.mar_adj(w), atol=1e-12)
    for j in range(1, k + 1):
        mj = mp.c[j - 1].shape[1]
        q = rng.normal(size=(mj, mj))
        q = q + q.T
        assert np.allclose((g_adj[j - 1] @ q.reshape(-1)).reshape(m, m), mp.g_adj(q, j), atol=1e-12)


def test_dps_bad_inputs():
    with pytest.raises(ValidationError, match="'k'"):
        sdpthermo.solve("separability.dps", state=np.eye(4) / 4, dims=[2, 2], k=0, store=None)
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("separability.dps", state=np.eye(4) / 4, dims=[2, 3], store=None)
    with pytest.raises(ValidationError, match="dims"):
        sdpthermo.solve("separability.dps", state=np.eye(8) / 8, dims=[2, 2, 2], store=None)
