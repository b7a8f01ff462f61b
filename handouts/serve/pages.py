"""The pages for people who edit and approve content: clinics, a clinic's treatments, and the
preview of one handout (its pages as images, its PDF, and what ``handouts check`` says about
it). Every id in an address is looked up in the content: anything else is "not found", so no
address can reach a file the content does not name."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.errors import HandoutsError, Problem
from handouts.serve.previews import Preview, PreviewKey
from handouts.serve.views import previewer, template


def clinics(request: Request) -> Response:
    listed, broken = readable_clinics(previewer(request).content())
    return template(request, "clinics.html", clinics=listed, broken=broken)


def clinic(request: Request) -> Response:
    """The clinic's handouts; its language and print-size choices go with each link (by the
    page's script as they change, or by the form's button without it)."""
    content = previewer(request).content()
    chosen = known_clinic(content, request.path_params["clinic"])
    language = request.query_params.get("lang") or ""
    if language and language not in chosen.record.languages:
        raise HTTPException(404, "The clinic does not offer that language.")
    large = request.query_params.get("large") == "1"
    choice = query(PreviewKey(chosen.record.id, "", language or None, large))
    readable = readable_titles(content, chosen)
    unreadable = "{} (cannot be read; open it to see why)"
    names = {t: readable.get(t, unreadable.format(t)) for t in chosen.record.treatments}
    context: dict[str, Any] = {"clinic": chosen, "names": names, "choice": choice}
    return template(request, "clinic.html", large=large, chosen_language=language, **context)


def preview(request: Request) -> Response:
    key, chosen = asked(request)
    made = previewer(request).preview(key)
    found = previewer(request).warnings(key, made.version) if made.version else []
    context = _preview_context(request, key, chosen, made)
    return template(request, "preview.html", findings=found, **context)


def preview_fragment(request: Request) -> Response:
    key, chosen = asked(request)
    made = previewer(request).preview(key)
    context = _preview_context(request, key, chosen, made)
    return template(request, "preview_pages.html", **context)


def findings_fragment(request: Request) -> Response:
    key = preview_key(request)
    made = previewer(request).preview(key)
    found = previewer(request).warnings(key, made.version) if made.version else []
    context: dict[str, Any] = {"preview": made, "findings": found, "shown": in_content(request)}
    return template(request, "findings.html", **context)


def page_image(request: Request) -> Response:
    key = preview_key(request)
    made = previewer(request).preview(key)
    number = int(request.path_params["page"])
    if made.good is None or not 1 <= number <= made.good.pages:
        raise HTTPException(404, "No such page.")
    png = previewer(request).page_image(made.good, number)
    current = request.query_params.get("v") == made.good.version[:16]
    cache = "max-age=86400, immutable" if current else "no-cache"
    return Response(png, media_type="image/png", headers={"Cache-Control": cache})


def pdf(request: Request) -> Response:
    key = preview_key(request)
    made = previewer(request).preview(key)
    if made.good is None:
        raise HTTPException(404, "This handout has not built yet; see its preview page.")
    name = f"{key.treatment_id}.pdf"
    headers = {"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-cache"}
    return Response(made.good.pdf, media_type="application/pdf", headers=headers)


# --------------------------------------------------------------------------- helpers


def in_content(request: Request) -> Callable[[Path], str]:
    """How a file is named on a page: its path inside the content directory."""
    root = previewer(request).root

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    return shown


def known_clinic(content: ContentDir, clinic_id: str) -> LoadedClinic:
    if clinic_id not in content.clinic_ids():
        raise HTTPException(404, "No clinic by that name.")
    try:
        return content.clinic(clinic_id)
    except HandoutsError as error:
        raise HTTPException(422, "; ".join(str(p) for p in error.problems)) from None


def preview_key(request: Request) -> PreviewKey:
    return asked(request)[0]


def asked(request: Request) -> tuple[PreviewKey, LoadedClinic]:
    """The handout an address names, each part checked against the content, and its clinic."""
    content = previewer(request).content()
    chosen = known_clinic(content, request.path_params["clinic"])
    treatment = request.path_params["treatment"]
    if treatment not in content.treatment_ids():
        raise HTTPException(404, "No treatment by that name.")
    language = request.query_params.get("lang") or None
    if language is not None and language not in chosen.record.languages:
        raise HTTPException(404, "The clinic does not offer that language.")
    large = request.query_params.get("large") == "1"
    return PreviewKey(chosen.record.id, treatment, language, large), chosen


def query(key: PreviewKey, **extra: str) -> str:
    """The query string that names ``key``'s language and print size."""
    parts = {"lang": key.language or "", "large": "1" if key.large_print else "", **extra}
    given = [f"{name}={value}" for name, value in parts.items() if value]
    return "?" + "&".join(given) if given else ""


def readable_clinics(
    content: ContentDir,
) -> tuple[list[LoadedClinic], list[tuple[str, list[Problem]]]]:
    """The clinics that can be read, and each other clinic's id with why it cannot."""
    listed, broken = [], []
    for clinic_id in content.clinic_ids():
        try:
            listed.append(content.clinic(clinic_id))
        except HandoutsError as error:
            broken.append((clinic_id, error.problems))
    return listed, broken


def readable_titles(content: ContentDir, chosen: LoadedClinic) -> dict[str, str]:
    """The title of each of the clinic's treatments whose record can be read."""
    titles = {}
    for treatment_id in chosen.record.treatments:
        with contextlib.suppress(HandoutsError):
            titles[treatment_id] = content.treatment(treatment_id).record.title
    return titles


def _preview_context(
    request: Request, key: PreviewKey, chosen: LoadedClinic, made: Preview
) -> dict[str, Any]:
    base = f"/clinics/{key.clinic_id}/{key.treatment_id}"
    version = made.good.version if made.good else ""
    return {
        "key": key,
        "preview": made,
        "base": base,
        "query": query(key),
        "image_query": query(key, v=version[:16]),
        "shown": in_content(request),
        "clinic": chosen,
    }
