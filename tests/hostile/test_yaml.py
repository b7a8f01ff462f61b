"""Hostile and broken YAML: every file ends as plain data or one clean error with its line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli.app import app
from handouts.content.load import ContentDir
from handouts.content.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, load_yaml
from handouts.errors import ContentError

from helpers import line_of, replace_in

runner = CliRunner()
CLINIC = "harbour-dermatology"


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "record.yaml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def load_fails(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    return str(caught.value)


def clinic_file(root: Path) -> Path:
    return root / "templates" / CLINIC / "clinic.yaml"


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "title: *i",
    ]
)


def test_billion_laughs_alias_bomb_fails_fast_at_the_first_alias(tmp_path: Path) -> None:
    path = write(tmp_path, BILLION_LAUGHS)
    started = time.perf_counter()
    message = load_fails(path)
    assert time.perf_counter() - started < 1.0
    assert f"{path}:2: YAML aliases (*name) are not allowed" in message


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    path = write(tmp_path, f'title: !!python/object/apply:os.system ["touch {canary}"]\n')
    message = load_fails(path)
    assert "YAML tags such as !!python/object/apply:os.system are not allowed" in message
    assert f"{path}:1:" in message
    assert not canary.exists()


@pytest.mark.parametrize(
    "value", ["!!binary aGVsbG8=", "!!set {a, b}", "!custom thing", "!!timestamp 2024-01-01"]
)
def test_tags_other_than_str_are_refused(tmp_path: Path, value: str) -> None:
    message = load_fails(write(tmp_path, f"id: x\ntitle: {value}\n"))
    assert ":2: YAML tags such as" in message


def test_str_tag_is_allowed_and_keeps_the_text(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "phone: !!str 0800\n")).data == {"phone": "0800"}


@pytest.mark.parametrize(
    "written", ["NO", "yes", "on", "off", "1:30", "010", "0800", "1e3", "1.10", "0x1F", ".inf"]
)
def test_values_that_look_like_booleans_numbers_or_times_stay_the_text_typed(
    content_root: Path, written: str
) -> None:
    replace_in(clinic_file(content_root), 'emergency_number: "999"', f"emergency_number: {written}")
    replace_in(clinic_file(content_root), "Quay Street", f"Quay Street {written}")
    record = ContentDir(content_root).clinic(CLINIC).record
    assert record.contact.emergency_number == written
    assert record.contact.address.endswith(f"Quay Street {written}, Harbourside, London SE1 9ZZ")


def test_null_tilde_and_empty_values_are_none(tmp_path: Path) -> None:
    data = load_yaml(write(tmp_path, "a: ~\nb: null\nc:\nd: 'null'\ne: ''\n")).data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_numbers_are_read_from_text_only_where_the_schema_wants_a_number(
    content_root: Path,
) -> None:
    path = content_root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(path, "year: 2023", "year: 1e3")
    with pytest.raises(ContentError) as caught:
        ContentDir(content_root).treatment("silicone-gel")
    assert f"silicone-gel.yaml:{line_of(path, 'year: 1e3')}: sources.0.year:" in str(caught.value)


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    message = load_fails(write(tmp_path, "id: x\ncontact:\n  phone: 1\n  email: a\n  phone: 2\n"))
    assert ":5: duplicate key 'phone' (first on line 3)" in message


def test_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "a: [" + "1, " * (MAX_FILE_BYTES // 3) + "1]\n")
    assert f"over {MAX_FILE_BYTES // 1024} KiB" in load_fails(path)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "a: " + "{b: " * 5000 + "1" + "}" * 5000,
        "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(200)) + "  " * 200 + "end\n",
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings"],
)
def test_deeply_nested_yaml_fails_cleanly(tmp_path: Path, text: str) -> None:
    assert f"nested more than {MAX_DEPTH} levels deep" in load_fails(write(tmp_path, text))


def test_second_document_in_one_file_is_an_error(tmp_path: Path) -> None:
    message = load_fails(write(tmp_path, "id: a\n---\nid: b\n"))
    assert ":2: a file holds one record" in message


def test_list_or_mapping_as_a_key_is_refused(tmp_path: Path) -> None:
    message = load_fails(write(tmp_path, "id: a\n? [x, y]\n: z\n"))
    assert ":2: keys must be plain text" in message


def test_merge_key_without_alias_is_just_an_unknown_key(content_root: Path) -> None:
    path = content_root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(path, "title: Silicone gel", "<<: {summary: sneaky}\ntitle: Silicone gel")
    with pytest.raises(ContentError, match=r"silicone-gel\.yaml:\d+: <<: unknown key"):
        ContentDir(content_root).treatment("silicone-gel")


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f"])
def test_raw_control_character_in_a_yaml_file_names_its_line(tmp_path: Path, char: str) -> None:
    message = load_fails(write(tmp_path, f"id: a\ntitle: bad{char}text\n"))
    assert f":2: contains the control character U+{ord(char):04X}" in message


def test_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    message = load_fails(write(tmp_path, b"id: a\ntitle: caf\xe9\n"))
    assert ":2: is not UTF-8 text" in message


def test_leading_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "\ufeffid: a\n")).data == {"id": "a"}


def test_empty_file_and_plain_list_are_not_records(content_root: Path) -> None:
    path = content_root / "data" / "treatments" / "silicone-gel.yaml"
    for text in ("", "- a\n- b\n", "just text\n"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ContentError, match="must be a mapping of keys to values"):
            ContentDir(content_root).treatment("silicone-gel")


def test_broken_yaml_never_shows_a_traceback_on_the_command_line(content_root: Path) -> None:
    path = content_root / "data" / "treatments" / "silicone-gel.yaml"
    path.write_bytes(path.read_bytes() + b"\nextra: *nowhere\x01\n")
    result = runner.invoke(
        app, ["build", "silicone-gel", "--clinic", CLINIC, "--root", str(content_root)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "silicone-gel.yaml:" in result.output
