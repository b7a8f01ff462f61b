"""YAML file -> plain Python data plus a map from each field path to its line.

ruamel.yaml's round-trip loader keeps node positions, so every later error can name its line.
Only plain types come out (dict, list, str, int, float, bool, None, date); anchors and
aliases are refused (the "billion laughs" expansion needs them), duplicate keys are errors,
and values keep YAML 1.2 meaning, so ``NO`` and ``1:30`` stay strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from handouts.errors import ContentError, Problem

MAX_FILE_BYTES = 512 * 1024
FieldPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A loaded file: its data, and where each field path starts in it."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def load_yaml(path: Path) -> YamlDocument:
    text = _read_text(path)
    _refuse_aliases(path, text)
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as error:
        raise ContentError([_syntax_problem(path, error)]) from None
    except YAMLError as error:
        raise ContentError([Problem(path, None, None, f"not valid YAML: {error}")]) from None
    document = YamlDocument(path, None, {(): 1})
    document.data = _plain(node, (), document)
    return document


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                [
                    Problem(
                        path,
                        None,
                        None,
                        f"file is {size // 1024} KiB; the limit is "
                        f"{MAX_FILE_BYTES // 1024} KiB. Split or shorten it.",
                    )
                ]
            )
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        message = "is not UTF-8 text; save it as UTF-8 in your editor"
        raise ContentError([Problem(path, line, None, message)]) from None
    except OSError as error:
        raise ContentError([Problem(path, None, None, f"cannot read: {error.strerror}")]) from None


def _refuse_aliases(path: Path, text: str) -> None:
    """Stop at the first alias, before any of it is expanded."""
    try:
        for event in YAML(typ="safe").parse(text):
            if isinstance(event, AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else None
                message = "YAML aliases (*name) are not allowed; write the value out in full"
                raise ContentError([Problem(path, line, None, message)])
    except MarkedYAMLError as error:
        raise ContentError([_syntax_problem(path, error)]) from None


def _syntax_problem(path: Path, error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    if "duplicate key" in what:
        what = what.split("\n")[0] + "; each key may appear once, delete one of them"
    return Problem(path, line, None, f"YAML syntax error: {what}")


def _plain(node: Any, path: FieldPath, document: YamlDocument) -> Any:
    """Round-trip node -> plain data, recording the line of every key and item."""
    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            document.lines[child] = node.lc.key(key)[0] + 1
            result[str(key)] = _plain(value, child, document)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            document.lines[(*path, index)] = node.lc.item(index)[0] + 1
            items.append(_plain(value, (*path, index), document))
        return items
    return _scalar(node)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return str(value)
