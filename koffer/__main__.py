"""Run the ``koffer`` command with ``python -m koffer``."""

from koffer.cli import main

raise SystemExit(main())
