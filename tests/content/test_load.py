"""Loading on its own: records and clinics from a content directory, ``extends`` merged key by
key, and every validation problem with its code, file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.content.clinic import Clinic
from handouts.content.fields import dotted, from_dotted, string_fields
from handouts.content.load import ContentDir
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, deep_merge
from handouts.errors import ContentError, UnknownIdError

from helpers import clinic_path, line_of, record_path, replace_in


def test_ids_come_from_file_and_folder_names(bundled: ContentDir) -> None:
    assert "silicone-gel" in bundled.treatment_ids()
    assert bundled.clinic_ids() == [
        "harbour-dermatology",
        "harbour-dermatology-north",
        "jade-integrative",
    ]


def test_a_branch_inherits_every_setting_it_leaves_out(bundled: ContentDir) -> None:
    north = bundled.clinic("harbour-dermatology-north")
    parent = bundled.clinic("harbour-dermatology")
    assert north.record.contact.phone != parent.record.contact.phone
    assert north.record.contact.website == parent.record.contact.website
    assert north.record.treatments == parent.record.treatments
    assert north.chain == ("harbour-dermatology-north", "harbour-dermatology")
    file, _ = north.line_of(("contact", "website"))
    assert file == parent.path


def test_deep_merge_replaces_lists_and_merges_mappings() -> None:
    base = {"contact": {"phone": "1", "email": "a"}, "treatments": ["x", "y"]}
    merged = deep_merge(base, {"contact": {"phone": "2"}, "treatments": ["z"]})
    assert merged == {"contact": {"phone": "2", "email": "a"}, "treatments": ["z"]}


def test_every_schema_problem_has_its_code_line_and_field(content_root: Path) -> None:
    path = record_path(content_root)
    replace_in(path, "title: Silicone gel for raised scars", "titel: Silicone gel for raised scars")
    with pytest.raises(ContentError) as caught:
        ContentDir(content_root).treatment("silicone-gel")
    problems = {problem.field: problem for problem in caught.value.problems}
    assert problems["titel"].code == "SCHEMA001"
    assert problems["titel"].line == line_of(path, "titel:")
    assert "Did you mean 'title'?" in problems["titel"].message
    assert problems["title"].message == "is required but missing; add it"


def test_a_longer_name_for_a_key_suggests_the_key_it_contains(content_root: Path) -> None:
    path = clinic_path(content_root)
    replace_in(path, "  hours: ", "  opening_hours: ")
    with pytest.raises(ContentError) as caught:
        ContentDir(content_root).clinic("harbour-dermatology")
    (problem,) = [p for p in caught.value.problems if p.field == "contact.opening_hours"]
    assert "Did you mean 'hours'?" in problem.message


def test_a_record_without_sources_has_its_own_code(tmp_path: Path) -> None:
    document = YamlDocument(tmp_path / "x.yaml", {"sources": []}, {(): 1, ("sources",): 7})
    from handouts.content.treatment import Treatment

    with pytest.raises(ContentError) as caught:
        validate(Treatment, document)
    sources = [p for p in caught.value.problems if p.field == "sources"]
    assert [(p.code, p.line) for p in sources] == [("SOURCE001", 7)]


def test_extends_problems_have_their_own_codes(content_root: Path) -> None:
    path = clinic_path(content_root, "harbour-dermatology")
    replace_in(path, "name: Harbour Dermatology\n", "name: Harbour Dermatology\nextends: nowhere\n")
    with pytest.raises(ContentError) as unknown:
        ContentDir(content_root).clinic("harbour-dermatology")
    assert unknown.value.problems[0].code == "REF002"
    replace_in(path, "extends: nowhere", "extends: harbour-dermatology-north")
    with pytest.raises(ContentError) as cycle:
        ContentDir(content_root).clinic("harbour-dermatology")
    assert cycle.value.problems[0].code == "REF003"
    assert "harbour-dermatology -> harbour-dermatology-north" in cycle.value.problems[0].message


def test_an_unknown_id_lists_the_ones_that_exist(bundled: ContentDir) -> None:
    with pytest.raises(UnknownIdError) as caught:
        bundled.clinic("harbour-dermatolgy")
    (problem,) = caught.value.problems
    assert problem.code == "ID001"
    assert "Did you mean 'harbour-dermatology'?" in problem.message
    with pytest.raises(UnknownIdError) as short:
        bundled.clinic("jade")  # the start of an id
    assert "Did you mean 'jade-integrative'?" in short.value.problems[0].message


def test_field_paths_go_both_ways_and_every_string_is_found() -> None:
    assert dotted(("sources", 0, "url")) == "sources.0.url"
    assert from_dotted("sources.0.url") == ("sources", 0, "url")
    data = {"a": ["x", {"b": "y"}], "c": 3}
    assert list(string_fields(data)) == [(("a", 0), "x"), (("a", 1, "b"), "y")]


def test_a_clinic_file_validates_as_a_clinic(bundled: ContentDir) -> None:
    assert isinstance(bundled.clinic("jade-integrative").record, Clinic)
