"""Template source -> the same template with loops, ``~``, literals and operators checked.

Each ``{% for %}`` is rewritten to iterate through :func:`loop_items`, so every step counts
against the clock; ``~`` and list, tuple and dict literals go through size checks; an
operator whose result would be too big (repetition, big powers) is refused before Python
allocates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.visitor import NodeTransformer

from handouts.compose.limits import Limits, RenderLimitError, checked_length, current_budget


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
    spent.charge(checked_length(sum(map(len, texts)), spent.limits))
    return "".join(texts)


def built(value: Any) -> Any:
    """List, tuple and dict literals: measured, so nesting cannot multiply their size."""
    return current_budget().checked(value)


REWRITTEN = (loop_items, joined, built)


class Guard(NodeTransformer):
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


def check_binop(operator: str, left: Any, right: Any, limits: Limits) -> None:
    """Refuse an operation whose result would be too big, before Python allocates it."""
    if operator == "%" and isinstance(left, str):
        raise SecurityError("text formatting with % is not available; join text with ~")
    if operator == "+" and _sized(left) and _sized(right):
        checked_length(len(left) + len(right), limits)
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if _sized(sequence) and isinstance(count, int):
                checked_length(len(sequence) * count, limits)
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
