"""Where generated files go: ``output/<clinic>/[<language>/][large-print/]<name>.pdf``, the
language folder for every language but the clinic's main one.

Names come from ids and language tags, which are checked again here, and a path that would
land outside the output folder (through a linked folder, say) is refused.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from handouts.errors import HandoutsError

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

LARGE_PRINT_FOLDER = "large-print"


def language_folder(language: str, main: str, bilingual: str | None = None) -> str | None:
    """The folder of a clinic's files in ``language``: none for its main language, whose
    files stay in the clinic's folder, else the language (``es``; ``en-US+es`` for a
    bilingual edition)."""
    if bilingual:
        return f"{language}+{bilingual}"
    return None if language == main else language


def output_folder(
    output_dir: Path, clinic_id: str, large_print: bool = False, language: str | None = None
) -> Path:
    """Where a clinic's files go: ``output_dir/clinic_id``, then the language's folder (for
    any language but its main one), then ``large-print`` for the large-print edition, so no
    edition overwrites another."""
    folder = output_dir / clinic_id
    folder = folder / language if language else folder
    return folder / LARGE_PRINT_FOLDER if large_print else folder


def output_path(
    output_dir: Path,
    clinic_id: str,
    name: str,
    large_print: bool = False,
    language: str | None = None,
) -> Path:
    """``output_dir/clinic_id/name.pdf`` (in the language's folder and ``large-print/`` where
    they apply) for valid ids, refusing anything that would land outside ``output_dir`` (for
    example through a linked folder)."""
    for value in (clinic_id, name):
        if not _ID.fullmatch(value):
            raise HandoutsError(f"refusing to name an output file after '{value}': not an id")
    if language is not None and not re.fullmatch(r"[A-Za-z0-9+-]+", language):
        raise HandoutsError(f"refusing to name an output folder after '{language}'")
    folder = output_folder(output_dir, clinic_id, large_print, language)
    target = (folder / f"{name}.pdf").resolve()
    if not target.is_relative_to(output_dir.resolve()):
        raise HandoutsError(f"refusing to write outside {output_dir}: {target}")
    return target


PATIENTS_FOLDER = "patients"


def patient_output_path(output_dir: Path, clinic_id: str, name: str) -> Path:
    """``output_dir/patients/clinic_id/name-N.pdf``, N the first number not yet used: a file
    for one patient is never named after them, and never replaces another patient's."""
    first = output_path(output_dir / PATIENTS_FOLDER, clinic_id, f"{name}-1")
    number = 1
    while first.with_name(f"{name}-{number}.pdf").exists():
        number += 1
    return first.with_name(f"{name}-{number}.pdf")


def patient_batch_folder(output_dir: Path, clinic_id: str, list_name: str) -> Path:
    """``output_dir/patients/clinic_id/list_name/``: a batch's files, beside its list's name."""
    folder = output_folder(output_dir / PATIENTS_FOLDER, clinic_id) / safe_file_stem(list_name)
    if not folder.resolve().is_relative_to(output_dir.resolve()):
        raise HandoutsError(f"refusing to write outside {output_dir}: {folder}")
    return folder


def safe_file_stem(text: str) -> str:
    """``text`` as a file name on any system: letters, digits, '-', '_' and '.', at most 80
    characters (empty when nothing of it is left)."""
    text = unicodedata.normalize("NFKC", text)
    stem = re.sub(r"[^\w.\-]+", "-", text).strip(".-_")
    return stem[:80].rstrip(".-_")
