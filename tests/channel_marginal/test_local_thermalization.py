"""The channel marginal problem (seed 000 outlook): certified [LOSR lower, relaxation upper] on the
entanglement fidelity of local thermalizations (Definition 1)."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.certify import verify
from sdpthermo.certify.channel_marginal.bound import dual_upper
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.channel_marginal.bound import solve_relaxation
from sdpthermo.formulations.channel_marginal.reduced import covariant_structure, solve_relaxation_covariant
from sdpthermo.formulations.eplt.static_bound import static_bound
from sdpthermo.linalg.choi import choi_from_kraus
from sdpthermo.models.channel_marginal.local_thermalization import (
    fidelity_objective,
    fidelity_operator,
    lambda_fef,
    paper_fef,
    product_gibbs_choi,
    thermality_error,
)
from sdpthermo.models.eplt.channels import eplt_channel, eps_limit, eps_star, lambda_channel
from sdpthermo.models.eplt.protocols import LosrEnsemble
from sdpthermo.models.states import gibbs_state, max_entangled


def _g(d, T, shift=0.0):
    return gibbs_state(np.arange(d) + shift * np.arange(d) ** 2, 1 / T)


@pytest.mark.parametrize("energies, T", [([0, 1], 0.4), ([0, 1], 3.0), ([0, 1, 2], 1.0), ([0, 0.7, 2.1], 0.6)])
def test_upper_above_lower_with_verified_certificates(energies, T):
    for rel in ("nonsignalling", "ppt"):
        r = sdpthermo.solve("eplt.channel_marginal", energies=energies, T=T, relaxation=rel, starts=1, store=None)
        assert r.verified, r.verification
        assert r.lower <= r.upper + 1e-9
        assert r.lower >= r.data["paper_value"] - 1e-9      # the search never loses the paper's construction
        assert r.data["relaxation_lower"] <= r.upper + 1e-9  # the relaxation's own interval is consistent
    assert r.data["entanglement_certified"] == (r.lower > 1 / len(energies))


def test_identity_is_not_and_constant_channel_is_a_local_thermalization():
    g = _g(3, 0.8)
    ident = choi_from_kraus([np.eye(9)])
    assert thermality_error(ident, g, g) > 0.1
    const = product_gibbs_choi(g, g)
    assert thermality_error(const, g, g) < 1e-15
    # F(constant channel) = <Psi+|gamma ⊗ gamma|Psi+> = sum_n P_n^2 / d
    assert fidelity_objective(const, 3) == pytest.approx(float(np.sum(np.diag(g) ** 2)) / 3, abs=1e-14)


@pytest.mark.parametrize("d", [2, 3, 4])
def test_paper_construction_value_equals_derived_formula(d):
    """F[E^eps(Psi+)] = eps + (1-eps) sum Q^A Q^B / d and the Eq. (20) analogue, against the Choi matrices."""
    ga, gb = _g(d, 0.9), _g(d, 1.7, shift=0.3)
    for eps in (0.0, 0.5 * eps_star(ga, gb), eps_star(ga, gb)):
        assert paper_fef(ga, gb, eps) == pytest.approx(fidelity_objective(eplt_channel(ga, gb, eps).choi, d),
                                                       abs=1e-12)
    ea, eb = eps_limit(ga), eps_limit(gb)
    assert lambda_fef(ga, gb, ea, eb) == pytest.approx(
        fidelity_objective(lambda_channel(ga, gb, ea, eb).choi, d), abs=1e-12)


def test_infinite_temperature_optimum_is_one():
    """T -> inf: eps* -> 1 and E^{eps*} -> the twirl, an EPLT with F = 1."""
    r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1, 2], T=float("inf"), starts=0, store=None)
    assert r.verified and r.lower == pytest.approx(1.0, abs=1e-12) and r.upper == pytest.approx(1.0, abs=1e-6)
    r2 = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1e3, starts=0, store=None)
    assert r2.lower > 0.999 and r2.upper < 1 + 1e-6


def test_qubits_paper_construction_is_optimal_over_a_temperature_grid():
    """New result: for two qubits the PPT relaxation meets E^{eps*}: no local thermalization does better."""
    for T in (0.2, 0.5, 1.0, 2.0, 8.0):
        r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=T, starts=0, store=None)
        q = np.exp(-1 / T) / (1 + np.exp(-1 / T))
        assert r.lower == pytest.approx(2 * q + (1 - 2 * q) / 2, abs=1e-12)
        assert r.upper - r.lower < 1e-6


@pytest.mark.parametrize("d", [2, 3, 4])
def test_nonsignalling_relaxation_equals_static_bound_closed_form(d):
    g = _g(d, 1.1)
    closed = float(np.sum(np.sqrt(np.diag(g)))) ** 2 / d
    val, upper = static_bound(g, g, max_entangled(d))
    assert val == pytest.approx(closed, abs=1e-6) and upper >= closed - 1e-9
    rel = solve_relaxation_covariant(g, g, "nonsignalling")
    assert rel.value == pytest.approx(closed, abs=1e-6)


@pytest.mark.parametrize("d", [2, 3])
def test_covariant_reduction_agrees_with_full_sdp(d):
    ga, gb = _g(d, 0.7), _g(d, 1.9, shift=0.2)
    c = fidelity_operator(d)
    for rel in ("nonsignalling", "ppt"):
        full = solve_relaxation(ga, gb, c, rel)
        red = solve_relaxation_covariant(ga, gb, rel)
        assert red.value == pytest.approx(full.value, abs=1e-6)
        up_f = dual_upper(c, ga, gb, full.Y_A, full.Y_B, full.Z if rel == "ppt" else None)[0]
        up_r = dual_upper(c, ga, gb, red.Y_A, red.Y_B, red.Z if rel == "ppt" else None)[0]
        assert up_r == pytest.approx(up_f, abs=1e-5)


def test_covariant_blocks_partition_and_largest_block():
    for d in (2, 3, 4):
        st = covariant_structure(d)
        assert sorted(np.concatenate(st.blocks).tolist()) == list(range(d**4))
        assert sorted(np.concatenate(st.pt_blocks).tolist()) == list(range(d**4))
        assert max(len(b) for b in st.blocks) == 2 * d * d - d


def test_witness_objective_with_minus_psi_plus_equals_fef():
    w = -max_entangled(2)
    a = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1.0, objective="witness", witness=w,
                        starts=0, store=None)
    b = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1.0, starts=0, store=None)
    assert a.verified and a.data["reduction"] == "full" and b.data["reduction"] == "covariant"
    assert a.upper == pytest.approx(b.upper, abs=1e-6) and a.lower == pytest.approx(b.lower, abs=1e-10)


def test_losr_certificate_recomposes_and_tampering_is_caught():
    r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1, 2], T=1.0, starts=0, store=None)
    cert = r.certificate
    j = LosrEnsemble.bipartite(cert.primal["p"], cert.primal["choi_A"], cert.primal["choi_B"]).choi()
    g = gibbs_state([0, 1, 2], 1.0)
    assert thermality_error(j, g, g) < 1e-10                 # issue: local thermality to 1e-10
    assert fidelity_objective(j, 3) == pytest.approx(r.lower, abs=1e-12)
    bad = type(cert)(**{**cert.__dict__, "primal": {**cert.primal, "p": cert.primal["p"][::-1].copy()}})
    assert not verify(bad, 1e-6).passed
    worse = type(cert)(**{**cert.__dict__, "dual": {**cert.dual, "Y_A": 0 * cert.dual["Y_A"]}})
    v = verify(worse, 1e-6)
    assert not v.passed or v.upper > r.upper + 1e-3


@pytest.mark.parametrize("kw, param", [
    ({"relaxation": "sdp"}, "relaxation"),
    ({"objective": "witness"}, "witness"),
    ({"witness": np.eye(4)}, "witness"),
    ({"objective": "witness", "witness": np.eye(9)}, "witness"),
    ({"reduce": "covariant", "objective": "witness", "witness": np.eye(4)}, "reduce"),
    ({"energies_A": [0, 1], "energies_B": [0, 1, 2], "energies": None}, "energies_B"),
    ({"T": -1.0}, "T"),
])
def test_bad_input(kw, param):
    args = {"energies": [0, 1], "T": 1.0, **kw}
    args = {k: v for k, v in args.items() if v is not None}
    with pytest.raises(ValidationError) as exc:
        sdpthermo.solve("eplt.channel_marginal", store=None, **args)
    assert exc.value.param == param


def test_dps_levels_are_valid_and_no_looser_than_ppt_for_qubits():
    ppt = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=0.5, starts=0, store=None)
    prev = None
    for level in (1, 2):
        r = sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=0.5, relaxation="dps", level=level,
                            starts=0, store=None)
        assert r.verified and r.data["level"] == level
        assert r.lower <= r.upper + 1e-9
        assert r.data["relaxation_value"] <= ppt.data["relaxation_value"] + 1e-6
        if prev is not None:
            assert r.data["relaxation_value"] <= prev + 1e-6   # the hierarchy tightens
        prev = r.data["relaxation_value"]
    assert r.upper - r.lower < 1e-6


@pytest.mark.parametrize("kw", [{"relaxation": "dps", "level": 0}, {"level": 2},
                                {"relaxation": "dps", "level": 2, "energies": [0, 1, 2]}])
def test_dps_bad_levels(kw):
    args = {"energies": [0, 1], "T": 1.0, **kw}
    with pytest.raises(ValidationError) as exc:
        sdpthermo.solve("eplt.channel_marginal", store=None, **args)
    assert exc.value.param == "level"


def test_split_seesaw_beats_the_paper_construction_for_qutrits():
    """New result: for d = 3 (E_n = n, T = 1) an explicit LOSR local thermalization exceeds E^{eps*}."""
    from sdpthermo.formulations.channel_marginal.losr import best_losr

    g = _g(3, 1.0)
    val, ens, how, record = best_losr(g, g, fidelity_operator(3), starts=2, iters=4)
    assert record["paper_families"] == pytest.approx(paper_fef(g, g, eps_star(g, g)), abs=1e-12)
    assert val > record["paper_families"] + 0.05 and "see-saw" in how
    j = ens.choi()
    assert thermality_error(j, g, g) < 1e-10 and fidelity_objective(j, 3) == pytest.approx(val, abs=1e-12)
