"""Content directory -> validated records: treatments and clinics (with ``extends`` resolved).

Every problem in a file is reported at once as ``file:line: field.path: message``.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
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
from handouts.content.names import (
    CLINIC_FILE,
    TreatmentFiles,
    as_id,
    clinic_folders,
    entries,
    is_id,
    is_record_name,
    misnamed_clinic,
    misnamed_record,
    modified_at,
)
from handouts.content.treatment import Treatment
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, deep_merge, load_inside
from handouts.errors import ContentError, Problem, UnknownIdError
from handouts.i18n.tags import fallbacks, serves

_NOT_INHERITED = ("id", "extends", "locale")
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
        self._treatment_files: TreatmentFiles | None = None
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
            folder.name for folder in clinic_folders(self.templates_dir) if is_id(folder.name)
        )

    def misnamed(self) -> list[Problem]:
        """Record files and clinic folders that nothing can find by their names."""
        problems = [
            misnamed_record(path)
            for path in entries(self.treatments_dir)
            if path.suffix.lower() in (".yaml", ".yml") and not is_record_name(path.name)
        ]
        problems += [
            misnamed_clinic(folder / CLINIC_FILE)
            for folder in clinic_folders(self.templates_dir)
            if not is_id(folder.name)
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

    def _treatments_folder(self) -> TreatmentFiles:
        """What the treatments folder holds, read again only when an entry has been added,
        removed or renamed since (its modification time moves): a pack of n handouts asks
        about it n times."""
        stamp = modified_at(self.treatments_dir)
        files = self._treatment_files
        if files is None or files.stamp != stamp or not files.settled:
            files = self._treatment_files = TreatmentFiles.read(self.treatments_dir, stamp)
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


def _require_known(kind: str, wanted: str, existing: list[str], folder: Path) -> None:
    """``wanted`` must be a valid id (checked first: ids become file names) that exists."""
    valid = existing
    if wanted in valid:
        return
    if not is_id(wanted):
        hint = f"Ids use lowercase letters, digits and single hyphens only, e.g. {as_id(wanted)}. "
    else:
        close = difflib.get_close_matches(wanted, valid, n=1)
        close = close or [name for name in valid if name.startswith(f"{wanted}-")][:1]
        hint = f"Did you mean '{close[0]}'? " if close else ""
    available = ", ".join(valid) if valid else f"none found in {folder}"
    message = f"no {kind} '{wanted}'. {hint}Available: {available}"
    raise UnknownIdError(message)


def _require_id_matches(document: YamlDocument, found: str, expected: str, what: str) -> None:
    if found != expected:
        line = document.lines.get(("id",))
        message = f"'{found}' does not match the {what} '{expected}'; make them the same"
        raise ContentError([Problem("SCHEMA001", document.path, line, "id", message)])
