"""Record models -> JSON Schemas that editors use to check YAML files as staff type.

The schemas come from the pydantic models, so each field's description, type, limits and
required keys are the ones ``handouts build`` and ``handouts check`` apply. Written as
``treatment.schema.json`` and ``clinic.schema.json`` (JSON Schema draft 2020-12).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts.errors import HandoutsError
from handouts.models import Clinic, Treatment
from handouts.write import write_atomic

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "treatment": (Treatment, "A treatment record: data/treatments/<id>.yaml"),
    "clinic": (Clinic, "A clinic: templates/<clinic-id>/clinic.yaml"),
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema for ``name`` (``treatment`` or ``clinic``)."""
    model, title = MODELS[name]
    schema = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": file_name(name), **schema, "title": title}


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
