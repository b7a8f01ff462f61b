"""``handouts schema``: JSON Schemas that accept what the models accept, with descriptions,
and the copies kept in schemas/ are the ones the command writes today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from handouts.content.schema import MODELS, file_name, schema_text

from helpers import REPO, invoke


def as_json(data: Any) -> Any:
    """YAML data as an editor's YAML support sees it: dates as strings."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()))


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_command_writes_both_schemas(tmp_path: Path) -> None:
    result = invoke("schema", "--out", str(tmp_path / "schemas"))
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert written == ["clinic-words.schema.json", "clinic.schema.json", "treatment.schema.json"]


def as_editor_reads(path: Path) -> object:
    """The file as an editor's YAML support reads it (numbers as numbers), which is what
    the schema is checked against; handouts itself reads every value as text."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(MODELS))
def test_the_kept_schemas_are_up_to_date(name: str) -> None:
    kept = (REPO / "schemas" / file_name(name)).read_text(encoding="utf-8")
    assert kept == schema_text(name), "run `handouts schema` and keep the result"


def test_every_bundled_file_is_valid_against_its_schema() -> None:
    treatments = validator("treatment")
    for path in sorted((REPO / "data" / "treatments").glob("*.yaml")):
        treatments.validate(as_json(as_editor_reads(path)))
    clinics = validator("clinic")
    for path in sorted((REPO / "templates").glob("*/clinic.yaml")):
        clinics.validate(as_json(as_editor_reads(path)))
    words = validator("clinic-words")
    paths = sorted((REPO / "templates").glob("*/clinic.*.yaml"))
    assert len(paths) == 2
    for path in paths:
        words.validate(as_json(as_editor_reads(path)))
    with pytest.raises(jsonschema.ValidationError):
        words.validate({"contact": {"emergency_number": "112"}})


def test_the_schema_catches_what_staff_get_wrong() -> None:
    record = as_json(as_editor_reads(REPO / "data" / "treatments" / "silicone-gel.yaml"))
    checker = validator("treatment")
    assert not list(checker.iter_errors(record))
    misspelt = {("titel" if key == "title" else key): value for key, value in record.items()}
    mistakes = [
        misspelt,
        {**record, "sources": []},
        {**record, "review": {**record["review"], "next_review": "next spring"}},
    ]
    for mistake in mistakes:
        assert len(list(checker.iter_errors(mistake))) >= 1, mistake


def test_a_branch_clinic_needs_only_what_it_changes() -> None:
    checker = validator("clinic")
    branch = {"id": "north", "extends": "harbour-dermatology", "contact": {"phone": "0161"}}
    assert not list(checker.iter_errors(branch))
    assert list(checker.iter_errors({**branch, "contact": {"phnoe": "0161"}}))
    assert list(checker.iter_errors({**branch, "branding": {"page_size": "A5"}}))
    assert list(checker.iter_errors({key: branch[key] for key in ("id", "contact")}))


def test_fields_carry_their_descriptions() -> None:
    schema = json.loads(schema_text("treatment"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "at least one" in schema["properties"]["sources"]["description"]
    review = schema["$defs"]["Review"]["properties"]["next_review"]
    assert review["format"] == "date" and "YYYY-MM-DD" in review["description"]
    clinic = json.loads(schema_text("clinic"))["$defs"]["Clinic"]
    assert (
        "Highest acceptable reading grade"
        in (clinic["properties"]["reading_grade_target"]["description"])
    )
