"""Markdown as an attack surface: markup prints literally, links keep only safe schemes, and
images are read only from the clinic's folder. Checked on the finished PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from handouts.content.load import ContentDir
from handouts.errors import TemplateError
from handouts.pipeline import RenderedHandout

from helpers import (
    CLINIC,
    REPO,
    TREATMENT,
    build_fails,
    normalise,
    override_template,
    read_pdf,
    record_path,
    render,
    replace_in,
)

SUMMARY = "summary: Silicone gel"


def set_summary(root: Path, text: str) -> None:
    """Replace the record's one-line summary with ``text`` (a YAML single-quoted string)."""
    path = record_path(root)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    quoted = "'" + text.replace("'", "''") + "'"
    lines[start:end] = [f"summary: {quoted}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pdf_text(rendered: RenderedHandout) -> str:
    return normalise(read_pdf(rendered.pdf).text)


def link_targets(pdf: bytes) -> list[str]:
    """Every link in the PDF except those of the record's sources list."""
    sources = {source.url for source in ContentDir(REPO).treatment(TREATMENT).record.sources}
    reader = PdfReader(io.BytesIO(pdf))
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action and str(action["/URI"]) not in sources:
                targets.append(str(action["/URI"]))
    return targets


def image_count(pdf: bytes) -> int:
    return pdf.count(b"/Subtype /Image")


# --------------------------------------------------------------------------- literal text

LITERALS = [
    "Tags <b>stay</b> & <i>text</i> > here",
    "Entities &amp; &lt;script&gt; &#x202E; &copy; print as typed",
    '<font color="red" size="40">reportlab markup</font> <para>x</para>',
    '<img src="/etc/passwd"/> <a href="file:///etc/passwd">x</a>',
    "<!-- a comment --> <?php echo 1 ?> <![CDATA[x]]>",
]


@pytest.mark.parametrize("text", LITERALS)
def test_markup_special_characters_print_literally(content_root: Path, text: str) -> None:
    set_summary(content_root, text)
    rendered = render(content_root)
    assert text in pdf_text(rendered)
    assert link_targets(rendered.pdf) == []


def test_raw_html_block_prints_as_text(content_root: Path) -> None:
    override_template(
        content_root,
        "{% block title %}\n# T\n\n<div>\n<script>alert(1)</script>\n</div>\n{% endblock %}\n",
    )
    assert "<div> <script>alert(1)</script> </div>" in pdf_text(render(content_root))


def test_special_characters_print_literally_in_titles_tables_and_header(
    content_root: Path,
) -> None:
    clinic = content_root / "templates" / CLINIC / "clinic.yaml"
    replace_in(clinic, "name: Harbour Dermatology", "name: Harbour <b>& Co</b>")
    override_template(
        content_root,
        "{% block title %}\n# A <i>title</i> & more\n\n::: warning Box <u>title</u> & co\n"
        "Inside\n:::\n\n| <b>Head</b> | a & b |\n|---|---|\n| x < y | y > z |\n{% endblock %}\n",
    )
    text = pdf_text(render(content_root))
    for expected in (
        "Harbour <b>& Co</b>",
        "A <i>title</i> & more",
        "Box <u>title</u> & co",
        "<b>Head</b>",
        "a & b",
        "x < y",
        "y > z",
    ):
        assert expected in text


# --------------------------------------------------------------------------- links

UNSAFE_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD4=",
    "http://insecure.example/",
    "ftp://files.example/x",
    "/etc/passwd",
    "../secrets.pdf",
    "#page=1",
]


@pytest.mark.parametrize("target", UNSAFE_LINKS)
def test_links_other_than_https_mailto_and_tel_print_as_text(
    content_root: Path, target: str
) -> None:
    set_summary(content_root, f"Read [the leaflet]({target}) or <{target}> today.")
    rendered = render(content_root)
    assert link_targets(rendered.pdf) == []
    assert "the leaflet" in pdf_text(rendered)


def test_https_mailto_and_tel_links_are_kept(content_root: Path) -> None:
    set_summary(
        content_root,
        "See [site](https://example.org/a?b=1&c=2), [mail](mailto:care@clinic.example) "
        "or [call](tel:+442079460321).",
    )
    targets = link_targets(render(content_root).pdf)
    assert targets == [
        "https://example.org/a?b=1&c=2",
        "mailto:care@clinic.example",
        "tel:+442079460321",
    ]


def test_link_address_cannot_break_out_of_its_attribute(content_root: Path) -> None:
    set_summary(content_root, '[x](https://example.org/"><font_size=99>) end')
    rendered = render(content_root)
    assert all(target.startswith("https://example.org/") for target in link_targets(rendered.pdf))
    assert "x end" in pdf_text(rendered)


# --------------------------------------------------------------------------- images


def save_png(path: Path, size: tuple[int, int] = (300, 150)) -> Path:
    Image.new("RGB", size, (200, 80, 60)).save(path, "PNG")
    return path


def with_image(root: Path, markdown: str) -> None:
    override_template(root, "{% block title %}\n# T\n\n" + markdown + "\n{% endblock %}\n")


def test_image_from_the_clinic_folder_is_drawn_with_its_caption(content_root: Path) -> None:
    baseline = image_count(render(content_root).pdf)
    save_png(content_root / "templates" / CLINIC / "diagram.png")
    with_image(content_root, "![How the gel film sits on the scar](diagram.png)")
    rendered = render(content_root)
    assert image_count(rendered.pdf) == baseline + 1
    assert "How the gel film sits on the scar" in pdf_text(rendered)


def test_image_inside_running_text_prints_its_alt_text(content_root: Path) -> None:
    with_image(content_root, "Apply as shown ![in the diagram](/etc/passwd) twice a day.")
    assert "Apply as shown in the diagram twice a day." in pdf_text(render(content_root))


OUTSIDE_IMAGES = {
    "absolute": "/etc/passwd",
    "dotdot": "../../../etc/passwd",
    "encoded-dotdot": "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "backslash-dotdot": "..\\\\..\\\\etc\\\\passwd",
    "sibling-clinic": "../jade-integrative/logo.png",
    "web-address": "https://example.org/tracker.png",
    "data-address": "data:image/png;base64,iVBORw0KGgo=",
}


@pytest.mark.parametrize("src", OUTSIDE_IMAGES.values(), ids=OUTSIDE_IMAGES)
def test_image_outside_the_clinic_folder_is_refused(content_root: Path, src: str) -> None:
    with_image(content_root, f"![x]({src})")
    output = build_fails(content_root)
    assert re.search(r"handout\.md\.j2(:\d+)?: image '", output)
    assert "must be a file" in output


def test_image_linked_to_a_file_outside_the_folder_is_refused(content_root: Path) -> None:
    outside = save_png(content_root / "outside.png")
    (content_root / "templates" / CLINIC / "diagram.png").symlink_to(outside)
    with_image(content_root, "![x](diagram.png)")
    assert "must be a file inside harbour-dermatology/" in build_fails(content_root)


def test_image_in_record_text_is_looked_up_only_in_the_clinic_folder(content_root: Path) -> None:
    set_summary(content_root, "![x](/etc/passwd)")
    with pytest.raises(TemplateError, match="image '/etc/passwd': must be a file name inside"):
        render(content_root)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("missing.png", None, "file 'missing.png' not found in harbour-dermatology/"),
        ("clinic.yaml", None, "'clinic.yaml' is not a PNG or JPEG image"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "'fake.png' is damaged"),
        ("animation.gif", b"GIF89a" + b"\0" * 64, "'animation.gif' is not a PNG or JPEG"),
    ],
)
def test_unusable_image_names_the_file_and_the_reason(
    content_root: Path, name: str, content: bytes | None, expected: str
) -> None:
    if content is not None:
        (content_root / "templates" / CLINIC / name).write_bytes(content)
    with_image(content_root, f"![x]({name})")
    assert expected in build_fails(content_root)


def test_image_with_too_many_pixels_is_refused_before_decoding(content_root: Path) -> None:
    save_png(content_root / "templates" / CLINIC / "huge.png", (5000, 4000))
    with_image(content_root, "![x](huge.png)")
    assert "'huge.png' is 5000 x 4000 pixels" in build_fails(content_root)


def test_logo_outside_the_clinic_folder_is_refused(content_root: Path) -> None:
    clinic = content_root / "templates" / CLINIC / "clinic.yaml"
    for logo in ("/etc/passwd", "../jade-integrative/logo.png", "'%2e%2e/x.png'"):
        replace_in(clinic, "logo: logo.png", f"logo: {logo}")
        assert "branding.logo: must be a file" in build_fails(content_root)
        replace_in(clinic, f"logo: {logo}", "logo: logo.png")


def test_logo_linked_outside_the_clinic_folder_is_refused(content_root: Path) -> None:
    logo = content_root / "templates" / CLINIC / "logo.png"
    logo.unlink()
    logo.symlink_to(save_png(content_root / "elsewhere.png"))
    output = build_fails(content_root)
    assert "branding.logo: must be a file inside harbour-dermatology/" in output
