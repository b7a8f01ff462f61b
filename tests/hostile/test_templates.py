"""Hostile clinic templates: sandbox escapes, files outside the clinic folder, and runaway work.
Each ends as a TemplateError naming the template and line; nothing leaks, hangs or crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

import handouts.compose.environment
from handouts.compose.environment import make_environment
from handouts.compose.handout import compose
from handouts.compose.limits import Limits
from handouts.compose.templates import MAX_TEMPLATE_BYTES
from handouts.content.load import ContentDir
from handouts.errors import TemplateError

from helpers import CLINIC, TREATMENT, build_fails, line_of, override_template

FAST = Limits(seconds=0.3)


def compose_with(root: Path, body: str, limits: Limits | None = None) -> str:
    """Compose the default handout with a title block of ``body``."""
    override_template(root, "{% block title %}\n# Title\n" + body + "\n{% endblock %}\n")
    content = ContentDir(root)
    clinic = content.clinic(CLINIC)
    environment = make_environment(clinic, limits)
    return compose(content.treatment(TREATMENT).record, clinic, environment)


def compose_fails(root: Path, body: str, limits: Limits | None = None) -> str:
    with pytest.raises(TemplateError) as caught:
        compose_with(root, body, limits)
    message = str(caught.value)
    assert f"{CLINIC}/" in message, message
    return message


# --------------------------------------------------------------------------- escapes

ESCAPES = {
    "subclasses-via-mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "subclasses-via-attr-filter": "{{ ''|attr('__class__')|attr('__mro__') }}",
    "subclasses-via-getitem": "{{ ''['__class__']['__mro__'] }}",
    "class-via-map-attribute": "{{ [treatment]|map(attribute='__class__')|first }}",
    "globals-via-cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "globals-via-joiner": "{{ joiner.__init__.__globals__ }}",
    "globals-via-namespace": "{{ namespace.__init__.__globals__ }}",
    "builtins-via-section-helper": "{{ section.__globals__['__builtins__'] }}",
    "globals-via-range": "{{ range.__self__ }}",
    "context-via-self": "{{ self._TemplateReference__context }}",
    "dict-via-self": "{{ self.__dict__ }}",
    "environment-via-macro": "{% macro m() %}{% endmacro %}{{ m._environment }}",
    "loop-internals": "{% for x in [1] %}{{ loop._iterable }}{% endfor %}",
    "str-format-attribute-walk": "{{ '{0.__class__.__mro__}'.format(treatment) }}",
    "str-format-map": "{{ '{a.__class__}'.format_map({'a': treatment}) }}",
    "str-format-via-attr-filter": "{{ ('{0.__class__}'|attr('format'))(treatment) }}",
    "printf-formatting": "{{ '%s' % treatment }}",
    "mutating-the-record": "{{ treatment.pop('title') }}",
    "updating-the-record": "{{ treatment.update({'title': 'x'}) }}",
    "number-methods": "{{ (10).to_bytes(10, 'big') }}",
    "growth-methods-on-text": "{{ 'x'.center(10) }}",
}


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES)
def test_template_cannot_reach_python_internals(content_root: Path, payload: str) -> None:
    message = compose_fails(content_root, payload)
    assert "handout.md.j2:4: refused:" in message or "has no attribute" in message
    for leak in ("<class", "<module", "<built-in", "<function", "uid=", "/bin/"):
        assert leak not in message


@pytest.mark.parametrize("name", ["lipsum", "os", "config", "request", "self.__init__.__globals__"])
def test_template_has_no_way_to_name_modules_or_lorem_ipsum(content_root: Path, name: str) -> None:
    message = compose_fails(content_root, "{{ " + name + " }}")
    assert "handout.md.j2:4:" in message


@pytest.mark.parametrize("name", ["random", "format"])
def test_filters_that_break_reproducibility_or_bypass_checks_are_gone(
    content_root: Path, name: str
) -> None:
    message = compose_fails(content_root, "{{ [1, 2]|" + name + " }}")
    assert f"No filter named '{name}'" in message


def test_map_attribute_route_prints_nothing_of_python(content_root: Path) -> None:
    markdown = compose_with(content_root, "{{ [treatment]|map(attribute='__class__')|list }}")
    assert "class" not in markdown.split("{#mechanism}")[0]


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    "statement",
    [
        '{% include "/etc/passwd" %}',
        '{% include "../../../../../etc/passwd" %}',
        '{% include "../jade-integrative/handout.md.j2" %}',
        '{% include "..\\\\jade-integrative\\\\handout.md.j2" %}',
        '{% import "jade-integrative/handout.md.j2" as other %}',
        '{% include "clinic.yaml" %}',
        '{% include "builtin/../../../compose.py" %}',
    ],
    ids=[
        "absolute",
        "dotdot",
        "sibling-clinic-by-path",
        "backslashes",
        "clinic-outside-the-chain",
        "non-template-file",
        "builtin-dotdot",
    ],
)
def test_template_cannot_load_files_outside_its_clinic_folders(
    content_root: Path, statement: str
) -> None:
    message = compose_fails(content_root, statement)
    assert "not found. Templates load by file name" in message
    assert "root:" not in message


def test_template_cannot_extend_a_file_outside_its_clinic_folders(content_root: Path) -> None:
    path = content_root / "templates" / CLINIC / "handout.md.j2"
    path.write_text('{% extends "/etc/hostname" %}\n', encoding="utf-8")
    output = build_fails(content_root)
    assert "handout.md.j2:1: template '/etc/hostname' not found" in output


def test_template_linked_to_a_file_outside_its_folder_is_refused(content_root: Path) -> None:
    outside = content_root / "secret.j2"
    outside.write_text("# secret\n", encoding="utf-8")
    link = content_root / "templates" / CLINIC / "handout.md.j2"
    link.symlink_to(outside)
    output = build_fails(content_root)
    assert "handout.md.j2: is a link to a file outside harbour-dermatology/" in output
    assert "secret" not in output.replace("secret.j2", "")


def test_included_helper_linked_outside_is_refused(content_root: Path) -> None:
    (content_root / "helper.j2").write_text("leaked", encoding="utf-8")
    (content_root / "templates" / CLINIC / "helper.j2").symlink_to(content_root / "helper.j2")
    message = compose_fails(content_root, '{% include "helper.j2" %}')
    assert "helper.j2: is a link to a file outside" in message


def test_template_helpers_inside_the_folder_still_work(content_root: Path) -> None:
    helpers = content_root / "templates" / CLINIC / "helpers.j2"
    helpers.write_text("{% macro shout(text) %}{{ text|upper }}!{% endmacro %}", "utf-8")
    markdown = compose_with(
        content_root, '{% import "helpers.j2" as h %}{{ h.shout(treatment.condition) }}'
    )
    condition = ContentDir(content_root).treatment(TREATMENT).record.condition
    assert condition.upper() + "!" in markdown


def test_hidden_character_in_a_template_names_its_line(content_root: Path) -> None:
    path = override_template(content_root, "{% block title %}\n# Gel \u202eleg\n{% endblock %}\n")
    output = build_fails(content_root)
    assert f"handout.md.j2:{line_of(path, 'leg')}: contains U+202E" in output


def test_hidden_character_written_by_an_escape_is_refused(content_root: Path) -> None:
    message = compose_fails(content_root, '{{ "\\u2066" }}')
    assert "the template writes U+2066 LEFT-TO-RIGHT ISOLATE" in message


def test_template_over_the_size_cap_is_refused(content_root: Path) -> None:
    override_template(content_root, "{# " + "x" * MAX_TEMPLATE_BYTES + " #}")
    assert f"handout.md.j2: is over {MAX_TEMPLATE_BYTES // 1024} KiB" in build_fails(content_root)


def test_template_that_is_not_utf8_names_its_line(content_root: Path) -> None:
    path = content_root / "templates" / CLINIC / "handout.md.j2"
    path.write_bytes(b'{% extends "builtin/handout.md.j2" %}\n{# caf\xe9 #}\n')
    assert "handout.md.j2:2: is not UTF-8 text" in build_fails(content_root)


# --------------------------------------------------------------------------- runaway work


def test_nested_loops_that_print_nothing_stop_at_the_time_limit(content_root: Path) -> None:
    body = (
        "{% set xs = range(1000)|list %}{% for a in xs %}{% for b in xs %}{% for c in xs %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    message = compose_fails(content_root, body, FAST)
    assert "handout.md.j2:4: stopped: the template ran for more than 0.3 s" in message


def test_branching_macro_recursion_stops_at_the_time_limit(content_root: Path) -> None:
    body = (
        "{% macro grow(n) %}{% if n < 60 %}{{ grow(n + 1) }}{{ grow(n + 1) }}{% endif %}"
        "{% endmacro %}{{ grow(0) }}"
    )
    assert "stopped: the template ran for more than" in compose_fails(content_root, body, FAST)


def test_recursive_loop_that_branches_stops_at_the_time_limit(content_root: Path) -> None:
    body = "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}"
    message = compose_fails(content_root, body, Limits(seconds=0.3))
    assert "calls itself without end" in message or "stopped: the template ran" in message


@pytest.mark.parametrize(
    "body",
    [
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        '{% include "handout.md.j2" %}',
        '{% import "harbour-dermatology/handout.md.j2" as me %}',
    ],
    ids=["macro", "include", "import"],
)
def test_template_that_calls_itself_without_end_is_a_clean_error(
    content_root: Path, body: str
) -> None:
    message = compose_fails(content_root, body)
    assert "the template calls itself without end" in message


def test_template_that_extends_itself_is_a_clean_error(content_root: Path) -> None:
    path = content_root / "templates" / CLINIC / "handout.md.j2"
    path.write_text('{% extends "harbour-dermatology/handout.md.j2" %}\n', encoding="utf-8")
    assert "the template calls itself without end" in build_fails(content_root)


GROWTH = {
    "text-repetition": "{{ 'x' * 10 ** 12 }}",
    "list-repetition": "{{ [0] * 10 ** 12 }}",
    "huge-range": "{{ range(10 ** 9)|length }}",
    "center": "{{ 'x'|center(10 ** 12) }}",
    "indent": "{{ 'a\\nb'|indent(10 ** 12) }}",
    "wordwrap": "{{ ('a ' * 5000)|wordwrap(1, wrapstring='x' * 10000) }}",
    "replace": "{{ ('x' * 10000)|replace('x', 'y' * 10000) }}",
    "join": "{{ range(1000)|join('x' * 5000) }}",
    "batch": "{{ [1]|batch(10 ** 12, 0)|list }}",
    "slice": "{{ [1]|slice(10 ** 12)|list }}",
    "filter-block": "{% filter center(10 ** 12) %}x{% endfilter %}",
    "doubling-with-tilde": "{% set a = 'x' * 10000 %}"
    + "{% set a = a ~ a %}" * 40
    + "{{ a|length }}",
    "doubling-with-plus": "{% set a = ['x'] * 10000 %}" + "{% set a = a + a %}" * 40,
    "power": "{{ 10 ** (10 ** 12) }}",
    "multiplying-numbers": "{% set x = 10 ** 1000 %}{{ x * x * x * x * x }}",
    "summing-lists": "{{ [[1]] * 1000|sum(start=[]) }}",
}


@pytest.mark.parametrize("body", GROWTH.values(), ids=GROWTH)
def test_growth_that_would_exhaust_memory_is_refused_before_it_happens(
    content_root: Path, body: str
) -> None:
    message = compose_fails(content_root, body)
    assert "handout.md.j2:4: stopped:" in message or "handout.md.j2:4: refused:" in message


def test_lists_nested_inside_each_other_count_in_full(content_root: Path) -> None:
    body = "{% set a = [1] %}" + "{% set a = [a, a] %}" * 40 + "{{ a == a }}"
    message = compose_fails(content_root, body, Limits(size=10_000))
    assert "stopped: a value here would be larger than 10,000 characters" in message


def test_namespace_holding_the_same_text_many_times_counts_in_full(content_root: Path) -> None:
    body = (
        "{% set ns = namespace(a='x' * 400000) %}{% set ns.b = ns.a %}{% set ns.c = ns.a %}"
        "{{ ns|string|length }}"
    )
    assert "stopped: a value here would be larger than" in compose_fails(content_root, body)


def test_output_larger_than_the_limit_stops_with_the_template_named(content_root: Path) -> None:
    body = "{% for i in range(1000) %}{{ 'y' * 2000 }}{% endfor %}"
    message = compose_fails(content_root, body)
    assert "stopped: the template's text would be longer than 1,000,000 characters" in message


def test_text_built_and_thrown_away_in_a_loop_counts_towards_the_total(
    content_root: Path,
) -> None:
    body = "{% set big = 'x' * 900000 %}{% for i in range(100) %}{% set c = big ~ i %}{% endfor %}"
    message = compose_fails(content_root, body, Limits(built=10_000_000))
    assert "stopped: the template built more than 10,000,000 characters in total" in message


def test_imported_template_output_counts_against_the_limit(content_root: Path) -> None:
    helpers = content_root / "templates" / CLINIC / "big.j2"
    helpers.write_text("{% for i in range(1000) %}{{ 'z' * 2000 }}{% endfor %}", "utf-8")
    message = compose_fails(content_root, '{% import "big.j2" as big %}{{ big }}')
    assert "stopped: the template's text would be longer than" in message


def test_memory_error_inside_a_template_is_a_clean_error(content_root: Path) -> None:
    def exhausted(value: object) -> str:
        raise MemoryError

    override_template(content_root, "{% block title %}\n# {{ 1|exhausted }}\n{% endblock %}\n")
    content = ContentDir(content_root)
    clinic = content.clinic(CLINIC)
    environment = make_environment(clinic)
    environment.add_filters(exhausted=exhausted)
    with pytest.raises(TemplateError, match=r"handout\.md\.j2:3: the template needs more memory"):
        compose(content.treatment(TREATMENT).record, clinic, environment)


def test_python_errors_raised_by_template_code_become_template_errors(
    content_root: Path,
) -> None:
    for body, expected in [
        ("{{ 1 / 0 }}", "template failed: division by zero"),
        ("{{ [treatment, clinic]|sort }}", "template failed: '<' not supported"),
        ("{{ 'x'.index('y') }}", "template failed: substring not found"),
        ("{{ []|first }}", "No first item, sequence was empty"),
    ]:
        assert f"handout.md.j2:4: {expected}" in compose_fails(content_root, body)


def test_runaway_template_fails_cleanly_on_the_command_line(
    content_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handouts.compose.environment, "DEFAULT_LIMITS", FAST)
    override_template(
        content_root,
        "{% block title %}\n# T\n{% for a in range(1000) %}{% for b in range(1000) %}"
        "{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}\n{% endblock %}\n",
    )
    output = build_fails(content_root)
    assert "handout.md.j2:4: stopped: the template ran for more than 0.3 s" in output


def test_ordinary_template_features_still_work(content_root: Path) -> None:
    body = (
        "{% set ns = namespace(count=0) %}"
        "{% for source in treatment.sources %}{% set ns.count = ns.count + 1 %}{% endfor %}"
        "sources={{ ns.count }} "
        "{% for word in treatment.title.split()[:2] %}{{ loop.index }}:{{ word|upper }} "
        "{% endfor %}"
        "{{ {'a': 1}|dictsort|first|join('=') }} "
        "{{ (treatment.condition.split('(')[0] ~ '!')|replace('!', '?') }} "
        "{{ ['b', 'a']|sort|join(',') }} {{ '-' * 3 }} {{ range(3)|sum }} "
        "{{ clinic.contact.get('fax', 'no fax') }} {{ (2 ** 10) // 3 % 7 }}"
    )
    markdown = compose_with(content_root, body)
    record = ContentDir(content_root).treatment("silicone-gel").record
    condition = record.condition.split("(")[0]
    expected = f"sources={len(record.sources)} 1:SILICONE 2:GEL a=1 {condition}? a,b --- 3 no fax 5"
    assert expected in markdown
