"""Level-2 DPS with channel constraints for the channel marginal problem (seed 000, Definition 1, outlook):
the extension maps, the reduced SDP, and its full-space verifier."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify import kinds, verify
from sdpthermo.certify.channel_marginal.channel_dps import channel_dps_upper
from sdpthermo.formulations.channel_marginal import channel_dps as cdps
from sdpthermo.formulations.channel_marginal.losr import best_paper_ensemble
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.channel_marginal.local_thermalization import fidelity_operator, targets
from sdpthermo.models.channel_marginal.two_copy_extension import (
    channel_adjoint_a,
    channel_adjoint_b,
    extension_isometry,
    extension_structure,
    swap_symmetrize,
)
from sdpthermo.models.states import gibbs_state


def _g(d, T):
    return gibbs_state(np.arange(d, dtype=float), 1 / T)


def test_channel_adjoints_match_their_definitions():
    """<G, L(R)> = <L*(G), R> for the trace-preservation maps of Alice and of Bob's last copy."""
    d, k = 2, 2
    dims = [d] * 6
    rng = np.random.default_rng(3)
    r = rng.normal(size=(64, 64))
    r = r + r.T
    la = partial_trace(r, [1], dims) - np.kron(np.eye(d) / d, partial_trace(r, [0, 1], dims))
    lb = partial_trace(r, [5], dims) - np.kron(partial_trace(r, [4, 5], dims), np.eye(d) / d)
    ga, gb = rng.normal(size=la.shape), rng.normal(size=lb.shape)
    assert np.vdot(ga, la) == pytest.approx(np.vdot(channel_adjoint_a(ga, d, k), r), abs=1e-10)
    assert np.vdot(gb, lb) == pytest.approx(np.vdot(channel_adjoint_b(gb, d, k), r), abs=1e-10)


@pytest.mark.parametrize("d", [2, 3])
def test_losr_product_extension_satisfies_every_reduced_constraint(d):
    """The normalized product extension of an LOSR local thermalization (paper's ensemble, twirled onto the
    charge blocks by keeping only block entries) meets Def. 1, both channel constraints and both PPT cuts."""
    g = _g(d, 1.0)
    _, ens, _ = best_paper_ensemble(g, g, fidelity_operator(d))
    r = sum(p * np.kron(np.kron(ja / d, jb / d), jb / d) for p, ja, jb in zip(ens.probs, ens.choi_a, ens.choi_b))
    w = extension_isometry(d).toarray()
    assert np.allclose(w.T @ w, np.eye(len(w)))
    x_full = w.T @ r @ w
    st = extension_structure(d)
    x = np.concatenate([x_full[np.ix_(b, b)].ravel() for b in st.blocks])
    mj = cdps._choi_map(st)
    ta, tb = targets(g, g)
    for side, t in (("A", ta), ("B", tb)):
        pt, _ = cdps._partial_trace_rows(d, side)
        assert np.max(np.abs(pt @ mj @ x - t.reshape(-1))) < 1e-12
    assert np.max(np.abs(cdps._channel_a_rows(st)[0] @ x)) < 1e-12
    assert np.max(np.abs(cdps._channel_b_rows(st)[0] @ x)) < 1e-12
    for cut, blocks in zip(st.cuts, st.cut_blocks):
        for b in blocks:
            assert np.linalg.eigvalsh((cdps._cut_rows(st, cut, b) @ x).reshape(len(b), len(b)))[0] > -1e-12
    c = fidelity_operator(d).reshape(-1)
    assert float(c @ (mj @ x)) == pytest.approx(float(c @ ens.choi().reshape(-1)), abs=1e-12)


def test_swap_symmetrize_is_the_swap_average():
    d = 2
    s = np.random.default_rng(1).normal(size=(64, 64))
    swap = np.eye(64).reshape([4] * 6).transpose(0, 2, 1, 3, 4, 5).reshape(64, 64)
    assert np.allclose(swap_symmetrize(s, d), (s + swap @ s @ swap) / 2)


def test_qubit_channel_dps_meets_the_paper_construction():
    """Qubits: the level-2 bound, verified from its dual in the full space, meets E^{eps*} within 1e-8."""
    r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1.0, relaxation="channel-dps", starts=0,
                        store=None)
    q = np.exp(-1.0) / (1 + np.exp(-1.0))
    assert r.verified and r.certificate.kind == kinds.CHANNEL_MARGINAL_CHANNEL_DPS
    assert r.lower == pytest.approx(2 * q + (1 - 2 * q) / 2, abs=1e-12)
    assert 0 <= r.upper - r.lower <= 1e-8


def test_channel_dps_certificate_tampering_is_charged():
    """A corrupted multiplier cannot lower the certified upper bound below LOSR's value."""
    r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=0.5, relaxation="channel-dps", starts=0,
                        store=None)
    cert = r.certificate
    g = _g(2, 0.5)
    for name in ("G_A", "G_B", "Z_1", "Y_A"):
        bad = {**cert.dual, name: cert.dual[name] + 0.05 * np.eye(len(cert.dual[name]))}
        up = channel_dps_upper(fidelity_operator(2), g, g, bad, 2)[0]
        assert up >= r.lower - 1e-9
    z = {**cert.dual, "Z_2": -cert.dual["Z_2"] - np.eye(64)}
    v = verify(type(cert)(**{**cert.__dict__, "dual": z}), 1e-6)
    assert not v.passed or v.upper > r.upper + 1e-3


@pytest.mark.slow
def test_qutrit_channel_dps_is_verified_between_losr_and_ppt():
    """Qutrits, T = 1: LOSR value <= level-2 bound <= PPT bound, every bound verified without a solver."""
    ppt = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1, 2], T=1.0, starts=0, store=None)
    r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1, 2], T=1.0, relaxation="channel-dps",
                        starts=3, iters=10, store=None)
    assert r.verified and ppt.verified
    assert r.lower <= r.upper and r.upper <= ppt.upper + 1e-6
