"""An sdpthermo plugin written against the public API only: two questions, found through the
``sdpthermo.questions`` entry point (``pip install -e examples/plugin``) or ``SDPTHERMO_PLUGINS=thermo_plugin``."""

from thermo_plugin import diamond, min_entropy  # noqa: F401 - importing registers the questions
