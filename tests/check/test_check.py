"""``handouts check`` as a whole: the bundled content passes, the output people and programs
read, --strict, checking only some clinics, and the README's list of codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from handouts.cli.app import app
from handouts.codes import CODES, Severity

from helpers import BROKEN, REPO, assemble, check, check_json, invoke, line_of, runner

CLINIC = "templates/riverside-skin/clinic.yaml"
RECORD = "data/treatments/scar-massage.yaml"
GREY_TEXT = {
    "file": CLINIC,
    "old": "disclaimer:",
    "new": 'branding:\n  text_colour: "#aaaaaa"\ndisclaimer:',
}
REVIEW_SOON = {"file": RECORD, "old": "next_review: 2028-11-01", "new": "next_review: 2026-12-01"}


@pytest.fixture(scope="module")
def bundled_report() -> tuple[int, dict[str, Any]]:
    """The bundled content, checked once for this module (it builds every handout)."""
    return check_json(REPO)


def test_bundled_content_passes(bundled_report: tuple[int, dict[str, Any]]) -> None:
    exit_code, report = bundled_report
    errors = [item for item in report["findings"] if item["severity"] == "error"]
    assert errors == []
    assert exit_code == 0
    summary = report["summary"]
    assert (summary["treatments"], summary["clinics"], summary["handouts"]) == (7, 3, 27)
    assert summary["passed"] is True


def test_bundled_layout_and_colours_are_clean(bundled_report: tuple[int, dict[str, Any]]) -> None:
    """Every built page keeps its text inside the margins, without overlaps, in colours
    that meet WCAG AA: the layout and contrast checks find nothing to say about them."""
    _, report = bundled_report
    codes = {item["code"] for item in report["findings"]}
    assert not {code for code in codes if code.startswith(("LAYOUT", "CONTRAST"))}


def test_json_lists_every_finding_with_stable_keys(tmp_path: Path) -> None:
    assemble(None, tmp_path / "content", [GREY_TEXT, REVIEW_SOON])
    exit_code, report = check_json(tmp_path / "content")
    assert exit_code == 1
    assert set(report) == {"findings", "summary"}
    keys = {"code", "severity", "file", "line", "field", "message", "hint"}
    assert all(set(item) == keys for item in report["findings"])
    by_code = {item["code"]: item for item in report["findings"]}
    assert set(by_code) == {"CONTRAST001", "REVIEW001"}
    contrast = by_code["CONTRAST001"]
    assert contrast["severity"] == "error"
    assert contrast["file"] == CLINIC
    assert contrast["line"] == line_of(tmp_path / "content" / CLINIC, "text_colour")
    assert contrast["field"] == "branding.text_colour"
    assert re.search(r"nearest colour that passes is #[0-9a-f]{6}", contrast["message"])
    assert by_code["REVIEW001"]["severity"] == "warning"
    assert report["summary"] | {"root": None} == {
        "root": None,
        "treatments": 1,
        "clinics": 1,
        "handouts": 1,
        "errors": 1,
        "warnings": 1,
        "notes": 0,
        "strict": False,
        "passed": False,
    }


def test_text_output_gives_place_code_severity_and_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    assemble(None, root, [GREY_TEXT, REVIEW_SOON])
    monkeypatch.chdir(root)
    exit_code, output = check(root)
    assert exit_code == 1
    line = line_of(root / CLINIC, "text_colour")
    assert f"{CLINIC}:{line}: CONTRAST001 error: branding.text_colour: #aaaaaa" in output
    review = line_of(root / RECORD, "next_review")
    assert f"{RECORD}:{review}: REVIEW001 warning: review.next_review: " in output
    assert "    hint: Book the review now." in output
    assert "1 error, 1 warning in 1 treatment and 1 clinic (1 handout built)" in output


def test_strict_turns_warnings_into_a_failure(tmp_path: Path) -> None:
    root = tmp_path / "content"
    assemble(BROKEN / "read-above-target", root)
    assert check(root)[0] == 0
    exit_code, output = check(root, "--strict")
    assert exit_code == 1
    assert "--strict counts warnings as errors" in output
    _, report = check_json(root, "--strict")
    assert report["summary"]["strict"] is True
    assert report["summary"]["passed"] is False


def test_notes_never_fail_even_when_strict(tmp_path: Path) -> None:
    root = tmp_path / "content"
    assemble(BROKEN / "read-not-english", root)
    exit_code, report = check_json(root, "--strict")
    assert [item["code"] for item in report["findings"]] == ["READ004"]
    assert exit_code == 0


def test_named_clinics_check_only_their_packs(tmp_path: Path) -> None:
    root = tmp_path / "content"
    assemble(None, root)
    unused = root / "data" / "treatments" / "unused.yaml"
    text = (root / RECORD).read_text(encoding="utf-8")
    overdue = text.replace("id: scar-massage", "id: unused").replace("2028-11-01", "2026-11-20")
    unused.write_text(overdue, encoding="utf-8")
    assert check(root)[0] == 1  # the unused record's review is overdue
    exit_code, report = check_json(root, "riverside-skin")
    assert exit_code == 0, report
    assert report["summary"]["treatments"] == 1


def test_an_unknown_clinic_is_a_clear_error(tmp_path: Path) -> None:
    assemble(None, tmp_path / "content")
    arguments = ["check", "riverside-skn", "--root", str(tmp_path / "content")]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert "no clinic 'riverside-skn'. Did you mean 'riverside-skin'?" in result.output
    assert "Traceback" not in result.output


def test_a_folder_without_content_is_not_reported_as_clear(tmp_path: Path) -> None:
    result = invoke("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert "no treatments (data/treatments/*.yaml) and no clinics" in result.output


def test_the_readme_documents_every_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([A-Z]+\d{3})` \| (\w+) \|", readme, re.MULTILINE))
    assert documented == {code: info.severity.value for code, info in CODES.items()}


def test_every_code_has_a_severity_meaning_and_hint() -> None:
    for code, info in CODES.items():
        assert re.fullmatch(r"[A-Z]+\d{3}", code)
        assert info.severity in Severity
        assert info.meaning.endswith(".") and info.hint.endswith(".")
