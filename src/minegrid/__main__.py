"""``python -m minegrid`` is the ``minegrid`` command."""

from minegrid.cli import main

raise SystemExit(main())
