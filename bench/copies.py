"""Larger workloads made from the bundled content: records copied under new ids, and a
clinic's pack listing them."""

from __future__ import annotations

from pathlib import Path


def copy_record(source: Path, new_id: str, folder: Path) -> None:
    """``source`` (a record or a translation, ``<id>[.<language>].yaml``) as ``new_id``."""
    record_id, _, language = source.stem.partition(".")
    text = source.read_text(encoding="utf-8").replace(f"id: {record_id}\n", f"id: {new_id}\n", 1)
    name = f"{new_id}.{language}.yaml" if language else f"{new_id}.yaml"
    (folder / name).write_text(text, encoding="utf-8")


def list_treatments(clinic_file: Path, ids: list[str]) -> None:
    """The clinic's pack made of ``ids`` (a clinic that lists no treatments is left alone)."""
    text = clinic_file.read_text(encoding="utf-8")
    if "\ntreatments:" in text:
        head = text.split("\ntreatments:")[0]
        listing = "".join(f"\n  - {treatment_id}" for treatment_id in ids)
        clinic_file.write_text(f"{head}\ntreatments:{listing}\n", encoding="utf-8")
