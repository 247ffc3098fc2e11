r"""Solver-free bounds on the smooth max-relative entropy (seed 002, Eq. (11) = (B2)).

Throughout, ``r`` is the radius of the trace-norm ball ``||rho~ - rho||_1 <= r`` over **normalized**
states ``rho~`` and ``t = 2^{D}``; the pair is given as blocks ``[(rho_b, sigma_b)]`` of a common
block-diagonal structure, with every ``sigma_b`` positive definite (compressed to ``supp sigma``).

**Hypothesis-testing lower bound.**  Let ``f(t) = tr(rho - t sigma)_+ = max_{0<=Q<=I} tr Q(rho - t sigma)``.
If ``rho~ <= t sigma`` and ``||rho~ - rho||_1 <= r`` (both traces 1), then for every ``0 <= Q <= I``

.. math::

    \mathrm{tr}\,Q(\rho - t\sigma) = \mathrm{tr}\,Q(\rho - \tilde\rho) + \mathrm{tr}\,Q(\tilde\rho - t\sigma)
    \le \mathrm{tr}(\rho - \tilde\rho)_+ + 0 = \tfrac12 \|\rho - \tilde\rho\|_1 \le r/2,

so ``f(t) <= r/2``, i.e. ``t >= t_Q := (tr Q rho - r/2) / tr Q sigma`` for every ``Q``; also ``t >= 1``
(``1 = tr rho~ <= t tr sigma``).  Hence ``D_max^eps >= log2 max(1, t_Q)`` with the positive-part
projector ``Q = {rho - t sigma > 0}`` as the certificate.  ``f`` is convex and decreasing, and
``t_Q`` at ``Q = {rho - t_k sigma > 0}`` is exactly the Newton step ``t_{k+1} = t_k + (f(t_k) - r/2)/tr(Q sigma)``
for ``f(t) = r/2``; started at ``t_0 = 1`` the iterates increase monotonically to the root ``t*`` and
each is itself a certified lower bound.

**Feasible point (upper bound).**  With ``rho - t sigma = A_+ - A_-`` at ``t >= t*`` and
``c = f(t) / tr A_-``, the operator ``rho~ = t sigma - (1 - c) A_- = rho - A_+ + c A_-`` has trace 1,
``rho~ <= t sigma`` and ``||rho~ - rho||_1 <= 2 f(t) <= r``.  It is a state (and the lower bound is
then tight) whenever ``rho~ >= 0``: always for commuting pairs, often for full-rank ``rho``; a
rank-deficient ``rho`` can make it fail, and then the bound may leave a gap (closed by the SDP of
:mod:`sdpthermo.formulations.dmax.smooth`).  :func:`mixed_candidates` gives cheap, always-feasible
points for that case.

**Schur-complement point (upper bound, often tight when the spectral point is not a state).**
Write ``rho - t sigma = A_+ - A_-`` and let ``C`` span ``supp A_-`` (``A_- = C Lambda C^†``, ``Lambda > 0``
diagonal) and ``C_+`` its complement.  Every state of the form ``rho~ = t sigma - C (Lambda - T) C^†``
with ``0 <= T <= Lambda`` satisfies ``rho~ <= t sigma``, ``rho~ - rho = -A_+ + C T C^†`` (so
``||rho~ - rho||_1 = f(t) + tr T``) and ``tr rho~ = 1 - f(t) + tr T``.  By the Schur complement
(``sigma_{++} > 0``), ``rho~ >= 0`` iff ``T >= M := Lambda - t sigma~`` with
``sigma~ = sigma_CC - sigma_C+ sigma_++^{-1} sigma_+C``.  The cheapest admissible ``T`` is
``T = M_+`` when ``M_+ <= Lambda`` (else ``T = Lambda^{1/2} (I - t Lambda^{-1/2} sigma~ Lambda^{-1/2})_+ Lambda^{1/2}``,
always ``<= Lambda``); when ``tau = tr T <= f(t) <= r/2`` the remaining mass ``f - tau`` is spread over
``C (Lambda - T) C^†`` (room below ``t sigma``), giving an exactly feasible state with distance ``2 f(t) <= r``
(:func:`schur_point`).  At ``t = t*`` this certifies that the hypothesis-testing bound is the value.
The spectral point is the special case ``T = c Lambda``.

**Commuting pairs** (``rho = diag p``, ``sigma = diag q``): ``f`` is piecewise linear with breakpoints
``p_i/q_i``, the root is found by sorting (water filling, :func:`waterfill`) and the bound is exact.

Examples
--------
>>> import numpy as np
>>> p, q = np.array([0.7, 0.2, 0.1]), np.array([0.2, 0.3, 0.5])
>>> t, pt = waterfill(p, q, 0.2); round(t, 12), pt.round(12).tolist()
(3.0, [0.6, 0.233333333333, 0.166666666667])
>>> tl, _ = hypothesis_lower([(np.diag(p), np.diag(q))], 0.2); round(tl, 12)
3.0
"""

from __future__ import annotations

import math

import numpy as np

from sdpthermo.conventions import EPS_MACHINE
from sdpthermo.info.fidelity import root_fidelity
from sdpthermo.linalg.hermitian import herm, positive_part

Blocks = list[tuple[np.ndarray, np.ndarray]]

#: Newton iterations are capped here (convergence is monotone and superlinear; a few dozen suffice).
NEWTON_MAX_ITERS = 200
#: relative increase of t below which the Newton iteration counts as converged (a few ulps).
NEWTON_RTOL = 16 * EPS_MACHINE
#: number of geometric steps tried above t* when looking for the right-hand point with f(t) <= r/2.
RIGHT_STEPS = 60
#: relative offsets ``t = t_low (1 + delta)`` tried for repaired spectral candidates (13 points, 1e-6 .. 1).
MIXED_DELTAS = np.geomspace(1e-6, 1.0, 13)


def excess(blocks: Blocks, t: float) -> tuple[float, list[np.ndarray], list[tuple[np.ndarray, np.ndarray]]]:
    """``f(t) = tr(rho - t sigma)_+``, the positive-part eigenvectors per block, and all ``(w, V)`` pairs."""
    f = 0.0
    vs, eig = [], []
    for rho, sig in blocks:
        w, v = np.linalg.eigh(herm(rho - t * sig))
        pos = w > 0
        f += float(w[pos].sum())
        vs.append(v[:, pos])
        eig.append((w, v))
    return f, vs, eig


def q_bound(blocks: Blocks, vs: list[np.ndarray], r: float) -> float:
    """``t_Q = (tr Q rho - r/2) / tr Q sigma`` for ``Q = ⊕_b V_b V_b^†`` (``-inf`` when ``tr Q sigma = 0``)."""
    num = sum(float(np.real(np.trace(v.conj().T @ rho @ v))) for (rho, _), v in zip(blocks, vs))
    den = sum(float(np.real(np.trace(v.conj().T @ sig @ v))) for (_, sig), v in zip(blocks, vs))
    return (num - r / 2) / den if den > 0 else -math.inf


def hypothesis_lower(blocks: Blocks, r: float) -> tuple[float, list[np.ndarray] | None]:
    """Largest certified ``t`` of the Newton iteration and its projector bases (None when ``t = 1``).

    Returns ``(t_L, V)`` with ``t_L = max(1, t_Q)`` for ``Q = ⊕ V_b V_b^†``; ``V is None`` means
    the trivial bound ``t >= 1`` is the best (``f(1) <= r/2``, i.e. ``||rho - sigma||_1 <= r``).
    """
    t = 1.0
    f, vs, _ = excess(blocks, t)
    if f <= r / 2:
        return 1.0, None
    best_t, best_v = 1.0, None
    for _ in range(NEWTON_MAX_ITERS):
        tn = q_bound(blocks, vs, r)
        if tn > best_t:
            best_t, best_v = tn, vs
        if not tn > t * (1 + NEWTON_RTOL):
            break
        t = tn
        f, vs, _ = excess(blocks, t)
        if f <= r / 2:
            break
    return best_t, best_v


def right_point(blocks: Blocks, r: float, t_low: float) -> float:
    """Smallest ``t = t_low (1 + 2^k ulp)`` found with ``f(t) <= r/2`` (the root lies in ``[t_low, t]``)."""
    step = NEWTON_RTOL
    for _ in range(RIGHT_STEPS):
        t = t_low * (1 + step)
        if excess(blocks, t)[0] <= r / 2:
            return t
        step *= 2
    return math.inf


def spectral_candidate(blocks: Blocks, t: float) -> tuple[list[np.ndarray], float]:
    """``rho~_b = t sigma_b - (1 - c) A_-,b`` (trace 1, ``<= t sigma``, distance ``2 f(t)``) and its ``lambda_min``."""
    f, _, eig = excess(blocks, t)
    neg_tr = sum(float(np.clip(-w, 0, None).sum()) for w, _ in eig)
    c = f / neg_tr if neg_tr > 0 else 0.0
    out, lmin = [], math.inf
    for (_, sig), (w, v) in zip(blocks, eig):
        am = (v * np.clip(-w, 0, None)) @ v.conj().T
        x = herm(t * sig - (1 - c) * am)
        lmin = min(lmin, float(np.linalg.eigvalsh(x)[0]))
        out.append(x)
    return out, lmin


def schur_slack(sig: np.ndarray, w: np.ndarray, v: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(C, Lambda, T)`` of one block (module docstring, Schur-complement point); ``T <= Lambda``, ``T >= M``."""
    neg = w < 0
    c, cp = v[:, neg], v[:, ~neg]
    lam = -w[neg]
    st = c.conj().T @ sig @ c
    if cp.shape[1]:
        x = c.conj().T @ sig @ cp
        st = st - x @ np.linalg.solve(herm(cp.conj().T @ sig @ cp), x.conj().T)
    m = np.diag(lam) - t * herm(st)
    tt = positive_part(m)
    if lam.size and float(np.linalg.eigvalsh(np.diag(lam) - tt)[0]) < 0:
        s = np.sqrt(lam)
        tt = positive_part(np.eye(lam.size) - t * herm(st) / np.outer(s, s)) * np.outer(s, s)
    return c, lam, herm(tt)


def schur_point(blocks: Blocks, t: float, r: float) -> list[np.ndarray] | None:
    """Exactly feasible ``rho~`` with ``rho~ <= t sigma`` from the Schur-complement construction, or None.

    None when ``f(t) > r/2`` or ``tr T > f(t)`` (the construction then has no room); see the module
    docstring for the proof of feasibility.
    """
    f, _, eig = excess(blocks, t)
    if f > r / 2:
        return None
    parts = [schur_slack(sig, w, v, t) for (_, sig), (w, v) in zip(blocks, eig)]
    tau = sum(float(np.trace(tt).real) for _, _, tt in parts)
    room = sum(float(lam.sum()) - float(np.trace(tt).real) for _, lam, tt in parts)
    if tau > f or room <= 0:
        return None
    c_fill = (f - tau) / room
    out = []
    for (_, sig), (c, lam, tt) in zip(blocks, parts):
        slack = (1 - c_fill) * (np.diag(lam) - tt)
        out.append(herm(t * sig - c @ slack @ c.conj().T))
    return out


def block_ratio(xs: list[np.ndarray], blocks: Blocks) -> float:
    """``2^{D_max(⊕ x_b || ⊕ sigma_b)} = max_b lambda_max(sigma_b^{-1/2} x_b sigma_b^{-1/2})``."""
    best = 0.0
    for x, (_, sig) in zip(xs, blocks):
        w, v = np.linalg.eigh(herm(sig))
        s = v / np.sqrt(w)
        best = max(best, float(np.linalg.eigvalsh(herm(s.conj().T @ x @ s))[-1]))
    return best


def trace_distance_blocks(xs: list[np.ndarray], blocks: Blocks) -> float:
    """``sum_b ||x_b - rho_b||_1``."""
    return sum(float(np.abs(np.linalg.eigvalsh(herm(x - rho))).sum()) for x, (rho, _) in zip(xs, blocks))


def pull_into_ball(xs: list[np.ndarray], blocks: Blocks, r: float, *, margin: float = NEWTON_RTOL,
                   fidelity: float | None = None) -> list[np.ndarray]:
    """Normalized PSD part of ``xs``, mixed towards ``rho`` until ``||rho~ - rho||_1 <= r``.

    With ``fidelity`` the ball is the purified-distance one, ``sum_b F(rho~_b, rho_b) >= fidelity``
    (:func:`sdpthermo.info.fidelity.root_fidelity`; ``r`` unused): ``F`` is concave, so mixing with weight
    ``lam <= (1 - f) / (1 - F)`` reaches it.  The mixing weight stops a relative ``margin`` inside the ball.
    """
    pos = [positive_part(x) for x in xs]
    tr = sum(float(np.real(np.trace(x))) for x in pos)
    pos = [x / tr for x in pos]
    if fidelity is None:
        dist = trace_distance_blocks(pos, blocks)
        lam = 1.0 if dist <= r else r / dist * (1 - margin)
    else:
        fid = sum(root_fidelity(x, rho) for x, (rho, _) in zip(pos, blocks))
        lam = 1.0 if fid >= fidelity else (1 - fidelity) / (1 - fid) * (1 - margin)
    return [herm(lam * x + (1 - lam) * rho) for x, (rho, _) in zip(pos, blocks)]


def mixed_candidates(blocks: Blocks, r: float, t_low: float) -> tuple[float, list[np.ndarray]]:
    """Best cheap feasible point when the spectral candidate is not PSD.

    Returns ``(t_U, rho~)`` with ``t_U = 2^{D_max(rho~||sigma)}``.  Tries the repaired spectral candidates at
    ``t = t_low (1 + delta)`` on a geometric grid of ``delta`` and the straight mixture ``(1 - s) rho + s sigma``
    with ``s = min(1, r / ||rho - sigma||_1)``.
    """
    sig_dist = trace_distance_blocks([s for _, s in blocks], blocks)
    s = min(1.0, r / sig_dist) if sig_dist > 0 else 1.0
    best_x = [herm((1 - s) * rho + s * sig) for rho, sig in blocks]
    best_t = block_ratio(best_x, blocks)
    for delta in MIXED_DELTAS:
        xs, _ = spectral_candidate(blocks, t_low * (1 + delta))
        xs = pull_into_ball(xs, blocks, r)
        tt = block_ratio(xs, blocks)
        if tt < best_t:
            best_t, best_x = tt, xs
    return best_t, best_x


def waterfill(p: np.ndarray, q: np.ndarray, r: float) -> tuple[float, np.ndarray]:
    """Commuting case (``rho = diag p``, ``sigma = diag q > 0``): exact ``t* = 2^{D_max^eps}`` and optimal ``p~``.

    ``f(t) = sum_i (p_i - t q_i)_+`` is piecewise linear; on the segment where it crosses ``r/2``
    with active set ``S = {p_i > t q_i}``, ``t* = (p(S) - r/2) / q(S)``; ``t* = max(1, .)``.  The optimal
    ``p~ = min(p, t* q) + c (t* q - p)_+`` with ``c`` fixing the normalization.
    """
    ratio = p / q
    order = np.argsort(-ratio)
    cp, cq = np.cumsum(p[order]), np.cumsum(q[order])
    br = ratio[order]
    fvals = cp - br * cq  # f(br[k]); nondecreasing in k
    if float(np.clip(p - q, 0, None).sum()) <= r / 2:
        t = 1.0
    else:
        hit = fvals >= r / 2
        k = int(np.argmax(hit)) if hit.any() else len(p)
        # on (br[k], br[k-1]) the active set is order[:k] and f(t) = cp[k-1] - t cq[k-1]
        t = float(br[0]) if k == 0 else max(1.0, (cp[k - 1] - r / 2) / cq[k - 1])
    f = float(np.clip(p - t * q, 0, None).sum())
    room = float(np.clip(t * q - p, 0, None).sum())
    c = f / room if room > 0 else 0.0
    pt = np.minimum(p, t * q) + c * np.clip(t * q - p, 0, None)
    return float(t), pt
