r"""Hamiltonians with a strong symmetry and their s-thermalized states (seed 004, main text).

A strong symmetry splits ``H = ⊕_i H_i`` into invariant sectors ``\mathcal{H}_i`` with projectors
``P_i``.  S-thermalization by a bath at inverse temperature ``beta`` takes an initial state ``rho_0``
to (seed 004, "Symmetry-Constrained Thermalization")::

    rho_SS = ⊕_i p_i omega_i^beta,   p_i = Tr(P_i rho_0),
    omega_i^beta = exp(-beta P_i H P_i) / Tr(P_i exp(-beta H))   restricted to sector i,

while generic thermalization gives ``omega^beta = exp(-beta H)/Z``.  With one sector the two agree.

The symmetry is given either as **sectors** (index sets partitioning the energy levels) or as a
**symmetry operator** ``S`` (normal, ``[S, H] = 0``) whose eigenspaces are the sectors.  Either way
the model stores a joint eigenbasis ``V`` of ``H`` and ``S`` (columns, in the energy basis of the
input levels), the energies in that basis and the sector label of each basis vector; every
s-thermal state is diagonal in it.  ``H = diag(energies)`` in the input basis, ``k_B = 1``.

Examples
--------
>>> import numpy as np
>>> sys = SymmetricSystem.from_sectors([0.0, 0.1, 0.2, 1.0], [[0, 2], [1, 3]])   # parity battery, Fig. 2
>>> p = sys.thermal_sector_weights(1.0)
>>> rho = sys.s_thermalized_state(p, 1.0)            # T0 = T: nothing changes
>>> np.allclose(rho, sys.thermal_state(1.0))
True
>>> sys.n_sectors, sys.sector_indices(0).tolist()
(2, [0, 2])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sdpthermo.conventions import TOL_VALIDATE
from sdpthermo.errors import ValidationError
from sdpthermo.linalg.hermitian import herm, real_if_real
from sdpthermo.linalg.validate import as_density_matrix, as_square_matrix
from sdpthermo.models.states import check_energies, gibbs_populations

#: two eigenvalues of the symmetry operator closer than this (relative to its norm) label one sector.
TOL_SYMMETRY_EIG: float = 1e-8


def _check_beta(beta: float, name: str = "beta") -> float:
    b = float(beta)
    if math.isnan(b) or b < 0:
        raise ValidationError(name, f"must be >= 0 (got {beta}); negative temperatures are not supported",
                              "pass a temperature T >= 0 (beta = 1/T, T = 0 is the ground state)")
    return b


@dataclass(frozen=True)
class SymmetricSystem:
    """A Hamiltonian ``H = diag(levels)`` with a strong symmetry, in a joint eigenbasis.

    Attributes
    ----------
    levels : ndarray
        The input energy levels (``H = diag(levels)`` in the input basis).
    basis : ndarray
        ``d x d`` unitary ``V``; column ``a`` is the joint eigenvector ``|a>`` of ``H`` and the symmetry.
    energies : ndarray
        ``H|a> = energies[a] |a>``.
    labels : ndarray
        Sector index (``0 .. n_sectors-1``) of each joint eigenvector.
    """

    levels: np.ndarray
    basis: np.ndarray
    energies: np.ndarray
    labels: np.ndarray

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_sectors(cls, energies: Sequence[float] | np.ndarray,
                     sectors: Sequence[Sequence[int]]) -> SymmetricSystem:
        """Sectors as index sets partitioning ``range(len(energies))`` (no overlap, no level missing).

        Raises
        ------
        ValidationError
            Naming ``sectors`` when a set is empty, an index is out of range (energies and sectors of
            different sizes), two sectors overlap, or a level belongs to no sector.

        Examples
        --------
        >>> try:
        ...     SymmetricSystem.from_sectors([0, 1, 2], [[0, 1], [1, 2]])
        ... except ValidationError as err:
        ...     print(err.param, "|", err.problem)
        sectors | level 1 is in sectors 0 and 1 (sectors overlap)
        """
        e = check_energies(energies)
        d = e.size
        if isinstance(sectors, (str, bytes)) or not isinstance(sectors, (list, tuple, np.ndarray)) or \
                len(sectors) == 0:
            raise ValidationError("sectors", f"must be a non-empty list of index lists, got {sectors!r}",
                                  "e.g. sectors=[[0, 2], [1, 3]]")
        labels = -np.ones(d, dtype=int)
        for i, sec in enumerate(sectors):
            if isinstance(sec, (str, bytes)) or not isinstance(sec, (list, tuple, np.ndarray)) or len(sec) == 0:
                raise ValidationError("sectors", f"sector {i} must be a non-empty list of level indices, got {sec!r}",
                                      "e.g. sectors=[[0, 2], [1, 3]]")
            for k in sec:
                if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer, float)) or \
                        float(k) != int(k):
                    raise ValidationError("sectors", f"sector {i} holds {k!r}, not a level index",
                                          "use integer indices into energies")
                k = int(k)
                if not 0 <= k < d:
                    raise ValidationError("sectors", f"index {k} in sector {i} is out of range: energies has {d} "
                                          "levels", "energies and sectors must describe the same levels")
                if labels[k] >= 0:
                    raise ValidationError("sectors", f"level {k} is in sectors {labels[k]} and {i} (sectors "
                                          "overlap)", "give each energy level to exactly one sector")
                labels[k] = i
        missing = np.flatnonzero(labels < 0)
        if missing.size:
            raise ValidationError("sectors", f"levels {missing.tolist()} are in no sector",
                                  "the sectors must cover every energy level")
        return cls(levels=e, basis=np.eye(d), energies=e.copy(), labels=labels)

    @classmethod
    def from_symmetry(cls, energies: Sequence[float] | np.ndarray, symmetry: np.ndarray) -> SymmetricSystem:
        """Sectors as the eigenspaces of a normal operator ``S`` commuting with ``H = diag(energies)``.

        Eigenvalues of ``S`` within ``TOL_SYMMETRY_EIG * max(1, ||S||)`` form one sector; sectors are
        ordered by eigenvalue (real part, then imaginary part).

        Examples
        --------
        >>> sys = SymmetricSystem.from_symmetry([0.0, 0.1, 0.2, 1.0], np.diag([1, -1, 1, -1]))
        >>> [sys.energies[sys.sector_indices(i)].tolist() for i in range(2)]   # eigenvalue -1 first
        [[0.1, 1.0], [0.0, 0.2]]
        """
        e = check_energies(energies)
        s = as_square_matrix(symmetry, "symmetry")
        d = e.size
        if s.shape[0] != d:
            raise ValidationError("symmetry", f"is {s.shape[0]}x{s.shape[0]} but energies has {d} levels",
                                  "pass a d x d operator on the same levels")
        scale = max(1.0, float(np.linalg.norm(s, 2)))
        if float(np.max(np.abs(s @ s.conj().T - s.conj().T @ s))) > TOL_VALIDATE * scale ** 2:
            raise ValidationError("symmetry", "is not a normal operator (S S^dag != S^dag S)",
                                  "pass a Hermitian or unitary symmetry operator")
        h = np.diag(e)
        if float(np.max(np.abs(s @ h - h @ s))) > TOL_VALIDATE * scale * max(1.0, float(np.max(np.abs(e)))):
            raise ValidationError("symmetry", "does not commute with H = diag(energies)",
                                  "a strong symmetry must commute with the Hamiltonian")
        if float(np.max(np.abs(s - s.conj().T))) <= TOL_VALIDATE * scale:
            lam, z = np.linalg.eigh(herm(s))
            lam = lam.astype(complex)
        else:
            from scipy.linalg import schur

            t, z = schur(s.astype(complex), output="complex")
            lam = np.diagonal(t)
        groups: list[list[int]] = []
        for a in range(d):
            for g in groups:
                if abs(lam[a] - lam[g[0]]) <= TOL_SYMMETRY_EIG * scale:
                    g.append(a)
                    break
            else:
                groups.append([a])
        groups.sort(key=lambda g: (round(lam[g[0]].real / (TOL_SYMMETRY_EIG * scale)),
                                   round(lam[g[0]].imag / (TOL_SYMMETRY_EIG * scale))))
        cols, energies_joint, labels = [], [], []
        for i, g in enumerate(groups):
            q = z[:, g]
            w, u = np.linalg.eigh(herm(q.conj().T @ h @ q))
            cols.append(q @ u)
            energies_joint.extend(w.tolist())
            labels.extend([i] * len(g))
        v = real_if_real(np.hstack(cols))
        return cls(levels=e, basis=v, energies=np.array(energies_joint), labels=np.array(labels))

    # ------------------------------------------------------------ structure
    @property
    def dim(self) -> int:
        """Hilbert-space dimension."""
        return int(self.levels.size)

    @property
    def n_sectors(self) -> int:
        """Number of symmetry sectors."""
        return int(self.labels.max()) + 1

    @property
    def hamiltonian(self) -> np.ndarray:
        """``H = diag(levels)`` in the input basis."""
        return np.diag(self.levels)

    def sector_indices(self, i: int) -> np.ndarray:
        """Joint-basis indices of sector ``i``."""
        return np.flatnonzero(self.labels == i)

    def projectors(self) -> list[np.ndarray]:
        """Sector projectors ``P_i`` in the input basis (``sum_i P_i = I``)."""
        out = []
        for i in range(self.n_sectors):
            vi = self.basis[:, self.sector_indices(i)]
            out.append(real_if_real(vi @ vi.conj().T))
        return out

    def from_joint(self, populations: np.ndarray) -> np.ndarray:
        """``V diag(populations) V^dag``: a state diagonal in the joint basis, in the input basis."""
        return real_if_real(herm((self.basis * populations) @ self.basis.conj().T))

    # ------------------------------------------------------------ states
    def sector_weights(self, rho0: np.ndarray, name: str = "initial") -> np.ndarray:
        """``p_i = Tr(P_i rho_0)`` of an initial density matrix (validated, named ``name``)."""
        rho = as_density_matrix(rho0, name)
        if rho.shape[0] != self.dim:
            raise ValidationError(name, f"is {rho.shape[0]}x{rho.shape[0]} but energies has {self.dim} levels",
                                  "pass a d x d density matrix on the same levels")
        diag = np.real(np.einsum("ia,ij,ja->a", self.basis.conj(), rho, self.basis))
        return np.clip(np.bincount(self.labels, weights=diag, minlength=self.n_sectors), 0.0, None)

    def thermal_sector_weights(self, beta0: float) -> np.ndarray:
        """``p_i^{beta_0} = Tr(P_i omega^{beta_0})`` of an initial thermal state."""
        g = gibbs_populations(self.energies, _check_beta(beta0, "beta0"))
        return np.bincount(self.labels, weights=g, minlength=self.n_sectors)

    def sector_gibbs_populations(self, beta: float) -> np.ndarray:
        """Joint-basis populations of all ``omega_i^beta`` at once (each sector sums to 1)."""
        b = _check_beta(beta)
        q = np.zeros(self.dim)
        for i in range(self.n_sectors):
            idx = self.sector_indices(i)
            q[idx] = gibbs_populations(self.energies[idx], b)
        return q

    def sector_gibbs_state(self, i: int, beta: float) -> np.ndarray:
        """``omega_i^beta`` as a ``d x d`` state supported on sector ``i`` (input basis)."""
        q = self.sector_gibbs_populations(beta)
        return self.from_joint(np.where(self.labels == i, q, 0.0))

    def s_thermalized_populations(self, p: np.ndarray, beta: float) -> np.ndarray:
        """Joint-basis spectrum ``p_{label(a)} * omega_{label(a)}^beta(a)`` of ``rho_SS``."""
        w = np.asarray(p, dtype=float)
        if w.shape != (self.n_sectors,):
            raise ValidationError("p", f"must have one weight per sector ({self.n_sectors}), got shape {w.shape}")
        return w[self.labels] * self.sector_gibbs_populations(beta)

    def s_thermalized_state(self, p: np.ndarray, beta: float) -> np.ndarray:
        """``rho_SS = ⊕_i p_i omega_i^beta`` (seed 004, "Symmetry-Constrained Thermalization")."""
        return self.from_joint(self.s_thermalized_populations(p, beta))

    def thermal_state(self, beta: float) -> np.ndarray:
        """``omega^beta = exp(-beta H)/Z`` (generic thermalization)."""
        return np.diag(gibbs_populations(self.levels, _check_beta(beta)))
