"""The command line's fast path: a valid document checked without pydantic (see `ccg_rules.fast.check`)."""
