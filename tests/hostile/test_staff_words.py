"""The mistakes staff make most, answered in their words with a hint that fits the mistake and
placed where it was made (a record's field and line, not the template)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from helpers import (
    AS_OF,
    CLINIC,
    build_fails,
    clinic_path,
    invoke,
    line_of,
    override_template,
    record_path,
    replace_in,
)


def findings(root: Path, clinic: str = CLINIC) -> list[dict[str, Any]]:
    result = invoke("check", clinic, "--as-of", AS_OF, "--format", "json", "--root", str(root))
    return list(json.loads(result.stdout)["findings"])


def errors(root: Path) -> list[dict[str, Any]]:
    return [item for item in findings(root) if item["severity"] == "error"]


def test_a_colour_without_quotes_says_to_quote_it(content_root: Path) -> None:
    path = clinic_path(content_root)
    replace_in(path, 'primary_colour: "#1f4e79"', "primary_colour: #1f4e79")
    (found,) = errors(content_root)
    assert found["line"] == line_of(path, "primary_colour")
    assert "in YAML # starts a comment" in found["message"]
    assert found["hint"] == 'Write it in quotes: primary_colour: "#1f4e79"'


def test_a_colon_inside_a_list_item_says_to_quote_the_item(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "  - Ask your doctor or pharmacist", "  - Note: ask your doctor or pharmacist")
    (found,) = errors(content_root)
    assert found["field"] == "precautions.before.1"
    assert "reads as a key and a value" in found["message"]
    assert found["hint"].startswith('Put the whole text in quotes: - "Note: ask your doctor')


def test_a_tab_used_for_indenting_says_to_use_spaces(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "  - Silicone gel is a clear gel", "\t- Silicone gel is a clear gel")
    (found,) = errors(content_root)
    assert "indented with a tab" in found["message"] and "spaces" in found["hint"]


@pytest.mark.parametrize("written", ["1/12/2027", "December 1 2027", "2027-12"])
def test_a_date_in_another_form_says_how_to_write_it(content_root: Path, written: str) -> None:
    replace_in(record_path(content_root), "next_review: 2027-11-30", f"next_review: {written}")
    (found,) = errors(content_root)
    assert "write it like 2027-12-01" in found["message"]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("id: silicone-gel", "id: Silicone_Gel", "lowercase letters, digits and single hyphens"),
        (
            "url: https://www.nhs.uk/conditions/scars/",
            "url: www.nhs.uk/scars",
            "starts with https://",
        ),
    ],
)
def test_a_pattern_is_said_in_words(content_root: Path, old: str, new: str, words: str) -> None:
    replace_in(record_path(content_root), old, new)
    messages = [item["message"] for item in errors(content_root)]
    assert any(words in message for message in messages)
    assert not any("pattern" in message for message in messages)


def test_a_misspelt_template_field_names_the_nearest(content_root: Path) -> None:
    override_template(
        content_root, "{% block title %}\n# {{ treatment.not_suitable }}\n{% endblock %}\n"
    )
    assert "Did you mean 'not_suitable_for'?" in build_fails(content_root)


def test_an_unknown_template_name_lists_every_name_templates_can_use(content_root: Path) -> None:
    override_template(content_root, "{% block title %}\n# {{ patient_name }}\n{% endblock %}\n")
    output = build_fails(content_root)
    assert "'patient_name' is not defined" in output
    for name in ("treatment.*", "clinic.*", "leaflet.*", "patient.*", "language", "_()"):
        assert name in output


def test_an_invalid_record_name_gets_a_valid_suggestion(content_root: Path) -> None:
    record_path(content_root).rename(record_path(content_root).with_name("Silicone Gel.yaml"))
    result = invoke("check", "--format", "json", "--root", str(content_root))
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "NAME001"]
    assert "e.g. silicone-gel.yaml" in found["message"]


def test_schema_hints_fit_the_mistake(content_root: Path) -> None:
    replace_in(record_path(content_root), "title: Silicone gel for raised scars", "titel: x")
    hints = {item["field"]: item["hint"] for item in errors(content_root)}
    assert hints["title"] != hints["titel"] or "Did you mean" in json.dumps(hints)


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming ``width`` x ``height`` pixels, with a tiny compressed body."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 100)
    idat = (
        struct.pack(">I", len(data))
        + b"IDAT"
        + data
        + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    )
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def test_a_huge_picture_is_over_the_pixel_limit_not_damaged(content_root: Path) -> None:
    (clinic_path(content_root).parent / "logo.png").write_bytes(_png(30000, 30000))
    output = build_fails(content_root)
    assert "pixels" in output and "damaged" not in output


def test_a_picture_in_record_text_names_the_records_field_and_line(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "  - Use it only on skin that has fully healed.", "  - '![Gel](missing.png)'")
    output = build_fails(content_root)
    assert f"silicone-gel.yaml:{line_of(path, 'missing.png')}: key_points.3: image" in output
