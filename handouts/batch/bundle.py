"""A patient's cover and their handouts -> one tagged PDF: the cover, then each handout from
a new page (from an odd page with ``duplex``), one bookmark per handout with its sections
beneath. Unlike a pack there is no contents page and no pack page numbers: a few handouts,
each numbering its own pages, need neither."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pikepdf import OutlineItem, Pdf

from handouts.i18n.words import N_, Words
from handouts.pack.assemble import handout_bookmarks, pad_to, saved_pdf
from handouts.pack.structure import append_handout, store_shared_once
from handouts.pack.tasks import PackEntry
from handouts.render.front import FrontMatter

COVER_BOOKMARK = N_("Prepared for you")


def assemble_bundle(
    cover: FrontMatter,
    entries: Sequence[PackEntry],
    words: Words,
    *,
    duplex: bool,
    reproducible: bool,
) -> tuple[bytes, int]:
    """The patient's PDF and its page count."""
    bundle = Pdf.open(io.BytesIO(cover.pdf))
    outline = [OutlineItem(words.gettext(COVER_BOOKMARK), 0)]
    for entry in entries:
        if duplex and len(bundle.pages) % 2:
            pad_to(bundle, len(bundle.pages) + 1)
        handout = Pdf.open(io.BytesIO(entry.pdf))
        start = len(bundle.pages)
        append_handout(bundle, handout)
        outline.append(handout_bookmarks(entry.title, handout, start))
    store_shared_once(bundle)
    return saved_pdf(bundle, outline, reproducible), len(bundle.pages)
