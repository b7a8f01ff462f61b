"""Property-based tests: random text, Markdown, YAML and template source through load, compose,
parse and layout. Every input ends as a PDF that shows the input's words, or as a clean
HandoutsError with a message; never as any other exception.

The "ci" profile (the default) runs a few hundred examples in all; set
``HYPOTHESIS_PROFILE=thorough`` for ten times as many.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.compose.environment import make_environment
from handouts.compose.handout import compose
from handouts.compose.limits import Limits
from handouts.content.fields import string_fields
from handouts.content.load import ContentDir
from handouts.content.treatment import Treatment
from handouts.content.validate import validate
from handouts.content.yamlfile import load_yaml
from handouts.errors import HandoutsError
from handouts.markdown import blocks
from handouts.options import RenderOptions
from handouts.pipeline import RenderedHandout, render_handout

from helpers import CLINIC, REPO, TREATMENT, override_template, read_pdf, record_path

# CI draws the same examples every run, so a red run always means the change under test;
# HYPOTHESIS_PROFILE=thorough explores ten times as many, freshly drawn each time.
settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough", parent=settings.get_profile("ci"), max_examples=500, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FAST = Limits(seconds=0.5)
ORIGINAL = load_yaml(record_path(REPO)).data


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One private content folder, rewritten by every example."""
    path = tmp_path_factory.mktemp("property") / "content"
    shutil.copytree(REPO / "data", path / "data")
    shutil.copytree(REPO / "templates", path / "templates")
    return path


def reset(root: Path, record: Any) -> None:
    """The record written out exactly, whatever it holds (JSON is YAML too), and the clinic
    back on the built-in template."""
    text = json.dumps(record, ensure_ascii=False, indent=1)
    record_path(root).write_text(text, encoding="utf-8")
    (root / "templates" / CLINIC / "handout.md.j2").unlink(missing_ok=True)


def render_or_error(root: Path) -> RenderedHandout | HandoutsError:
    try:
        return render_handout(ContentDir(root), TREATMENT, CLINIC, RenderOptions(compress=False))
    except HandoutsError as error:
        assert str(error).strip(), "an error must say what is wrong"
        return error


def squeezed(rendered: RenderedHandout) -> str:
    return "".join(read_pdf(rendered.pdf).text.split())


def words(text: str) -> list[str]:
    """Runs of letters and digits that contain a letter (list numbers are renumbered)."""
    return [word for word in re.findall(r"[^\W_]+", text) if not word.isdigit()]


# --------------------------------------------------------------------------- random text

GREEK = "".join(chr(code) for code in range(0x3B1, 0x3CA) if code != 0x3C2)
CYRILLIC = "".join(chr(code) for code in range(0x430, 0x450))
LETTERS = string.ascii_letters + "äöüßéçñøœ" + GREEK + CYRILLIC + "气血养护疤"
# Brackets and braces make links, references and section tags, whose targets are not
# printed; backticks and tildes make fences, whose info string is not printed; ':::' opens a
# box named by its kind. Everything else, including <, & and >, is fair game.
PUNCTUATION = " \n\t<>&*_#-+.!?'\"()|/\\%$@=;,^0123456789"
printable_text = st.text(st.sampled_from(LETTERS + PUNCTUATION), max_size=120).filter(
    lambda text: any(char in LETTERS for char in text)
)
any_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="[]{}`~"), max_size=60
).filter(lambda text: ":::" not in text)


@given(text=printable_text)
@example(text="Tags <b>stay</b> & <i>text</i> > here, 气血 and Ωmega &amp; &#x202E;")
def test_random_printable_text_in_a_record_prints_every_word(root: Path, text: str) -> None:
    reset(root, {**ORIGINAL, "summary": text})
    outcome = render_or_error(root)
    assert isinstance(outcome, RenderedHandout), str(outcome)
    printed = squeezed(outcome)
    assert all(word in printed for word in words(text)), text


@given(text=any_text)
@example(text="\u202eevil")
@example(text="nul\x00")
def test_random_unicode_in_a_record_prints_its_words_or_fails_cleanly(
    root: Path, text: str
) -> None:
    reset(root, {**ORIGINAL, "summary": text})
    outcome = render_or_error(root)
    if isinstance(outcome, RenderedHandout):
        printed = squeezed(outcome)
        assert all(word in printed for word in words(text)), text


# --------------------------------------------------------------------------- random Markdown

word = st.text(st.sampled_from(LETTERS), min_size=1, max_size=10)


@st.composite
def inline(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A line of text with emphasis, code, safe and unsafe links: (Markdown, visible words)."""
    parts, shown = [], []
    for text in draw(st.lists(word, min_size=1, max_size=6)):
        style = draw(st.sampled_from(["", "*", "**", "`", "link", "bad-link", "image", "<>&"]))
        shown.append(text)
        parts.append(_styled(text, style))
    return " ".join(parts), shown


def _styled(text: str, style: str) -> str:
    if style == "link":
        return f"[{text}](https://example.org/{len(text)})"
    if style == "bad-link":
        return f"[{text}](javascript:alert({len(text)}))"
    if style == "image":
        return f"before ![{text}](missing.png) after"
    if style == "<>&":
        return f"<{text}> & {text}"
    return f"{style}{text}{style}"


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[str]]:
    kinds = ["paragraph", "heading", "list", "table", "box", "code", "quote", "rule"]
    kind = draw(st.sampled_from(kinds if depth < 2 else kinds[:1]))
    if kind == "list":
        return _list(draw, depth)
    if kind == "box":
        inner, shown = draw(block(depth + 1))
        title, title_words = draw(inline())
        callout = draw(st.sampled_from(["note", "warning", "danger", "contact"]))
        return f"::: {callout} {title}\n{inner}\n:::", [*title_words, *shown]
    if kind == "table":
        head = draw(st.tuples(word, word))
        rows = draw(st.lists(st.tuples(word, word), max_size=3))
        table = "".join(f"| {a} | {b} |\n" for a, b in [head, *rows])
        return table.replace("\n", "\n|---|---|\n", 1), [c for row in [head, *rows] for c in row]
    if kind == "code":
        code = draw(st.lists(word, min_size=1, max_size=4))
        return "```\n" + "\n".join(code) + "\n```", code
    if kind == "rule":
        return "---", []
    text, shown = draw(inline())
    prefix = {"heading": "#" * draw(st.integers(2, 4)) + " ", "quote": "> "}.get(kind, "")
    return prefix + text, shown


def _list(draw: st.DrawFn, depth: int) -> tuple[str, list[str]]:
    ordered = draw(st.booleans())
    lines, shown = [], []
    for number, (text, item_words) in enumerate(draw(st.lists(inline(), min_size=1, max_size=4))):
        lines.append(f"{number + 1}. {text}" if ordered else f"- {text}")
        shown += item_words
        if draw(st.booleans()) and depth < 2:
            inner, inner_words = _list(draw, depth + 1)
            lines += ["   " + line for line in inner.splitlines()]
            shown += inner_words
    return "\n".join(lines), shown


markdown_documents = st.lists(block(), min_size=1, max_size=6)


@given(blocks=markdown_documents)
def test_random_markdown_from_a_template_prints_every_word(
    root: Path, blocks: list[tuple[str, list[str]]]
) -> None:
    reset(root, ORIGINAL)
    markdown = "\n\n".join(text for text, _ in blocks)
    override_template(root, "{% block title %}\n# Title\n\n" + markdown + "\n\n{% endblock %}\n")
    outcome = render_or_error(root)
    assert isinstance(outcome, RenderedHandout), str(outcome)
    printed = squeezed(outcome)
    missing = [w for _, shown in blocks for w in shown if w not in printed]
    assert not missing, markdown


# --------------------------------------------------------------------------- random YAML

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
)
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    ("title",),
    ("summary",),
    ("mechanism", "summary"),
    ("expected_results", "improves"),
    ("expected_results", "timeline"),
    ("precautions", "after"),
    ("side_effects", "serious"),
    ("not_suitable_for",),
    ("when_to_contact", "urgent_care"),
    ("sources", 0, "year"),
    ("review", "next_review"),
    ("comparison",),
]


def replaced(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced."""
    if not path:
        return value
    copy = list(data) if isinstance(data, list) else dict(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value) if path[1:] else value  # type: ignore[index]
    return copy


@settings(max_examples=int(settings().max_examples * 1.5))
@given(path=st.sampled_from(FIELDS), value=structures)
def test_random_yaml_value_in_any_field_renders_or_fails_cleanly(
    root: Path, path: tuple[str | int, ...], value: Any
) -> None:
    reset(root, replaced(ORIGINAL, path, value))
    outcome = render_or_error(root)
    if isinstance(outcome, RenderedHandout) and isinstance(value, str):
        printed = squeezed(outcome)
        assert all(word in printed for word in words(value) if len(word) < 40)


yaml_syntax = st.lists(
    st.sampled_from([*":-[]{}&*!|>'\"#%@?,\\ \n\tabc019~.<=", "!!", "---", "...", "\x85", "\ufeff"])
).map("".join)


@settings(max_examples=settings().max_examples * 3)
@given(text=yaml_syntax | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_random_yaml_text_loads_as_plain_data_or_fails_cleanly(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        document = load_yaml(path)
    except HandoutsError:
        return
    assert _plain(document.data)
    with contextlib.suppress(HandoutsError):
        validate(Treatment, document)


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, str)


# --------------------------------------------------------------------------- random templates

PIECES = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    " ",
    "\n",
    "for x in ",
    "endfor",
    "if ",
    "endif",
    "set a = ",
    "macro m(n)",
    "endmacro",
    "m(1)",
    "call m(2)",
    "endcall",
    "treatment",
    "clinic",
    ".",
    "title",
    "sources",
    "__class__",
    "|",
    "upper",
    "join",
    "attr('x')",
    "bullets",
    "(",
    ")",
    "[",
    "]",
    "'a'",
    '"b"',
    "~",
    "*",
    "**",
    "+",
    "-",
    "/",
    "%",
    "range(5)",
    "10",
    "0",
    "loop.index",
    "self",
    "super()",
    "caller()",
    "namespace()",
    "include 'x.j2'",
    "import 'handout.md.j2' as h",
    "extends 'builtin/handout.md.j2'",
    "block b",
    "endblock",
    "filter upper",
    "endfilter",
    "raw",
    "endraw",
    ",",
    "==",
    "and",
    "not",
    "is defined",
    "\u202e",
    "#",
    "- ",
    ":::",
    "warning",
]


@settings(max_examples=settings().max_examples * 3)
@given(source=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_template_source_composes_or_fails_cleanly(root: Path, source: str) -> None:
    reset(root, ORIGINAL)
    override_template(root, "{% block title %}\n" + source + "\n{% endblock %}\n")
    content = ContentDir(root)
    clinic = content.clinic(CLINIC)
    try:
        markdown = compose(
            content.treatment(TREATMENT).record, clinic, make_environment(clinic, FAST)
        )
    except HandoutsError as error:
        assert "handout.md.j2" in str(error) or ".j2" in str(error)
        return
    assert isinstance(markdown, str)


# --------------------------------------------------------------------------- values stay text

STRUCTURE_MARKS = " \n\t#>-*+|:`~=_.)[]()!0123456789"
marked_text = st.text(st.sampled_from(LETTERS + STRUCTURE_MARKS), min_size=1, max_size=80).filter(
    lambda text: any(char in LETTERS for char in text)
)
RECORD_FIELDS = [
    path
    for path, _ in string_fields(ORIGINAL)
    if path[0] not in ("id", "language", "sources", "review", "diagram") and path[-1] != "label"
]
CLINIC_FIELDS = [
    ("contact", "phone"),
    ("contact", "address"),
    ("contact", "hours"),
    ("disclaimer",),
]
CLINIC_TEXT = (REPO / "templates" / CLINIC / "clinic.yaml").read_text(encoding="utf-8")


def shape(items: Any) -> list[Any]:
    """The structure of a block tree without its text: kinds, levels, and how many items."""
    found: list[Any] = []
    for block in items:
        if isinstance(block, blocks.ListBlock):
            found.append(("list", [shape(item) for item in block.items]))
        elif isinstance(block, blocks.Callout):
            found.append(("box", block.kind, shape(block.blocks)))
        else:
            found.append((type(block).__name__, getattr(block, "level", None)))
    return found


@pytest.fixture(scope="module")
def baseline(root: Path) -> list[Any]:
    reset(root, ORIGINAL)
    outcome = render_or_error(root)
    assert isinstance(outcome, RenderedHandout)
    return shape(outcome.document.blocks)


@settings(max_examples=settings().max_examples * 2)
@given(path=st.sampled_from(RECORD_FIELDS), text=marked_text)
@example(path=("summary",), text="Line\n:::\n# Heading\n::: danger Box\n| a | b |\n- item")
def test_record_text_with_markdown_marks_never_changes_the_structure(
    root: Path, baseline: list[Any], path: tuple[str | int, ...], text: str
) -> None:
    reset(root, replaced(ORIGINAL, path, text))
    outcome = render_or_error(root)
    if isinstance(outcome, RenderedHandout):
        assert shape(outcome.document.blocks) == baseline, (path, text)


@given(path=st.sampled_from(CLINIC_FIELDS), text=marked_text)
def test_clinic_values_with_markdown_marks_never_change_the_structure(
    root: Path, baseline: list[Any], path: tuple[str, ...], text: str
) -> None:
    reset(root, ORIGINAL)
    clinic = load_yaml(REPO / "templates" / CLINIC / "clinic.yaml").data
    (root / "templates" / CLINIC / "clinic.yaml").write_text(
        json.dumps(replaced(clinic, path, text), ensure_ascii=False), encoding="utf-8"
    )
    try:
        outcome = render_or_error(root)
    finally:
        (root / "templates" / CLINIC / "clinic.yaml").write_text(CLINIC_TEXT, encoding="utf-8")
    if isinstance(outcome, RenderedHandout):
        assert shape(outcome.document.blocks) == baseline, (path, text)
