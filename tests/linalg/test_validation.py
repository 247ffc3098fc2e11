"""Bad input gets a ValidationError (a ValueError) naming the parameter and the fix."""

from __future__ import annotations

import numpy as np
import pytest

from sdpthermo.errors import ValidationError
from sdpthermo.linalg import as_density_matrix, check_dims, check_probability_vector, check_real


@pytest.mark.parametrize("bad, words", [
    (np.ones((2, 3)) / 6, "square"),
    (np.array([[0.5, 0.5], [0.0, 0.5]]), "Hermitian"),
    (np.diag([1.5, -0.5]), "positive semidefinite"),
    (np.eye(2), "trace"),
    (np.array([[np.nan, 0], [0, 1]]), "NaN"),
    (np.array([[np.inf, 0], [0, 1]]), "NaN or inf"),
    ([["a", "b"], ["c", "d"]], "numeric"),
])
def test_density_matrix_rejections(bad, words):
    with pytest.raises(ValidationError, match=words) as exc:
        as_density_matrix(bad, "state")
    assert exc.value.param == "state" and isinstance(exc.value, ValueError)


def test_dims_must_multiply_out():
    with pytest.raises(ValidationError, match="multiply to 6") as exc:
        as_density_matrix(np.eye(4) / 4, "state", dims=[2, 3])
    assert exc.value.param == "dims"
    with pytest.raises(ValidationError):
        check_dims([2, 0])
    with pytest.raises(ValidationError, match="2 local dimensions"):
        check_dims([2, 2, 2], parties=2)


def test_scalars_and_probabilities():
    with pytest.raises(ValidationError, match=">= 0"):
        check_real(-1, "T", low=0)
    with pytest.raises(ValidationError, match="finite"):
        check_real(float("nan"), "T", low=0, allow_inf=True)
    assert check_real("inf", "T", low=0, allow_inf=True) == float("inf")
    with pytest.raises(ValidationError, match="sums to"):
        check_probability_vector([0.5, 0.6], "p")
    with pytest.raises(ValidationError, match="length 3"):
        check_probability_vector([0.5, 0.5], "p", length=3)
