"""Files stay in their place: ids never become paths, records and output never leave their
folders, and a failed or interrupted write never loses the previous handout."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import handouts.files.write
from handouts.content.load import MAX_EXTENDS, ContentDir
from handouts.errors import ContentError, HandoutsError
from handouts.files.write import TEMP_PREFIX, TEMP_SUFFIX
from handouts.pipeline import output_path

from helpers import CLINIC, TREATMENT, build, build_fails, clinic_path, record_path, replace_in

BAD_IDS = [
    "../../etc/passwd",
    "/etc",
    "harbour-dermatology/../jade-integrative",
    "Silicone-Gel",
    "silicone_gel",
    "silicone--gel",
    "silicone-",
    "silicone gel",
    "silicone.gel",
    "",
    "silicone-gel\x00",
    "silicone-gel\u202e",
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_treatment_argument_that_is_not_an_id_is_refused(content_root: Path, bad: str) -> None:
    output = build_fails(content_root, bad, "--clinic", CLINIC)
    assert "Ids use lowercase letters, digits and single hyphens only" in output


@pytest.mark.parametrize("bad", BAD_IDS)
def test_clinic_argument_that_is_not_an_id_is_refused(content_root: Path, bad: str) -> None:
    output = build_fails(content_root, TREATMENT, "--clinic", bad)
    assert "Ids use lowercase letters, digits and single hyphens only" in output


def test_record_file_whose_name_is_not_an_id_cannot_be_built(content_root: Path) -> None:
    shutil.copy(record_path(content_root), content_root / "data" / "treatments" / "Gel.yaml")
    assert "no treatment 'Gel'. Ids use lowercase" in build_fails(content_root, "Gel", "-c", CLINIC)


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("extends: ../jade-integrative", "extends: no clinic '../jade-integrative'. Ids use"),
        ("treatments: ['../../etc/passwd']", "treatments.0: must be lowercase letters, digits"),
        ("treatments: ['Silicone-Gel']", "treatments.0: must be lowercase letters, digits"),
    ],
)
def test_ids_inside_clinic_files_are_validated(
    content_root: Path, setting: str, expected: str
) -> None:
    path = clinic_path(content_root)
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("treatments:")] + setting + "\n"
    path.write_text(text, encoding="utf-8")
    output = build_fails(content_root)
    assert f"clinic.yaml:{text.count(chr(10))}: {expected}" in output


@pytest.mark.parametrize("bad", ["../x", "x/y", "", "X", "a.b"])
def test_output_path_refuses_names_that_are_not_ids(tmp_path: Path, bad: str) -> None:
    with pytest.raises(HandoutsError, match="not an id"):
        output_path(tmp_path, bad, "silicone-gel")
    with pytest.raises(HandoutsError, match="not an id"):
        output_path(tmp_path, CLINIC, bad)


def test_output_folder_linked_outside_the_output_folder_is_refused(
    content_root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (content_root / "output" / CLINIC).symlink_to(elsewhere)
    output = build_fails(content_root)
    assert "refusing to write outside" in output
    assert list(elsewhere.iterdir()) == []


def test_record_linked_to_a_file_outside_its_folder_is_refused(
    content_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    shutil.copy(record_path(content_root), outside)
    record_path(content_root).unlink()
    record_path(content_root).symlink_to(outside)
    with pytest.raises(ContentError, match="is a link to a file outside treatments/"):
        ContentDir(content_root).treatment(TREATMENT)


def test_clinic_file_linked_outside_its_folder_is_refused(
    content_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "clinic.yaml"
    shutil.copy(clinic_path(content_root), outside)
    clinic_path(content_root).unlink()
    clinic_path(content_root).symlink_to(outside)
    assert "is a link to a file outside harbour-dermatology/" in build_fails(content_root)


def written(root: Path) -> Path:
    return root / "output" / CLINIC / f"{TREATMENT}.pdf"


def temporaries(root: Path) -> list[Path]:
    return list((root / "output" / CLINIC).glob(f"{TEMP_PREFIX}*"))


def test_failed_write_keeps_the_previous_handout_and_leaves_no_temporary_file(
    content_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(content_root)[0] == 0
    before = written(content_root).read_bytes()

    def disk_full(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handouts.files.write.os, "replace", disk_full)
    output = build_fails(content_root)
    assert "silicone-gel.pdf: cannot write: No space left on device" in output
    assert written(content_root).read_bytes() == before
    assert temporaries(content_root) == []


def test_failed_build_never_replaces_the_previous_handout(content_root: Path) -> None:
    assert build(content_root)[0] == 0
    before = written(content_root).read_bytes()
    replace_in(record_path(content_root), "title: Silicone gel", 'title: "\\u202eSilicone gel')
    build_fails(content_root)
    assert written(content_root).read_bytes() == before


def test_output_that_cannot_be_written_is_a_clean_error(content_root: Path) -> None:
    blocker = content_root / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code, output = build(content_root, TREATMENT, "-c", CLINIC, "--out", str(blocker / "x.pdf"))
    assert code == 1
    assert "x.pdf: cannot write:" in output


def test_old_temporary_files_are_removed_and_young_ones_kept(content_root: Path) -> None:
    folder = content_root / "output" / CLINIC
    folder.mkdir(parents=True)
    old = folder / f"{TEMP_PREFIX}old{TEMP_SUFFIX}"
    young = folder / f"{TEMP_PREFIX}young{TEMP_SUFFIX}"
    for path in (old, young):
        path.write_bytes(b"half a pdf")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert build(content_root)[0] == 0
    assert not old.exists()
    assert young.exists()


def test_extends_chain_longer_than_the_limit_is_refused(content_root: Path) -> None:
    templates = content_root / "templates"
    for number in range(MAX_EXTENDS + 2):
        folder = templates / f"branch-{number}"
        folder.mkdir()
        text = clinic_path(content_root).read_text(encoding="utf-8")
        text = text.replace("id: harbour-dermatology", f"id: branch-{number}")
        parent = f"branch-{number - 1}" if number else CLINIC
        text = text.replace("name: Harbour Dermatology", f"name: B{number}\nextends: {parent}")
        (folder / "clinic.yaml").write_text(text, encoding="utf-8")
    assert ContentDir(content_root).clinic(f"branch-{MAX_EXTENDS - 2}").record.name
    last = f"branch-{MAX_EXTENDS + 1}"
    output = build_fails(content_root, TREATMENT, "--clinic", last)
    assert f"extends: a clinic may extend a chain of at most {MAX_EXTENDS} clinics" in output
