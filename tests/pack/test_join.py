"""Joining handouts as bytes: references renumbered and nothing else, whatever a clinic
writes; the same pack however its handouts are split between workers; a PDF of another
layout refused with a clear message rather than joined wrong."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from handouts.content.load import ContentDir
from handouts.errors import LayoutError
from handouts.options import RenderOptions
from handouts.pack.join import FrontPages, write_piece
from handouts.pack.joinplan import (
    PackEntry,
    PieceJob,
    Written,
    pack_file,
    pdf_facts,
    place_handouts,
)
from handouts.pack.pdfsource import SourcePdf, references, renumbered
from handouts.pack.tasks import Built, HandoutJob, RunContext
from handouts.pack.worker import render_handout_job
from handouts.pipeline import render_handout

from helpers import REPO, normalise, pack, pack_path, read_pdf, structure_problems, ua_failures

CLINIC = "harbour-dermatology"


def test_only_references_are_renumbered_never_text_that_looks_like_one() -> None:
    head = rb"<< /Alt (a \( 3 0 R \) b) /P 3 0 R /K [4 0 R 13 0 R] /ActualText <FEFF0033> >>"
    assert references(head) == [3, 4, 13]
    moved = renumbered(head, lambda number: number + 100)
    assert moved == (
        rb"<< /Alt (a \( 3 0 R \) b) /P 103 0 R /K [104 0 R 113 0 R] /ActualText <FEFF0033> >>"
    )


def test_a_handout_is_read_object_by_object_streams_untouched() -> None:
    pdf = _entries(1)[0].pdf
    source = SourcePdf(pdf)
    streams = [n for n in source.numbers if source.split(n)[1]]
    assert streams, "a handout has content streams, fonts and images"
    with pikepdf.open(io.BytesIO(pdf)) as model:
        for number in streams:
            head, tail = source.split(number)
            raw = bytes(model.get_object(number, 0).read_raw_bytes())
            assert tail.startswith(b"stream") and tail.endswith(b"endstream")
            assert raw in tail and b"/Length %d" % len(raw) in head


def test_a_worker_reads_a_handout_for_joining_only_when_it_goes_into_a_pack() -> None:
    run = RunContext(REPO, "facts", reproducible=True)
    for_pack = render_handout_job(HandoutJob(run, CLINIC, "silicone-gel", for_pack=True))
    alone = render_handout_job(HandoutJob(run, CLINIC, "silicone-gel"))
    assert isinstance(for_pack, Built) and isinstance(alone, Built)
    assert alone.pdf == for_pack.pdf and alone.facts is None
    assert for_pack.facts == pdf_facts(SourcePdf(for_pack.pdf))
    assert len(for_pack.facts.pages) == for_pack.pages


def test_a_pdf_of_another_layout_is_refused_with_a_reason() -> None:
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(_entries(1)[0].pdf)) as model:
        model.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(LayoutError, match="cross-reference table"):
        SourcePdf(buffer.getvalue())


def test_the_pack_is_the_same_however_its_handouts_are_split() -> None:
    entries = _entries(5)
    facts = [pdf_facts(SourcePdf(entry.pdf)) for entry in entries]
    clinic = ContentDir(REPO).clinic(CLINIC)
    files = set()
    for size in (1, 2, 5):
        places, numbering = place_handouts(facts)
        front = FrontPages(clinic, True, dt.date(2026, 1, 1), True, False)
        written = front.write([replace(e, pdf=b"") for e in entries], facts, places, numbering)
        jobs = [
            PieceJob(
                tuple(entries[n : n + size]),
                tuple(facts[n : n + size]),
                tuple(places[n : n + size]),
                0,
            )
            for n in range(0, len(entries), size)
        ]
        pieces = [Written(write_piece(job), 0.0) for job in jobs]
        files.add(pack_file(written, pieces, reproducible=True))
    assert len(files) == 1
    pdf = files.pop()
    assert structure_problems(pdf) == []
    assert len(pikepdf.open(io.BytesIO(pdf)).pages) == written.pages


LIKE_SYNTAX = "(3 0 R) endobj stream >> /StructParent 0 /Dest [ 999 /Fit ] /S /Document"
"""Text that reads like the PDF syntax a pack's join edits: a reference, keys, a link."""


def test_text_that_looks_like_pdf_syntax_is_printed_as_written(content_root: Path) -> None:
    """In a title (the contents row's link and the bookmarks) and in a link's text (the
    handout's link annotation): each edit of the join must pass strings by."""
    record = content_root / "data" / "treatments" / "silicone-gel.yaml"
    title = f"Silicone gel {LIKE_SYNTAX}"
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", record.read_text(encoding="utf-8"))
    link = f"works. See [the {LIKE_SYNTAX} guide](https://www.nhs.uk/conditions/scars/)."
    text = text.replace("how it\n    works.", f"how it\n    {link}", 1)
    assert link in text, "the link went into the mechanism's summary"
    record.write_text(text, encoding="utf-8")
    pack(content_root, CLINIC, "--pack-only", "--reproducible")
    path = pack_path(content_root, CLINIC)
    facts = read_pdf(path.read_bytes())
    printed = normalise(" ".join(facts.page_texts))
    assert title in printed and printed.count(LIKE_SYNTAX) >= 3  # title, contents, link
    assert (0, title) in {(level, name) for level, name, _ in facts.outline}
    assert ua_failures(path) == []
    assert structure_problems(path.read_bytes()) == []


def _entries(count: int) -> list[PackEntry]:
    content = ContentDir(REPO)
    treatments = content.clinic(CLINIC).record.treatments[:count]
    options = RenderOptions(reproducible=True, date=dt.date(2026, 1, 1))
    rendered = [render_handout(content, t, CLINIC, options) for t in treatments]
    return [PackEntry(r.document.title or r.treatment_id, "", r.pdf) for r in rendered]
