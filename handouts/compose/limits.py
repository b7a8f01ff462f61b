"""Limits of one template render -> a budget that every step of the render is charged to.

A render may use ``Limits.seconds`` of processor time (checked every few steps), make no text,
list or output longer than ``Limits.size`` (measured as printed, so a list that holds itself
twice over counts in full), and build at most ``Limits.built`` characters in total.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace


@dataclass(frozen=True)
class Limits:
    """How much one render may do. The defaults are far above what a handout needs."""

    seconds: float = 2.0
    """Processor time for one render."""
    size: int = 1_000_000
    """Largest text, list or output, in characters (list items count one each)."""
    built: int = 20_000_000
    """Total characters and items one render may build, however short-lived."""
    range: int = 1_000
    """Most items ``range()`` may produce."""
    int_bits: int = 4_096
    """Largest whole number an operator may produce, in bits (about 1,200 digits)."""


DEFAULT_LIMITS = Limits()


class RenderLimitError(SecurityError):
    """A template went over one of its limits; the message says which and what to look for."""


# --------------------------------------------------------------------------- budget


@dataclass
class Budget:
    """What one render has used so far."""

    limits: Limits
    deadline: float
    built: int = 0
    ticks: int = 0

    def tick(self) -> None:
        """Count one step; every 32 steps, compare processor time with the deadline."""
        self.ticks += 1
        if self.ticks % 32 == 0 and time.thread_time() > self.deadline:
            raise RenderLimitError(
                f"the template ran for more than {self.limits.seconds:g} s of processor time; "
                "look for loops inside loops or a macro that calls itself"
            )

    def charge(self, size: int) -> None:
        self.built += size
        if self.built > self.limits.built:
            raise RenderLimitError(
                f"the template built more than {self.limits.built:,} characters in total; "
                "look for text joined or copied inside a loop"
            )

    def checked(self, value: Any) -> Any:
        """``value`` itself, once measured and charged."""
        self.charge(measure(value, self))
        return value


_BUDGET: ContextVar[Budget | None] = ContextVar("handouts_render_budget", default=None)


def current_budget() -> Budget:
    """The budget of the render in progress (outside one: size limits only, no clock)."""
    return _BUDGET.get() or Budget(DEFAULT_LIMITS, float("inf"))


@contextmanager
def budget(limits: Limits) -> Iterator[Budget]:
    """A fresh budget for one render (a render inside a render shares the outer one)."""
    active = _BUDGET.get()
    if active is not None:
        yield active
        return
    fresh = Budget(limits, time.thread_time() + limits.seconds)
    token = _BUDGET.set(fresh)
    try:
        yield fresh
    finally:
        _BUDGET.reset(token)


def measure(value: Any, spent: Budget) -> int:
    """Size of ``value`` as printed: characters, plus one per item. Shared items count each
    time they appear, and the walk stops as soon as the size is over the limit."""
    limit = spent.limits.size
    size, stack = 0, [value]
    while stack:
        size += _own_size(stack.pop(), stack)
        if size > limit:
            raise RenderLimitError(
                f"a value here would be larger than {limit:,} characters; "
                "look for text or lists repeated or nested inside each other"
            )
        spent.tick()
    return size


def _own_size(value: Any, children: list[Any]) -> int:
    """The size of ``value`` itself; its items are pushed onto ``children``."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if isinstance(value, list | tuple | set | frozenset):
        children.extend(value)
        return 1
    if isinstance(value, Mapping):
        children.extend(value.keys())
        children.extend(value.values())
        return 1
    if isinstance(value, Namespace):
        children.append(value._Namespace__attrs)
        return 1
    if isinstance(value, Counted):
        return value.counted_size
    if isinstance(value, range):
        return len(value)
    return 1


class Counted:
    """A value whose size was counted as it was made (an imported template)."""

    counted_size: int = 0


def checked_length(length: int, limits: Limits) -> int:
    """``length``, once it is known to be within the size limit."""
    if length > limits.size:
        raise RenderLimitError(
            f"this would make text or a list of {length:,} characters or items; the limit is "
            f"{limits.size:,}"
        )
    return length
