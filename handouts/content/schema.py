"""Record models -> JSON Schemas that editors use to check YAML files as staff type.

The schemas come from the pydantic models, so each field's description, type, limits and
required keys are the ones ``handouts build`` and ``handouts check`` apply. Written as
``treatment.schema.json`` and ``clinic.schema.json`` (JSON Schema draft 2020-12).

A clinic file with ``extends`` inherits every setting it leaves out, down to single keys such
as ``contact.phone``, so for such a file the clinic schema requires only ``id``: it checks the
keys and types of what is there against a copy of the definitions with nothing required.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts.content.clinic import Clinic, ClinicWords
from handouts.content.treatment import Treatment
from handouts.errors import HandoutsError
from handouts.files.write import write_atomic

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "treatment": (Treatment, "A treatment record: data/treatments/<id>.yaml"),
    "clinic": (Clinic, "A clinic: templates/<clinic-id>/clinic.yaml"),
    "clinic-words": (
        ClinicWords,
        "A clinic's words in one more language: templates/<clinic-id>/clinic.<language>.yaml",
    ),
}
_DEFS = "#/$defs/"
_PARTIAL = "Partial"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema for ``name`` (``treatment``, ``clinic`` or ``clinic-words``)."""
    model, title = MODELS[name]
    schema = model.model_json_schema(mode="validation")
    if "extends" in model.model_fields:
        schema = _branches_inherit(schema)
    return {"$schema": DIALECT, "$id": file_name(name), **schema, "title": title}


def _branches_inherit(schema: dict[str, Any]) -> dict[str, Any]:
    """Full rules for a file without ``extends``; for one with it, the same keys, none needed."""
    definitions = schema.pop("$defs", {})
    name = schema["title"]
    definitions[name] = schema
    partial = {_PARTIAL + key: _optional(value) for key, value in definitions.items()}
    partial[_PARTIAL + name]["required"] = ["id", "extends"]
    return {
        "description": schema.get("description", ""),
        "type": "object",
        "if": {"required": ["extends"]},
        "then": {"$ref": _DEFS + _PARTIAL + name},
        "else": {"$ref": _DEFS + name},
        "$defs": definitions | partial,
    }


def _optional(node: Any) -> Any:
    """A copy of a schema with no key required, pointing at the optional copies of its parts."""
    if isinstance(node, list):
        return [_optional(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _optional(value) for key, value in node.items() if key != "required"}
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith(_DEFS):
        copy["$ref"] = _DEFS + _PARTIAL + reference.removeprefix(_DEFS)
    return copy


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the files written."""
    try:
        return [
            write_atomic(folder / file_name(name), schema_text(name).encode("utf-8"))
            for name in MODELS
        ]
    except OSError as error:
        raise HandoutsError(f"cannot write the schemas to {folder}: {error.strerror}") from None
