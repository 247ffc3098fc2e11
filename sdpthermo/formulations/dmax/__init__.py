"""``D_max`` (seed 002, Eq. (10)) as a verified closed form and ``D_max^eps`` (Eq. (11)) with a certificate.
"""
