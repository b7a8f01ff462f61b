"""Preflight on its own: the checks that must pass before anything is drawn, each returning
problems with a code and a place (template problems on their template line)."""

from __future__ import annotations

from pathlib import Path

from handouts import preflight
from handouts.compose.handout import compose
from handouts.content.load import ContentDir
from handouts.markdown.parse import parse

from helpers import CLINIC, TREATMENT, line_of, override_template, record_path, replace_in


def test_the_bundled_content_has_no_preflight_problem(bundled: ContentDir) -> None:
    for clinic_id in bundled.clinic_ids():
        clinic = bundled.clinic(clinic_id)
        assert preflight.logo_problems(clinic) == []
        for treatment_id in clinic.record.treatments:
            treatment = bundled.treatment(treatment_id)
            assert preflight.glyph_problems(treatment, clinic) == []
            document = parse(compose(treatment.record, clinic))
            assert preflight.section_problems(document, clinic) == []


def test_a_character_no_font_has_is_named_with_its_field_and_line(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(
        path,
        "title: Silicone gel for raised scars",
        "title: Silicone gel for raised scars \U0001f600",
    )
    content = ContentDir(content_root)
    (problem,) = preflight.glyph_problems(content.treatment(TREATMENT), content.clinic(CLINIC))
    assert (problem.code, problem.field, problem.line) == (
        "GLYPH001",
        "title",
        line_of(path, "title:"),
    )


def test_template_problems_are_placed_on_their_template_line(content_root: Path) -> None:
    template = override_template(
        content_root,
        "{% block contact %}\nNothing here.\n{% endblock %}\n"
        "{% block title %}\n# Gel\n\n![Gel](gel.png)\n{% endblock %}\n",
    )
    content = ContentDir(content_root)
    clinic = content.clinic(CLINIC)
    document = parse(compose(content.treatment(TREATMENT).record, clinic))
    (section,) = preflight.section_problems(document, clinic)
    assert (section.code, section.file, section.line) == ("SECTION001", template, 2)
    _, (image,) = preflight.place_figures(document, clinic, content.treatment(TREATMENT))
    assert (image.code, image.file, image.line) == ("IMAGE001", template, 8)


def test_template_wording_without_a_glyph_is_placed_too(content_root: Path) -> None:
    template = override_template(
        content_root, "{% block title %}\n# Gel \u2603\u20e0\n{% endblock %}\n"
    )
    content = ContentDir(content_root)
    clinic = content.clinic(CLINIC)
    markdown = compose(content.treatment(TREATMENT).record, clinic)
    (problem,) = preflight.wording_glyph_problems(markdown, clinic)
    assert (problem.code, problem.file, problem.line) == ("GLYPH002", template, 3)
