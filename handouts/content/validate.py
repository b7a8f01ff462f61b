"""YAML data + a record model -> a validated record, or every problem with its file and line.

pydantic's errors become ``file:line: field.path: message`` in the words of the person who
typed the file: an unknown key names the valid ones and the nearest, a missing field says to
add it.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handouts.content.explain import explain
from handouts.content.fields import FieldPath, dotted
from handouts.content.yamlfile import YamlDocument
from handouts.errors import ContentError, Problem

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate(model: type[ModelT], document: YamlDocument) -> ModelT:
    """Validate ``document`` as ``model``; every error becomes a Problem with its line."""
    if not isinstance(document.data, dict):
        message = "must be a mapping of keys to values (is the file empty?)"
        raise ContentError([Problem("SCHEMA001", document.path, 1, None, message)])
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        problems = [_problem(model, document, e) for e in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(_more(document, len(errors) - MAX_PROBLEMS))
        raise ContentError(problems) from None


def _more(document: YamlDocument, count: int) -> Problem:
    message = f"and {count:,} more problems like these; fix the ones above first"
    return Problem("SCHEMA001", document.path, None, None, message)


MAX_PROBLEMS = 20
"""Problems reported per file: after these, the rest are counted, not listed."""
_NO_SOURCES = "the record has no sources; a handout must say where its information comes from"


def _problem(model: type[BaseModel], document: YamlDocument, error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    line = document.line_of(loc)
    code, (message, hint) = "SCHEMA001", explain(error, document, line)
    if error["type"] == "extra_forbidden":
        message, hint = _unknown_key_message(model, loc), _SPELLING
    elif loc == ("sources",) and error["type"] in ("missing", "too_short"):
        code, message = "SOURCE001", _NO_SOURCES
    elif error["type"] == "missing":
        message, hint = "is required but missing; add it", _what_it_holds(model, loc)
    return Problem(code, document.path, line, dotted(loc) or None, message, hint)


_SPELLING = (
    "Keys are written exactly as the message lists them: fix the spelling, or remove the key."
)


def _what_it_holds(model: type[BaseModel], loc: FieldPath) -> str | None:
    """The schema's own description of a missing field, as what to add."""
    owner = _model_at(model, loc[:-1])
    field = owner.model_fields.get(str(loc[-1])) if owner is not None and loc else None
    if field is None or not field.description:
        return None
    return f"Add '{loc[-1]}:' with {field.description[0].lower()}{field.description[1:]}"


def _unknown_key_message(model: type[BaseModel], loc: FieldPath) -> str:
    valid = _field_names_at(model, loc[:-1])
    close = _meant(str(loc[-1]), valid)
    suggestion = f"Did you mean '{close}'? " if close else ""
    return f"unknown key. {suggestion}Valid keys here: {', '.join(valid)}"


def _meant(key: str, valid: list[str]) -> str | None:
    """The valid key ``key`` was most likely meant to be: a near spelling (``out_hours``),
    else one whose words it all contains (``opening_hours`` -> ``hours``), else the closest
    in spelling."""
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.8)
    words = set(key.lower().replace("-", "_").split("_"))
    whole = [name for name in valid if set(name.split("_")) <= words]
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    found = near or sorted(whole, key=len)[-1:] or close
    return found[0] if found else None


def _field_names_at(model: type[BaseModel], loc: FieldPath) -> list[str]:
    owner = _model_at(model, loc)
    return list(owner.model_fields) if owner is not None else []


def _model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel] | None:
    """The model that holds the fields at ``loc`` (list positions skipped), if any."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _model_in(current.model_fields[part].annotation)
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Source]`` or ``Branding``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
