"""``handouts check`` reports every problem and keeps going: templates nested past what Python
can compile, numbers too long to read, files named so nothing finds them, text that is not
UTF-8 or too big, nesting too deep. Each is a finding with a code, the rest of the content
is still checked, and ``--format json`` is always one complete JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handouts.compose.templates import MAX_TEMPLATE_BYTES

from helpers import AS_OF, CLINIC, invoke, override_template, record_path

NESTED = {
    "parentheses": "{{ " + "(" * 300 + "1" + ")" * 300 + " }}",
    "ifs": "{% if 1 %}" * 120 + "x" + "{% endif %}" * 120,
    "fors": "".join(f"{{% for a{i} in [1] %}}" for i in range(25)) + "x" + "{% endfor %}" * 25,
    "huge-number": "{{ 1" + "0" * 5000 + " }}",
}


def check(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", *args, "--as-of", AS_OF, "--format", "json", "--root", str(root))
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict[str, Any]) -> set[str]:
    return {finding["code"] for finding in report["findings"]}


@pytest.mark.parametrize("body", NESTED.values(), ids=NESTED)
def test_a_template_python_cannot_compile_is_a_finding(content_root: Path, body: str) -> None:
    template = override_template(content_root, "{% block title %}\n" + body + "\n{% endblock %}\n")
    exit_code, report = check(content_root, CLINIC)
    assert exit_code == 1
    places = {(f["code"], f["file"]) for f in report["findings"]}
    assert ("TPL001", f"templates/{CLINIC}/{template.name}") in places
    assert "DRAFT001" in codes(report)  # the records were still checked


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Silicone Gel copy.yaml", "rename it, e.g. silicone-gel-copy.yaml"),
        ("silicone-gel.yml", "rename it to silicone-gel.yaml"),
    ],
)
def test_a_misnamed_record_is_a_finding_and_the_rest_is_checked(
    content_root: Path, name: str, expected: str
) -> None:
    copy = record_path(content_root).with_name(name)
    copy.write_bytes(record_path(content_root).read_bytes())
    exit_code, report = check(content_root)
    (misnamed,) = [f for f in report["findings"] if f["code"] == "NAME001"]
    assert misnamed["file"] == f"data/treatments/{name}" and expected in misnamed["message"]
    assert report["summary"]["treatments"] == 7 and exit_code == 1


def test_a_misnamed_clinic_folder_is_a_finding(content_root: Path) -> None:
    folder = content_root / "templates" / CLINIC
    (content_root / "templates" / "harbour-dermatology copy").mkdir()
    (content_root / "templates" / "harbour-dermatology copy" / "clinic.yaml").write_bytes(
        (folder / "clinic.yaml").read_bytes()
    )
    _, report = check(content_root)
    (misnamed,) = [f for f in report["findings"] if f["code"] == "NAME001"]
    assert "e.g. harbour-dermatology-copy" in misnamed["message"]


def test_a_template_that_is_not_utf8_or_too_big_is_a_finding(content_root: Path) -> None:
    helpers = content_root / "templates" / CLINIC / "helpers.j2"
    helpers.write_bytes(b"\xff\xfe not text")
    huge = content_root / "templates" / CLINIC / "huge.j2"
    huge.write_text("x" * (MAX_TEMPLATE_BYTES + 1), encoding="utf-8")
    exit_code, report = check(content_root, CLINIC)
    messages = {f["file"]: f["message"] for f in report["findings"] if f["code"] == "TPL001"}
    assert "is not UTF-8 text" in messages[f"templates/{CLINIC}/helpers.j2"]
    assert "is over 256 KiB" in messages[f"templates/{CLINIC}/huge.j2"]
    assert exit_code == 1


def test_a_list_nested_too_deep_is_a_finding_naming_the_template(content_root: Path) -> None:
    deep = "".join(f"{'  ' * level}- level {level}\n" for level in range(30))
    template = override_template(
        content_root, "{% block title %}\n# T\n\n" + deep + "{% endblock %}\n"
    )
    _, report = check(content_root, CLINIC)
    deep_findings = [f for f in report["findings"] if "nested more than" in f["message"]]
    assert deep_findings and deep_findings[0]["file"] == f"templates/{CLINIC}/{template.name}"


@pytest.mark.parametrize(
    "args", [["nowhere"], ["--as-of", "2027-13-01"], ["--no-such-option"]], ids=str
)
def test_json_is_one_complete_document_whatever_goes_wrong(
    content_root: Path, args: list[str]
) -> None:
    result = invoke("check", "--format", "json", *args, "--root", str(content_root))
    report = json.loads(result.stdout)
    assert result.exit_code in (1, 2)
    assert report["summary"]["passed"] is False and report["findings"]


def test_an_empty_directory_is_a_finding(tmp_path: Path) -> None:
    exit_code, report = check(tmp_path)
    assert exit_code == 1 and codes(report) == {"CONTENT001"}
