"""Solver-free bounds on the smooth max-relative entropy ``D_max^eps`` (seed 002, Eq. (11) = (B2)):
the hypothesis-testing bound, the low-rank local search, its SQP polish and the factor layout they share.
"""
