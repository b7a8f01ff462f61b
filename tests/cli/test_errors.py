"""Bad input a clinic will produce: each gets exit code 1 and a message naming file, line and
field (or template and line), never a traceback, and nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import build_fails, invoke, line_of, override_template, record_path, replace_in


def test_missing_precautions_names_file_line_and_field(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    text = path.read_text(encoding="utf-8")
    start = text.index("\nprecautions:")
    end = text.index("\nside_effects:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert re.search(r"silicone-gel\.yaml:1: precautions: is required but missing", output)


def test_every_problem_in_a_file_is_reported_at_once(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    replace_in(path, "year: 2023", "year: last year")
    replace_in(path, "version:", "versoin:")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    year_line = line_of(path, "year: last year")
    assert f"silicone-gel.yaml:{year_line}: sources.0.year:" in output
    typo_line = line_of(path, "versoin:")
    typo = f"silicone-gel.yaml:{typo_line}: review.versoin: unknown key. Did you mean 'version'?"
    assert typo in output
    assert "review.version: is required but missing" in output


def test_nested_list_item_error_points_at_its_line(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    replace_in(path, "url: https://", "url: http://")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    line = line_of(path, "url: http://")
    assert re.search(rf"silicone-gel\.yaml:{line}: sources\.\d+\.url: ", output)


def test_broken_yaml_names_its_line(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    replace_in(
        path, "title: Silicone gel for raised scars", "title: [Silicone gel for raised scars"
    )
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    match = re.search(r"silicone-gel\.yaml:(\d+): YAML syntax error", output)
    assert match, output
    assert abs(int(match.group(1)) - line_of(path, "title: [Silicone")) <= 2


def test_duplicate_keys_are_an_error(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    replace_in(path, "title: Silicone gel for raised scars", "title: One\ntitle: Two")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert "duplicate key" in output
    assert "silicone-gel.yaml:" in output


def test_unknown_clinic_lists_the_available_ones(content_root: Path) -> None:
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatolgy")
    assert "no clinic 'harbour-dermatolgy'" in output
    assert "Did you mean 'harbour-dermatology'?" in output
    assert "Available: harbour-dermatology, harbour-dermatology-north, jade-integrative" in output


def test_unknown_treatment_lists_the_available_ones(content_root: Path) -> None:
    output = build_fails(content_root, "silicon-gel", "--clinic", "harbour-dermatology")
    assert "no treatment 'silicon-gel'" in output
    assert "silicone-gel" in output.split("Available:")[1]


def test_undefined_template_variable_names_template_and_line(content_root: Path) -> None:
    template = override_template(
        content_root,
        clinic="harbour-dermatology",
        body="{% block title %}\n# {{ treatment.title }}\n\n"
        "{{ treatment.sumary }}\n{% endblock %}\n",
    )
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert f"{template.name}:{line_of(template, 'sumary')}:" in output
    assert "there is no field 'sumary' here. Did you mean 'summary'?" in output


def test_template_reaching_for_python_internals_is_refused(content_root: Path) -> None:
    override_template(
        content_root,
        clinic="harbour-dermatology",
        body="{% block title %}\n"
        "# {{ ''.__class__.__mro__[1].__subclasses__() }}\n{% endblock %}\n",
    )
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert "handout.md.j2:3: refused" in output
    assert "__class__" in output
    assert "<class" not in output


def test_template_syntax_error_names_template_and_line(content_root: Path) -> None:
    override_template(
        content_root,
        clinic="harbour-dermatology",
        body="{% block title %}\n# {{ treatment.title }\n{% endblock %}\n",
    )
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert "handout.md.j2:3: template syntax error" in output


def test_override_that_drops_a_required_section_is_an_error(content_root: Path) -> None:
    override_template(
        content_root, clinic="harbour-dermatology", body="{% block contact %}{% endblock %}\n"
    )
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    assert "template block 'contact' must produce its section" in output


def test_character_no_font_covers_is_named_before_rendering(content_root: Path) -> None:
    path = record_path(content_root, "silicone-gel")
    replace_in(path, "title: Silicone gel for raised scars", "title: Silicone gel \U0001f600")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    line = line_of(path, "title: Silicone gel")
    assert f"silicone-gel.yaml:{line}: title: the character" in output
    assert "U+1F600 GRINNING FACE" in output


def test_clinic_file_error_names_clinic_file(content_root: Path) -> None:
    clinic = content_root / "templates" / "harbour-dermatology" / "clinic.yaml"
    replace_in(clinic, 'primary_colour: "#1f4e79"', 'primary_colour: "navy"')
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology")
    line = line_of(clinic, "primary_colour")
    assert f"clinic.yaml:{line}: branding.primary_colour: must be a colour" in output


def test_missing_logo_names_the_clinic_setting(content_root: Path) -> None:
    (content_root / "templates" / "jade-integrative" / "logo.png").unlink()
    output = build_fails(content_root, "silicone-gel", "--clinic", "jade-integrative")
    assert "clinic.yaml:" in output and "branding.logo: file 'logo.png' not found" in output


def test_extends_cycle_is_reported(content_root: Path) -> None:
    parent = content_root / "templates" / "harbour-dermatology" / "clinic.yaml"
    replace_in(parent, "name: Harbour Dermatology", "name: X\nextends: harbour-dermatology-north")
    output = build_fails(content_root, "silicone-gel", "--clinic", "harbour-dermatology-north")
    cycle = "harbour-dermatology-north -> harbour-dermatology -> harbour-dermatology-north"
    assert f"cycle: {cycle}" in output


def test_usage_errors_exit_with_code_2(content_root: Path) -> None:
    result = invoke("build", "silicone-gel", "--root", str(content_root))
    assert result.exit_code == 2
    assert "--clinic" in result.output
