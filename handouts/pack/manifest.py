"""Files an output is made from -> a hash per input; and the manifest that keeps them per output.

An output is up to date when every input hash matches the one recorded when it was written and
the file on disk still has the hash it had then (so a deleted or edited PDF is rebuilt).
Inputs are everything that can change its bytes: the treatment record, every file in the
clinic's folder and in its parents' folders (clinic.yaml, templates, logo), the tool itself
(its version, code, built-in template and fonts) and the options that change the output.
Hashes are of content, not times: saving a file unchanged rebuilds nothing.

The manifest is ``output/<clinic>/.handouts-manifest.json``, written atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ValidationError

from handouts.content.load import ContentDir
from handouts.content.loaded import LoadedClinic
from handouts.files.read import FileRefused, file_digest, read_bytes, resolves_inside
from handouts.files.write import write_atomic
from handouts.i18n.tags import serves

MANIFEST_NAME = ".handouts-manifest.json"
MAX_INPUT = 64 * 1024 * 1024
"""Largest file read as an input: far above any template, record or picture the tool uses."""
MAX_OUTPUT = 1024 * 1024 * 1024
MAX_MANIFEST = 64 * 1024 * 1024
FORMAT = 1

Inputs = dict[str, str]
"""Input name (a path relative to the content directory, ``tool`` or ``option:...``) -> hash."""


class Entry(BaseModel):
    """What one output file was made from, and what it was."""

    inputs: Inputs
    sha256: str
    pages: int
    title: str = ""
    note: str = ""


class Manifest(BaseModel):
    """Output file name (inside the clinic's output folder) -> its entry."""

    format: int = FORMAT
    outputs: dict[str, Entry] = {}

    def is_current(self, path: Path, inputs: Inputs) -> bool:
        entry = self.outputs.get(path.name)
        return entry is not None and entry.inputs == inputs and file_sha256(path) == entry.sha256


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest; an empty one if it is missing, unreadable or from another format."""
    try:
        manifest = Manifest.model_validate_json(read_bytes(folder / MANIFEST_NAME, MAX_MANIFEST))
    except (FileRefused, ValidationError):
        return Manifest()
    return manifest if manifest.format == FORMAT else Manifest()


def write_manifest(folder: Path, manifest: Manifest) -> None:
    write_atomic(folder / MANIFEST_NAME, manifest.model_dump_json(indent=1).encode())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The hash of an output file, or None when it is missing or not a regular file."""
    try:
        return file_digest(path, MAX_OUTPUT)
    except FileRefused:
        return None


def input_hash(content: ContentDir, path: Path) -> str:
    """What stands for an input file: its hash; for something that cannot be an input (a
    pipe, a device, a file too large to be one, a link out of the content directory), a note
    of what it is, its size and time, so a change to it still shows, without reading it."""
    if not resolves_inside(path, content.root):
        return "a link out of the content directory (not read)"
    try:
        return file_digest(path, MAX_INPUT)
    except FileRefused as refused:
        return f"not read: {refused.message}; {_stamp(path)}"


def _stamp(path: Path) -> str:
    try:
        status = path.lstat()
    except OSError:
        return "missing"
    return f"{status.st_size} bytes, changed {status.st_mtime_ns}"


def combined(inputs: Mapping[str, str]) -> str:
    """One hash standing for a whole set of inputs."""
    return sha256("\n".join(f"{name}\t{value}" for name, value in sorted(inputs.items())).encode())


# --------------------------------------------------------------------------- inputs


def handout_inputs(
    content: ContentDir, shared: Inputs, treatment_id: str, language: str | None = None
) -> Inputs:
    """A handout's inputs: its clinic's (``clinic_inputs``, worked out once per clinic and
    shared by all its handouts), its record, and the translation it prints, if any (whose
    record's version decides whether it is out of date)."""
    records = [content.treatments_dir / f"{treatment_id}.yaml"]
    if language is not None:
        records += [
            path
            for tag, path in content.translations(treatment_id).items()
            if serves(tag, language)
        ]
    return {**shared, **{_name(content, path): input_hash(content, path) for path in records}}


def clinic_inputs(content: ContentDir, clinic: LoadedClinic, options: Mapping[str, str]) -> Inputs:
    """The tool, the options and every file in the clinic's folders, parents included."""
    inputs = {"tool": tool_fingerprint()}
    inputs.update({f"option:{name}": value for name, value in options.items()})
    for path in _files(clinic.folders):
        inputs[_name(content, path)] = input_hash(content, path)
    return inputs


def _files(folders: Iterable[Path]) -> list[Path]:
    """Everything in the folders but the folders themselves, links left unfollowed (a link
    to a folder is listed, not walked, so a link loop cannot make the walk endless)."""
    found = []
    for folder in folders:
        for directory, names, files in os.walk(folder, followlinks=False):
            found += [Path(directory) / name for name in files]
            found += [
                Path(directory) / name for name in names if (Path(directory) / name).is_symlink()
            ]
    return sorted(found)


def _name(content: ContentDir, path: Path) -> str:
    """The input's name: its path inside the content directory, never an absolute path."""
    try:
        return path.relative_to(content.root).as_posix()
    except ValueError:
        return f"outside:{path.name}"


@cache
def tool_fingerprint() -> str:
    """The installed tool: version, code, built-in template and fonts (hashed once per process)."""
    from handouts import __version__

    package = Path(str(resources.files("handouts")))
    files = sorted(
        path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
