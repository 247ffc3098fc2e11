"""Symmetry-constrained (strong-symmetry) thermalization, seed 004: the model, its thermodynamics,
the Maxwell-demon circuit and a Lindblad generator with the s-thermal steady state.
"""
