"""Verifiers of the channel marginal problem: relaxation bounds, channel DPS and compatibility.
"""
