"""Collision maps: CPTP, Eq. (39), detailed balance Eq. (43), TIO Eq. (22), identity (66)/(C39), Eq. (38) by quad."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from sdpthermo.errors import ValidationError
from sdpthermo.models.collision.chain import chain_spectrum, probe_coupling
from sdpthermo.models.collision.incident import incident_kernel
from sdpthermo.models.collision.maps import MAP_KINDS, collision_map, collision_tensor
from sdpthermo.models.collision.properties import (
    detailed_balance_error,
    gibbs_fixed_point_error,
    hermiticity_error,
    tio_error,
)
from sdpthermo.models.collision.scattering import scattering_matrices

PAPER = {"g": 50.0, "m": 0.1, "beta": 0.1, "sigma_p": 0.5}
#: Eq. (41) is not exactly PSD (incident.py): the exact map's lowest Choi eigenvalue, measured -6.2e-9 (N=3).
EXACT_CP_SLACK = 1e-7


def _map(n, eps, kind, **kw):
    return collision_map(n, 4.0, eps, **{**PAPER, **kw}, kind=kind)


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("kind", MAP_KINDS)
def test_every_map_is_cptp_to_quadrature_accuracy(n, kind):
    cm = _map(n, 0.1, kind)
    errs = cm.channel.cptp_errors()
    assert errs["tp"] < 1e-12 and errs["herm"] < 1e-13 and cm.quad_error < 1e-10
    assert errs["cp"] < (EXACT_CP_SLACK if kind == "exact" else 1e-12)
    assert hermiticity_error(cm.tensor) < 1e-13                                   # Eq. (39)


@pytest.mark.parametrize("kind", MAP_KINDS)
def test_detailed_balance_eq43(kind):
    cm = _map(3, 0.1, kind)
    assert detailed_balance_error(cm.tensor, cm.energies, PAPER["beta"]) < 1e-12


def test_narrow_map_is_tio_and_gibbs_preserving():
    cm = _map(3, 0.1, "narrow")
    assert tio_error(cm.tensor, cm.energies) < 1e-13                              # Eq. (22)
    assert gibbs_fixed_point_error(cm.tensor, cm.energies, PAPER["beta"]) < 1e-13
    assert tio_error(_map(3, 0.1, "exact").tensor, cm.energies) > 1e-2          # the exact map is not TIO


@pytest.mark.parametrize("n", [1, 2, 3])
def test_local_map_identity_eq66_c39(n):
    cm = _map(n, 0.1, "local")
    assert gibbs_fixed_point_error(cm.tensor, cm.energies, PAPER["beta"]) < 1e-12
    # Eqs. (54)-(56): the local map acts on qubit 1 only through sigma_x^(1)-type jumps and band energies
    assert tio_error(cm.tensor, cm.energies) < 1e-13


def _eq38_entry(sp, v, j, k, jp, kp):
    """S^{jk}_{j'k'} of Eq. (38) by scipy.quad in the momentum p (independent of the x-quadrature)."""
    en, m, g, beta, sig = sp.energies, PAPER["m"], PAPER["g"], PAPER["beta"], PAPER["sigma_p"]
    djj, dkk = en[jp] - en[j], en[kp] - en[k]
    dd = djj - dkk
    pinf = np.sqrt(2 * m * max(0.0, djj, dd))
    tot = 0.0
    for alpha in (0, 1):
        def f(p, part, alpha):
            pi = np.sqrt(max(p * p - 2 * m * dd, 0.0))
            if pi <= 0:
                return 0.0
            s1 = scattering_matrices(np.array(p * p / (2 * m) + en[j]), en, v, m, g)
            s2 = scattering_matrices(np.array(p * p / (2 * m) - djj + en[kp]), en, v, m, g)
            a1, a2 = s1[alpha][jp, j], s2[alpha][kp, k]
            val = incident_kernel(p, pi, beta, m, sig) * np.sqrt(p / pi) * a1 * np.conj(a2)
            return float(val.real if part == 0 else val.imag)
        pts = sorted({float(np.sqrt(2 * m * (en[lev] - e0))) for lev in range(en.size)
                      for e0 in (en[j], en[kp] - djj) if 2 * m * (en[lev] - e0) > pinf**2})
        for part in (0, 1):
            tot += (1j if part else 1.0) * quad(f, pinf, pinf + 60, args=(part, alpha), points=pts or None,
                                                limit=400, epsabs=1e-13, epsrel=1e-12)[0]
    return tot


@pytest.mark.parametrize("idx", [(0, 0, 0, 0), (0, 0, 0, 3), (1, 2, 1, 2), (2, 1, 0, 5), (3, 3, 4, 4)])
def test_exact_map_matches_eq38_by_quad(idx):
    sp = chain_spectrum(3, 4.0, 0.1)
    v = sp.vectors.T @ probe_coupling(3) @ sp.vectors
    cm = _map(3, 0.1, "exact")
    assert abs(cm.tensor[idx] - _eq38_entry(sp, v, *idx)) < 1e-11


def test_quadrature_converges():
    sp = chain_spectrum(2, 4.0, 0.1)
    v = sp.vectors.T @ probe_coupling(2) @ sp.vectors
    a = collision_tensor(sp.energies, v, **PAPER, narrow=False, n=16)[0]
    b = collision_tensor(sp.energies, v, **PAPER, narrow=False, n=28, tol=1e-13)[0]
    assert np.max(np.abs(a - b)) < 1e-12


@pytest.mark.parametrize("bad,param", [({"sigma_p": 0.0}, "sigma_p"), ({"m": -1.0}, "m"), ({"beta": 0.0}, "beta"),
                                       ({"kind": "global"}, "map")])
def test_map_rejects_bad_input(bad, param):
    kw = {**PAPER, "kind": "exact", **bad}
    with pytest.raises(ValidationError) as exc:
        collision_map(2, 4.0, 0.1, **kw)
    assert repr(param) in str(exc.value)
