"""Layer 1: numpy/scipy linear algebra — validation, tensor ops, Hermitian helpers, Choi matrices."""

from sdpthermo.linalg.choi import (
    apply_choi,
    choi_from_kraus,
    choi_of_map,
    compose_choi,
    constant_channel_choi,
    cptp_errors,
    is_cptp,
    kraus_from_choi,
    tensor_choi,
)
from sdpthermo.linalg.hermitian import (
    clip_spectrum,
    herm,
    lambda_max,
    lambda_min,
    negative_part,
    op_norm,
    positive_part,
    real_if_real,
    trace_norm,
)
from sdpthermo.linalg.tensor import kron_all, partial_trace, partial_transpose, permute_systems
from sdpthermo.linalg.validate import (
    as_density_matrix,
    as_finite_array,
    as_hermitian,
    as_psd,
    as_square_matrix,
    check_dims,
    check_probability_vector,
    check_real,
)

__all__ = [
    "apply_choi", "as_density_matrix", "as_finite_array", "as_hermitian", "as_psd", "as_square_matrix",
    "check_dims", "check_probability_vector", "check_real", "choi_from_kraus", "choi_of_map", "clip_spectrum",
    "compose_choi", "constant_channel_choi", "cptp_errors", "herm", "is_cptp", "kraus_from_choi", "kron_all",
    "lambda_max", "lambda_min", "negative_part", "op_norm", "partial_trace", "partial_transpose",
    "permute_systems", "positive_part", "real_if_real", "tensor_choi", "trace_norm",
]
