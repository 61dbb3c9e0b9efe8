"""Run the ``ipsrules`` command: ``python -m ipsrules``."""

from .cli import main

raise SystemExit(main())
