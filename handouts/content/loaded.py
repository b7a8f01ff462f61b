"""Records as loaded: each with the YAML documents it came from, so that every problem can
name the file and line that set the value behind it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from handouts.content.clinic import Clinic
from handouts.content.fields import FieldPath, from_dotted
from handouts.content.treatment import Treatment
from handouts.content.yamlfile import YamlDocument
from handouts.errors import Problem


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
    language: str = ""
    """The language its handouts are being made in (its main language unless chosen)."""
    words_documents: tuple[YamlDocument, ...] = ()
    """The ``clinic.<language>.yaml`` files that put the clinic's words into ``language``."""

    def __post_init__(self) -> None:
        if not self.language:
            object.__setattr__(self, "language", self.record.language)

    @property
    def path(self) -> Path:
        return self.documents[0].path

    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(folder.name for folder in self.folders)

    def line_of(self, path: FieldPath) -> tuple[Path, int | None]:
        """The file and line that set ``path`` (the nearest clinic in the chain that has it)."""
        for document in (*self.words_documents, *self.documents):
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
