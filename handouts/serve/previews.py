"""A handout the web app shows -> its PDF, its pages as images and its findings, each made once
per version of the files it comes from.

A version is the hash of everything the handout is made from (the record, its translation,
every file of the clinic's folders, the tool and the options: the inputs a pack's manifest
records), so saving any of them makes the next request lay the handout out again, and every
other request is answered from memory. Layout is not thread-safe, so one handout is laid out
at a time. A handout that fails keeps the pages of its last version that built, to show
beside what went wrong.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2

from handouts.check.findings import Finding
from handouts.check.run import handout_warnings
from handouts.compose.environment import make_environment
from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.errors import HandoutsError, Problem
from handouts.options import RenderOptions
from handouts.pack.manifest import clinic_inputs, combined, handout_inputs
from handouts.pipeline import render_handout

PAGE_SCALE = 1.4
"""Page images at 1.4 pixels per point: about 100 dpi, sharp on a laptop screen."""
KEPT_IMAGES = 400
KEPT_VERSIONS = 64


@dataclass(frozen=True)
class PreviewKey:
    clinic_id: str
    treatment_id: str
    language: str | None = None
    large_print: bool = False

    def options(self) -> dict[str, str]:
        return {"large_print": str(self.large_print), "preview": "1"}


@dataclass(frozen=True)
class Built:
    version: str
    pdf: bytes
    pages: int
    title: str


@dataclass(frozen=True)
class Preview:
    """What the app shows for a handout: its current version, built or not, and the last
    version that built."""

    key: PreviewKey
    version: str
    problems: tuple[Problem, ...] = ()
    """Why the current version did not build (empty when it did)."""
    good: Built | None = None
    """The current version if it built, otherwise the last one that did (or None)."""

    @property
    def current(self) -> bool:
        return not self.problems and self.good is not None


@dataclass
class Previewer:
    root: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while laying out: by previews and the front desk alike."""
    latest: dict[PreviewKey, Preview] = field(default_factory=dict)
    environments: dict[str, Any] = field(default_factory=dict)
    images: dict[tuple[str, int], bytes] = field(default_factory=dict)
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    def content(self) -> ContentDir:
        """The content as it is now (a fresh reading: files may have changed)."""
        return ContentDir(self.root)

    def preview(self, key: PreviewKey) -> Preview:
        with self.lock:
            content = self.content()
            version, clinic = _version(content, key)
            previous = self.latest.get(key)
            if previous is not None and previous.version == version and version:
                return previous
            made = self._made(content, key, version, clinic, previous)
            self.latest[key] = made
            return made

    def _made(
        self,
        content: ContentDir,
        key: PreviewKey,
        version: str,
        clinic: LoadedClinic | None,
        previous: Preview | None,
    ) -> Preview:
        last_good = previous.good if previous is not None else None
        try:
            environment = self._environment(content, clinic) if clinic is not None else None
            options = RenderOptions(language=key.language, large_print=key.large_print)
            rendered = render_handout(
                content, key.treatment_id, key.clinic_id, options, environment
            )
        except HandoutsError as error:
            return Preview(key, version, tuple(error.problems), last_good)
        title = rendered.document.title or key.treatment_id
        built = Built(version, rendered.pdf, rendered.page_count, title)
        return Preview(key, version, (), built)

    def _environment(self, content: ContentDir, clinic: LoadedClinic) -> Any:
        """The clinic's compiled templates, compiled again only when its files change."""
        version = combined(clinic_inputs(content, clinic, {}))
        if version not in self.environments:
            self.environments[version] = make_environment(clinic)
            _keep_last(self.environments, KEPT_VERSIONS)
        return self.environments[version]

    def page_image(self, built: Built, page: int) -> bytes:
        """Page ``page`` (from 1) of a built version, as PNG."""
        key = (built.version, page)
        with self.lock:
            if key not in self.images:
                self.images[key] = page_png(built.pdf, page)
                _keep_last(self.images, KEPT_IMAGES)
            return self.images[key]

    def warnings(self, key: PreviewKey, version: str) -> list[Finding]:
        """What ``handouts check`` says about the handout, once per version."""
        found = self.findings.get(version)
        if found is None:
            try:
                found = handout_warnings(
                    self.content(), key.treatment_id, key.clinic_id, key.language
                )
            except HandoutsError:
                found = []  # the preview shows why it cannot be built
            self.findings[version] = found
            _keep_last(self.findings, KEPT_VERSIONS)
        return found


def _keep_last(kept: dict[Any, Any], most: int) -> None:
    """Drop the oldest entries (dicts keep their order) beyond ``most``: a long day of
    editing makes many versions, and only the recent ones are asked for."""
    for key in list(kept)[: max(len(kept) - most, 0)]:
        kept.pop(key, None)


def _version(content: ContentDir, key: PreviewKey) -> tuple[str, LoadedClinic | None]:
    """The hash of everything the handout is made from; "" when the clinic cannot be read
    (then it is built again on every request, and fails at once saying why)."""
    try:
        clinic = content.clinic(key.clinic_id, key.language)
    except HandoutsError:
        return "", None
    shared = clinic_inputs(content, clinic, key.options())
    return combined(handout_inputs(content, shared, key.treatment_id, clinic.language)), clinic


def page_png(pdf: bytes, page: int) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[page - 1].render(scale=PAGE_SCALE)
        image = bitmap.to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
