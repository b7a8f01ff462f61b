"""Files that are not what they seem: links that loop, names too long for the file system,
pipes, devices, huge sparse files, and links out of the content directory. Each is named in
plain words, never read in full or waited on, and never replaced by an output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.errors import ContentError

from helpers import (
    CLINIC,
    TREATMENT,
    build,
    build_fails,
    clinic_path,
    invoke,
    record_path,
)

LOGO = "logo.png"


def handouts(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so a hang would fail the test, not stop the run."""
    command = [sys.executable, "-m", "handouts", *args, "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def clinic_folder(root: Path) -> Path:
    return clinic_path(root).parent


def test_a_record_that_is_a_link_loop_says_so(content_root: Path) -> None:
    record = record_path(content_root)
    record.unlink()
    loop = record.with_name("loop.yaml")
    record.symlink_to(loop)
    loop.symlink_to(record)
    assert "leads round in a circle" in build_fails(content_root)


@pytest.mark.parametrize("kind", ["folder", "pipe", "loop"])
def test_a_logo_that_is_not_a_file_says_what_it_is(content_root: Path, kind: str) -> None:
    logo = clinic_folder(content_root) / LOGO
    logo.unlink()
    if kind == "folder":
        logo.mkdir()
    elif kind == "pipe":
        os.mkfifo(logo)
    else:
        logo.symlink_to(logo)
    words = {"folder": "is a folder", "pipe": "is a pipe (FIFO)", "loop": "round in a circle"}
    output = build_fails(content_root)
    assert "branding.logo" in output and words[kind] in output


def test_a_record_that_is_a_pipe_does_not_hang(content_root: Path) -> None:
    record = record_path(content_root)
    record.unlink()
    os.mkfifo(record)
    result = handouts(content_root, "build", TREATMENT, "--clinic", CLINIC, timeout=60)
    assert result.returncode == 1 and "is a pipe (FIFO), not a file" in result.stderr


def test_a_logo_linked_to_a_device_is_refused(content_root: Path) -> None:
    logo = clinic_folder(content_root) / LOGO
    logo.unlink()
    logo.symlink_to("/dev/zero")
    assert "must be a file inside" in build_fails(content_root)


def test_a_pack_is_not_stopped_by_pipes_devices_loops_or_huge_files_in_a_clinic_folder(
    content_root: Path,
) -> None:
    folder = clinic_folder(content_root)
    os.mkfifo(folder / "stray-pipe")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    (folder / "here").symlink_to(folder)  # a folder link that points at itself
    with (folder / "sparse.bin").open("wb") as sparse:
        sparse.truncate(3 * 1024**3)  # 3 GiB that take no disk space
    result = handouts(content_root, "pack", CLINIC, "--pack-only", "--quiet", timeout=300)
    assert result.returncode == 0, result.stderr


def test_the_manifest_never_records_a_path_outside_the_content_directory(
    content_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the manifest", encoding="utf-8")
    (clinic_folder(content_root) / "notes.txt").symlink_to(outside)
    assert handouts(content_root, "pack", CLINIC, "--quiet").returncode == 0
    manifest = (content_root / "output" / CLINIC / ".handouts-manifest.json").read_text()
    assert str(tmp_path) not in manifest
    inputs = json.loads(manifest)["outputs"][f"{TREATMENT}.pdf"]["inputs"]
    assert (
        inputs[f"templates/{CLINIC}/notes.txt"] == "a link out of the content directory (not read)"
    )


@pytest.mark.parametrize("kind", ["pipe", "link", "device"])
def test_out_never_replaces_a_pipe_link_or_device(
    content_root: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "target.pdf"
    keep = tmp_path / "keep.pdf"
    keep.write_bytes(b"mine")
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "link":
        target.symlink_to(keep)
    else:
        target = Path("/dev/null")
    code, output = build(content_root, TREATMENT, "--clinic", CLINIC, "--out", str(target))
    assert code == 1 and "cannot write" in output
    assert keep.read_bytes() == b"mine"
    assert target.is_symlink() or not target.is_file()


def test_names_longer_than_the_file_system_allows_are_named(content_root: Path) -> None:
    long_name = "x" * 300 + ".png"
    template = clinic_folder(content_root) / "handout.md.j2"
    template.write_text(
        '{% extends "builtin/handout.md.j2" %}\n{% block title %}\n# T\n\n'
        f"![A picture]({long_name})\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    assert f"image '{long_name}'" in build_fails(content_root)
    template.unlink()
    code, output = build(
        content_root, TREATMENT, "--clinic", CLINIC, "--out", str(content_root / long_name)
    )
    assert code == 1 and "cannot write" in output


def test_a_huge_record_is_refused_without_reading_it(content_root: Path) -> None:
    record = record_path(content_root)
    with record.open("wb") as sparse:
        sparse.truncate(4 * 1024**3)
    with pytest.raises(ContentError, match="is over 512 KiB, the limit"):
        ContentDir(content_root).treatment(TREATMENT)


def test_check_lists_file_problems_as_findings(content_root: Path) -> None:
    logo = clinic_folder(content_root) / LOGO
    logo.unlink()
    os.mkfifo(logo)
    result = invoke("check", CLINIC, "--format", "json", "--root", str(content_root))
    findings = json.loads(result.stdout)["findings"]
    assert any(f["code"] == "REF004" and "pipe" in f["message"] for f in findings)
