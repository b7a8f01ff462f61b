"""What the tests share: the repository, the one command-line runner, editing content files,
building and reading PDFs, running packs, and the small broken content directories that
``handouts check`` is tried on."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
from click.testing import Result
from pypdf import PdfReader
from ruamel.yaml import YAML
from typer.testing import CliRunner

from handouts.cli.app import app
from handouts.content.load import ContentDir
from handouts.pipeline import RenderedHandout, render_handout

REPO = Path(__file__).resolve().parent.parent
REQUIRED_HEADINGS = [
    "How it works",
    "What results to expect",
    "Before, during and after",
    "Side effects and risks",
    "Who should not have it",
    "When to contact us",
]
"""The built-in template's headings of the required sections, in order."""
TREATMENT = "silicone-gel"
CLINIC = "harbour-dermatology"
CLINICS = ("harbour-dermatology", "harbour-dermatology-north", "jade-integrative")
BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base"
AS_OF = "2026-11-21"
"""Review dates are checked as on this day, so results do not change as time passes."""
runner = CliRunner()


# --------------------------------------------------------------------------- the command line


def invoke(*args: str, **options: Any) -> Result:
    """Run ``handouts ARGS`` as a clinic would; it may fail, but never with a traceback.
    ``options`` go to the runner (``env``, ``color``, ``input``)."""
    result = runner.invoke(app, list(args), **options)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# --------------------------------------------------------------------------- content files


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a content file, failing loudly if the text to change is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def record_path(root: Path, treatment: str = TREATMENT) -> Path:
    return root / "data" / "treatments" / f"{treatment}.yaml"


def clinic_path(root: Path, clinic: str = CLINIC) -> Path:
    return root / "templates" / clinic / "clinic.yaml"


def override_template(root: Path, body: str, clinic: str = CLINIC) -> Path:
    """A clinic template that extends the built-in one with ``body``."""
    path = root / "templates" / clinic / "handout.md.j2"
    path.write_text('{% extends "builtin/handout.md.j2" %}\n' + body, encoding="utf-8")
    return path


def build(root: Path, *args: str) -> tuple[int, str]:
    """Run ``handouts build`` (default treatment and clinic) and return (exit code, output)."""
    args = args or (TREATMENT, "--clinic", CLINIC)
    result = invoke("build", *args, "--root", str(root))
    return result.exit_code, result.output


def build_fails(root: Path, *args: str) -> str:
    """Build, expect exit code 1 with a clean message, and check that nothing was written."""
    before = sorted((root / "output").rglob("*")) if (root / "output").exists() else []
    code, output = build(root, *args)
    assert code == 1, output
    after = sorted((root / "output").rglob("*")) if (root / "output").exists() else []
    assert [p for p in after if p.is_file()] == [p for p in before if p.is_file()]
    return output


def build_ok(root: Path, treatment: str, clinic: str, *extra: str) -> Path:
    """Build through the command line, expect success; the path of the PDF written."""
    code, output = build(root, treatment, "--clinic", clinic, *extra)
    assert code == 0, output
    return root / "output" / clinic / f"{treatment}.pdf"


def render(root: Path) -> RenderedHandout:
    """The default handout of ``root``, rendered in memory."""
    return render_handout(ContentDir(root), TREATMENT, CLINIC)


# --------------------------------------------------------------------------- reading PDFs


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    text: str
    page_texts: list[str]
    metadata: dict[str, str]
    lang: str | None
    display_title: bool
    fonts: dict[str, bool]
    """Base font name -> whether its program is embedded."""
    outline: list[tuple[int, str, int]]
    """(level, title, zero-based page) for every bookmark, in order."""


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    preferences = root.get("/ViewerPreferences") or {}
    page_texts = _pdfium_text(data)
    return PdfFacts(
        pages=len(reader.pages),
        text="\n".join(page_texts),
        page_texts=page_texts,
        metadata={k: str(v) for k, v in (reader.metadata or {}).items()},
        lang=str(root["/Lang"]) if "/Lang" in root else None,
        display_title=bool(preferences.get("/DisplayDocTitle")),
        fonts=_fonts(reader),
        outline=list(_outline(reader, reader.outline, 0)),
    )


def _pdfium_text(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _fonts(reader: PdfReader) -> dict[str, bool]:
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def _outline(reader: PdfReader, items: list, level: int):  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, level + 1)
        else:
            yield level, str(item.title), reader.get_destination_page_number(item)


def normalise(text: str) -> str:
    """Collapse white space and line breaks so wrapped lines compare as one."""
    return " ".join(text.replace("\u00ad", "").split())


# --------------------------------------------------------------------------- packs


def pack(root: Path, *args: str, exit_code: int = 0, env: dict[str, str] | None = None) -> str:
    """Run ``handouts pack`` on ``root``; returns everything it printed."""
    result = invoke("pack", *args, "--jobs", "2", "--root", str(root), env=env)
    assert result.exit_code == exit_code, result.output
    return result.output


def pack_path(root: Path, clinic: str) -> Path:
    return root / "output" / clinic / f"{clinic}-pack.pdf"


def written(root: Path) -> dict[str, tuple[int, int]]:
    """Every PDF in output/ -> (inode, mtime): a file that is written again gets a new inode."""
    return {
        path.relative_to(root / "output").as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted((root / "output").rglob("*.pdf"))
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def copy_content(source: Path, target: Path) -> Path:
    """A copy of a content directory, output and manifests included."""
    shutil.copytree(source, target)
    return target


def every_output(root: Path) -> set[str]:
    """What a full run writes for the bundled content: each handout and each pack, in each
    language each clinic offers (its other languages in folders of their own)."""
    content = ContentDir(root)
    names = set()
    for clinic in CLINICS:
        record = content.clinic(clinic).record
        names |= {f"{clinic}/{tid}.pdf" for tid in record.treatments}
        names.add(f"{clinic}/{clinic}-pack.pdf")
        for language in record.languages[1:]:
            folder = f"{clinic}/{language}"
            treatments = [t for t in record.treatments if content.has_version(t, language)]
            names |= {f"{folder}/{tid}.pdf" for tid in treatments}
            names.add(f"{folder}/{clinic}-pack.pdf")
    return names


def titles(root: Path, clinic: str) -> list[str]:
    """Handout titles in the clinic's pack order."""
    content = ContentDir(root)
    return [content.treatment(t).record.title for t in content.clinic(clinic).record.treatments]


# --------------------------------------------------------------------------- check cases


def assemble(case: Path | None, root: Path, edits: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """Base content + the case's own files + its edits (and ``edits``) in ``root``."""
    shutil.copytree(BASE, root)
    spec: dict[str, Any] = {}
    if case is not None:
        spec = YAML(typ="safe").load((case / "case.yaml").read_text(encoding="utf-8"))
        ignore = shutil.ignore_patterns("case.yaml")
        shutil.copytree(case, root, dirs_exist_ok=True, ignore=ignore)
    for edit in [*spec.get("edit", []), *edits]:
        replace_in(root / edit["file"], edit["old"], edit["new"])
    return spec


def check(root: Path, *args: str) -> tuple[int, str]:
    """Run ``handouts check`` on ``root``; returns the exit code and what it printed."""
    result = invoke("check", "--as-of", AS_OF, "--root", str(root), *args)
    return result.exit_code, result.stdout


def check_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    exit_code, output = check(root, "--format", "json", *args)
    return exit_code, json.loads(output)


# --------------------------------------------------------------------------- tagged PDF

PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI"}
)


def ua_failures(path: Path) -> list[str]:
    """What the two PDF/UA-1 checkers from PyPI find wrong: page-validation's failed rules
    and outloud's errors (its warnings and notes are advice, not failures)."""
    import outloud
    import page

    report = page.validate_pdf(str(path), profile="ua1")
    failures = [str(failure) for failure in report.failures]
    result = outloud.check(str(path))
    failures += [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]
    return failures + ([result.error] if result.error else [])


def structure_problems(data: bytes) -> list[str]:
    """Everything wrong with the structure tree of a tagged PDF, walked with pikepdf: parent
    links, MCIDs owned once and by the element the parent tree names, link annotations whose
    /StructParent leads back to their Link, /Tabs on every page, and painting outside marked
    content or artifacts."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    problems: list[str] = []
    tree = pdf.Root.StructTreeRoot
    owners: dict[tuple[tuple[int, int], int], Any] = {}
    links: dict[tuple[int, int], Any] = {}
    _walk_elements(tree.K, tree, problems, owners, links)
    parent_tree = _numbers(tree.ParentTree)
    for index, page in enumerate(pdf.pages):
        problems += _page_problems(index, page, parent_tree, owners, links)
    return problems


def _walk_elements(
    element: Any, parent: Any, problems: list[str], owners: dict[Any, Any], links: dict[Any, Any]
) -> None:
    import pikepdf

    if element.P.objgen != parent.objgen:
        problems.append(f"{element.S} does not point at its parent")
    kids = element.get("/K", pikepdf.Array())
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            key = (element.Pg.objgen, int(kid))
        elif "/S" in kid:
            _walk_elements(kid, element, problems, owners, links)
            continue
        elif kid.get("/Type") == "/OBJR":
            links[kid.Obj.objgen] = element
            continue
        else:
            key = (kid.Pg.objgen, int(kid.MCID))
        if key in owners:
            problems.append(f"MCID {key} is owned twice")
        owners[key] = element


def _numbers(tree: Any) -> dict[int, Any]:
    nums = tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _page_problems(
    index: int,
    page: Any,
    parent_tree: dict[Any, Any],
    owners: dict[Any, Any],
    links: dict[Any, Any],
) -> list[str]:
    import pikepdf

    problems = []
    if page.obj.get("/Tabs") != "/S":
        problems.append(f"page {index + 1} has no /Tabs /S")
    mcids = _marked_content(page, problems, index + 1)
    if mcids:
        owned_by = parent_tree[int(page.obj.StructParents)]
        for mcid in mcids:
            owner = owners.get((page.obj.objgen, mcid))
            if owner is None or owned_by[mcid].objgen != owner.objgen:
                problems.append(f"page {index + 1}: MCID {mcid} is not owned as the tree says")
    for annotation in page.obj.get("/Annots", []):
        link = links.get(annotation.objgen)
        key = annotation.get("/StructParent")
        if link is None or key is None or parent_tree[int(key)].objgen != link.objgen:
            problems.append(f"page {index + 1}: an annotation is not tied to its Link element")
        elif pikepdf.Name.Link != link.S or not str(annotation.get("/Contents", "")):
            problems.append(f"page {index + 1}: a link annotation lacks its Link or /Contents")
    return problems


def _marked_content(page: Any, problems: list[str], number: int) -> list[int]:
    """MCIDs used on the page, noting painting that is neither tagged nor an artifact."""
    import pikepdf

    stack: list[bool] = []
    mcids = []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if name == "BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if mcid is not None:
                mcids.append(int(mcid))
            stack.append(tag == "/Artifact" or mcid is not None)
        elif name == "EMC":
            stack.pop()
        elif name in PAINTING and not any(stack):
            problems.append(f"page {number}: {name} paints outside marked content")
    return mcids


# --------------------------------------------------------------------------- the web app


@dataclass
class Running:
    """A web app served on a real port, on the content at ``root``."""

    url: str
    root: Path


def struct_elements(element: Any) -> list[Any]:
    """``element`` of a pikepdf structure tree and every element under it, in reading order."""
    import pikepdf

    kids = element.get("/K", pikepdf.Array())
    found = [element]
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += struct_elements(kid)
    return found
