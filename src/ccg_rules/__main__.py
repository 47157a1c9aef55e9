"""``python -m ccg_rules``: the command-line interface."""

from ccg_rules.cli import main

raise SystemExit(main())
