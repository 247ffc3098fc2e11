"""Named tolerances and constants shared by every layer (layer 0).

Conventions (DESIGN.md §7): k_B = hbar = 1; tensor order big-endian A⊗B with
subsystems numbered from 0; partial transpose on the last factor unless named;
Choi matrix ``J = sum_ij |i><j| ⊗ Phi(|i><j|)`` (input ⊗ output, ``tr J = d_in``);
negativity ``N = (||rho^{T_B}||_1 - 1)/2``; D_max in bits; seed 004's entropies in nats.

Examples
--------
>>> from sdpthermo.conventions import TOL_VALIDATE, LN2
>>> TOL_VALIDATE < 1e-6 and abs(LN2 - 0.6931471805599453) < 1e-15
True
"""

from __future__ import annotations

import math

#: natural log of 2: converts nats to bits (bits = nats / LN2).
LN2: float = math.log(2.0)

#: tolerance for input validation: Hermiticity, unit trace, PSD (scaled by the matrix norm).
TOL_VALIDATE: float = 1e-8

#: tolerance for identities that hold in closed form (tests assert at this level).
TOL_CLOSED: float = 1e-10

#: default tolerance at which a certificate is accepted as verified.
TOL_VERIFY: float = 1e-6

#: two levels whose energies differ by less than this (relative) are degenerate (T = 0 ground space).
TOL_DEGENERATE: float = 1e-12

#: numerical zero used when projecting onto eigenspaces (relative to the largest |eigenvalue|).
TOL_RANK: float = 1e-12

#: default solver accuracy requested from SCS / Clarabel.
SOLVER_EPS: float = 1e-9

#: float64 unit roundoff.
EPS_MACHINE: float = 2.220446049250313e-16
