"""Content directory -> validated records: treatments and clinics (with ``extends`` resolved).

Every problem in a file is reported at once as ``file:line: field.path: message``.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from handouts.content.clinic import Clinic
from handouts.content.glossary import Glossary
from handouts.content.languages import (
    clinic_in_language,
    no_translation,
    require_translation_fields,
)
from handouts.content.loaded import LoadedClinic, LoadedTreatment
from handouts.content.text import ID_PATTERN, LANGUAGE_PATTERN
from handouts.content.treatment import Treatment
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, deep_merge, load_inside
from handouts.errors import ContentError, Problem, UnknownIdError
from handouts.i18n.tags import fallbacks, serves

_NOT_INHERITED = ("id", "extends", "locale")
CLINIC_FILE = "clinic.yaml"
MAX_ID_LENGTH = 64
MAX_EXTENDS = 8
"""Longest chain of clinics extending each other (a group, its regions, their branches...)."""


class ContentDir:
    """A folder laid out like this repository: ``data/treatments`` and ``templates``."""

    def __init__(self, root: Path | str = ".") -> None:
        self.root = Path(root).resolve()
        self.treatments_dir = self.root / "data" / "treatments"
        self.templates_dir = self.root / "templates"
        self.output_dir = self.root / "output"
        self._treatments: dict[tuple[str, str], LoadedTreatment] = {}
        self._clinics: dict[str, LoadedClinic] = {}
        self._glossary: Glossary | None = None
        self._treatment_files: _TreatmentFiles | None = None
        self.glossary_path = self.root / "data" / "glossary.yaml"

    def glossary(self) -> Glossary | None:
        """The content's glossary (``data/glossary.yaml``), or None when it has none."""
        if self._glossary is None and self.glossary_path.is_file():
            self._glossary = validate(Glossary, load_inside(self.glossary_path))
        return self._glossary

    def treatment_ids(self) -> list[str]:
        """Ids of the treatment records: ``data/treatments/<id>.yaml``."""
        return list(self._treatments_folder().records)

    def clinic_ids(self) -> list[str]:
        """Ids of the clinics: ``templates/<id>/`` folders holding a clinic.yaml."""
        return sorted(
            folder.name for folder in _clinic_folders(self.templates_dir) if _is_id(folder.name)
        )

    def misnamed(self) -> list[Problem]:
        """Record files and clinic folders that nothing can find by their names."""
        problems = [
            _misnamed_record(path)
            for path in _entries(self.treatments_dir)
            if path.suffix.lower() in (".yaml", ".yml") and not _is_record_name(path.name)
        ]
        problems += [
            _misnamed_clinic(folder / CLINIC_FILE)
            for folder in _clinic_folders(self.templates_dir)
            if not _is_id(folder.name)
        ]
        return problems

    def treatment(self, treatment_id: str, language: str | None = None) -> LoadedTreatment:
        """The record of ``treatment_id`` that serves readers of ``language``: the record
        itself when it is in that language, else its translation (None: the record)."""
        key = (treatment_id, language or "")
        if key not in self._treatments:
            self._treatments[key] = self._load_treatment(treatment_id, language)
        return self._treatments[key]

    def translations(self, treatment_id: str) -> dict[str, Path]:
        """Language tag -> file of each translation of a record: ``<id>.<language>.yaml``."""
        return dict(self._treatments_folder().translations.get(treatment_id, {}))

    def _treatments_folder(self) -> _TreatmentFiles:
        """What the treatments folder holds, read again only when an entry has been added,
        removed or renamed since (its modification time moves): a pack of n handouts asks
        about it n times."""
        stamp = _modified(self.treatments_dir)
        files = self._treatment_files
        if files is None or files.stamp != stamp or not files.settled:
            files = self._treatment_files = _TreatmentFiles.read(self.treatments_dir, stamp)
        return files

    def has_version(self, treatment_id: str, language: str) -> bool:
        """Whether the record, or a translation of it, serves readers of ``language``. A
        translation's file is enough to say so (a broken one is reported where it is built),
        so only a record with none is read, to see which language it is written in."""
        translations = self.translations(treatment_id)
        if any(tag in translations for tag in fallbacks(language)):
            return True
        try:
            self.treatment(treatment_id, language)
        except UnknownIdError as error:
            return not any(problem.code == "LANG001" for problem in error.problems)
        except ContentError:
            return True  # a version that is there but broken, reported where it is built
        return True

    def untranslated(self, clinic: LoadedClinic) -> list[str]:
        """Treatments of the clinic's pack that exist but have no version in
        ``clinic.language`` (none in its main language, which the records are written in)."""
        if clinic.language == clinic.record.language:
            return []
        existing = set(self.treatment_ids())
        return [
            treatment_id
            for treatment_id in clinic.record.treatments
            if treatment_id in existing and not self.has_version(treatment_id, clinic.language)
        ]

    def clinic(self, clinic_id: str, language: str | None = None) -> LoadedClinic:
        """A clinic with its parents merged in, its words in ``language`` (None: its main
        language)."""
        if clinic_id not in self._clinics:
            self._clinics[clinic_id] = self._load_clinic(clinic_id, ())
        main = self._clinics[clinic_id]
        if language is None or language == main.language:
            return main
        key = f"{clinic_id}.{language}"
        if key not in self._clinics:
            self._clinics[key] = clinic_in_language(main, language)
        return self._clinics[key]

    def _load_treatment(self, treatment_id: str, language: str | None) -> LoadedTreatment:
        _require_known("treatment", treatment_id, self.treatment_ids(), self.treatments_dir)
        source = self._read_treatment(self.treatments_dir / f"{treatment_id}.yaml", treatment_id)
        if language is None or serves(source.record.language, language):
            return source
        for tag in fallbacks(language):
            path = self.translations(treatment_id).get(tag)
            if path is not None:
                return self._read_translation(path, treatment_id, tag)
        raise UnknownIdError([no_translation(source, language, self.translations(treatment_id))])

    def _read_treatment(self, path: Path, treatment_id: str) -> LoadedTreatment:
        document = load_inside(path)
        record = validate(Treatment, document)
        _require_id_matches(document, record.id, treatment_id, "file name")
        return LoadedTreatment(record, document)

    def _read_translation(self, path: Path, treatment_id: str, tag: str) -> LoadedTreatment:
        translation = self._read_treatment(path, treatment_id)
        require_translation_fields(translation, tag)
        return translation

    def _load_clinic(self, clinic_id: str, seen: tuple[str, ...]) -> LoadedClinic:
        _require_known("clinic", clinic_id, self.clinic_ids(), self.templates_dir)
        document = load_inside(self.templates_dir / clinic_id / CLINIC_FILE)
        parent = self._load_parent(document, clinic_id, seen)
        merged = _own_keys_over(parent, document.data)
        record = validate(Clinic, replace(document, data=merged))
        _require_id_matches(document, record.id, clinic_id, "folder name")
        documents = (document, *(parent.documents if parent else ()))
        folders = (document.path.parent, *(parent.folders if parent else ()))
        return LoadedClinic(record, documents, folders)

    def _load_parent(
        self, document: YamlDocument, clinic_id: str, seen: tuple[str, ...]
    ) -> LoadedClinic | None:
        parent_id = document.data.get("extends") if isinstance(document.data, dict) else None
        if not isinstance(parent_id, str):
            return None
        if parent_id in (*seen, clinic_id):
            cycle = " -> ".join((*seen, clinic_id, parent_id))
            raise _extends_error("REF003", document, f"cycle: {cycle}")
        if len(seen) + 1 >= MAX_EXTENDS:
            message = f"a clinic may extend a chain of at most {MAX_EXTENDS} clinics"
            raise _extends_error("REF002", document, message)
        try:
            return self._load_clinic(parent_id, (*seen, clinic_id))
        except UnknownIdError as error:
            raise _extends_error("REF002", document, error.problems[0].message) from None


def _extends_error(code: str, document: YamlDocument, message: str) -> ContentError:
    line = document.lines.get(("extends",))
    return ContentError([Problem(code, document.path, line, "extends", message)])


def _own_keys_over(parent: LoadedClinic | None, data: Any) -> Any:
    if parent is None or not isinstance(data, dict):
        return data
    inherited = parent.record.model_dump(mode="python", exclude=set(_NOT_INHERITED))
    if "locale" in data:  # the one-language form replaces the languages it inherits
        inherited.pop("languages")
    return deep_merge(inherited, data)


@dataclass(frozen=True)
class _TreatmentFiles:
    """Record ids and translation files in the treatments folder, as of ``stamp``."""

    stamp: int | None
    records: tuple[str, ...]
    translations: dict[str, dict[str, Path]]
    """Record id -> language tag -> translation file, tags in order."""
    settled: bool = False
    """Whether the folder last changed well before it was read. File systems keep times
    coarsely (a few milliseconds, or two seconds), so a change made just after reading may
    leave the time as it was: until then the folder is read every time."""

    @classmethod
    def read(cls, folder: Path, stamp: int | None) -> _TreatmentFiles:
        entries = sorted(_entries(folder))
        records = tuple(sorted(path.stem for path in entries if _is_source_name(path.name)))
        translations: dict[str, dict[str, Path]] = {}
        for path in entries:
            parts = path.name.split(".")
            if len(parts) == 3 and _is_record_name(path.name):
                translations.setdefault(parts[0], {})[parts[1]] = path
        in_order = {record: dict(sorted(tags.items())) for record, tags in translations.items()}
        settled = stamp is not None and time.time_ns() - stamp > _TIME_STEP_NS
        return cls(stamp, records, in_order, settled)


_TIME_STEP_NS = 3_000_000_000
"""More than the coarsest step in which a file system keeps modification times (FAT: 2 s)."""


def _modified(folder: Path) -> int | None:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None


def _entries(folder: Path) -> list[Path]:
    """What a folder holds (nothing, if it is missing or cannot be read)."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _clinic_folders(templates: Path) -> list[Path]:
    return [
        path
        for path in _entries(templates)
        if os.path.lexists(path / CLINIC_FILE) and not path.name.startswith(".")
    ]


def _is_id(name: str) -> bool:
    return re.fullmatch(ID_PATTERN, name) is not None and len(name) <= MAX_ID_LENGTH


def _is_record_name(name: str) -> bool:
    """``<id>.yaml``, or a translation: ``<id>.<language>.yaml``."""
    parts = name.split(".")
    if len(parts) == 3 and re.fullmatch(LANGUAGE_PATTERN, parts[1]) is None:
        return False
    return parts[-1] == "yaml" and len(parts) in (2, 3) and _is_id(parts[0])


def _is_source_name(name: str) -> bool:
    return _is_record_name(name) and name.count(".") == 1


def as_id(name: str) -> str:
    """The id a file or folder name was probably meant to be: ``Silicone Gel copy`` ->
    ``silicone-gel-copy``."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:MAX_ID_LENGTH].strip("-") or "treatment"


def _misnamed_record(path: Path) -> Problem:
    stem = path.name.rsplit(".", 1)[0]
    if path.suffix.lower() == ".yml" and _is_id(stem):
        message = f"records end in .yaml, so this file is never read; rename it to {stem}.yaml"
    else:
        message = (
            f"'{path.name}' is not a record name (lowercase letters, digits and single "
            f"hyphens, ending in .yaml), so it is never read; rename it, e.g. {as_id(stem)}.yaml"
        )
    return Problem("NAME001", path, None, None, message)


def _misnamed_clinic(path: Path) -> Problem:
    folder = path.parent.name
    message = (
        f"the clinic folder '{folder}' is not an id (lowercase letters, digits and single "
        f"hyphens), so no command can name it; rename the folder, e.g. {as_id(folder)}"
    )
    return Problem("NAME001", path, None, None, message)


def _require_known(kind: str, wanted: str, existing: list[str], folder: Path) -> None:
    """``wanted`` must be a valid id (checked first: ids become file names) that exists."""
    valid = existing
    if wanted in valid:
        return
    if not _is_id(wanted):
        hint = f"Ids use lowercase letters, digits and single hyphens only, e.g. {as_id(wanted)}. "
    else:
        close = difflib.get_close_matches(wanted, valid, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
    available = ", ".join(valid) if valid else f"none found in {folder}"
    message = f"no {kind} '{wanted}'. {hint}Available: {available}"
    raise UnknownIdError(message)


def _require_id_matches(document: YamlDocument, found: str, expected: str, what: str) -> None:
    if found != expected:
        line = document.lines.get(("id",))
        message = f"'{found}' does not match the {what} '{expected}'; make them the same"
        raise ContentError([Problem("SCHEMA001", document.path, line, "id", message)])
