"""jinja2's filters -> the same filters with their result's size estimated before they run
and measured after, and ``format`` and ``random`` removed (a printf route around the checks,
and not reproducible)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from jinja2.exceptions import SecurityError

from handouts.compose.limits import Limits, checked_length, current_budget

REMOVED_FILTERS = frozenset({"format", "random"})


def _estimate_indent(a: dict[str, Any]) -> int:
    text, width = str(a["s"]), a["width"]
    pad = len(width) if isinstance(width, str) else int(width)
    return len(text) + (text.count("\n") + 1) * max(pad, 0)


def _estimate_wordwrap(a: dict[str, Any]) -> int:
    text, width = str(a["s"]), max(int(a["width"]), 1)
    return len(text) + (len(text) // width + 1) * len(a["wrapstring"] or "\n")


def _estimate_replace(a: dict[str, Any]) -> int:
    text, old, new = str(a["s"]), str(a["old"]), str(a["new"])
    found = text.count(old) if old else len(text) + 1
    if a["count"] is not None:
        found = min(found, max(int(a["count"]), 0))
    return len(text) + found * max(len(new) - len(old), 0)


def _estimate_join(a: dict[str, Any]) -> int:
    if not hasattr(a["value"], "__len__"):
        a["value"] = list(a["value"])
    return len(a["value"]) * (len(str(a["d"])) + 1)


def _require_number_start(a: dict[str, Any]) -> int:
    if not isinstance(a["start"], int | float):
        raise SecurityError("sum adds numbers; join lists with + or text with ~")
    return 0


def _estimate_tojson(a: dict[str, Any]) -> int:
    if a["indent"] is not None and not 0 <= int(a["indent"]) <= 16:
        raise SecurityError("tojson indent must be between 0 and 16")
    return 0


# Filter -> estimate of its result's size from its arguments (checked before it runs).
_GROWTH: dict[str, Callable[[dict[str, Any]], int]] = {
    "center": lambda a: max(len(str(a["value"])), int(a["width"])),
    "indent": _estimate_indent,
    "wordwrap": _estimate_wordwrap,
    "replace": _estimate_replace,
    "join": _estimate_join,
    "batch": lambda a: int(a["linecount"]),
    "slice": lambda a: int(a["slices"]),
    "sum": _require_number_start,
    "tojson": _estimate_tojson,
}


@cache
def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its growth checked first and its result measured after (made once
    per filter and process: reading a signature is slow)."""
    if getattr(function, "jinja_async_variant", False):
        function = inspect.unwrap(function)  # the plain version; templates never run async
    estimate = _GROWTH.get(name)
    signature = inspect.signature(function)

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        spent = current_budget()
        spent.tick()
        if estimate is not None:
            args, kwargs = _prechecked(name, signature, estimate, spent.limits, args, kwargs)
        return spent.checked(function(*args, **kwargs))

    return bounded


def _prechecked(
    name: str,
    signature: inspect.Signature,
    estimate: Callable[[dict[str, Any]], int],
    limits: Limits,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments, once the result they would make is known to be small enough."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return args, kwargs  # the filter itself will refuse the same arguments
    bound.apply_defaults()
    try:
        size = estimate(bound.arguments)
    except (TypeError, ValueError, OverflowError):
        raise SecurityError(f"the '{name}' filter cannot use these arguments") from None
    checked_length(size, limits)
    return bound.args, bound.kwargs
