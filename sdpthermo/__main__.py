"""``python -m sdpthermo`` is the ``sdpthermo`` command line."""

import sys

from sdpthermo.cli import main

sys.exit(main())
