"""Bath-size formulations of seed 002: bounds on ``n_eps`` and the optimal energy-preserving
random-unitary channel.
"""
