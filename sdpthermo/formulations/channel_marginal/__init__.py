"""The channel marginal problem (seed 000, outlook): relaxation upper bounds (PPT, DPS, channel DPS,
phase-covariance reduction), compatibility of marginals, and explicit LOSR lower bounds (see-saw).
"""
