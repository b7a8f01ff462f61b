"""A pydantic validation error -> what the person who typed the file did, and what to do.

The usual mistakes in YAML are worded as they happen: a colour written without quotes (YAML
reads ``#`` as the start of a comment, so the value is empty), a colon inside a list item
(the item becomes a key and a value), a date in another format, a value that should be a
list, or text that does not match the form a field needs.
"""

from __future__ import annotations

from typing import Any

from handouts.content.text import ID_PATTERN, LANGUAGE_PATTERN
from handouts.content.yamlfile import YamlDocument

PATTERN_WORDS = {
    ID_PATTERN: "must be lowercase letters, digits and single hyphens, e.g. silicone-gel",
    r"^https://[^\s<>\"]+$": "must be a web address that starts with https:// and has no spaces",
    LANGUAGE_PATTERN: "must be a language tag such as en-GB, en-US, es or zh-Hans (language in "
    "lowercase, then a script such as Hans or a country such as US, joined by hyphens)",
    r"^[A-Z]{2}$": "must be a two-letter country code in capitals, such as GB or US",
    r"^[A-Z0-9]{1,8}$": "must be up to 8 capital letters or digits, such as HD",
}
Words = tuple[str, str | None]
"""(message, hint) for one mistake; a hint of None leaves the code's own."""


def explain(error: Any, document: YamlDocument, line: int | None) -> Words:
    """The message and hint for one pydantic error."""
    kind, given = error["type"], error.get("input")
    if kind == "string_type" and given is None:
        return _empty(document.text_of_line(line))
    if kind == "string_type" and isinstance(given, dict) and len(given) == 1:
        return _colon_in_text(given)
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        return PATTERN_WORDS.get(pattern, "does not have the form this field needs"), None
    if kind in ("list_type", "model_type", "dict_type"):
        return _shape(kind), None
    if kind == "literal_error":
        return f"must be one of: {error['ctx']['expected']}", None
    if kind in ("int_parsing", "int_type"):
        return f"must be a whole number, such as 2023 (not '{given}')", None
    return str(error["msg"]).removeprefix("Value error, "), None


def _empty(source_line: str) -> Words:
    if ": #" in source_line:
        key, _, value = source_line.partition(": ")
        quoted = f'{key.strip()}: "{value.strip().split()[0]}"'
        return (
            "is empty, because in YAML # starts a comment; a colour must be in quotes",
            f"Write it in quotes: {quoted}",
        )
    return "is empty; write a value, or remove the line", None


def _colon_in_text(given: dict[Any, Any]) -> Words:
    key, value = next(iter(given.items()))
    text = f"{key}: {value}"
    return (
        f"reads as a key and a value, because of the colon in '{text}'",
        f'Put the whole text in quotes: - "{text}"',
    )


def _shape(kind: str) -> str:
    if kind == "list_type":
        return "should be a list: put each item on its own line, starting with '- '"
    return "should hold keys and values, each on its own line under it"
