"""A plugin with its own certificate kind and verifier (public API only), for tests/conic/test_plugin.py.

``owntest.square`` returns ``x^2`` with a certificate of kind ``owntest-square`` that its verifier
re-derives exactly; it exists to show that the store serves a plugin's certificate only while the
plugin's verifier is registered.
"""

import numpy as np

import sdpthermo
from sdpthermo.certify.base import finish
from sdpthermo.results import Certificate, Outcome, Status


@sdpthermo.verifier("owntest-square")
def verify_square(cert: Certificate, tol: float):
    x = float(np.asarray(cert.problem["x"]))
    return finish(x * x, x * x, {}, x * x, x * x, tol)


@sdpthermo.question("owntest.square", title="x squared", reference="none", version="1",
                    params=[sdpthermo.Param("x", "float", "a number")])
def square(p, opts):
    cert = Certificate(kind="owntest-square", sense="min", primal={}, dual={}, problem={"x": np.array(p["x"])},
                       convention="value = x^2")
    return Outcome(status=Status.CLOSED_FORM, value=p["x"] ** 2, certificate=cert,
                   verification=verify_square(cert, opts.tol))
