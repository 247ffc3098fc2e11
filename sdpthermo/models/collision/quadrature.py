r"""Panel quadrature over the outgoing kinetic energy ``x = E_out`` of the collision integrals (seed 003).

Writing the momentum integral of Eq. (38) in ``x = p^2/(2m) - Delta_{j'j}`` (the kinetic energy of the
outgoing particle, Appendix B) puts every non-analytic point of every matrix entry on one common set:
channel thresholds of ``s(x + epsilon_{j'})`` sit at ``x = epsilon_l - epsilon_{j'}`` and the lower
limits ``x = max(0, -Delta_{j'j}, -Delta_{k'k})`` of Eq. (38) are Bohr frequencies too.  So the
integration range ``[0, x_max]`` is cut at the non-negative Bohr frequencies and each panel ``[a, b]``
is mapped by

.. math::  x = a + (b - a)\,\sin^4(\pi t/2), \qquad t \in [0, 1],

which turns the endpoint behaviours of the integrands -- ``(x - a)^{\pm 1/4}``, ``(x - a)^{1/2}`` at
an opening channel (``sqrt(p)`` factors, ``1/sqrt(p pi(p))`` of Eq. (38)) and ``(b - x)^{1/2}`` at a
closing one -- into analytic functions of ``t``.  Gauss–Legendre rules with ``n`` and ``2n`` nodes are
compared on each (sub)panel, for all matrix entries at once (max norm), and the panel is bisected in
``t`` until they agree to ``tol``; the ``2n`` result is kept and the sum of the differences is
reported as a (conservative) error estimate.  The tail is cut at ``x_max = (largest Bohr frequency) +
TAIL_EFOLDS / beta`` where the effusion weight has decayed by ``exp(-TAIL_EFOLDS)``.

Examples
--------
>>> import numpy as np
>>> val, err, nodes = integrate(lambda x, w: np.array([w @ (x ** -0.25)]), np.array([0.0, 1.0]))
>>> bool(abs(val[0] - 4 / 3) < 1e-13 and err < 1e-11)
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.polynomial.legendre import leggauss

#: the effusion tail is cut where it has decayed by exp(-TAIL_EFOLDS) (relative 4e-18).
TAIL_EFOLDS: float = 40.0
#: Gauss–Legendre nodes per (sub)panel (the error check uses 2n).
QUAD_NODES: int = 16
#: absolute max-norm agreement of the n- and 2n-node rules required on each (sub)panel.
QUAD_TOL: float = 1e-11
#: a (sub)panel narrower than this in t is accepted as is (its difference still enters the error estimate).
MIN_PANEL_T: float = 2.0**-12
#: breakpoints closer than this (relative to max(1, |x|)) are merged (round-off copies of one Bohr frequency).
BREAKPOINT_MERGE: float = 1e-12

RuleSum = Callable[[np.ndarray, np.ndarray], np.ndarray]


def breakpoints(bohr: np.ndarray, beta: float) -> np.ndarray:
    """``0``, the distinct non-negative Bohr frequencies, and the tail cut ``x_max``."""
    vals = np.sort(np.concatenate([[0.0], np.asarray(bohr, dtype=float).ravel()]))
    vals = vals[vals > 0]
    pts = [0.0]
    for v in vals:
        if v - pts[-1] > BREAKPOINT_MERGE * max(1.0, v):
            pts.append(float(v))
    pts.append(pts[-1] + TAIL_EFOLDS / beta)
    return np.array(pts)


def mapped_rule(a: float, b: float, t0: float, t1: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights in ``x`` of the ``n``-point Gauss–Legendre rule on ``t in [t0, t1]`` (sin^4 map)."""
    t, w = leggauss(n)
    t = t0 + (t1 - t0) * (t + 1.0) / 2.0
    w = w * (t1 - t0) / 2.0
    s, c = np.sin(np.pi * t / 2.0), np.cos(np.pi * t / 2.0)
    x = a + (b - a) * s**4
    return x, w * (b - a) * 2.0 * np.pi * s**3 * c


def integrate(rule_sum: RuleSum, points: np.ndarray, n: int = QUAD_NODES,
              tol: float = QUAD_TOL) -> tuple[np.ndarray, float, int]:
    """Adaptive composite quadrature of an array-valued integrand over ``[points[0], points[-1]]``.

    Parameters
    ----------
    rule_sum : callable
        ``rule_sum(x, w)`` returns ``sum_q w_q f(x_q)`` (an array of any fixed shape), so the caller
        contracts nodes on the fly without storing ``f`` at every node.
    points : ndarray
        Increasing breakpoints; the integrand may be non-analytic only there.
    n, tol : int, float
        Nodes per panel and the per-panel agreement required (max norm).

    Returns
    -------
    value : ndarray
    error : float
        Sum over accepted panels of ``max |Q_n - Q_2n|`` (the kept ``Q_2n`` is far more accurate).
    nodes : int
        Number of integrand evaluations.
    """
    total: np.ndarray | float = 0.0
    err, nodes = 0.0, 0
    for a, b in zip(points[:-1], points[1:]):
        stack = [(0.0, 1.0)]
        while stack:
            t0, t1 = stack.pop()
            q1 = rule_sum(*mapped_rule(a, b, t0, t1, n))
            q2 = rule_sum(*mapped_rule(a, b, t0, t1, 2 * n))
            nodes += 3 * n
            e = float(np.max(np.abs(q2 - q1)))
            if e > tol and t1 - t0 > MIN_PANEL_T:
                tm = (t0 + t1) / 2.0
                stack += [(t0, tm), (tm, t1)]
            else:
                total = total + q2
                err += e
    return np.asarray(total), err, nodes
