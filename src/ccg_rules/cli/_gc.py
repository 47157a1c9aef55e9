"""The garbage collector of a one-shot run: off while loading, then on with what was loaded frozen."""

from __future__ import annotations

import gc


def settle_gc() -> None:
    """Turn the cyclic garbage collector back on, leaving out everything alive now.

    A one-shot command line run starts with the collector off: importing the modules and
    loading a ruleset make many long-lived objects and few cycles, and collecting during
    them is wasted work. Once the first document is checked, what is alive (modules,
    classes, the compiled ruleset) lives until the process ends, so it is frozen out of
    every later collection (`gc.freeze`), and the collector runs again for the rest.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
