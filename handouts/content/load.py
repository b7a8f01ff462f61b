"""Content directory -> validated records: treatments and clinics (with ``extends`` resolved).

Every problem in a file is reported at once as ``file:line: field.path: message``.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from handouts.content.clinic import Clinic
from handouts.content.fields import FieldPath, from_dotted
from handouts.content.glossary import Glossary
from handouts.content.text import ID_PATTERN
from handouts.content.treatment import Treatment
from handouts.content.validate import validate
from handouts.content.yamlfile import YamlDocument, load_yaml
from handouts.errors import ContentError, Problem, UnknownIdError
from handouts.files.read import resolves_inside

_NOT_INHERITED = ("id", "extends")
CLINIC_FILE = "clinic.yaml"
MAX_ID_LENGTH = 64
MAX_EXTENDS = 8
"""Longest chain of clinics extending each other (a group, its regions, their branches...)."""


@dataclass(frozen=True)
class LoadedTreatment:
    record: Treatment
    document: YamlDocument

    @property
    def path(self) -> Path:
        return self.document.path


@dataclass(frozen=True)
class LoadedClinic:
    """A clinic with its parents merged in; ``folders`` runs from this clinic to its root."""

    record: Clinic
    documents: tuple[YamlDocument, ...]
    folders: tuple[Path, ...]

    @property
    def path(self) -> Path:
        return self.documents[0].path

    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(folder.name for folder in self.folders)

    def line_of(self, path: FieldPath) -> tuple[Path, int | None]:
        """The file and line that set ``path`` (the nearest clinic in the chain that has it)."""
        for document in self.documents:
            if path in document.lines:
                return document.path, document.lines[path]
        return self.path, self.documents[0].line_of(path)

    def placed(self, problem: Problem) -> Problem:
        """A problem about one of this clinic's settings (a field, but no file), placed at the
        file and line that set it."""
        if problem.file is not None or problem.field is None:
            return problem
        file, line = self.line_of(from_dotted(problem.field))
        return replace(problem, file=file, line=line)

    @cached_property
    def logo_path(self) -> Path | None:
        """The logo file, resolved inside the folder of the clinic that named it."""
        if self.record.branding.logo is None:
            return None
        declared_in, _ = self.line_of(("branding", "logo"))
        return declared_in.parent / self.record.branding.logo


class ContentDir:
    """A folder laid out like this repository: ``data/treatments`` and ``templates``."""

    def __init__(self, root: Path | str = ".") -> None:
        self.root = Path(root).resolve()
        self.treatments_dir = self.root / "data" / "treatments"
        self.templates_dir = self.root / "templates"
        self.output_dir = self.root / "output"
        self._treatments: dict[str, LoadedTreatment] = {}
        self._clinics: dict[str, LoadedClinic] = {}
        self._glossary: Glossary | None = None
        self.glossary_path = self.root / "data" / "glossary.yaml"

    def glossary(self) -> Glossary | None:
        """The content's glossary (``data/glossary.yaml``), or None when it has none."""
        if self._glossary is None and self.glossary_path.is_file():
            self._glossary = validate(Glossary, load_yaml(_inside(self.glossary_path)))
        return self._glossary

    def treatment_ids(self) -> list[str]:
        """Ids of the treatment records: ``data/treatments/<id>.yaml``."""
        return sorted(
            path.stem for path in _entries(self.treatments_dir) if _is_record_name(path.name)
        )

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

    def treatment(self, treatment_id: str) -> LoadedTreatment:
        if treatment_id not in self._treatments:
            self._treatments[treatment_id] = self._load_treatment(treatment_id)
        return self._treatments[treatment_id]

    def clinic(self, clinic_id: str) -> LoadedClinic:
        if clinic_id not in self._clinics:
            self._clinics[clinic_id] = self._load_clinic(clinic_id, ())
        return self._clinics[clinic_id]

    def _load_treatment(self, treatment_id: str) -> LoadedTreatment:
        _require_known("treatment", treatment_id, self.treatment_ids(), self.treatments_dir)
        document = load_yaml(_inside(self.treatments_dir / f"{treatment_id}.yaml"))
        record = validate(Treatment, document)
        _require_id_matches(document, record.id, treatment_id, "file name")
        return LoadedTreatment(record, document)

    def _load_clinic(self, clinic_id: str, seen: tuple[str, ...]) -> LoadedClinic:
        _require_known("clinic", clinic_id, self.clinic_ids(), self.templates_dir)
        document = load_yaml(_inside(self.templates_dir / clinic_id / CLINIC_FILE))
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
    return deep_merge(inherited, data)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else in ``override`` replaces the base value."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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
    return name.endswith(".yaml") and _is_id(name.removesuffix(".yaml"))


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


def _inside(path: Path) -> Path:
    """``path``, unless it is a link to a file outside its own folder."""
    if not resolves_inside(path, path.parent):
        message = f"is a link to a file outside {path.parent.name}/; copy the file in instead"
        raise ContentError([Problem("SCHEMA001", path, None, None, message)])
    return path


def _require_id_matches(document: YamlDocument, found: str, expected: str, what: str) -> None:
    if found != expected:
        line = document.lines.get(("id",))
        message = f"'{found}' does not match the {what} '{expected}'; make them the same"
        raise ContentError([Problem("SCHEMA001", document.path, line, "id", message)])
