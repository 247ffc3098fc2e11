"""Channel marginal compatibility with certificates either way (seed 000 outlook)."""

from __future__ import annotations

import numpy as np
import pytest

import sdpthermo
from sdpthermo.errors import ValidationError
from sdpthermo.formulations.channel_marginal.compatibility import solve_compatibility
from sdpthermo.linalg.choi import choi_from_kraus, choi_of_map
from sdpthermo.linalg.tensor import partial_trace
from sdpthermo.models.channel_marginal.compatibility import reduction, target

ZERO = np.diag([1.0, 0.0])


def _rand_channel_choi(rng, d_in, d_out, kraus=2):
    ks = [rng.normal(size=(d_out, d_in)) for _ in range(kraus)]
    s = sum(k.T @ k for k in ks)
    w, v = np.linalg.eigh(s)
    inv = v @ np.diag(w ** -0.5) @ v.T
    return choi_from_kraus([k @ inv for k in ks])


def test_reductions_of_a_global_channel_are_compatible(rng):
    """A global LOSR channel on three qubits: its AB and BC reductions are compatible (certificate verifies)."""
    from sdpthermo.linalg.choi import tensor_choi

    ja, jb, jc = (_rand_channel_choi(rng, 2, 2) for _ in range(3))
    jab = tensor_choi(ja, jb, 2, 2, 2, 2)
    jbc = tensor_choi(jb, jc, 2, 2, 2, 2)
    jall = tensor_choi(jab, jc, 4, 4, 2, 2)
    d = [2, 2, 2]
    # the reductions defined by the constraint equal the known marginals
    assert np.allclose(reduction(jall, d, d, [0, 1]), target(jab, d, d, [0, 1]), atol=1e-12)
    for cls in ("cptp", "nonsignalling"):
        out = solve_compatibility(d, d, [([0, 1], jab), ([1, 2], jbc)], cls)
        assert out.verified and out.data["compatible"] and not out.data["incompatible"], cls


def test_disjoint_marginals_are_compatible_in_every_class():
    ident = choi_from_kraus([np.eye(2)])
    for cls in ("cptp", "nonsignalling", "ppt"):
        r = sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2],
                            marginals=[{"parties": [0], "choi": ident}, {"parties": [1], "choi": ident}], cls=cls,
                            store=None)
        assert r.verified and r.data["compatible"], cls


def test_cloning_pair_gets_a_verified_infeasibility_certificate():
    """Lambda_AB sends B_in to A_out, Lambda_BC sends B_in to C_out (B_out = |0>): together they clone."""
    clone_ab = choi_of_map(lambda x: np.kron(partial_trace(x, [0], [2, 2]), ZERO), 4, 4)
    clone_bc = choi_of_map(lambda x: np.kron(ZERO, partial_trace(x, [1], [2, 2])), 4, 4)
    out = solve_compatibility([2, 2, 2], [2, 2, 2], [([0, 1], clone_ab), ([1, 2], clone_bc)], "cptp")
    assert out.verified and out.data["incompatible"] and not out.data["compatible"]
    assert out.data["t_upper"] < -0.1   # the certified optimum is -1/8
    assert out.data["t_upper"] == pytest.approx(-0.125, abs=1e-6)


@pytest.mark.parametrize("marginals, param", [
    ([{"parties": [0], "choi": 2 * choi_from_kraus([np.eye(2)])}], "marginals"),       # not TP
    ([{"parties": [0], "choi": np.eye(3)}], "marginals"),                             # wrong size
    ([{"parties": [2], "choi": choi_from_kraus([np.eye(2)])}], "marginals"),          # no party 2
    ([{"choi": choi_from_kraus([np.eye(2)])}], "marginals"),
])
def test_bad_input(marginals, param):
    with pytest.raises(ValidationError) as exc:
        sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2], marginals=marginals, store=None)
    assert exc.value.param == param
    with pytest.raises(ValidationError) as exc:
        sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2], dims_out=[2], store=None,
                        marginals=[{"parties": [0], "choi": choi_from_kraus([np.eye(2)])}])
    assert exc.value.param == "dims_out"


def test_new_certificates_reverify_without_cvxpy(tmp_path):
    import subprocess
    import sys

    from sdpthermo.store import Store

    st = Store(tmp_path / "store")
    sdpthermo.solve("eplt.channel_marginal", energies=[0, 1], T=1.0, starts=0, store=st)
    ident = choi_from_kraus([np.eye(2)])
    sdpthermo.solve("channel_marginal.compatible", dims_in=[2, 2], store=st,
                    marginals=[{"parties": [0], "choi": ident}, {"parties": [1], "choi": ident}])
    code = ("import sys\nfor m in ('cvxpy', 'picos', 'clarabel', 'scs', 'cvxopt'): sys.modules[m] = None\n"
            f"from sdpthermo.cli import main\nsys.exit(main(['--store', {str(st.root)!r}, 'verify', '--all']))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "2 of 2" in out.stdout, out.stdout + out.stderr
