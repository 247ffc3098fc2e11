r"""MBL robustness pipeline of seed 002 §IV (Fig. 2) and App. D (Fig. 5) by sector exact diagonalization.

For one realization of the disordered Heisenberg chain (Eq. (19), :mod:`sdpthermo.models.mbl.heisenberg`):

1. **Initial state** ``|Psi(0)>`` (``initial``):

   * ``"neel"``: ``|N> = |up down up down ...>`` (sites ``1, 3, 5, ...`` down, ``n = floor(L/2)`` down spins;
     ``M = 0`` for even ``L``, ``M = 1/2`` for odd ``L``, where the periodic chain has one bond of parallel
     spins between sites ``L-1`` and ``0``);
   * ``"neel-sectors"``: the seed's "variation of the Néel state with support on the sectors ``M = ±1, 0``",
     fixed here as ``(|N> + |N_+> + |N_->)/sqrt(3)`` with ``N_+`` = ``N`` with site 1 flipped up and
     ``N_-`` = ``N`` with site 0 flipped down, ``M = S^z = L/2 - n``: sectors ``M = 0, +1, -1`` for even
     ``L`` and the half-integer sectors ``M = 1/2, 3/2, -1/2`` for odd ``L`` (seed 002 runs ``L = 15``).

2. **Infinite-time average** (Eq. (5)): ``omega = sum_E P_E |Psi><Psi| P_E`` over the eigenspaces
   ``P_E`` of ``H_V``.  Levels of all sectors carrying ``Psi`` are pooled and grouped into exactly
   degenerate eigenspaces (gaps ``<= DEGENERACY_TOL * max(1, max|E|)``); a group spanning several sectors
   keeps its coherence between them.  ``omega`` is held as factors: ``omega = sum_c phi_c phi_c^T`` with
   ``phi_c = P_c Psi`` stored per sector, never as a ``2^L`` matrix.

3. **Temperature**: ``beta`` solves ``tr(H_V e^{-beta H_V})/Z = <Psi|H_V|Psi>`` (Brent's method on an
   expanding bracket; :class:`~sdpthermo.errors.ValidationError` naming ``initial`` when the energy is not
   strictly inside the spectrum, where no finite ``beta`` exists).

4. **Region states** on ``R = {0..|R|-1}``: ``omega_R = Tr_{R^c} omega`` and the thermal reference
   (``thermal``): ``"reduced-hamiltonian"`` ``tau_beta(H_R) = e^{-beta H_R}/Z_R`` (§IV, Fig. 2) or
   ``"reduced-gibbs"`` ``tau_R = Tr_{R^c} e^{-beta H_V}/Z`` (App. D, Fig. 5).

5. ``D_max(omega_R || tau)`` in bits by generalized eigenvalues (Eq. (10), :func:`sdpthermo.info.dmax.dmax_ratio`),
   and the bath-size bound of Theorem 1, ``n_eps <= ceil(2^{D_max} / eps^2)``.

Across realizations :func:`fit_profile` averages ``D_max`` per ``|R|`` (mean and standard error) and fits
``D_max = a + s |R|`` by weighted least squares (weights ``1/SE^2``; ordinary least squares with a
residual-based error when there is a single realization).  The slope ``s`` is the order parameter of Fig. 2
(bottom).

Examples
--------
>>> from sdpthermo.models.mbl.heisenberg import HeisenbergChain
>>> prof = realization_profile(HeisenbergChain.realization(6, 5.0, 0, 0), [1, 2, 3], "neel", "reduced-hamiltonian")
>>> [r.r for r in prof.regions], all(r.dmax >= 0 for r in prof.regions)
([1, 2, 3], True)
>>> fit = fit_profile(np.array([[0.1, 0.2, 0.3], [0.1, 0.4, 0.7]]), [1, 2, 3])   # SE(|R|=1) = 0: unweighted
>>> round(fit.slope, 12), [round(m, 12) for m in fit.mean], fit.weighted
(0.2, [0.1, 0.3, 0.5], False)
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from sdpthermo.errors import ValidationError
from sdpthermo.info.dmax import dmax_ratio
from sdpthermo.models.mbl.heisenberg import HeisenbergChain
from sdpthermo.models.mbl.sectors import SectorBasis, partial_trace_factors

INITIAL_STATES = ("neel-sectors", "neel")
THERMAL_STATES = ("reduced-hamiltonian", "reduced-gibbs")

#: levels closer than this times ``max(1, max|E|)`` belong to one degenerate eigenspace (Eq. (5)).
DEGENERACY_TOL = 1e-10
#: the bracket for ``beta`` is expanded up to ``|beta| <= BETA_MAX``.
BETA_MAX = 1e4

#: one term ``sum_k X_k Y_k^T`` of a factored operator, ``X`` in sector ``bx``, ``Y`` in sector ``by``.
Term = tuple[SectorBasis, np.ndarray, SectorBasis, np.ndarray]


def initial_state(L: int, initial: str) -> dict[int, np.ndarray]:
    """Sector components ``{n: psi_n}`` of ``|Psi(0)>`` (module docstring; any ``L >= 2``).

    >>> {n: v.size for n, v in initial_state(5, "neel-sectors").items()}   # M = 1/2, 3/2, -1/2
    {2: 10, 1: 5, 3: 10}
    """
    if L < 2:
        raise ValidationError("L", f"a Néel state needs at least 2 sites, got {L}", "use L >= 2")
    neel = sum(1 << (L - 1 - i) for i in range(1, L, 2))
    picks = [(L // 2, neel)]
    if initial == "neel-sectors":
        picks += [(L // 2 - 1, neel ^ (1 << (L - 2))), (L // 2 + 1, neel ^ (1 << (L - 1)))]
    out = {}
    for n, s in picks:
        b = SectorBasis(L, n)
        v = np.zeros(b.dim)
        v[b.index(np.array([s]))] = 1.0 / math.sqrt(len(picks))
        out[n] = v
    return out


@dataclass(frozen=True)
class Spectrum:
    """Per-sector eigen-decomposition of ``H_V``: ``{n: (basis, energies, vectors)}`` (vectors as columns)."""

    sectors: dict[int, tuple[SectorBasis, np.ndarray, np.ndarray | None]]

    @classmethod
    def of(cls, chain: HeisenbergChain, vectors: Collection[int] | None = None) -> Spectrum:
        """Diagonalize every sector; eigenvectors only for the sectors in ``vectors`` (all when ``None``)."""
        out: dict[int, tuple[SectorBasis, np.ndarray, np.ndarray | None]] = {}
        for n in range(chain.L + 1):
            b, h = chain.sector(n)
            if vectors is None or n in vectors:
                w, v = np.linalg.eigh(h)
                out[n] = (b, w, v)
            else:
                out[n] = (b, np.linalg.eigvalsh(h), None)
        return cls(out)

    def vectors(self, n: int) -> np.ndarray:
        """Eigenvectors of magnetization sector ``n`` (a ``ValueError`` when only eigenvalues were kept)."""
        v = self.sectors[n][2]
        if v is None:
            raise ValueError(f"sector {n} was diagonalized without eigenvectors")
        return v

    def energies(self) -> np.ndarray:
        """All ``2^L`` eigenvalues (sector by sector)."""
        return np.concatenate([w for _, w, _ in self.sectors.values()])


def time_average(spec: Spectrum, psi: dict[int, np.ndarray]) -> list[Term]:
    """Factors of ``omega = sum_E P_E |Psi><Psi| P_E`` (Eq. (5)), projecting on exactly degenerate eigenspaces."""
    ns = sorted(psi)
    tags = np.concatenate([np.full(spec.sectors[n][1].size, n) for n in ns])
    pooled = np.concatenate([spec.sectors[n][1] for n in ns])
    order = np.argsort(pooled, kind="stable")
    tol = DEGENERACY_TOL * max(1.0, float(np.abs(pooled).max()))
    labels_sorted = np.concatenate([[0], np.cumsum(np.diff(pooled[order]) > tol)])
    labels = np.empty_like(labels_sorted)
    labels[order] = labels_sorted
    groups: dict[int, tuple[SectorBasis, np.ndarray, np.ndarray]] = {}
    for n in ns:
        b, v = spec.sectors[n][0], spec.vectors(n)
        lab = labels[tags == n]  # non-decreasing: eigh sorts each sector's levels
        starts = np.concatenate([[0], np.nonzero(np.diff(lab))[0] + 1])
        groups[n] = (b, lab[starts], np.add.reduceat(v * (v.T @ psi[n]), starts, axis=1))
    terms: list[Term] = []
    for n in ns:
        for n2 in ns:
            b, lab, w = groups[n]
            b2, lab2, w2 = groups[n2]
            shared, i, i2 = np.intersect1d(lab, lab2, return_indices=True)
            if shared.size:
                terms.append((b, w[:, i], b2, w2[:, i2]))
    return terms


def gibbs_factors(spec: Spectrum, beta: float) -> list[Term]:
    """Factors of ``e^{-beta H_V}/Z`` (block diagonal over sectors)."""
    e = spec.energies()
    shift = float(e.min() if beta >= 0 else e.max())
    logz = math.log(float(np.exp(-beta * (e - shift)).sum()))
    out: list[Term] = []
    for n, (b, w, _) in spec.sectors.items():
        f = spec.vectors(n) * np.sqrt(np.exp(-beta * (w - shift) - logz))
        out.append((b, f, b, f))
    return out


def reduce_terms(terms: list[Term], r: int) -> np.ndarray:
    """``Tr_{R^c}`` of a factored operator on ``R = {0..r-1}``."""
    return np.asarray(sum(partial_trace_factors(x, bx, y, by, r) for bx, x, by, y in terms))


def dense_terms(terms: list[Term], L: int) -> np.ndarray:
    """The factored operator on the full ``2^L`` space (small ``L``: tests and cross-checks)."""
    out = np.zeros((2**L, 2**L))
    for bx, x, by, y in terms:
        out[np.ix_(bx.states, by.states)] += x @ y.T
    return out


def gibbs_energy(energies: np.ndarray, beta: float) -> float:
    """``tr(H e^{-beta H})/Z`` from the spectrum (shifted for stability)."""
    shift = float(energies.min() if beta >= 0 else energies.max())
    p = np.exp(-beta * (energies - shift))
    return float(p @ energies / p.sum())


def match_beta(energies: np.ndarray, target: float) -> float:
    """``beta`` with ``gibbs_energy(energies, beta) = target`` (Brent's method, expanding bracket).

    Raises :class:`ValidationError` (naming ``initial``) when ``target`` is not strictly inside
    ``(min E, max E)`` or no bracket is found within ``|beta| <= BETA_MAX``.

    Examples
    --------
    >>> e = np.array([0.0, 1.0])
    >>> b = match_beta(e, 0.25); round(b, 12), abs(gibbs_energy(e, b) - 0.25) < 1e-12
    (1.098612288668, True)
    """
    def f(b: float) -> float:
        return gibbs_energy(energies, b) - target

    lo, hi = -1.0, 1.0
    while f(hi) > 0 and hi < BETA_MAX:
        hi *= 2
    while f(lo) < 0 and lo > -BETA_MAX:
        lo *= 2
    if not (f(lo) > 0 > f(hi)):
        raise ValidationError("initial", f"its energy {target:.6g} has no Gibbs state with |beta| < {BETA_MAX:g} "
                              f"(spectrum [{energies.min():.6g}, {energies.max():.6g}])",
                              "choose an initial state whose energy lies strictly inside the spectrum")
    return float(brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def region_gibbs(chain: HeisenbergChain, beta: float, r: int) -> np.ndarray:
    """``tau_beta(H_R) = e^{-beta H_R}/Z_R`` on ``R = {0..r-1}`` (seed 002 §IV)."""
    w, v = np.linalg.eigh(chain.region_hamiltonian(r))
    p = np.exp(-beta * (w - (w.min() if beta >= 0 else w.max())))
    return (v * (p / p.sum())) @ v.T


def thermal_region_state(chain: HeisenbergChain, spec: Spectrum, beta: float, r: int, thermal: str) -> np.ndarray:
    """``tau_beta(H_R)`` (``"reduced-hamiltonian"``) or ``Tr_{R^c} tau_beta(H_V)`` (``"reduced-gibbs"``, App. D)."""
    if thermal == "reduced-gibbs":
        return reduce_terms(gibbs_factors(spec, beta), r)
    return region_gibbs(chain, beta, r)


@dataclass(frozen=True)
class RegionDmax:
    """``D_max(omega_R || tau)`` (bits) with its witnesses: ``t = 2^{D_max}``, test vector ``v``."""

    r: int
    rho: np.ndarray
    tau: np.ndarray
    t: float
    v: np.ndarray

    @property
    def dmax(self) -> float:
        """``D_max = log2 t`` in bits."""
        return math.log2(self.t)


@dataclass(frozen=True)
class RealizationProfile:
    """One realization: matched ``beta``, initial energy, and ``D_max`` per region."""

    beta: float
    energy: float
    regions: list[RegionDmax]


def realization_profile(chain: HeisenbergChain, regions: list[int], initial: str, thermal: str) -> RealizationProfile:
    """Steps 1–5 of the module docstring for one realization."""
    psi = initial_state(chain.L, initial)
    spec = Spectrum.of(chain, None if thermal == "reduced-gibbs" else psi)
    energy = float(sum((spec.vectors(n).T @ p) ** 2 @ spec.sectors[n][1] for n, p in psi.items()))
    beta = match_beta(spec.energies(), energy)
    omega = time_average(spec, psi)
    out = []
    for r in regions:
        rho = reduce_terms(omega, r)
        tau = thermal_region_state(chain, spec, beta, r, thermal)
        t, v = dmax_ratio(rho, tau)
        out.append(RegionDmax(r, rho, tau, t, v))
    return RealizationProfile(beta, energy, out)


@dataclass(frozen=True)
class ProfileFit:
    """Per-``|R|`` mean and standard error of ``D_max`` (bits) and the fit ``D_max = intercept + slope |R|``."""

    mean: list[float]
    sem: list[float]
    slope: float
    slope_err: float | None
    intercept: float
    weighted: bool


def fit_profile(dmax: np.ndarray, regions: list[int]) -> ProfileFit:
    """Average ``dmax[k, j]`` (realization ``k``, region ``regions[j]``) and fit the slope in ``|R|``.

    Weighted least squares with weights ``1/SE_j^2`` when every ``SE_j > 0`` (slope error
    ``sqrt((X^T W X)^{-1}_{11})``); otherwise ordinary least squares with error ``sqrt(s^2 (X^T X)^{-1}_{11})``,
    ``s^2 = RSS/(#regions - 2)`` (``None`` with two regions).
    """
    d = np.asarray(dmax, dtype=float)
    k = d.shape[0]
    mean = d.mean(axis=0)
    sem = d.std(axis=0, ddof=1) / math.sqrt(k) if k > 1 else np.zeros(d.shape[1])
    x = np.column_stack([np.ones(len(regions)), np.asarray(regions, dtype=float)])
    weighted = bool(np.all(sem > 0))
    wts = 1.0 / sem**2 if weighted else np.ones(len(regions))
    a = x.T @ (wts[:, None] * x)
    coef = np.linalg.solve(a, x.T @ (wts * mean))
    cov = np.linalg.inv(a)
    if weighted:
        err: float | None = math.sqrt(float(cov[1, 1]))
    elif len(regions) > 2:
        rss = float(((mean - x @ coef) ** 2).sum())
        err = math.sqrt(rss / (len(regions) - 2) * float(cov[1, 1]))
    else:
        err = None
    return ProfileFit([float(m) for m in mean], [float(s) for s in sem], float(coef[1]), err, float(coef[0]),
                      weighted)


def n_eps_upper(dmax_bits: float, eps: float) -> int:
    """Theorem 1: ``n_eps <= ceil(2^{D_max}/eps^2)`` copies of the bath suffice (``D_max`` in bits)."""
    return math.ceil(2.0**dmax_bits / eps**2)


@dataclass(frozen=True)
class TransitionEstimate:
    """Slopes ``s(Delta)``, their derivative ``ds/dDelta``, and ``Delta*`` where the derivative peaks."""

    slopes: list[float]
    derivative: list[float]
    delta_star: float
    delta_star_err: float


def _peak(x: np.ndarray, y: np.ndarray) -> float:
    """Location of the maximum of ``y(x)``, refined by the parabola through the top point and its neighbours."""
    i = int(np.argmax(y))
    if 0 < i < len(x) - 1:
        xs, ys = x[i - 1:i + 2], y[i - 1:i + 2]
        a, b, _ = np.polyfit(xs, ys, 2)
        if a < 0:
            return float(np.clip(-b / (2 * a), xs[0], xs[-1]))
    return float(x[i])


def transition_estimate(disorders: list[float], dmax: list[np.ndarray], regions: list[int], *,
                        bootstrap: int = 200, seed: int = 0) -> TransitionEstimate:
    """Finite-size transition estimate from the slope of ``D_max`` in ``|R|`` (seed 002 Fig. 2, bottom and inset).

    For each disorder ``Delta_i`` the slope ``s_i`` comes from :func:`fit_profile` of ``dmax[i]`` (realizations
    x regions); ``ds/dDelta`` is the second-order finite difference on the (possibly non-uniform) grid
    (``numpy.gradient``); ``Delta*`` is the parabolic refinement of its maximum.  The uncertainty is the
    standard deviation of ``Delta*`` over ``bootstrap`` resamplings of the realizations (with replacement,
    independently per disorder; ``np.random.default_rng(seed)``).

    Examples
    --------
    >>> d = [np.array([[0.1 * s * r for r in (1, 2, 3)], [0.1 * s * r + 0.01 for r in (1, 2, 3)]])
    ...      for s in (1.0, 1.2, 2.0, 2.2)]
    >>> round(transition_estimate([1.0, 2.0, 3.0, 4.0], d, [1, 2, 3], bootstrap=10).delta_star, 6)
    2.5
    """
    x = np.asarray(disorders, dtype=float)

    def slopes_of(mats: list[np.ndarray]) -> np.ndarray:
        return np.array([fit_profile(m, regions).slope for m in mats])

    s = slopes_of(dmax)
    ds = np.gradient(s, x)
    star = _peak(x, ds)
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(bootstrap):
        mats = [m[rng.integers(0, m.shape[0], m.shape[0])] for m in dmax]
        boots.append(_peak(x, np.gradient(slopes_of(mats), x)))
    err = float(np.std(boots, ddof=1)) if bootstrap > 1 else float("nan")
    return TransitionEstimate([float(v) for v in s], [float(v) for v in ds], star, err)
