"""Entanglement-preserving local thermalizations (seed 000): the EPLT channels, their multipartite,
zero-temperature and bath (Stinespring) forms, and the protocols as explicit LOSR channels.
"""
