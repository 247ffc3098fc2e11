"""The quantum channel marginal problem (seed 000, outlook): local-thermalization constraints on
bipartite Choi matrices, the linear compatibility constraints, and symmetric extensions of Choi matrices.
"""
