r"""The ``U ⊗ U^*`` twirl, seed 000 Eq. (3)–(4).

``T(X) = int dU (U⊗U^*) X (U⊗U^*)^†`` projects onto the commutant spanned by ``P = |Psi+><Psi+|``
and ``I - P``:  ``T(X) = <Psi+|X|Psi+> P + (tr X - <Psi+|X|Psi+>) (I - P)/(d^2 - 1)``.  For a
state this is the isotropic state ``rho_iso(p)`` of Eq. (4) with ``F = <Psi+|rho|Psi+>`` preserved,
``p = (d^2 F - 1)/(d^2 - 1)``.

Examples
--------
>>> import numpy as np
>>> from sdpthermo.models.states import max_entangled
>>> np.allclose(twirl(max_entangled(3), 3), max_entangled(3))
True
>>> twirl_channel(2).is_cptp()
True
"""

from __future__ import annotations

import numpy as np

from sdpthermo.models.channels import Channel
from sdpthermo.models.states import max_entangled, max_entangled_vector


def twirl(x: np.ndarray, d: int) -> np.ndarray:
    """``T(X)`` in closed form (Eq. (3)); linear in ``X``."""
    v = max_entangled_vector(d)
    f = v @ x @ v
    p = max_entangled(d)
    return f * p + (np.trace(x) - f) * (np.eye(d * d) - p) / (d * d - 1)


def twirl_channel(d: int) -> Channel:
    """``T`` as a channel on ``C^d ⊗ C^d``."""
    return Channel.from_map(lambda x: twirl(x, d), [d, d], [d, d], name="T (Eq. 3)")
