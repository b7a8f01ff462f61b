"""A clinic, one patient's words and the handouts prepared for them -> their cover page, as
PDF bytes.

The cover has the clinic's band (logo, name, "Patient information") and contact details like a
pack's; between them, who it was prepared for and when, what their clinician wrote for them,
and the list of the handouts behind it. Were the note too long for the page, it carries on
over a page with the clinic's header band. Tagged, in the clinic's language; the patient's
name is page text only, never in the document's title or metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, Spacer

from handouts.content.loaded import LoadedClinic
from handouts.i18n.words import N_
from handouts.markdown import blocks
from handouts.render.contents import ContentsItem, inside_list
from handouts.render.cover import CoverTags, contact_lines
from handouts.render.flowables import FlowableBuilder
from handouts.render.front import FrontDoc, FrontMatter, built, cover_tags
from handouts.render.theme import build_theme

YOUR_HANDOUTS = N_("Your handouts")


def draw_patient_cover(
    clinic: LoadedClinic,
    personal: blocks.Document,
    items: Sequence[ContentsItem],
    reproducible: bool,
    large_print: bool = False,
) -> FrontMatter:
    """The cover for one patient: ``personal`` (parsed from their words), then ``items``."""
    theme = build_theme(clinic.record.branding, large_print, clinic.language)
    buffer = io.BytesIO()
    tags, name, subtitle = cover_tags(clinic)
    root = tags.root
    document = FrontDoc(buffer, theme, clinic, None, reproducible)
    story = [
        NextPageTemplate("contents"),
        *FlowableBuilder(theme, parent=root).document(personal),
        Spacer(1, 4 * mm),
        *inside_list(items, theme, theme.frame_width, root, YOUR_HANDOUTS),
    ]
    contact = [root.add("P") for _ in contact_lines(clinic, theme.large_print)]
    document.cover_tags = CoverTags(name, subtitle, None, contact)
    return built(document, story, tags, buffer)
