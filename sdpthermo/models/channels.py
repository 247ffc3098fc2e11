r"""Quantum channels as objects: a Choi matrix with input and output dimensions.

Choi convention (DESIGN.md §7): ``J = sum_ij |i><j| ⊗ Phi(|i><j|)`` on input ⊗ output; a
multipartite channel orders its Choi as ``(A_in B_in ...) ⊗ (A_out B_out ...)``.

Examples
--------
>>> import numpy as np
>>> ident = Channel.from_map(lambda x: x, [2], [2], name="id")
>>> ident.is_cptp()
True
>>> const = Channel.constant(np.diag([0.9, 0.1]), [2])
>>> np.allclose(const.apply(np.diag([0.0, 1.0])), np.diag([0.9, 0.1]))
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sdpthermo.errors import ValidationError
from sdpthermo.linalg.choi import (
    apply_choi,
    choi_of_map,
    compose_choi,
    constant_channel_choi,
    cptp_errors,
    is_cptp,
    kraus_from_choi,
    tensor_choi,
)
from sdpthermo.linalg.tensor import partial_trace


@dataclass(frozen=True)
class Channel:
    """A linear map given by its Choi matrix.

    Attributes
    ----------
    choi : ndarray
        ``(d_in d_out) x (d_in d_out)`` Choi matrix, input ⊗ output.
    dims_in, dims_out : tuple[int, ...]
        Local input and output dimensions (big-endian).
    name : str
        Human-readable label (e.g. ``"E^eps (Eq. 5)"``).
    """

    choi: np.ndarray
    dims_in: tuple[int, ...]
    dims_out: tuple[int, ...]
    name: str = ""

    def __post_init__(self) -> None:
        n = math.prod(self.dims_in) * math.prod(self.dims_out)
        if self.choi.shape != (n, n):
            raise ValidationError("choi", f"shape {self.choi.shape} does not match dims_in {self.dims_in} "
                                  f"and dims_out {self.dims_out}", "pass a (d_in*d_out)-square Choi matrix")

    @property
    def d_in(self) -> int:
        """Input dimension (product of ``dims_in``)."""
        return math.prod(self.dims_in)

    @property
    def d_out(self) -> int:
        """Output dimension (product of ``dims_out``)."""
        return math.prod(self.dims_out)

    @classmethod
    def from_map(cls, phi: Callable[[np.ndarray], np.ndarray], dims_in: Sequence[int],
                 dims_out: Sequence[int], name: str = "") -> Channel:
        """The channel of a linear Python function (evaluated on matrix units)."""
        di, do = tuple(dims_in), tuple(dims_out)
        return cls(choi_of_map(phi, math.prod(di), math.prod(do)), di, do, name)

    @classmethod
    def constant(cls, sigma: np.ndarray, dims_in: Sequence[int], dims_out: Sequence[int] | None = None,
                 name: str = "constant") -> Channel:
        """The replacement channel ``X -> tr(X) sigma`` (``dims_out`` defaults to one output party)."""
        di = tuple(dims_in)
        do = tuple(dims_out) if dims_out is not None else (sigma.shape[0],)
        return cls(constant_channel_choi(sigma, math.prod(di)), di, do, name)

    def apply(self, x: np.ndarray) -> np.ndarray:
        """``Phi(X)``."""
        return apply_choi(self.choi, x, self.d_in, self.d_out)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.apply(x)

    def then(self, other: Channel) -> Channel:
        """``other ∘ self``."""
        if other.d_in != self.d_out:
            raise ValidationError("channel", f"cannot compose: output {self.dims_out} vs input {other.dims_in}")
        return Channel(compose_choi(other.choi, self.choi, self.d_in, self.d_out, other.d_out),
                       self.dims_in, other.dims_out, f"{other.name} ∘ {self.name}")

    def tensor(self, other: Channel) -> Channel:
        """``self ⊗ other`` with Choi ordered (ins) ⊗ (outs)."""
        j = tensor_choi(self.choi, other.choi, self.d_in, self.d_out, other.d_in, other.d_out)
        return Channel(j, self.dims_in + other.dims_in, self.dims_out + other.dims_out,
                       f"{self.name} ⊗ {other.name}")

    def output_marginal(self, keep: Sequence[int]) -> Channel:
        """The map ``X -> tr_{outputs not in keep} Phi(X)`` (all inputs kept)."""
        k_out = len(self.dims_out)
        traced = [1 + i for i in range(k_out) if i not in set(keep)]
        j = partial_trace(self.choi, traced, [self.d_in, *self.dims_out])
        return Channel(j, self.dims_in, tuple(self.dims_out[i] for i in keep), f"tr_rest {self.name}")

    def cptp_errors(self) -> dict[str, float]:
        """Named CP and TP residuals of the Choi matrix (:func:`sdpthermo.linalg.choi.cptp_errors`)."""
        return cptp_errors(self.choi, self.d_in, self.d_out)

    def is_cptp(self, tol: float = 1e-9) -> bool:
        """All CPTP residuals at most ``tol``."""
        return is_cptp(self.choi, self.d_in, self.d_out, tol=tol)

    def kraus(self) -> list[np.ndarray]:
        """Kraus operators of the channel (from the Choi matrix)."""
        return kraus_from_choi(self.choi, self.d_in, self.d_out)


def locally_thermal_error(channel: Channel, gammas: Sequence[np.ndarray]) -> float:
    """Max entrywise deviation of each output marginal map from the constant channel onto ``gammas[k]``.

    Definition 1 (seed 000), condition 2: ``tr_{not k} Phi(rho) = gamma_k`` for every input, i.e. the
    Choi matrix of the marginal map equals ``I_in ⊗ gamma_k``.  Returns ``max_k ||J_k - I ⊗ gamma_k||_max``.
    """
    if len(gammas) != len(channel.dims_out):
        raise ValidationError("gammas", f"need one thermal state per output party ({len(channel.dims_out)})")
    err = 0.0
    for k, g in enumerate(gammas):
        jk = channel.output_marginal([k]).choi
        err = max(err, float(np.max(np.abs(jk - constant_channel_choi(g, channel.d_in)))))
    return err
