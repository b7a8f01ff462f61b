"""Text that would print as nothing, as garbage or as a disguise is refused with its field named;
error messages never pass hostile characters through to the terminal."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from handouts.content.load import ContentDir
from handouts.content.text import DISGUISING, INVALID_CATEGORIES
from handouts.errors import ContentError

from helpers import build_fails, clinic_path, invoke, line_of, record_path, replace_in

TITLE = "title: Silicone gel for raised scars"

HOSTILE_CHARACTERS = {
    "null": ("\\0", "U+0000", "control character"),
    "escape": ("\\e", "U+001B", "control character"),
    "delete": ("\\x7f", "U+007F", "control character"),
    "noncharacter-ffff": ("\\uffff", "U+FFFF", "not a character"),
    "noncharacter-fdd0": ("\\ufdd0", "U+FDD0", "not a character"),
    "private-use": ("\\ue000", "U+E000", "private-use"),
    "unassigned": ("\\U000e0fff", "U+E0FFF", "not a character"),
    "bom-in-the-middle": ("\\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE", "reorder or hide"),
    "right-to-left-override": ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE", "reorder or hide"),
    "left-to-right-embedding": ("\\u202a", "U+202A LEFT-TO-RIGHT EMBEDDING", "reorder or hide"),
    "pop-directional": ("\\u202c", "U+202C POP DIRECTIONAL FORMATTING", "reorder or hide"),
    "right-to-left-isolate": ("\\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE", "reorder or hide"),
    "pop-isolate": ("\\u2069", "U+2069 POP DIRECTIONAL ISOLATE", "reorder or hide"),
    "line-separator": ("\\u2028", "U+2028 LINE SEPARATOR", "line separator"),
}


@pytest.mark.parametrize("escape, shown, why", HOSTILE_CHARACTERS.values(), ids=HOSTILE_CHARACTERS)
def test_invisible_or_invalid_character_is_refused_with_file_line_and_field(
    content_root: Path, escape: str, shown: str, why: str
) -> None:
    path = record_path(content_root)
    replace_in(path, TITLE, f'title: "Silicone{escape} gel for scars"')
    output = build_fails(content_root)
    assert f"silicone-gel.yaml:{line_of(path, 'title: ')}: title: contains {shown} at " in output
    assert why in output


def test_hostile_character_deep_in_a_list_names_the_item(content_root: Path) -> None:
    path = record_path(content_root)
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  after:\n") + len("\n  after:\n")
    item_line = text[:start].count("\n") + 1
    path.write_text(text[:start] + '    - "Wash \\u202egently"\n' + text[start:], "utf-8")
    output = build_fails(content_root)
    assert f"silicone-gel.yaml:{item_line}: precautions.after.0: contains U+202E" in output


def test_hostile_character_in_a_clinic_file_names_the_clinic_field(content_root: Path) -> None:
    path = clinic_path(content_root)
    replace_in(path, "phone: 020 7946 0321", 'phone: "020 \\u2066 7946"')
    output = build_fails(content_root)
    assert f"clinic.yaml:{line_of(path, 'phone: ')}: contact.phone: contains U+2066" in output


def test_source_address_with_control_character_or_angle_bracket_is_refused(
    content_root: Path,
) -> None:
    path = record_path(content_root)
    replace_in(path, "url: https://", 'url: "https://example.org/\\x01"\n    old: https://')
    with pytest.raises(ContentError, match=r"sources\.0\.url: contains U\+0001"):
        ContentDir(content_root).treatment("silicone-gel")
    path = record_path(content_root)
    replace_in(path, 'url: "https://example.org/\\x01"', "url: https://example.org/<x>")
    with pytest.raises(ContentError, match=r"sources\.0\.url: must be a web address that starts"):
        ContentDir(content_root).treatment("silicone-gel")


def test_tab_newline_soft_hyphen_and_joiners_are_ordinary_text(content_root: Path) -> None:
    replace_in(record_path(content_root), TITLE, 'title: "Sili\\u00adcone\\tgel\\u200dfor scars"')
    record = ContentDir(content_root).treatment("silicone-gel").record
    assert record.title == "Sili\u00adcone gel\u200dfor scars"  # a tab is a space


def test_error_message_escapes_terminal_control_sequences_from_keys(content_root: Path) -> None:
    replace_in(record_path(content_root), TITLE, f'{TITLE}\n"\\e[2J\\e]0;owned\\a": x')
    output = build_fails(content_root)
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b[2J\\x1b]0;owned\\x07: unknown key" in output


def test_lone_surrogate_in_a_value_is_refused_with_its_field(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, TITLE, 'title: "Silicone\\ud800 gel"')
    output = build_fails(content_root)
    assert (
        f"silicone-gel.yaml:{line_of(path, 'title: ')}: title: the value contains U+D800" in output
    )
    assert "lone surrogate" in output


def test_lone_surrogate_in_a_key_is_refused_without_crashing_the_message(
    content_root: Path,
) -> None:
    path = record_path(content_root)
    replace_in(path, "  version:", '  "bad\\udc80key": x\n  version:')
    output = build_fails(content_root)
    assert f"silicone-gel.yaml:{line_of(path, 'bad')}: review: a key here contains U+DC80" in output


def test_listing_escapes_control_characters_in_file_names(content_root: Path) -> None:
    evil = content_root / "data" / "treatments" / "evil\x1b]0;owned\x07.yaml"
    evil.write_bytes(record_path(content_root).read_bytes())
    result = invoke("list", "--root", str(content_root), color=True)
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "evil\\x1b]0;owned\\x07" in result.output


def test_quick_printable_check_never_lets_an_unsafe_character_through() -> None:
    """Text that is printable apart from line breaks and tabs skips the per-character walk;
    that shortcut is only safe while every refused character is non-printable."""
    unsafe = [
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in INVALID_CATEGORIES or code in DISGUISING
    ]
    assert len(unsafe) > 900_000  # surrogates, private use and unassigned code points
    assert not [code for code in unsafe if chr(code).isprintable()]
