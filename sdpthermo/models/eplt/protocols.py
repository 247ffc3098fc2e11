r"""EPLT protocols as explicit LOSR channels (seed 000 Eq. (1), (5), §V and App. D).

* :class:`LosrEnsemble` — a finite shared-randomness ensemble ``{p_lambda, ⊗_i E_i^lambda}`` (Eq. (1)) with
  the local channels' Choi matrices; :meth:`LosrEnsemble.choi` recomposes ``sum_lambda p_lambda ⊗_i J_i^lambda``.
* Exact finite twirl: for prime ``d`` the single-qudit Clifford group ``C_d`` (``d^3 (d^2-1)`` elements
  modulo phases) is a unitary 2-design, so ``|C_d|^{-1} sum_U (U ⊗ U^*) . (U ⊗ U^*)^†`` *is* the Haar
  twirl ``T`` of Eq. (3) (:func:`clifford_group`, :func:`twirl_ensemble`); ``E^eps`` of Eq. (5) then is the
  ensemble "prepare ``eta_A ⊗ eta_B`` with probability ``1-eps``, else apply ``U ⊗ U^*``" (:func:`eplt_ensemble`).
* Otherwise the random-unitary approximation ``T_U^(N) = prod_k T_k``, ``T_k = (id + U_k⊗U_k^* .)/2``
  (Eq. (D2)–(D3)), whose ``2^N`` subset products are its LOSR ensemble (:func:`approx_twirl_ensemble`).
  Haar average (Ref. [33] Eq. (22)): ``<||(T - T_U^(N))(rho)||_2^2> = 2^{-N}(||rho||_2^2 - ||T(rho)||_2^2)``.
  :func:`approx_twirl_distance` returns the superoperator norm ``||T - T_U^(N)||_{2->2}``, an upper bound
  on the paper's ``||T - T_U^(N)||_inf = sup_rho ||(T - T_U^(N))(rho)||_inf``.
* Speed-up (§V B, App. D): ``N_delta = ceil(8 log2(d^2 P_min sqrt2 / delta))`` (Eq. (D15), "smallest integer
  larger than"), ``t_1 = tau_eta ln(1/(d P_min)) + N_delta t_U`` (Eq. (D16)),
  ``t_2 = tau_gamma ln(||rho - gamma||_inf / delta)`` (Eq. (D17)); condition Eq. (22)
  ``tau_gamma > 8 t_U / ln 2``; ``t_1 < t_2`` iff ``||rho - gamma||_inf > delta exp(t_1 / tau_gamma)``.

Examples
--------
>>> len(clifford_group(2)), len(clifford_group(3))
(24, 216)
>>> n_delta(d=4, p_min=2 / 16, delta=1e-3)        # the paper's example below Eq. (22)
92
>>> import numpy as np
>>> from sdpthermo.models.twirl import twirl_channel
>>> float(np.abs(twirl_ensemble(2).choi() - twirl_channel(2).choi).max()) < 1e-12
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.choi import choi_from_kraus, constant_channel_choi
from sdpthermo.linalg.superop import kraus_superop
from sdpthermo.linalg.tensor import permute_systems
from sdpthermo.models.eplt.channels import eta


@dataclass(frozen=True)
class LosrEnsemble:
    """``E = sum_lambda p_lambda ⊗_i E_i^lambda`` (Eq. (1), finite).

    Attributes
    ----------
    probs : ndarray, shape (K,)
        Shared-randomness distribution ``p_lambda``.
    chois : tuple of ndarray, each (K, d_i^in d_i^out, d_i^in d_i^out)
        Choi matrices of the local channels of party ``i`` for every ``lambda``.
    dims_in, dims_out : tuple[int, ...]
        Local dimensions.
    """

    probs: np.ndarray
    chois: tuple[np.ndarray, ...]
    dims_in: tuple[int, ...]
    dims_out: tuple[int, ...]

    @classmethod
    def bipartite(cls, probs: np.ndarray, choi_a: np.ndarray, choi_b: np.ndarray) -> LosrEnsemble:
        """Two parties whose local maps send ``C^{d_i}`` to itself, ``d_i`` read off the Choi sizes ``d_i^2``.

        >>> import numpy as np
        >>> from sdpthermo.linalg.choi import choi_from_kraus
        >>> ens = LosrEnsemble.bipartite(np.ones(1), np.stack([choi_from_kraus([np.eye(2)])]),
        ...                              np.stack([choi_from_kraus([np.eye(3)])]))
        >>> ens.dims_in, ens.choi().shape
        ((2, 3), (36, 36))
        """
        dims = []
        for name, c in (("choi_a", choi_a), ("choi_b", choi_b)):
            size = np.shape(c)[-1]
            d = math.isqrt(size)
            if np.ndim(c) != 3 or d * d != size or np.shape(c)[0] != len(probs):
                raise ValidationError(name, f"must stack {len(probs)} Choi matrices of size d^2 x d^2, got shape "
                                      f"{np.shape(c)}", "pass an array of shape (len(probs), d*d, d*d)")
            dims.append(d)
        return cls(probs, (choi_a, choi_b), tuple(dims), tuple(dims))

    @property
    def choi_a(self) -> np.ndarray:
        """Party ``A``'s stacked local Choi matrices ``chois[0]``."""
        return self.chois[0]

    @property
    def choi_b(self) -> np.ndarray:
        """Party ``B``'s stacked local Choi matrices ``chois[1]``."""
        return self.chois[1]

    def choi(self) -> np.ndarray:
        """``sum_lambda p_lambda ⊗_i J_i^lambda``, ordered (inputs) ⊗ (outputs) (DESIGN.md §7)."""
        return recompose(self.probs, self.chois, self.dims_in, self.dims_out)


def recompose(probs: np.ndarray, chois: Sequence[np.ndarray], dims_in: Sequence[int],
              dims_out: Sequence[int]) -> np.ndarray:
    """Choi matrix of ``sum_k p_k ⊗_i E_i^k`` from the stacked local Choi matrices (row-wise Kronecker + one GEMM)."""
    k = len(probs)
    sizes = [int(di * do) for di, do in zip(dims_in, dims_out)]
    vecs = [np.asarray(c).reshape(k, -1) for c in chois]
    f = np.asarray(probs)[:, None] * vecs[0]
    for v in vecs[1:-1]:
        f = (f[:, :, None] * v[:, None, :]).reshape(k, -1)
    m = f.T @ vecs[-1] if len(vecs) > 1 else f.sum(axis=0)
    n = len(sizes)
    t = np.asarray(m).reshape([s for s in sizes for _ in (0, 1)])        # r1 c1 r2 c2 ...
    t = t.transpose([2 * i for i in range(n)] + [2 * i + 1 for i in range(n)])
    total = math.prod(sizes)
    j = t.reshape(total, total)                                          # (A_in A_out B_in B_out ...)
    local = [x for di, do in zip(dims_in, dims_out) for x in (di, do)]
    perm = [2 * i for i in range(n)] + [2 * i + 1 for i in range(n)]
    j = permute_systems(j, perm, local)
    return j.real if np.iscomplexobj(j) and not np.any(j.imag) else j


def unitary_choi(u: np.ndarray) -> np.ndarray:
    """Choi matrix of ``X -> U X U^†``."""
    return choi_from_kraus([u])


def _phase_normalize(u: np.ndarray) -> np.ndarray:
    flat = u.reshape(-1)
    k = int(np.argmax(np.abs(flat) > 1e-9))
    return u * (abs(flat[k]) / flat[k])


def _is_prime(d: int) -> bool:
    return d >= 2 and all(d % p for p in range(2, int(math.isqrt(d)) + 1))


def clifford_group(d: int) -> list[np.ndarray]:
    """The single-qudit Clifford group modulo phases for prime ``d`` (a unitary 2-design), by closure.

    Generators: Fourier ``F_jk = omega^{jk}/sqrt(d)``, phase ``S = diag(omega^{2^{-1} j^2})`` (``diag(1, i)``
    for ``d = 2``), and the Weyl operators ``X``, ``Z``.
    """
    if not _is_prime(d):
        raise ValidationError("d", f"the Clifford twirl is exact here only for prime d, got {d}",
                              "use method='random' (T_U^(N), Eq. (D2)) for non-prime d")
    w = np.exp(2j * np.pi / d)
    j = np.arange(d)
    f = w ** np.outer(j, j) / math.sqrt(d)
    s = np.diag([1, 1j]) if d == 2 else np.diag(w ** ((j * j * (d + 1) // 2) % d))
    x = np.roll(np.eye(d), 1, axis=0)
    z = np.diag(w**j)
    gens = [f, s, x, z]
    key = lambda u: tuple(np.round(u.reshape(-1), 8).view(float))  # noqa: E731
    group = {key(np.eye(d, dtype=complex)): np.eye(d, dtype=complex)}
    frontier = list(group.values())
    while frontier:
        nxt = []
        for u in frontier:
            for g in gens:
                v = _phase_normalize(g @ u)
                kv = key(v)
                if kv not in group:
                    group[kv] = v
                    nxt.append(v)
        frontier = nxt
    expected = d**3 * (d * d - 1)
    if len(group) != expected:  # pragma: no cover - guards the construction
        raise RuntimeError(f"Clifford closure found {len(group)} elements, expected {expected}")
    return list(group.values())


def twirl_ensemble(d: int) -> LosrEnsemble:
    """Exact ``T`` of Eq. (3) as the uniform Clifford ensemble ``{U ⊗ U^*}`` (prime ``d``)."""
    us = clifford_group(d)
    ja = np.stack([unitary_choi(u) for u in us])
    jb = np.stack([unitary_choi(u.conj()) for u in us])
    return LosrEnsemble(np.full(len(us), 1 / len(us)), (ja, jb), (d, d), (d, d))


def eplt_ensemble(gamma_a: np.ndarray, gamma_b: np.ndarray, eps: float) -> LosrEnsemble:
    """``E^eps`` of Eq. (5) as an LOSR ensemble: weight ``1-eps`` on preparing ``eta_A ⊗ eta_B``, ``eps`` on ``T``."""
    d = gamma_a.shape[0]
    tw = twirl_ensemble(d)
    if eps >= 1:
        return tw
    prep = [constant_channel_choi(eta(g, eps), d)[None] for g in (gamma_a, gamma_b)]
    probs = np.concatenate([[1 - eps], eps * tw.probs])
    chois = tuple(np.concatenate([p.astype(complex), c.astype(complex)]) for p, c in zip(prep, tw.chois))
    return LosrEnsemble(probs, chois, (d, d), (d, d))


# ------------------------------------------------------------------ App. D: random-unitary approximation

def haar_unitary(d: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-random unitary (QR of a complex Ginibre matrix with the phase fix)."""
    z = (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))) / math.sqrt(2)
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def twirl_superop(d: int) -> np.ndarray:
    """Superoperator of ``T`` (Eq. (3)): the HS-orthogonal projector onto ``span{Psi+, I}``."""
    v = np.eye(d).reshape(-1) / math.sqrt(d)
    phi = np.outer(v, v).reshape(-1)
    rest = (np.eye(d * d) - np.outer(v, v)).reshape(-1) / math.sqrt(d * d - 1)
    return np.outer(phi, phi) + np.outer(rest, rest)


def approx_twirl_superop(us: Sequence[np.ndarray]) -> np.ndarray:
    """Superoperator of ``T_U^(N) = T_N ∘ ... ∘ T_1`` (Eq. (D2)–(D3))."""
    d = us[0].shape[0]
    s = np.eye(d**4, dtype=complex)
    for u in us:
        w = kraus_superop([np.kron(u, u.conj())])
        s = (s + w @ s) / 2
    return s


def approx_twirl_distance(us: Sequence[np.ndarray]) -> float:
    """``||T - T_U^(N)||_{2->2}`` (largest singular value), an upper bound on the paper's ``||.||_inf``."""
    d = us[0].shape[0]
    return float(np.linalg.norm(twirl_superop(d) - approx_twirl_superop(us), 2))


def approx_twirl_ensemble(us: Sequence[np.ndarray]) -> LosrEnsemble:
    """``T_U^(N)`` as ``2^N`` equally likely subset products ``(U_s ⊗ U_s^*)``, ``U_s = prod_{k in s} U_k``."""
    d = us[0].shape[0]
    n = len(us)
    ja, jb = [], []
    for mask in range(2**n):
        u = np.eye(d, dtype=complex)
        for k in range(n):
            if mask >> k & 1:
                u = us[k] @ u
        ja.append(unitary_choi(u))
        jb.append(unitary_choi(u.conj()))
    return LosrEnsemble(np.full(2**n, 2.0**-n), (np.stack(ja), np.stack(jb)), (d, d), (d, d))


#: random pure probe states per draw for the lower bound on ``sup_rho ||(T - T_U^(N))(rho)||_inf``.
PROBE_STATES = 64


def twirl_average(d: int, n: int, draws: int, rng: np.random.Generator) -> dict[str, float]:
    r"""Monte-Carlo average over ``draws`` Haar draws of ``U = (U_1..U_N)``: Eq. (D4) and the identity in (D6).

    Returns the mean, standard deviation and standard error of ``Delta = ||T - T_U^(N)||_{2->2}^2`` (an upper
    bound on the paper's ``||.||_inf^2 = sup_rho ||(T - T_U^(N))(rho)||_inf^2``); the mean of a lower bound on
    ``||.||_inf^2`` (the largest ``||(T - T_U^(N))(psi)||_inf^2`` over the ``d^2`` basis product states and
    ``PROBE_STATES`` random pure states) with its standard error; and, for the product state
    ``rho = |0><0| ⊗ |0><0|``, the sample mean of ``||(T - T_U^(N))(rho)||_2^2`` with its standard error next
    to the exact average ``2^-N (||rho||_2^2 - ||T(rho)||_2^2)`` of Eq. (D6) (each ``T_k`` halves the
    expected squared norm of the part of ``rho`` orthogonal to ``span{Psi+, I}``).

    >>> out = twirl_average(2, 3, 200, np.random.default_rng(0))
    >>> abs(out["d6_mean"] - out["d6_exact"]) < 4 * out["d6_sem"], out["inf_lower_mean_sq"] <= out["mean_sq"]
    (True, True)
    """
    t = twirl_superop(d)
    rho = np.zeros(d**4, dtype=complex)
    rho[0] = 1.0
    z = rng.normal(size=(PROBE_STATES, d * d)) + 1j * rng.normal(size=(PROBE_STATES, d * d))
    probes = np.concatenate([np.eye(d * d), z / np.linalg.norm(z, axis=1, keepdims=True)])
    pure = np.einsum("ki,kj->ki j".replace(" ", ""), probes, probes.conj()).reshape(len(probes), -1).T
    vals, low, d6 = np.empty(draws), np.empty(draws), np.empty(draws)
    for k in range(draws):
        diff = t - approx_twirl_superop([haar_unitary(d, rng) for _ in range(n)])
        vals[k] = np.linalg.norm(diff, 2) ** 2
        outs = (diff @ pure).T.reshape(-1, d * d, d * d)
        low[k] = float(np.abs(np.linalg.eigvalsh((outs + outs.conj().transpose(0, 2, 1)) / 2)).max()) ** 2
        d6[k] = np.linalg.norm(diff @ rho) ** 2
    exact = 2.0**-n * (1.0 - float(np.linalg.norm(t @ rho) ** 2))
    return {"mean_sq": float(vals.mean()), "std_sq": float(vals.std(ddof=1)),
            "sem_sq": float(vals.std(ddof=1) / math.sqrt(draws)), "bound_D4": 2.0**-n, "draws": draws,
            "inf_lower_mean_sq": float(low.mean()), "inf_lower_sem_sq": float(low.std(ddof=1) / math.sqrt(draws)),
            "d6_mean": float(d6.mean()), "d6_sem": float(d6.std(ddof=1) / math.sqrt(draws)), "d6_exact": exact}


def lemma_d1_monte_carlo(d: int, n: int, lam: float, samples: int, seed: int) -> dict[str, float]:
    """Monte-Carlo estimate of ``Prob(||T - T_U^(N)||^2 - 2^{-N} > lambda)`` next to Lemma D.1's bound.

    Uses the ``2->2`` superoperator norm (an upper bound on ``||.||_inf``), so the empirical frequency
    over-estimates the paper's probability; Eq. (D5) bounds it by ``1/(lambda^2 2^N)``.
    """
    rng = np.random.default_rng(seed)
    vals = np.array([approx_twirl_distance([haar_unitary(d, rng) for _ in range(n)]) ** 2 for _ in range(samples)])
    freq = float(np.mean(vals - 2.0**-n > lam))
    return {"frequency": freq, "bound_D5": 1 / (lam**2 * 2**n), "mean_sq_norm": float(vals.mean()),
            "bound_D4": 2.0**-n, "samples": samples}


# ------------------------------------------------------------------ §V B / App. D: speed-up

EQ22_FACTOR = 8 / math.log(2)  # tau_gamma > t_U * 8/ln 2 ≈ 11.5416 t_U (Eq. (22), (D19))


def n_delta(d: int, p_min: float, delta: float) -> int:
    """``N_delta`` of Eq. (D15): the smallest integer larger than ``8 log2(d^2 P_min sqrt2 / delta)``."""
    x = 8 * math.log2(d * d * p_min * math.sqrt(2) / delta)
    return max(0, math.floor(x) + 1)


class SpeedupTimes(TypedDict):
    """The record :func:`speedup` returns (``t2`` and ``speedup`` are ``None`` without a distance)."""

    N: int
    t1: float
    distance_threshold: float
    eq22: bool
    success_probability: float
    success_probability_D13: float
    failure_probability: float
    failure_probability_D13: float
    t2: float | None
    speedup: bool | None


def speedup(d: int, p_min: float, delta: float, tau_gamma: float, tau_eta: float, t_u: float = 1.0,
            distance: float | None = None) -> SpeedupTimes:
    """Times and thresholds of Theorem 7 (App. D) for the protocol Eq. (D11).

    Returns ``N`` (Eq. (D15)), ``t1`` (Eq. (D16)), ``distance_threshold = delta exp(t1/tau_gamma)`` (``t_1 < t_2``
    iff ``||rho - gamma||_inf`` exceeds it), ``t2`` (Eq. (D17), when ``distance`` is given), ``eq22`` and the
    success probabilities ``1 - 2^{-N/2}`` (proof of Theorem 7) and ``1 - [delta/(d^2 P_min sqrt2)]^4`` (Eq. (D13)),
    and the failure probabilities ``2^{-N/2}`` and ``[delta/(d^2 P_min sqrt2)]^4`` themselves (``1 - 1.4e-14`` prints
    as ``1``).

    >>> speedup(4, 2 / 16, 1e-3, 100.0, 100.0)["failure_probability"]   # N = 92 (example below Eq. (22))
    1.4210854715202004e-14
    """
    n = n_delta(d, p_min, delta)
    t1 = tau_eta * math.log(1 / (d * p_min)) + n * t_u
    out: SpeedupTimes = {
        "N": n, "t1": t1, "distance_threshold": delta * math.exp(t1 / tau_gamma),
        "eq22": tau_gamma > EQ22_FACTOR * t_u, "success_probability": 1 - 2.0 ** (-n / 2),
        "success_probability_D13": 1 - (delta / (d * d * p_min * math.sqrt(2))) ** 4,
        "failure_probability": 2.0 ** (-n / 2),  # 1 - success, without the cancellation of printing 1 - 1e-14
        "failure_probability_D13": (delta / (d * d * p_min * math.sqrt(2))) ** 4,
        "t2": None, "speedup": None,
    }
    if distance is not None:
        t2 = tau_gamma * math.log(distance / delta)
        out["t2"], out["speedup"] = t2, t1 < t2
    return out
