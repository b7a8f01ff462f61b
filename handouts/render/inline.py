"""Marked content inside one drawn paragraph: the operators that tie its bullet (Lbl), its text,
each link (a Link element with its annotation) and each run of Chinese (a Span with /Lang) to
the structure tree, and the link annotations themselves.

A paragraph is one element; a part of it split onto the next page adds marks to the same
element. A paragraph drawn a second time (a table's heading row repeated on a new page) is an
artifact there. On an untagged canvas nothing here adds an operator.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFString

from handouts.i18n.tags import is_chinese
from handouts.i18n.words import Words
from handouts.render.fonts import is_chinese_font
from handouts.render.tagging import END, LAYOUT, REPEATED, Element, Tags, tags_of

CHINESE = "zh"
"""The language of text set in the Chinese font (for Chinese terms in English handouts)."""


class InlineMarks:
    """Opens and closes marked content as the runs of a paragraph are drawn."""

    def __init__(
        self, canvas: Any, element: Element | None, label: Element | None, repeat: bool
    ) -> None:
        self.tags: Tags | None = tags_of(canvas)
        self.canvas = canvas
        self.page = canvas.getPageNumber()
        self.element = None if repeat else element
        self.label = None if repeat else label
        self.artifact = REPEATED if repeat else LAYOUT
        self.key: object = None
        self.link: Element | None = None
        self.href: str | None = None
        self.link_of: dict[int, Element] = {}
        """id() of each link run drawn -> its Link element."""
        self.link_text: dict[int, list[str]] = {}

    def bullet(self) -> list[str]:
        """Operators before the bullet or number of a list item."""
        return self._switch("label", self.label) if self.tags is not None else []

    def run(self, font: str, href: str | None, runs: tuple[Any, ...]) -> list[str]:
        """Operators before text in ``font`` linking to ``href`` (the ``runs`` it draws)."""
        if self.tags is None:
            return []
        key = (href, is_chinese_font(font))
        operators = [] if key == self.key else self._switch(key, self._owner(href, font))
        if href and self.link is not None:
            for run in runs:
                self.link_of[id(run)] = self.link
            self.link_text.setdefault(id(self.link), []).extend(run.text for run in runs)
        return operators

    def finish(self) -> list[str]:
        """Operators after the last text of the paragraph."""
        return [END] if self.key is not None else []

    def _switch(self, key: object, owner: Element | None) -> list[str]:
        assert self.tags is not None
        operators = [END] if self.key is not None else []
        self.key = key
        if owner is None:
            return [*operators, self.artifact]
        return [*operators, self.tags.mark(owner, self.page)]

    def _owner(self, href: str | None, font: str) -> Element | None:
        if self.element is None:
            return None
        if href:
            if self.link is None or self.href != href:
                self.link = self.element.add("Link")
            self.href = href
            return self.link
        self.link = self.href = None
        if is_chinese_font(font) and not is_chinese(self.tags.language if self.tags else ""):
            return self.element.add("Span", lang=CHINESE)
        return self.element

    def annotate(self, run: Any, area: tuple[float, float, float, float]) -> None:
        """A link annotation over ``area`` (relative to the flowable) for ``run``'s link."""
        link = self.link_of.get(id(run))
        canvas = self.canvas
        if self.tags is None or link is None:
            canvas.linkURL(run.href, area, relative=1, thickness=0)
            return
        text = "".join(self.link_text.get(id(link), [])).strip()
        canvas.linkURL(
            run.href,
            area,
            relative=1,
            thickness=0,
            Contents=PDFString(link_description(text, run.href, Words(self.tags.language))),
            StructParent=canvas.annotation_key(),
            F=4,
        )
        self.tags.annotate(link, self.page, f"NUMBER{canvas._annotationCount}")


def link_description(text: str, href: str, words: Words) -> str:
    """What a link annotation says it does: its text and where it goes."""
    address = href.removeprefix("mailto:")
    if not text or text in (address, href):
        return words.gettext("Link to {address}", address=address)
    return words.gettext("{text} (link to {address})", text=text, address=address)
