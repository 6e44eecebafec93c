"""``python -m pytest_agentbench``: the ``agentbench`` command."""

import sys

from .cli import main

sys.exit(main())
