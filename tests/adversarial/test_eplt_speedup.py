"""Adversarial checks of ``eplt-speedup`` certificates (seed 000 Eq. (D15)-(D17), (22)).

Known value: ``N_delta = floor(x) + 1``, ``x = 8 log2(d^2 P_min sqrt2 / delta)`` (Eq. (D15)), evaluated here in
60-digit decimal arithmetic from the exact float inputs, independently of the verifier's float ``log2``.
The claimed ``N`` is an integer, which the shared harness does not perturb: the variants below change it
by one, make it fractional, and put ``x`` on an integer (``delta = d^2 P_min sqrt2 / 2^k``), where float
roundoff decides between two integers and the verified bracket must hold the exact one.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import sdpthermo
from tests.adversarial.near_tol import check_variants

getcontext().prec = 60


def exact_n(d: int, p_min: float, delta: float) -> int:
    arg = Decimal(d * d) * Decimal(p_min) * Decimal(2).sqrt() / Decimal(delta)
    x = 8 * arg.ln() / Decimal(2).ln()
    return max(0, math.floor(x) + 1)


def variants(cert):
    n = float(np.asarray(cert.primal["N"]))
    for label, v in [("N+1", n + 1), ("N-1", n - 1), ("N+0.5", n + 0.5), ("N*(1+1e-7)", n * (1 + 1e-7)),
                     ("N as given", n)]:
        yield label, replace(cert, primal={"N": np.array(v)})


@pytest.mark.parametrize("d, p_min, delta", [(2, None, 1e-3), (3, 0.05, 1e-4), (4, 0.1, 0.3)])
def test_speedup_never_false(d, p_min, delta):
    r = sdpthermo.solve("eplt.speedup", d=d, P_min=p_min, delta=delta, store=None)
    pm = 2 / d**2 if p_min is None else p_min
    known = exact_n(d, pm, delta)
    assert r.verified and r.lower <= known <= r.upper
    check_variants(variants(r.certificate), r.certificate.kind, known, slack=0.0)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(st.integers(1, 12), st.sampled_from([2, 3, 5]))
def test_integer_boundary_is_bracketed(k, d):
    """``x`` exactly an integer for the real-valued delta: the float delta lands on either side."""
    p_min = 1 / d
    delta = d * d * p_min * math.sqrt(2) / 2**k
    if delta >= 1:
        return
    r = sdpthermo.solve("eplt.speedup", d=d, P_min=p_min, delta=delta, store=None)
    known = exact_n(d, p_min, delta)
    assert r.lower <= known <= r.upper, (k, d, r.lower, known, r.upper)
    check_variants(variants(r.certificate), r.certificate.kind, known, slack=0.0)
