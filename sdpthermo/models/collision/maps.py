r"""Collision maps of seed 003 as tensors ``S^{jk}_{j'k'}`` (Eq. 17) and Choi matrices.

All three maps of Eq. (71) come from one integral over the outgoing kinetic energy ``x`` (Appendix B,
Eq. (B3); equivalent to Eq. (38) by ``x = p^2/(2m) - Delta_{j'j}``):

.. math::

    \mathbb S^{jk}_{j'k'} = \sum_{\alpha=\pm}\int_{x_{\inf}}^\infty dx\;
        \frac{m\,\rho_U(p_1, p_2)}{\sqrt{p_1 p_2}}\;
        s^{(\alpha)}_{j'j}(x + \epsilon_{j'})\,\big[s^{(\alpha)}_{k'k}(x + \epsilon_{k'})\big]^*,
    \qquad p_1 = \sqrt{2m(x + \Delta_{j'j})},\; p_2 = \sqrt{2m(x + \Delta_{k'k})},

``x_inf = max(0, -Delta_{j'j}, -Delta_{k'k})`` (so ``p_1 = p``, ``p_2 = pi(p)`` and
``p_inf^2 = 2m max{0, Delta_{j'j}, Delta_{j'j} - Delta_{k'k}}`` of Eq. (38)).

* ``exact`` — Eq. (38) with the incident state Eq. (41), in the eigenbasis of ``H(eps)``;
* ``narrow`` — Eq. (45): ``rho_U(p, pi(p)) -> mu_eff(p)`` when ``Delta_{j'j} = Delta_{k'k}`` and 0
  otherwise (Eq. 44); a TIO map (Eq. 22) with Kraus operators Eq. (46);
* ``local`` — Eqs. (54)–(56): the narrow formula with the energies ``epsilon^(0) = h n`` of ``H(0)`` in
  the local basis, i.e. Eq. (38) at ``eps = 0`` under assumption (48) (inter-band coherence terms
  dropped).  Note: at the paper's ``sigma_p = 0.5``, ``m = 0.1`` the weight ``exp(-(p - pi(p))^2 /
  (2 sigma_p^2))`` of those terms is ~0.5 at thermal momenta, so the *exact* map at ``eps -> 0`` keeps
  them and converges to ``S(0, sigma_p)`` of Eq. (38), not to (54)–(56); their effect on the dynamics
  (71) is averaged out by the rotation at Bohr frequencies ~h.

Two Bohr frequencies are "equal" (Eqs. 22, 44, 45) when they differ by less than ``BOHR_TOL *
max(1, max|epsilon|)``.  Tensor index order: ``S[j, k, j', k']`` (input ``|j><k|``, output
``|j'><k'|``); Choi ``J[(j, j'), (k, k')] = S^{jk}_{j'k'}`` (input ⊗ output, ``tr J = d``).

Examples
--------
>>> cm = collision_map(1, h=4.0, eps=0.0, g=50.0, m=0.1, beta=0.1, sigma_p=0.5, kind="narrow")
>>> errs = cm.channel.cptp_errors(); bool(errs["tp"] < 1e-12 and errs["cp"] < 1e-12)
True
>>> bool(cm.quad_error < 1e-9)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.models.channels import Channel
from sdpthermo.models.collision.chain import chain_spectrum, check_chain, excitation_numbers, probe_coupling
from sdpthermo.models.collision.incident import effusion, incident_kernel
from sdpthermo.models.collision.quadrature import QUAD_NODES, QUAD_TOL, breakpoints, integrate, mapped_rule
from sdpthermo.models.collision.scattering import scattering_matrices

MAP_KINDS = ("exact", "narrow", "local")
#: two Bohr frequencies differing by less than BOHR_TOL * max(1, max|epsilon_j|) are equal (Eqs. 22, 44).
BOHR_TOL: float = 1e-9
#: cap on the number of tensor entries times nodes contracted at once (memory ~ 16 bytes each).
CHUNK_ENTRIES: int = 2**21


def check_map_params(g: float, m: float, beta: float, sigma_p: float, kind: str) -> None:
    """Validate the bath/particle parameters and the map kind."""
    if not np.isfinite(g):
        raise ValidationError("g", f"must be finite, got {g!r}", "pass the contact strength g of Eq. (65)")
    if not (np.isfinite(m) and m > 0):
        raise ValidationError("m", f"must be a finite positive mass, got {m!r}", "pass m > 0")
    if not (np.isfinite(beta) and beta > 0):
        raise ValidationError("beta", f"must be a finite positive inverse temperature, got {beta!r}",
                              "pass beta > 0 (the effusion distribution Eq. (40) needs T < inf)")
    if not (np.isfinite(sigma_p) and sigma_p > 0):
        raise ValidationError("sigma_p", f"must be a finite positive momentum width, got {sigma_p!r}",
                              "pass sigma_p > 0 (the narrow limit sigma_p -> 0 is map='narrow')")
    if kind not in MAP_KINDS:
        raise ValidationError("map", f"unknown map {kind!r}", f"use one of {list(MAP_KINDS)}")


def bohr_equal(energies: np.ndarray) -> np.ndarray:
    """Boolean ``[j', j, k', k]``: ``Delta_{j'j} = Delta_{k'k}`` within ``BOHR_TOL``."""
    dm = energies[:, None] - energies[None, :]
    tol = BOHR_TOL * max(1.0, float(np.max(np.abs(energies))))
    return np.abs(dm[:, :, None, None] - dm[None, None, :, :]) <= tol


def collision_tensor(energies: np.ndarray, coupling: np.ndarray, *, g: float, m: float, beta: float,
                     sigma_p: float, narrow: bool, n: int = QUAD_NODES,
                     tol: float = QUAD_TOL) -> tuple[np.ndarray, float, int]:
    """``S[j, k, j', k']`` of Eq. (38) (``narrow=False``) or Eq. (45) (``narrow=True``).

    Parameters
    ----------
    energies, coupling : ndarray
        System energies ``epsilon_j`` and ``V = sigma_x^(1)`` in the same basis (real symmetric).
    g, m, beta, sigma_p : float
        Contact strength, mass, inverse temperature, momentum width of Eq. (41) (unused if ``narrow``).
    n, tol : int, float
        Quadrature nodes per panel and per-panel tolerance (:func:`.quadrature.integrate`).

    Returns
    -------
    tensor : ndarray
        Shape ``(d, d, d, d)``.
    error : float
        Quadrature error estimate (max-norm over entries).
    nodes : int
        Integrand evaluations.
    """
    d = energies.size
    same = bohr_equal(energies).reshape(d * d, d * d) if narrow else None

    def block(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        e = x[:, None] + energies[None, :]                       # total energy for each outgoing j'
        s_plus, s_minus, open_ = scattering_matrices(e, energies, coupling, m, g)
        rows = np.arange(d)
        amp = np.stack([s_plus[:, rows, rows, :], s_minus[:, rows, rows, :]], axis=1)   # (q, a, j', j)
        kin = x[:, None, None] + energies[None, :, None] - energies[None, None, :]       # p1^2/(2m)
        p = np.sqrt(np.maximum(2.0 * m * kin, 0.0)).reshape(x.size, d * d)
        pair = amp.reshape(x.size, 2, d * d)
        outer = np.einsum("qau,qav->quv", pair, pair.conj())
        p1, p2 = p[:, :, None], p[:, None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            if same is not None:
                rho = np.where(same, effusion((p1 + p2) / 2.0, beta, m), 0.0)
            else:
                rho = incident_kernel(p1, p2, beta, m, sigma_p)
            wt = np.where((p1 > 0) & (p2 > 0), m * rho / np.sqrt(p1 * p2), 0.0)
        return np.tensordot(w, wt * outer, axes=(0, 0))

    def rule_sum(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        step = max(1, CHUNK_ENTRIES // d**4)
        return np.asarray(sum(block(x[i:i + step], w[i:i + step]) for i in range(0, x.size, step)))

    flat, err, nodes = integrate(rule_sum, breakpoints(energies[:, None] - energies[None, :], beta), n, tol)
    tensor = flat.reshape(d, d, d, d).transpose(1, 3, 0, 2)      # [j'j, k'k] -> [j, k, j', k']
    return np.ascontiguousarray(tensor), err, nodes


def choi_from_tensor(tensor: np.ndarray) -> np.ndarray:
    """``J[(j, j'), (k, k')] = S^{jk}_{j'k'}``."""
    d = tensor.shape[0]
    return tensor.transpose(0, 2, 1, 3).reshape(d * d, d * d)


def rotate_tensor(tensor: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Tensor of ``X -> U Phi(U^dag X U) U^dag`` (``U`` unitary): e.g. eigenbasis -> local basis."""
    t = np.einsum("aj,jklm->aklm", u.conj(), tensor)
    t = np.einsum("bk,aklm->ablm", u, t)
    t = np.einsum("cl,ablm->abcm", u, t)
    return np.einsum("dm,abcm->abcd", u.conj(), t)


@dataclass(frozen=True)
class CollisionMap:
    """A collision map: its tensor in the basis where it was built, and that basis.

    Attributes
    ----------
    kind : str
        ``"exact"``, ``"narrow"`` or ``"local"``.
    tensor : ndarray
        ``S^{jk}_{j'k'}`` in the columns of ``basis`` (eigenbasis of ``H(eps)``, or the local basis
        for ``"local"``).
    basis : ndarray
        Orthogonal matrix whose columns are the basis vectors in the local basis.
    energies : ndarray
        Energies used in the scattering problem (``epsilon_j``, or ``h n`` for ``"local"``).
    quad_error, nodes : float, int
        Quadrature error estimate and number of integrand evaluations.
    """

    kind: str
    tensor: np.ndarray
    basis: np.ndarray
    energies: np.ndarray
    quad_error: float
    nodes: int

    @property
    def dim(self) -> int:
        """Dimension ``d`` of the system the map acts on."""
        return self.tensor.shape[0]

    @property
    def local_tensor(self) -> np.ndarray:
        """``S`` in the local basis ``|s_1 .. s_N>``."""
        return rotate_tensor(self.tensor, self.basis)

    @property
    def channel(self) -> Channel:
        """The map as a :class:`~sdpthermo.models.channels.Channel` in the local basis (qubits ⊗)."""
        n = int(round(np.log2(self.dim)))
        return Channel(choi_from_tensor(self.local_tensor), (2,) * n, (2,) * n, name=f"S_{self.kind}")

    def tensor_in(self, basis: np.ndarray) -> np.ndarray:
        """``S`` in another orthonormal basis (columns in the local basis), e.g. ``H(eps)``'s eigenbasis."""
        return rotate_tensor(self.local_tensor, basis.conj().T)


@lru_cache(maxsize=32)
def collision_map(N: int, h: float, eps: float, *, g: float, m: float, beta: float, sigma_p: float,
                  kind: str) -> CollisionMap:
    """Build the ``kind`` collision map of the chain ``H(eps)`` (Eq. 64) bombarded on qubit 1 (Eq. 65).

    Parameters
    ----------
    N, h, eps : int, float, float
        Chain of Eq. (64).
    g, m, beta, sigma_p : float
        Contact strength (Eq. 65), particle mass, bath inverse temperature (Eq. 40), momentum width
        (Eq. 41; ignored by ``"narrow"`` and ``"local"``, which are its ``sigma_p -> 0`` forms).
    kind : str
        ``"exact"`` (Eq. 38), ``"narrow"`` (Eq. 45) or ``"local"`` (Eqs. 54–56).
    """
    check_chain(N, h, eps)
    check_map_params(g, m, beta, sigma_p, kind)
    if kind == "local":
        energies = h * excitation_numbers(N).astype(float)
        basis = np.eye(2**N)
    else:
        sp = chain_spectrum(N, h, eps)
        energies, basis = sp.energies, sp.vectors
    coupling = basis.T @ probe_coupling(N) @ basis
    tensor, err, nodes = collision_tensor(energies, coupling, g=g, m=m, beta=beta, sigma_p=sigma_p,
                                          narrow=kind != "exact")
    return CollisionMap(kind=kind, tensor=tensor, basis=basis, energies=energies, quad_error=err, nodes=nodes)


#: narrow_kraus stores K d^2 complex entries (K ~ 2 * (#Bohr frequencies) * (#nodes)); it is limited to N <= 2
#: (N = 2: K ~ 5e3 operators of size 4x4, ~1 MB; N = 3 would be ~1e5 operators, ~1e2 MB).
KRAUS_MAX_N: int = 2


def _bohr_classes(energies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct Bohr frequencies ``omega`` (within ``BOHR_TOL``) and the class ``[j', j]`` of ``Delta_{j'j}``."""
    dm = energies[:, None] - energies[None, :]
    tol = BOHR_TOL * max(1.0, float(np.max(np.abs(energies))))
    flat = dm.ravel()
    order = np.argsort(flat, kind="stable")
    label = np.empty(flat.size, dtype=int)
    reps: list[float] = []
    for idx in order:
        if not reps or flat[idx] - reps[-1] > tol:
            reps.append(float(flat[idx]))
        label[idx] = len(reps) - 1
    return np.array(reps), label.reshape(dm.shape)


def narrow_kraus(N: int, h: float, eps: float, *, g: float, m: float, beta: float, nodes_per_panel: int = 48,
                 subpanels: int = 1, with_omega: bool = False) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    r"""Discretized Kraus operators Eq. (46) of the narrow-packet map Eq. (45), in the eigenbasis of ``H(eps)``.

    Eq. (46) labels the Kraus operators by ``alpha = ±``, the incident momentum ``p`` and a Bohr frequency
    ``omega``: ``<j'|M_{alpha,p,omega}|j> = sqrt(mu_eff(p)) s^(alpha)_{j'j}(E_p + epsilon_j)
    delta_{Delta_{j'j}, omega}``.  With the outgoing kinetic energy ``x = p^2/(2m) - omega`` (as in
    :func:`collision_tensor`; ``dp = m dx / p``) and a *fixed* composite quadrature ``(x_q, w_q)`` --
    ``nodes_per_panel`` Gauss–Legendre nodes on each of ``subpanels`` equal ``t``-pieces of every panel
    of :func:`.quadrature.breakpoints`, sin^4-mapped (:func:`.quadrature.mapped_rule`) -- the family is

    .. math::

        \big(M_{\alpha,q,\omega}\big)_{j'j} = \sqrt{w_q\,\frac{m\,\mu_{\rm eff}(p_q)}{p_q}}\;
            s^{(\alpha)}_{j'j}(x_q + \epsilon_{j'})\;[\Delta_{j'j} = \omega],
        \qquad \frac{p_q^2}{2m} = x_q + \omega,\quad \frac{m\,\mu_{\rm eff}(p)}{p} = \beta e^{-\beta p^2/(2m)},

    so that ``sum_{alpha,q,omega} M rho M^dag`` is the quadrature sum of Eq. (45) (the same integrand as
    ``collision_map(..., kind="narrow")``).  Measured at the paper's parameters (``h = 4, g = 50, m = beta
    = 0.1``), ``N = 1, 2``, ``eps in {0, 1e-3, 0.1}``: max-norm tensor difference to the adaptive narrow map
    and ``||sum M^dag M - I||_max`` are ~5e-5 / 1e-8 / 3e-12 / 5e-15 at 16 / 24 / 32 / 48 (default) nodes per
    panel; ``K`` = 480 (``N = 1``), 768 (``N = 2, eps = 0``: degenerate Bohr frequencies merge), 3360
    (``N = 2, eps > 0``).  Each operator connects only levels with ``Delta_{j'j} =
    omega``, i.e. ``[H, M] = omega M`` (TIO, Eqs. 22–23).  Operators that vanish (closed channels
    ``x_q + omega <= 0`` or an omega class without open entries) are dropped.

    Parameters
    ----------
    N, h, eps : int, float, float
        Chain of Eq. (64); ``N <= KRAUS_MAX_N`` (memory ``16 K d^2`` bytes, ~1 MB at ``N = 2``).
    g, m, beta : float
        Contact strength, particle mass, bath inverse temperature.
    nodes_per_panel, subpanels : int
        The fixed rule: ``nodes_per_panel`` nodes on each of ``subpanels`` pieces of each panel.
    with_omega : bool
        Also return the Bohr frequency of each operator.

    Returns
    -------
    kraus : ndarray
        Shape ``(K, d, d)``, ``K <= 2 * (#omega) * (#nodes)``.
    omega : ndarray
        Shape ``(K,)`` (only if ``with_omega``).

    Examples
    --------
    >>> kr = narrow_kraus(1, 4.0, 0.1, g=50.0, m=0.1, beta=0.1)
    >>> kr.shape, bool(np.abs(np.einsum("kij,kil->jl", kr.conj(), kr) - np.eye(2)).max() < 1e-13)
    ((480, 2, 2), True)
    >>> ref = collision_map(1, 4.0, 0.1, g=50.0, m=0.1, beta=0.1, sigma_p=0.5, kind="narrow").tensor
    >>> bool(np.abs(tensor_from_kraus(kr) - ref).max() < 1e-13)
    True
    """
    check_chain(N, h, eps)
    check_map_params(g, m, beta, 1.0, "narrow")
    if N > KRAUS_MAX_N:
        raise ValidationError("N", f"narrow_kraus is limited to N <= {KRAUS_MAX_N} (memory), got {N}",
                              "use collision_map(..., kind='narrow') for the map itself")
    if int(nodes_per_panel) < 1 or int(subpanels) < 1:
        raise ValidationError("nodes_per_panel", "nodes_per_panel and subpanels must be >= 1")
    sp = chain_spectrum(N, h, eps)
    energies, basis = sp.energies, sp.vectors
    coupling = basis.T @ probe_coupling(N) @ basis
    d = energies.size
    omegas, label = _bohr_classes(energies)
    pts = breakpoints(energies[:, None] - energies[None, :], beta)
    cuts = np.linspace(0.0, 1.0, int(subpanels) + 1)
    rules = [mapped_rule(a, b, t0, t1, int(nodes_per_panel))
             for a, b in zip(pts[:-1], pts[1:]) for t0, t1 in zip(cuts[:-1], cuts[1:])]
    x = np.concatenate([r[0] for r in rules])
    w = np.concatenate([r[1] for r in rules])
    s_plus, s_minus, _ = scattering_matrices(x[:, None] + energies[None, :], energies, coupling, m, g)
    rows = np.arange(d)
    amp = np.stack([s_plus[:, rows, rows, :], s_minus[:, rows, rows, :]], axis=1)       # (q, a, j', j)
    kin = x[:, None] + omegas[None, :]                                                   # (q, omega)
    weight = np.where(kin > 0, w[:, None] * beta * np.exp(-beta * np.maximum(kin, 0.0)), 0.0)
    masks = (label[None, :, :] == np.arange(omegas.size)[:, None, None]).astype(float)  # (omega, j', j)
    ops = np.sqrt(weight)[:, None, :, None, None] * amp[:, :, None] * masks[None, None]   # (q, a, omega, j', j)
    omega_of = np.broadcast_to(omegas[None, None, :], ops.shape[:3]).reshape(-1)
    ops = ops.reshape(-1, d, d)
    keep = np.max(np.abs(ops), axis=(1, 2)) > 0
    return (ops[keep], omega_of[keep]) if with_omega else ops[keep]


def tensor_from_kraus(kraus: np.ndarray) -> np.ndarray:
    """``S[j, k, j', k'] = sum_l M_l[j', j] conj(M_l[k', k])`` (the map ``rho -> sum_l M_l rho M_l^dag``)."""
    return np.einsum("laj,lbk->jkab", kraus, kraus.conj())
