"""Adversarial suite for kind ``conic`` (issue 16 item 5): perturbed certificates never bracket a wrong value.

The instances are the families of tests/conic/families.py, whose optima are known in closed form.
"""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.conic import solve_sdp
from tests.adversarial.perturb import assert_never_false
from tests.conic.families import FAMILIES


@pytest.mark.parametrize("name", ["lambda_max", "lp", "fidelity", "hmin_werner", "diamond_unitaries"])
def test_perturbed_certificates_never_bracket_a_wrong_value(name: str, rng: np.random.Generator) -> None:
    problem, known, kw = FAMILIES[name]()
    r = solve_sdp(problem, store=None, **kw)
    tally = assert_never_false(r.certificate, known, rng, slack=1e-12 * max(1.0, abs(known)))
    assert tally.trials > 40


def test_a_wrong_value_outside_the_interval_is_never_certified(rng: np.random.Generator) -> None:
    """The same harness with a value 1e-5 off: some unperturbed bound must exclude it (the test can fail)."""
    problem, known, _ = FAMILIES["lovasz_c5"]()
    r = solve_sdp(problem, store=None)
    with pytest.raises(AssertionError):
        assert_never_false(r.certificate, known + 1e-5, rng)
