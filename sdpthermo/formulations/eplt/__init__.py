"""Formulations specific to EPLT questions (seed 000): the static bound of §II.
"""
