"""Allow ``python -m generator`` as a synonym of the ``cablegen`` command."""

from __future__ import annotations

import sys

from generator.cli import main

sys.exit(main())
