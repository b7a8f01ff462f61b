"""Is reportlab's C accelerator in use?

reportlab measures text, formats numbers and escapes strings through a handful of functions
that the ``rl-accel`` package provides in C. Without it, reportlab quietly falls back to Python
versions and every handout takes noticeably longer, so the commands that build say so.
"""

from __future__ import annotations

import inspect


def slow_functions() -> list[str]:
    """reportlab functions running as Python instead of C (empty when all is well)."""
    from reportlab.lib import rl_accel

    return [name for name in rl_accel.__all__ if not inspect.isbuiltin(getattr(rl_accel, name))]


def accelerator_warning() -> str | None:
    """A warning for the terminal, or None when the C accelerator is in use."""
    slow = slow_functions()
    if not slow:
        return None
    return (
        "reportlab's C accelerator is not in use for "
        f"{', '.join(slow)}; handouts will build several times slower. "
        "Reinstall it with: pip install --force-reinstall rl-accel"
    )
