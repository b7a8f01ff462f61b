"""Packs are rebuilt only where an input changed, and a broken input fails only what it feeds:
exit code 1, a message naming file and line, and every other handout still built."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.pack.events import Event
from handouts.pack.manifest import MANIFEST_NAME
from handouts.pack.options import PackOptions
from handouts.pack.run import build_packs

from helpers import (
    CLINICS,
    REPO,
    copy_content,
    every_output,
    line_of,
    pack,
    pack_path,
    read_pdf,
    replace_in,
    rewritten,
    written,
)

GEL = "silicone-gel.yaml"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built") / "content"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    pack(root, "--all")
    return root


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of content whose packs are all built and up to date."""
    return copy_content(built_once, tmp_path / "content")


def record(root: Path, name: str = GEL) -> Path:
    return root / "data" / "treatments" / name


def test_a_second_run_builds_nothing_and_says_so(built: Path) -> None:
    before = written(built)
    output = pack(built, "--all")
    assert "Nothing to build: all 27 handouts and 5 packs are up to date" in output
    assert written(built) == before


def test_saving_a_file_unchanged_rebuilds_nothing(built: Path) -> None:
    before = written(built)
    os.utime(record(built))
    os.utime(built / "templates" / "jade-integrative" / "handout.md.j2")
    pack(built, "--all")
    assert written(built) == before


def test_editing_a_record_rebuilds_only_what_uses_it(built: Path) -> None:
    before = written(built)
    replace_in(
        record(built), "title: Silicone gel for raised scars", "title: Silicone gel for your scars"
    )
    output = pack(built, "--all")
    expected = {
        name for name in every_output(built) if name.endswith(("/silicone-gel.pdf", "-pack.pdf"))
    }
    assert rewritten(before, written(built)) == expected, (
        "translations print their record's version"
    )
    assert "Built 5 handouts and 5 packs" in output
    assert "skipped 22 up-to-date files" in output
    line = r"built  jade-integrative/silicone-gel\.pdf \(\d+ pages\)"
    assert re.search(line, output), "one line per file"
    for clinic in CLINICS:
        assert "Silicone gel for your scars" in read_pdf(pack_path(built, clinic).read_bytes()).text


class Recorder:
    def __init__(self) -> None:
        self.total: int | None = None
        self.events: list[Event] = []
        self.finished = False

    def start(self, total: int) -> None:
        self.total = total

    def update(self, event: Event) -> None:
        self.events.append(event)

    def finish(self) -> None:
        self.finished = True


def test_progress_hears_of_every_output_once(built: Path) -> None:
    replace_in(record(built, "scar-surgery.yaml"), "title: Surgery", "title: Skin surgery")
    recorder = Recorder()
    build_packs(ContentDir(built), CLINICS, PackOptions(jobs=2), progress=recorder)
    assert recorder.total == len(recorder.events) == len(every_output(built))
    names = {f"{event.clinic_id}/{event.output}" for event in recorder.events}
    assert names == every_output(built)
    statuses = Counter(event.status for event in recorder.events)
    assert statuses == {"built": 6, "skipped": 26}
    assert recorder.finished


def test_editing_a_clinic_rebuilds_it_and_its_branches_only(built: Path) -> None:
    before = written(built)
    clinic_file = built / "templates" / "harbour-dermatology" / "clinic.yaml"
    replace_in(clinic_file, "hours: Monday to Friday, 8am to 6pm", "hours: Monday to Friday, 8-6")
    pack(built, "--all")
    changed = rewritten(before, written(built))
    assert changed == {name for name in every_output(built) if name.startswith("harbour-")}


def test_a_template_change_in_one_clinic_leaves_the_others(built: Path) -> None:
    before = written(built)
    template = built / "templates" / "jade-integrative" / "handout.md.j2"
    replace_in(template, "drink water", "drink plenty of water")
    pack(built, "--all")
    changed = rewritten(before, written(built))
    assert changed == {name for name in every_output(built) if name.startswith("jade-")}


def test_a_deleted_handout_is_rebuilt_and_the_pack_left_alone(built: Path) -> None:
    (built / "output" / "jade-integrative" / "silicone-gel.pdf").unlink()
    before = written(built)
    output = pack(built, "--all")
    assert rewritten(before, written(built)) == {"jade-integrative/silicone-gel.pdf"}
    assert "Built 1 handout and 0 packs" in output


def test_an_edited_pack_is_rebuilt(built: Path) -> None:
    path = pack_path(built, "harbour-dermatology")
    pages = read_pdf(path.read_bytes()).pages
    path.write_bytes(path.read_bytes()[:1000])
    before = written(built)
    pack(built, "--all")
    assert rewritten(before, written(built)) == {"harbour-dermatology/harbour-dermatology-pack.pdf"}
    assert read_pdf(path.read_bytes()).pages == pages


def test_force_rebuilds_everything(built: Path) -> None:
    before = written(built)
    output = pack(built, "harbour-dermatology", "--force")
    assert rewritten(before, written(built)) == {
        name for name in every_output(built) if name.startswith("harbour-dermatology/")
    }
    assert "Built 7 handouts and 1 pack" in output


def test_duplex_is_an_input_of_the_pack_only(built: Path) -> None:
    before = written(built)
    pack(built, "jade-integrative", "--duplex")
    packs = {name for name in every_output(built) if name.endswith("jade-integrative-pack.pdf")}
    assert rewritten(before, written(built)) == packs
    assert len(packs) == 3, "one pack in each of Jade's languages"


def test_the_manifest_records_a_hash_of_every_input(built: Path) -> None:
    folder = built / "output" / "harbour-dermatology-north"
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    entry = manifest["outputs"]["silicone-gel.pdf"]
    assert set(entry["inputs"]) == {
        "tool",
        "option:reproducible",
        "option:large_print",
        "data/treatments/silicone-gel.yaml",
        "templates/harbour-dermatology-north/clinic.yaml",
        "templates/harbour-dermatology-north/logo.png",
        "templates/harbour-dermatology/clinic.yaml",
        "templates/harbour-dermatology/logo.png",
    }
    gel = record(built).read_bytes()
    assert entry["inputs"]["data/treatments/silicone-gel.yaml"] == hashlib.sha256(gel).hexdigest()
    pdf = (folder / "silicone-gel.pdf").read_bytes()
    assert entry["sha256"] == hashlib.sha256(pdf).hexdigest()


def test_reproducible_packs_are_byte_identical(content_root: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 1 January 2026
    args = ("harbour-dermatology", "--reproducible", "--force", "--pack-only")
    path = pack_path(content_root, "harbour-dermatology")
    pack(content_root, *args, env=env)
    first = path.read_bytes()
    pack(content_root, *args, env=env)
    assert path.read_bytes() == first
    assert "Updated 1 January 2026" in read_pdf(first).page_texts[0]
    moved = content_root.parent / "moved"
    shutil.copytree(content_root, moved)
    shutil.rmtree(moved / "output")
    pack(moved, *args, env=env)
    assert pack_path(moved, "harbour-dermatology").read_bytes() == first, "depends on the folder"


# --------------------------------------------------------------------------- failures


def test_a_broken_record_fails_only_its_handouts(content_root: Path) -> None:
    path = record(content_root)
    replace_in(path, "year: 2023", "year: last year")
    output = pack(content_root, "--all", exit_code=1)
    line = line_of(path, "year: last year")
    assert re.search(rf"silicone-gel\.yaml:{line}: sources\.0\.year: ", output), output
    for clinic in CLINICS:
        assert f"{clinic}/silicone-gel.pdf" in output
    assert output.count(f"silicone-gel.yaml:{line}:") == 1, "one problem is reported once"
    built = {
        p.relative_to(content_root / "output").as_posix()
        for p in content_root.glob("output/**/*.pdf")
    }
    expected = {
        name
        for name in every_output(content_root)
        if not name.endswith(("-pack.pdf", "/silicone-gel.pdf"))
    }
    assert built == expected, "every other handout is built; no pack lacks a handout"
    assert "Built 22 handouts and 0 packs" in output
    assert "5 handouts and 5 packs failed" in output
    assert "pack not written, because silicone-gel failed" in output


def test_a_broken_record_keeps_the_previous_good_files(built: Path) -> None:
    gel = built / "output" / "jade-integrative" / "silicone-gel.pdf"
    kept = gel.read_bytes(), pack_path(built, "jade-integrative").read_bytes()
    replace_in(record(built), "summary: >-", "summary: [unclosed")
    pack(built, "jade-integrative", exit_code=1)
    assert (gel.read_bytes(), pack_path(built, "jade-integrative").read_bytes()) == kept
    output = pack(built, "jade-integrative", exit_code=1)
    assert "silicone-gel.yaml:" in output, "a failed output is tried again on the next run"


def test_a_broken_template_fails_only_its_clinic(content_root: Path) -> None:
    template = content_root / "templates" / "jade-integrative" / "handout.md.j2"
    replace_in(template, "{% endblock %}", "{% endblok %}")
    output = pack(content_root, "--all", exit_code=1)
    assert re.search(r"jade-integrative/handout\.md\.j2:\d+: template syntax error", output)
    assert not list((content_root / "output" / "jade-integrative").glob("*.pdf"))
    assert "Built 20 handouts and 4 packs" in output, (
        "Jade in Spanish and Chinese has templates of its own"
    )


def test_a_pack_listing_an_unknown_treatment_names_the_line(content_root: Path) -> None:
    clinic = content_root / "templates" / "jade-integrative" / "clinic.yaml"
    replace_in(clinic, "  - silicone-gel\n", "  - silicone-jel\n")
    output = pack(content_root, "jade-integrative", exit_code=1)
    line = line_of(clinic, "silicone-jel")
    assert re.search(
        rf"jade-integrative/clinic\.yaml:{line}: treatments\.2: no treatment 'silicone-jel'\. "
        r"Did you mean 'silicone-gel'\?",
        output,
    ), output


def test_an_unknown_clinic_stops_before_anything_is_built(content_root: Path) -> None:
    output = pack(content_root, "harbour-dermatology", "harbour-dermatolgy", exit_code=1)
    assert "no clinic 'harbour-dermatolgy'. Did you mean 'harbour-dermatology'?" in output
    assert not list((content_root / "output").rglob("*.pdf"))


def test_naming_clinics_and_all_together_is_a_usage_error(content_root: Path) -> None:
    pack(content_root, "harbour-dermatology", "--all", exit_code=2)
    pack(content_root, exit_code=2)


def test_a_file_that_cannot_be_written_fails_on_its_own(content_root: Path) -> None:
    blocked = content_root / "output" / "jade-integrative" / "silicone-gel.pdf"
    blocked.mkdir(parents=True)  # a folder where the file should go: no rename can replace it
    output = pack(content_root, "jade-integrative", exit_code=1)
    assert re.search(r"silicone-gel\.pdf: cannot write.*: .*Is a directory", output), output
    written_now = sorted(p.name for p in blocked.parent.glob("*.pdf") if p.is_file())
    assert len(written_now) == 6 and "jade-integrative-pack.pdf" not in written_now
    assert not list(blocked.parent.glob(".handouts-*.partial"))
