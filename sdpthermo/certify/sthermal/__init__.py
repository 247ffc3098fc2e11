"""Verifiers of seed 004: ergotropy of the s-thermalized state (one point and a grid), symmetric GP SDP.
"""
