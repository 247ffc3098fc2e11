"""Verifier of the generic ``conic`` certificate (any cvxpy LP/SOCP/SDP) and its cone geometry.
"""
