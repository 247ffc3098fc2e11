"""Layer 6: solver backends (cvxpy primary, picos cross-check), status map, options."""

from sdpthermo.sdp.options import SolveOptions

__all__ = ["SolveOptions"]
