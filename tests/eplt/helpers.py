"""Imports the verifiers and questions the EPLT tests use; ``VERIFIER_MODULES`` are re-imported without a solver."""

from __future__ import annotations

import sdpthermo.certify.dps  # noqa: F401
import sdpthermo.certify.eplt_protocols  # noqa: F401
import sdpthermo.certify.fef  # noqa: F401
import sdpthermo.certify.gme  # noqa: F401
import sdpthermo.registry.entanglement_more  # noqa: F401
import sdpthermo.registry.eplt_more  # noqa: F401

VERIFIER_MODULES = ("fef", "dps", "gme", "eplt_protocols")
REGISTRY_MODULES = ("entanglement_more", "eplt_more")
