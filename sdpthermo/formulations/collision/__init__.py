"""Collision-model formulations (seed 003): the steady state and the evolution of the Poissonian Lindblad
equation (71), each with a certificate the numpy verifier re-checks.
"""
