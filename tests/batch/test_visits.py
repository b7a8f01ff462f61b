"""A patient list as spreadsheets export it -> visits, or each row's problem with its line;
no message ever repeats what a cell holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.batch.visits import read_visits
from handouts.errors import HandoutsError

HEADER = "name,treatments,note,next_visit,large_print"


def visits_from(tmp_path: Path, text: str, encoding: str = "utf-8", **options: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "visits.csv"
    path.write_bytes(text.encode(encoding))
    return read_visits(path, **options)


def refused(tmp_path: Path, text: str, **options: str) -> str:
    with pytest.raises(HandoutsError) as caught:
        visits_from(tmp_path, text, **options)
    (problem,) = caught.value.problems
    assert problem.code == "BATCH001"
    return str(problem)


def test_rows_become_visits_with_their_row_numbers(tmp_path: Path) -> None:
    listed = visits_from(
        tmp_path,
        f"{HEADER}\nAna,silicone-gel; laser-resurfacing ;,,2027-01-12,yes\n\nBen,silicone-gel,,,\n",
    )
    first, second = listed.visits
    assert (first.row, first.line, first.file_stem) == (2, 2, "row-002")
    assert first.treatments == ("silicone-gel", "laser-resurfacing")
    assert first.patient.large_print and str(first.patient.next_visit) == "2027-01-12"
    assert (second.row, second.file_stem) == (4, "row-004")  # the blank row keeps its number
    assert listed.rows == 2 and not listed.failures


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_commas_semicolons_or_tabs_separate_the_columns(tmp_path: Path, separator: str) -> None:
    text = f'name{separator}treatments\n\ufeffAna{separator}"silicone-gel;micro-needling"\n'
    (visit,) = visits_from(tmp_path, "\ufeff" + text.replace("\ufeff", "")).visits
    assert visit.treatments == ("silicone-gel", "micro-needling")


def test_a_note_over_several_lines_keeps_the_next_rows_line(tmp_path: Path) -> None:
    text = f'{HEADER}\nAna,silicone-gel,"Line one\nline two",,\nBen,silicone-gel,,31/02/2026,\n'
    listed = visits_from(tmp_path, text)
    (failure,) = listed.failures
    assert (failure.row, failure.line) == (3, 4)
    assert str(failure.problems[0]).startswith(f"{tmp_path / 'visits.csv'}:4: next_visit:")


def test_no_message_repeats_what_a_cell_holds(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "Zelda Quartermaine,silicone-gel,,Zelda's birthday,\n"
        "Yusuf Abernathy,silicone-gel,,,perhaps\n"
        "Xiomara \u2603 Vance,silicone-gel,,,\n"
        "Wilhelmina Oduya,,,,\n"
    )
    failures = visits_from(tmp_path, text).failures
    messages = [str(problem) for failure in failures for problem in failure.problems]
    assert [m.split(": ")[1] for m in messages] == [
        "next_visit",
        "large_print",
        "name",
        "treatments",
    ]
    for secret in ("Zelda", "birthday", "Yusuf", "perhaps", "Xiomara", "Wilhelmina"):
        assert not any(secret in message for message in messages), messages


def test_a_missing_column_is_named_with_a_likely_spelling(tmp_path: Path) -> None:
    message = refused(tmp_path, "name,treatment\nAna,silicone-gel\n")
    assert "no 'treatments' column" in message and "Is 'treatment' meant" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty: it needs a header row naming the columns"),
        ("\n\n", "is empty: it needs a header row naming the columns"),
        ("name,name,treatments\n", "names a column twice: name"),
        ('name,treatments\n"Ana,silicone-gel\n', "cannot be read as CSV"),
    ],
)
def test_a_list_that_cannot_be_read_stops_with_its_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in refused(tmp_path, text)


def test_a_list_without_its_header_never_shows_its_first_patient(tmp_path: Path) -> None:
    message = refused(tmp_path, "Ana Garcia,silicone-gel,2027-03-01\nBen,silicone-gel,\n")
    assert "does not start with a header row: none of the 3 cells" in message
    assert "Ana" not in message and "garcia" not in message.lower()


def test_a_list_in_another_encoding_says_how_to_export_it(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_bytes("name,treatments\nJosé,silicone-gel\n".encode("cp1252"))
    with pytest.raises(HandoutsError) as caught:
        read_visits(path)
    assert "visits.csv:2: " in str(caught.value) and "CSV UTF-8" in str(caught.value)


def test_a_huge_cell_is_refused_not_read(tmp_path: Path) -> None:
    assert "more than 20,000 characters" in refused(
        tmp_path, "name,treatments,note\nAna,silicone-gel," + "x" * 30_000 + "\n"
    )


def test_files_named_by_a_column_must_be_there_and_differ(tmp_path: Path) -> None:
    text = "name,treatments,Visit ID\nAna,silicone-gel,V/1\nBen,silicone-gel,V:1\n"
    text += "Cy,silicone-gel,\n"
    listed = visits_from(tmp_path, text, name_by="visit id")
    assert [visit.file_stem for visit in listed.visits] == ["V-1"]
    assert [(f.row, f.problems[0].message.split(";")[0]) for f in listed.failures] == [
        (3, "gives the same file name as row 2"),
        (4, "is empty"),
    ]
    assert "--name-by mrn: no such column" in refused(tmp_path, text, name_by="mrn")


def test_a_password_column_needs_eight_characters(tmp_path: Path) -> None:
    text = "name,treatments,pin\nAna,silicone-gel,correct horse\nBen,silicone-gel,1234\n"
    listed = visits_from(tmp_path, text, password_column="pin")
    (visit,) = listed.visits
    assert visit.password == "correct horse" and "correct" not in repr(visit)
    (failure,) = listed.failures
    assert failure.row == 3 and "1234" not in str(failure.problems[0])


def test_too_many_cells_says_to_quote_a_comma(tmp_path: Path) -> None:
    (failure,) = visits_from(tmp_path, "name,treatments\nLee, Ann,silicone-gel\n").failures
    assert "has 3 cells but the header names 2 columns" in failure.problems[0].message
    assert "Ann" not in str(failure.problems[0])


def test_other_columns_are_listed_as_not_used(tmp_path: Path) -> None:
    listed = visits_from(tmp_path, "name,treatments,MRN,Phone\nAna,silicone-gel,1,2\n")
    assert listed.ignored == ("MRN", "Phone")
