"""Seed 004 formulations: symmetric Gibbs-preserving maximal energy and the s-thermal battery.
"""
