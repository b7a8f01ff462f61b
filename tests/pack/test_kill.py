"""A pack run killed part-way (SIGKILL: no clean-up of any kind) leaves only complete PDFs,
its worker processes do not linger, and the next run finishes the job."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.content.load import ContentDir
from handouts.pack.manifest import MANIFEST_NAME, read_manifest, sha256

from helpers import every_output, normalise, pack, read_pdf

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def start_pack(root: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "handouts", "pack", "--all", "--jobs", "2", "--quiet"]
    return subprocess.Popen(
        [*command, "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for_first_pdf(output: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not list(output.glob("*/*.pdf")):
        assert process.poll() is None, "the run ended before any PDF appeared"
        assert time.monotonic() < deadline, "no PDF appeared"
        time.sleep(0.002)


def live_members(group: int) -> list[int]:
    """Processes in the process group that are still running (zombies do not count)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(stat.parent.name))
    return members


def wait_until_gone(group: int) -> list[int]:
    deadline = time.monotonic() + 20
    while live_members(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    return live_members(group)


def title_of(root: Path, pdf: Path) -> str:
    """What the PDF must show: its clinic's name (a pack) or its title, in its language."""
    clinic_id, *folder = pdf.relative_to(root / "output").parent.parts
    clinic = ContentDir(root).clinic(clinic_id, folder[0] if folder else None)
    if pdf.stem.endswith("-pack"):
        return clinic.record.name
    return ContentDir(root).treatment(pdf.stem, clinic.language).record.title


def test_a_killed_run_leaves_only_complete_pdfs(content_root: Path) -> None:
    output = content_root / "output"
    process = start_pack(content_root)
    try:
        wait_for_first_pdf(output, process)
        os.kill(process.pid, signal.SIGKILL)  # the main process only, as the OOM killer would
        process.wait()
        lingering = wait_until_gone(process.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert not lingering, "worker processes outlived the run they belonged to"

    pdfs = sorted(output.rglob("*.pdf"))
    assert 0 < len(pdfs) < len(every_output(content_root)), "the run was stopped part-way"
    for pdf in pdfs:
        facts = read_pdf(pdf.read_bytes())
        assert facts.pages > 0
        assert title_of(content_root, pdf) in normalise(facts.text), pdf
    others = [p for p in output.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    assert all(p.name == MANIFEST_NAME or p.name.endswith(".partial") for p in others), others
    for folder in output.iterdir():
        for name, entry in read_manifest(folder).outputs.items():
            assert sha256((folder / name).read_bytes()) == entry.sha256, "manifest vouches only"

    recorded = sum(len(read_manifest(folder).outputs) for folder in output.iterdir())
    finished = pack(content_root, "--all")
    assert f"skipped {recorded} up-to-date files" in finished
    names = {p.relative_to(output).as_posix() for p in output.rglob("*.pdf")}
    assert names == every_output(content_root)
    assert not list(output.rglob("*.partial")), "the next run clears what the killed one left"
    assert all(len(PdfReader(p).pages) > 0 for p in output.glob("*/*.pdf"))
