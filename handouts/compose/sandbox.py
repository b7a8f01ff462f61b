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

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from handouts.compose.filters import REMOVED_FILTERS, bounded_filter
from handouts.compose.guard import REWRITTEN, Guard, check_binop, loop_items
from handouts.compose.limits import (
    DEFAULT_LIMITS,
    Counted,
    Limits,
    RenderLimitError,
    budget,
    current_budget,
    measure,
)


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


_PRINTABLE = (
    str,
    int,
    float,
    list,
    tuple,
    dict,
    type(None),
    Namespace,
    LoopContext,
    TemplateModule,
)
"""What ``{{ ... }}`` may print: plain data (bool is an int), and jinja2's own namespaces,
loops and imported templates, whose text is the same in every run."""


class BoundedModule(TemplateModule, Counted):
    """An imported template (``{% import %}``), whose text was counted as it was made."""

    def __init__(self, template: jinja2.Template, context: Context, body: list[str]) -> None:
        super().__init__(template, context, body)
        self.counted_size = sum(map(len, body))


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

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        """An imported template, made afresh for every import: jinja2 keeps the first one it
        made, so state a template keeps in it would pass from one handout to the next."""
        keys = ctx.globals_keys - self.globals.keys() if ctx is not None else set()
        parent = {key: ctx.parent[key] for key in keys} if ctx is not None else None
        return self.make_module(parent)


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
        Guard().visit(source)
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
        """Every ``{{ value }}`` is plain data, measured before it is turned into text. A
        function or object would print as its place in memory, different in every run."""
        if not isinstance(value, _PRINTABLE) and not isinstance(value, jinja2.Undefined):
            raise SecurityError(
                f"cannot print {type(value).__name__}: a template prints text, numbers and the "
                "handout's data, not functions or objects (did you forget the brackets of a call?)"
            )
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
        if isinstance(obj, type):
            return False  # dict.update(treatment, ...) would change the record through its type
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
        if any(obj is function for function in REWRITTEN):
            return obj(*args)
        if isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (loop_items(args[0]), *args[1:])
        return spent.checked(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        spent = current_budget()
        spent.tick()
        check_binop(operator, left, right, self.limits)
        return spent.checked(super().call_binop(context, operator, left, right))
