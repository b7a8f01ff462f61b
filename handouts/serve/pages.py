"""The pages for people who edit and approve content: clinics, a clinic's treatments, and the
preview of one handout (its pages as images, its PDF, and what ``handouts check`` says about
it). Every id in an address is looked up in the content: anything else is "not found", so no
address can reach a file the content does not name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.errors import HandoutsError
from handouts.serve.previews import Preview, PreviewKey
from handouts.serve.views import previewer, template


def clinics(request: Request) -> Response:
    content = previewer(request).content()
    listed, broken = [], []
    for clinic_id in content.clinic_ids():
        try:
            listed.append(content.clinic(clinic_id))
        except HandoutsError as error:
            broken.append((clinic_id, error.problems))
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
    names = _titles(content, chosen)
    context: dict[str, Any] = {"clinic": chosen, "names": names, "choice": choice}
    return template(request, "clinic.html", large=large, chosen_language=language, **context)


def preview(request: Request) -> Response:
    key = preview_key(request)
    made = previewer(request).preview(key)
    found = previewer(request).warnings(key, made.version) if made.version else []
    context = _preview_context(request, key, made)
    return template(request, "preview.html", findings=found, **context)


def preview_fragment(request: Request) -> Response:
    key = preview_key(request)
    made = previewer(request).preview(key)
    return template(request, "preview_pages.html", **_preview_context(request, key, made))


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
    """The handout an address names, each part checked against the content."""
    content = previewer(request).content()
    chosen = known_clinic(content, request.path_params["clinic"])
    treatment = request.path_params["treatment"]
    if treatment not in content.treatment_ids():
        raise HTTPException(404, "No treatment by that name.")
    language = request.query_params.get("lang") or None
    if language is not None and language not in chosen.record.languages:
        raise HTTPException(404, "The clinic does not offer that language.")
    large = request.query_params.get("large") == "1"
    return PreviewKey(chosen.record.id, treatment, language, large)


def query(key: PreviewKey, **extra: str) -> str:
    """The query string that names ``key``'s language and print size."""
    parts = {"lang": key.language or "", "large": "1" if key.large_print else "", **extra}
    given = [f"{name}={value}" for name, value in parts.items() if value]
    return "?" + "&".join(given) if given else ""


def _titles(content: ContentDir, chosen: LoadedClinic) -> dict[str, str]:
    titles = {}
    for treatment_id in chosen.record.treatments:
        try:
            titles[treatment_id] = content.treatment(treatment_id).record.title
        except HandoutsError:
            titles[treatment_id] = f"{treatment_id} (cannot be read; open it to see why)"
    return titles


def _preview_context(request: Request, key: PreviewKey, made: Preview) -> dict[str, Any]:
    base = f"/clinics/{key.clinic_id}/{key.treatment_id}"
    version = made.good.version if made.good else ""
    return {
        "key": key,
        "preview": made,
        "base": base,
        "query": query(key),
        "image_query": query(key, v=version[:16]),
        "shown": in_content(request),
        "clinic": known_clinic(previewer(request).content(), key.clinic_id),
    }
