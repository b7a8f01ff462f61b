"""File and folder names in a content directory: which names are records, translations and
clinic folders, what a misnamed one was probably meant to be, and what the treatments folder
holds (read again only when it changes).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from handouts.content.text import ID_PATTERN, LANGUAGE_PATTERN
from handouts.errors import Problem

CLINIC_FILE = "clinic.yaml"
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class TreatmentFiles:
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
    def read(cls, folder: Path, stamp: int | None) -> TreatmentFiles:
        listing = sorted(entries(folder))
        records = tuple(sorted(path.stem for path in listing if is_source_name(path.name)))
        translations: dict[str, dict[str, Path]] = {}
        for path in listing:
            parts = path.name.split(".")
            if len(parts) == 3 and is_record_name(path.name):
                translations.setdefault(parts[0], {})[parts[1]] = path
        in_order = {record: dict(sorted(tags.items())) for record, tags in translations.items()}
        settled = stamp is not None and time.time_ns() - stamp > _TIME_STEP_NS
        return cls(stamp, records, in_order, settled)


_TIME_STEP_NS = 3_000_000_000
"""More than the coarsest step in which a file system keeps modification times (FAT: 2 s)."""


def modified_at(folder: Path) -> int | None:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None


def entries(folder: Path) -> list[Path]:
    """What a folder holds (nothing, if it is missing or cannot be read)."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def clinic_folders(templates: Path) -> list[Path]:
    return [
        path
        for path in entries(templates)
        if os.path.lexists(path / CLINIC_FILE) and not path.name.startswith(".")
    ]


def is_id(name: str) -> bool:
    return re.fullmatch(ID_PATTERN, name) is not None and len(name) <= MAX_ID_LENGTH


def is_record_name(name: str) -> bool:
    """``<id>.yaml``, or a translation: ``<id>.<language>.yaml``."""
    parts = name.split(".")
    if len(parts) == 3 and re.fullmatch(LANGUAGE_PATTERN, parts[1]) is None:
        return False
    return parts[-1] == "yaml" and len(parts) in (2, 3) and is_id(parts[0])


def is_source_name(name: str) -> bool:
    return is_record_name(name) and name.count(".") == 1


def as_id(name: str) -> str:
    """The id a file or folder name was probably meant to be: ``Silicone Gel copy`` ->
    ``silicone-gel-copy``."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:MAX_ID_LENGTH].strip("-") or "treatment"


def misnamed_record(path: Path) -> Problem:
    stem = path.name.rsplit(".", 1)[0]
    if path.suffix.lower() == ".yml" and is_id(stem):
        message = f"records end in .yaml, so this file is never read; rename it to {stem}.yaml"
    else:
        message = (
            f"'{path.name}' is not a record name (lowercase letters, digits and single "
            f"hyphens, ending in .yaml), so it is never read; rename it, e.g. {as_id(stem)}.yaml"
        )
    return Problem("NAME001", path, None, None, message)


def misnamed_clinic(path: Path) -> Problem:
    folder = path.parent.name
    message = (
        f"the clinic folder '{folder}' is not an id (lowercase letters, digits and single "
        f"hyphens), so no command can name it; rename the folder, e.g. {as_id(folder)}"
    )
    return Problem("NAME001", path, None, None, message)
