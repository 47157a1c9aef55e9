"""Evaluation engines behind one interface (see `ccg_rules.engines.base`)."""

from __future__ import annotations

from typing import Literal, get_args

from ccg_rules.engines.base import Engine
from ccg_rules.errors import EngineError

EngineName = Literal["python", "durable"]
"""The name of an evaluation engine: ``python`` (the default) or ``durable``."""

ENGINE_NAMES: tuple[EngineName, ...] = get_args(EngineName)


def get_engine(name: str = "python") -> Engine:
    """Return the engine called ``name`` (``python`` or ``durable``).

    ``name`` is a plain ``str`` here: this is where a name from outside (a command line,
    a configuration file) is checked at run time.

    Raises:
        EngineError: The name is unknown, or the engine cannot run here.
    """
    if name == "python":
        from ccg_rules.engines.python import PythonEngine

        return PythonEngine()
    if name == "durable":
        from ccg_rules.engines.durable import DurableEngine

        try:
            engine: Engine = DurableEngine()
            return engine
        except EngineError:
            raise
        except Exception as exc:  # the backend's own error types
            raise EngineError(str(exc)) from exc
    raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}")
