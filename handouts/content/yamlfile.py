"""YAML file -> plain Python data plus a map from each field path to its line.

The file is read as a stream of parse events and built straight into dicts, lists and text,
without ruamel.yaml's object constructors, so nothing but plain data can come out of it:

- every value is the text exactly as written: ``NO``, ``yes``, ``1:30``, ``010`` and ``1e3``
  stay those characters. The record schema turns text into a number or a date where a field
  wants one; a field that wants text gets what the clinic typed, never a reinterpreted number
  (``emergency_number: 0800`` stays ``0800``, not 800);
- ``null``, ``~`` or nothing at all is None;
- anchors and aliases are refused at the first alias, before anything is expanded, so a
  "billion laughs" file fails in milliseconds;
- tags other than ``!!str`` (``!!python/object``, ``!!binary``, ...) are refused;
- duplicate keys, keys that are not plain text, a second document, nesting deeper than
  ``MAX_DEPTH`` and files over ``MAX_FILE_BYTES`` are errors, each with its line.

``deep_merge`` lays one file's data over another's (a clinic over the one it extends, a
clinic's words in a language over its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.reader import ReaderError

from handouts.content.fields import FieldPath, dotted
from handouts.errors import ContentError, Problem
from handouts.files.read import FileRefused, read_text, resolves_inside

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 20
"""Records nest five levels at most; anything much deeper is a mistake or an attack."""

_TAB_HINT = "Replace the tab at the start of the line with spaces (two per level)."
_SYNTAX_HINT = (
    "Look at the line named and the one before it: each key ends with ':' and a space, list "
    "items start with '- ', and text with ': ' or ' #' in it goes in quotes."
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_ALLOWED_TAGS = frozenset({None, "tag:yaml.org,2002:str"})
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class YamlDocument:
    """A loaded file: its data, and where each field path starts in it."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    source: str = ""
    """The file's text, to quote a line back to the person who wrote it."""

    def text_of_line(self, line: int | None) -> str:
        lines = self.source.splitlines()
        return lines[line - 1] if line and 0 < line <= len(lines) else ""

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def load_yaml(path: Path) -> YamlDocument:
    """Read with ruamel.yaml's C parser where it is installed (the same events and line marks,
    about ten times faster); a file it rejects is read again with the pure-Python parser,
    whose messages say more (the field with a bad character, for instance)."""
    text = _read_text(path)
    try:
        return _load(path, text, YAML(typ="safe", pure=False))
    except ContentError:
        return _load(path, text, YAML(typ="safe", pure=True))


def _load(path: Path, text: str, parser: YAML) -> YamlDocument:
    document = YamlDocument(path, None, {(): 1}, text)
    try:
        document.data = _Builder(document).build(parser.parse(text))
    except MarkedYAMLError as error:
        raise ContentError([_syntax_problem(path, text, error)]) from None
    except ReaderError as error:
        raise ContentError([_reader_problem(path, text, error)]) from None
    except YAMLError as error:
        raise ContentError(
            [Problem("SCHEMA001", path, None, None, f"not valid YAML: {error}")]
        ) from None
    return document


def _read_text(path: Path) -> str:
    try:
        return read_text(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        raise ContentError([_file_problem(path, refused.message, refused.line)]) from None


def _file_problem(path: Path, message: str, line: int | None = None) -> Problem:
    return Problem("SCHEMA001", path, line, None, message)


def _syntax_problem(path: Path, text: str, error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
        message = "this line is indented with a tab, which YAML does not allow"
        return Problem("SCHEMA001", path, line, None, message, _TAB_HINT)
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    return Problem("SCHEMA001", path, line, None, f"YAML syntax error: {what}", _SYNTAX_HINT)


def _reader_problem(path: Path, text: str, error: ReaderError) -> Problem:
    line = text[: error.position].count("\n") + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    message = f"contains the control character U+{code:04X}, which YAML does not allow; delete it"
    return Problem("SCHEMA001", path, line, None, message)


@dataclass
class _Open:
    """A mapping or list being filled, and (for a mapping) the key waiting for its value."""

    value: dict[str, Any] | list[Any]
    path: FieldPath
    key: str | None = None


class _Builder:
    """Parse events -> plain data, recording the line of every key and list item."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.stack: list[_Open] = []
        self.root: Any = None
        self.documents = 0

    def build(self, events: Iterable[Event]) -> Any:
        for event in events:
            self.feed(event)
        return self.root

    def feed(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, AliasEvent):
            self.fail(line, "YAML aliases (*name) are not allowed; write the value out in full")
        if isinstance(event, DocumentStartEvent):
            self.start_document(line)
        elif isinstance(event, NodeEvent):
            self.check_tag(event, line)
            if isinstance(event, ScalarEvent):
                self.scalar(event, line)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                self.open({} if isinstance(event, MappingStartEvent) else [], line)
        elif isinstance(event, CollectionEndEvent):
            self.stack.pop()

    def start_document(self, line: int | None) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(line, "a file holds one record; remove the second '---' and what follows")

    def check_tag(self, event: NodeEvent, line: int | None) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in _ALLOWED_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            self.fail(line, f"YAML tags such as {shown} are not allowed; write plain values")

    def scalar(self, event: ScalarEvent, line: int | None) -> None:
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and isinstance(top.value, dict) and top.key is None
        self.check_surrogates(event.value, line, top, is_key)
        if top is not None and is_key:
            self.key(top, event.value, line)
        else:
            plain = not event.style and event.tag is None  # None (pure parser) or "" (C)
            self.attach(None if plain and event.value in _NULLS else event.value, line)

    def check_surrogates(self, text: str, line: int | None, top: _Open | None, key: bool) -> None:
        """A lone surrogate (from an escape such as ``"\\ud800"``) is half a character:
        nothing downstream can hold it, so it is refused here, with its field."""
        found = _SURROGATE.search(text)
        if found is None:
            return
        where: FieldPath = top.path if top is not None else ()
        if top is not None and not key:
            where = (*where, len(top.value) if isinstance(top.value, list) else str(top.key))
        field = dotted(where) or None
        what = "a key here" if key else "the value"
        message = (
            f"{what} contains U+{ord(found.group()):04X}, half of a broken character "
            "(a lone surrogate); delete it and retype the text around it"
        )
        raise ContentError([Problem("SCHEMA001", self.document.path, line, field, message)])

    def key(self, mapping: _Open, key: str, line: int | None) -> None:
        path = (*mapping.path, key)
        if key in mapping.value:
            first = self.document.lines.get(path)
            self.fail(
                line,
                f"duplicate key '{key}' (first on line {first}); each key may appear once, "
                "delete one of them",
            )
        mapping.key = key
        if line is not None:
            self.document.lines[path] = line

    def open(self, value: dict[str, Any] | list[Any], line: int | None) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is None:
            self.fail(line, "keys must be plain text, not lists or mappings")
        if len(self.stack) >= MAX_DEPTH:
            self.fail(line, f"nested more than {MAX_DEPTH} levels deep; records are flatter")
        self.stack.append(_Open(value, self.attach(value, line)))

    def attach(self, value: Any, line: int | None) -> FieldPath:
        """Put ``value`` in the open mapping or list (or make it the root); return its path."""
        if not self.stack:
            self.root = value
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            path: FieldPath = (*top.path, len(top.value))
            top.value.append(value)
            if line is not None:
                self.document.lines[path] = line
            return path
        assert top.key is not None
        top.value[top.key] = value
        path, top.key = (*top.path, top.key), None
        return path

    def fail(self, line: int | None, message: str) -> NoReturn:
        raise ContentError([Problem("SCHEMA001", self.document.path, line, None, message)])


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else in ``override`` replaces the base value."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_inside(path: Path) -> YamlDocument:
    """``load_yaml``, refusing a file that is a link to one outside its own folder."""
    if not resolves_inside(path, path.parent):
        message = f"is a link to a file outside {path.parent.name}/; copy the file in instead"
        raise ContentError([Problem("SCHEMA001", path, None, None, message)])
    return load_yaml(path)
