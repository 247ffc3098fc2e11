"""Certificate kinds: every ``Certificate.kind`` of the package, defined once (layer 5).

A kind names the verifier that re-checks a certificate (``@verifier(kinds.NAME)`` in
:mod:`sdpthermo.certify`) and is written into every stored entry.  One style: lowercase words joined
by hyphens.  A kind checked for one question family starts with that family's prefix (``bath-``,
``eplt-``, ``channel-marginal-``, ``collision-``, ``mbl-``, ``sthermal-``); a kind shared by several
families is named after its formulation (``ppt``, ``fef``, ``dps``, ``dmax``, ``diamond``, ...).

Stores written before the kinds took these names hold the older spellings of :data:`LEGACY`;
:func:`canonical` maps them, and the store applies it to every entry it reads, so an older store
still verifies.

Examples
--------
>>> canonical("collision.steady-state") == COLLISION_STEADY_STATE == "collision-steady-state"
True
>>> canonical(PPT), len(ALL) == len(set(ALL))
('ppt', True)
"""

from __future__ import annotations

import re

CONIC = "conic"
PPT = "ppt"
DECOMPOSABLE_WITNESS = "decomposable-witness"
FEF = "fef"
DPS = "dps"
GME_PPT_MIXTURE = "gme-ppt-mixture"
DIAMOND = "diamond"
DMAX = "dmax"
DMAX_SMOOTH = "dmax-smooth"

BATH_BOUNDS = "bath-bounds"
BATH_ESC = "bath-esc"
BATH_OPTIMAL_CHANNEL = "bath-optimal-channel"
BATH_CONVEX_SPLIT = "bath-convex-split"

EPLT_LOSR_ENSEMBLE = "eplt-losr-ensemble"
EPLT_SPEEDUP = "eplt-speedup"
EPLT_BATH_DILATION = "eplt-bath-dilation"

CHANNEL_MARGINAL_BOUND = "channel-marginal-bound"
CHANNEL_MARGINAL_CHANNEL_DPS = "channel-marginal-channel-dps"
CHANNEL_MARGINAL_COMPATIBILITY = "channel-marginal-compatibility"

COLLISION_STEADY_STATE = "collision-steady-state"
COLLISION_EVOLUTION = "collision-evolution"

MBL_DMAX_REGIONS = "mbl-dmax-regions"
MBL_DMAX_PROFILE = "mbl-dmax-profile"
MBL_TRANSITION = "mbl-transition"

STHERMAL_ERGOTROPY = "sthermal-ergotropy"
STHERMAL_ERGOTROPY_GRID = "sthermal-ergotropy-grid"
STHERMAL_GP_MAX_ENERGY = "sthermal-gp-max-energy"

ALL: tuple[str, ...] = tuple(v for k, v in dict(globals()).items() if k.isupper() and isinstance(v, str))
"""Every kind above, in definition order."""

STYLE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""The one spelling of a kind: lowercase words joined by hyphens."""

LEGACY: dict[str, str] = {
    "esc": BATH_ESC,
    "convex-split": BATH_CONVEX_SPLIT,
    "losr-ensemble": EPLT_LOSR_ENSEMBLE,
    "bath-dilation": EPLT_BATH_DILATION,
    "local-thermalization-bound": CHANNEL_MARGINAL_BOUND,
    "local-thermalization-channel-dps": CHANNEL_MARGINAL_CHANNEL_DPS,
    "channel-compatibility": CHANNEL_MARGINAL_COMPATIBILITY,
    "collision.steady-state": COLLISION_STEADY_STATE,
    "collision.evolution": COLLISION_EVOLUTION,
    "dmax-regions": MBL_DMAX_REGIONS,
    "sthermal.ergotropy": STHERMAL_ERGOTROPY,
    "sthermal.ergotropy-grid": STHERMAL_ERGOTROPY_GRID,
    "sthermal.gp-max-energy": STHERMAL_GP_MAX_ENERGY,
}
"""Older spelling -> kind, for certificates stored under the names the kinds had before."""


def canonical(kind: str) -> str:
    """The current name of ``kind`` (itself unless it is an older spelling of :data:`LEGACY`)."""
    return LEGACY.get(kind, kind)


def constant_names(kind: str) -> list[str]:
    """Names of the constants of this module whose value is ``kind`` (after :func:`canonical`)."""
    want = canonical(kind)
    return [k for k, v in globals().items() if k.isupper() and isinstance(v, str) and v == want]
