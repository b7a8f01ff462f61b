"""Untrusted template source -> a jinja2 sandbox that reads only the handout's data and whose
every render is bounded in time and in size.

jinja2's ImmutableSandboxedEnvironment already refuses attributes starting with ``_``, Python
internals, and changes to lists and dicts. On top of it:

- **Attributes.** Text, lists, mappings and numbers offer only a short list of harmless
  methods (``lower``, ``split``, ``items``...); ``str.format``/``format_map`` are refused.
- **Time.** A budget of processor time (``Limits.seconds``) is checked at every loop step,
  call, attribute lookup, operator, filter and piece of output, so a runaway template fails
  even when it prints nothing. Loops are reached by rewriting each ``{% for %}`` to iterate
  through :func:`loop_items`.
- **Size.** No text, list or output may exceed ``Limits.size`` (measured as printed, so a list
  that holds itself twice over counts in full), and one render may build at most
  ``Limits.built`` in total. Growth that would allocate before it could be measured
  (repetition, big powers, ``center``, ``indent``, ``batch``, ``replace``...) is checked from
  its arguments first. ``~``, list, tuple and dict literals are rewritten to go through the
  same checks.
- **Globals.** ``range`` stops at ``Limits.range`` items; ``lipsum`` and the ``random`` and
  ``format`` filters are gone (slow, non-reproducible, or a printf route around the checks).

Runaway recursion ends in Python's own RecursionError, which the caller reports.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer


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
    if isinstance(value, BoundedModule):
        return value._handouts_size
    if isinstance(value, range):
        return len(value)
    return 1


# --------------------------------------------------------------------------- rewritten nodes


def loop_items(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` iterates through this, so each step counts against the clock."""
    spent = current_budget()
    for item in iterable:
        spent.tick()
        yield item


def joined(parts: list[Any]) -> str:
    """``a ~ b``: the same as jinja2's, with the result's length checked before it is built."""
    spent = current_budget()
    texts = [str(part) for part in parts]
    spent.tick()
    spent.charge(_checked_length(sum(map(len, texts)), spent.limits))
    return "".join(texts)


def built(value: Any) -> Any:
    """List, tuple and dict literals: measured, so nesting cannot multiply their size."""
    return current_budget().checked(value)


_REWRITTEN = (loop_items, joined, built)


class _Guard(NodeTransformer):
    """Routes loops, ``~`` and literals through the functions above."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _call("loop_items", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("joined", nodes.List(node.nodes, lineno=node.lineno))

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return _call("built", self.generic_visit(node))

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return _call("built", self.generic_visit(node))

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        self.generic_visit(node)
        return _call("built", node) if node.ctx == "load" else node


def _call(function: str, argument: nodes.Node) -> nodes.Call:
    target = nodes.ImportedName(f"{__name__}.{function}", lineno=argument.lineno)
    return nodes.Call(target, [argument], [], None, None, lineno=argument.lineno)


# --------------------------------------------------------------------------- attributes


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TEXT_METHODS = _names(
    """capitalize casefold count endswith find index isalnum isalpha isdecimal isdigit islower
    isnumeric isspace istitle isupper lower lstrip partition removeprefix removesuffix rfind
    rindex rpartition rsplit rstrip split splitlines startswith strip swapcase title upper"""
)
_SAFE_METHODS: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, _TEXT_METHODS),
    (Mapping, _names("get items keys values")),
    ((list, tuple), _names("count index")),
    ((int, float), _names("")),
)


# --------------------------------------------------------------------------- operators


def _check_binop(operator: str, left: Any, right: Any, limits: Limits) -> None:
    """Refuse an operation whose result would be too big, before Python allocates it."""
    if operator == "%" and isinstance(left, str):
        raise SecurityError("text formatting with % is not available; join text with ~")
    if operator == "+" and _sized(left) and _sized(right):
        _checked_length(len(left) + len(right), limits)
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if _sized(sequence) and isinstance(count, int):
                _checked_length(len(sequence) * count, limits)
    if _is_int(left) and _is_int(right):
        _check_int_growth(operator, left, right, limits)


def _check_int_growth(operator: str, left: int, right: int, limits: Limits) -> None:
    if operator == "*":
        bits = left.bit_length() + right.bit_length()
    elif operator == "**" and right > 0 and abs(left) > 1:
        bits = left.bit_length() * right
    else:
        return
    if bits > limits.int_bits:
        raise RenderLimitError(
            f"this calculation would make a number over {limits.int_bits:,} bits long"
        )


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _checked_length(length: int, limits: Limits) -> int:
    if length > limits.size:
        raise RenderLimitError(
            f"this would make text or a list of {length:,} characters or items; the limit is "
            f"{limits.size:,}"
        )
    return length


# --------------------------------------------------------------------------- filters


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
    _checked_length(size, limits)
    return bound.args, bound.kwargs


# --------------------------------------------------------------------------- environment


class BoundedModule(TemplateModule):
    """An imported template (``{% import %}``), whose text was counted as it was made."""

    def __init__(self, template: jinja2.Template, context: Context, body: list[str]) -> None:
        super().__init__(template, context, body)
        self._handouts_size = sum(map(len, body))


class BoundedTemplate(jinja2.Template):
    """A template whose ``render`` runs inside a budget of time and size."""

    environment: HandoutSandbox

    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget(self.environment.limits):
            return super().render(*args, **kwargs)

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        context = self.new_context(vars, shared, locals)
        body = self.environment.bounded_chunks(self.root_render_func(context))
        return BoundedModule(self, context, body)


class HandoutSandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox with the limits described at the top of this module."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    template_class = BoundedTemplate

    def __init__(self, limits: Limits = DEFAULT_LIMITS, **options: Any) -> None:
        super().__init__(finalize=self.printable, **options)
        self.limits = limits
        self.globals.pop("lipsum", None)
        self.globals["range"] = self.bounded_range
        self.filters = {
            name: bounded_filter(name, function)
            for name, function in self.filters.items()
            if name not in REMOVED_FILTERS
        }

    def add_filters(self, **functions: Callable[..., Any]) -> None:
        self.filters.update({n: bounded_filter(n, f) for n, f in functions.items()})

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Parse, then route loops, ``~`` and literals through the checks before compiling."""
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        _Guard().visit(source)
        source.set_environment(self)
        if raw:
            return super().compile(source, name, filename, raw=True, defer_init=defer_init)
        return super().compile(source, name, filename, defer_init=defer_init)

    def bounded_range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.range:
            raise RenderLimitError(
                f"range() may give at most {self.limits.range:,} numbers, not {len(numbers):,}"
            )
        return numbers

    def printable(self, value: Any) -> Any:
        """Every ``{{ value }}`` is measured before it is turned into text."""
        measure(value, current_budget())
        return value

    def concat(self, chunks: Iterable[str]) -> str:
        """Joins the pieces of a template, block or macro, counting as it goes."""
        return "".join(self.bounded_chunks(chunks))

    def bounded_chunks(self, chunks: Iterable[str]) -> list[str]:
        spent = current_budget()
        pieces, total = [], 0
        for chunk in chunks:
            spent.tick()
            total += len(chunk)
            if total > self.limits.size:
                raise RenderLimitError(
                    f"the template's text would be longer than {self.limits.size:,} "
                    "characters; look for loops that write more than intended"
                )
            pieces.append(chunk)
        spent.charge(total)
        return pieces

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        for kinds, names in _SAFE_METHODS:
            if isinstance(obj, kinds):
                return attr in names
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is not offered at all (it is not on the list of text methods)."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        current_budget().tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        spent = current_budget()
        spent.tick()
        value = super().getitem(obj, argument)
        return spent.checked(value) if isinstance(argument, slice) else value

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        spent = current_budget()
        spent.tick()
        if any(obj is function for function in _REWRITTEN):
            return obj(*args)
        if isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (loop_items(args[0]), *args[1:])
        return spent.checked(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        spent = current_budget()
        spent.tick()
        _check_binop(operator, left, right, self.limits)
        return spent.checked(super().call_binop(context, operator, left, right))
