"""Formulations of seed 002 §IV and App. D: certified ``D_max`` profiles of the disordered Heisenberg chain.
"""
