"""An image name from a clinic (its logo, or a Markdown image) -> a checked file in its folder.

Images are only ever read from a clinic's own folder. A name must be a relative path with no
``..`` (after %-decoding), not absolute and not a web address (nothing is downloaded); the
file must resolve inside the folder (a link leading out is refused), be at most
``MAX_IMAGE_BYTES``, start like a PNG or JPEG, have at most ``MAX_IMAGE_PIXELS``, and decode.
Everything is checked before layout, so a bad image fails its handout with a message naming
the setting or template that asked for it, never halfway through drawing a page.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from PIL import Image

from handouts.files.read import FileRefused, read_bytes, regular_file_problem, resolves_inside

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 16_000_000
"""4,000 x 4,000: sharper than any printer needs, and at most 64 MB once decoded."""
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def image_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a file inside a clinic folder, or None if it can."""
    if ":" in name.split("/")[0]:
        return "must be a file in the clinic's folder, not a web or data address"
    parts = PurePosixPath(unquote(name).replace("\\", "/"))
    if parts.is_absolute() or ".." in parts.parts or not parts.parts:
        return "must be a file name inside the clinic's folder (no '..' or absolute paths)"
    return None


def image_problem(path: Path, folder: Path) -> str | None:
    """Why the file at ``path`` cannot be used as an image from ``folder``, or None."""
    if not resolves_inside(path, folder):
        return f"must be a file inside {folder.name}/ (no '..', absolute paths or links out)"
    if not os.path.lexists(path):
        return f"file '{path.name}' not found in {folder.name}/; check the name"
    kind = regular_file_problem(path)
    if kind is not None:
        return f"file '{path.name}' in {folder.name}/ {kind}"
    return _content_problem(path)


def _content_problem(path: Path) -> str | None:
    try:
        data = read_bytes(path, MAX_IMAGE_BYTES)
    except FileRefused as refused:
        return f"'{path.name}' {refused.message}"
    if not data.startswith(_SIGNATURES):
        return f"'{path.name}' is not a PNG or JPEG image"
    return _pixel_problem(data, path.name)


_PIXEL_PROBLEMS: dict[str, str | None] = {}
_MAX_REMEMBERED = 256


def _pixel_problem(data: bytes, name: str) -> str | None:
    """Why the image cannot be decoded or is too large, or None. Remembered per content, so
    a logo on every handout of a pack is decoded once per process, and an edit is seen."""
    key = hashlib.blake2b(data + name.encode(), digest_size=16).hexdigest()
    if key not in _PIXEL_PROBLEMS:
        if len(_PIXEL_PROBLEMS) >= _MAX_REMEMBERED:
            _PIXEL_PROBLEMS.clear()
        _PIXEL_PROBLEMS[key] = _decode(data, name)
    return _PIXEL_PROBLEMS[key]


def _decode(data: bytes, name: str) -> str | None:
    """Decode every pixel, unless there are too many for the image to be used anyway."""
    too_many = f"images may have at most {MAX_IMAGE_PIXELS:,} pixels (for example 4000 x 4000)"
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"'{name}' is {width} x {height} pixels; {too_many}"
            image.load()
    except Image.DecompressionBombError:  # too many pixels even to open
        return f"'{name}' has far too many pixels; {too_many}"
    except Exception:  # any decoder failure means the same thing to the user
        return f"'{name}' is damaged or not a readable PNG or JPEG image"
    return None


def find_image(name: str, folders: tuple[Path, ...]) -> tuple[Path | None, str | None]:
    """(file, None) for the first folder that has ``name``, else (None, why not)."""
    problem = image_name_problem(name)
    if problem is not None:
        return None, problem
    relative = unquote(name)
    for folder in folders:
        candidate = folder / relative
        if os.path.lexists(candidate):
            problem = image_problem(candidate, folder)
            return (None, problem) if problem else (candidate, None)
    shown = ", ".join(f"{folder.name}/" for folder in folders)
    return None, f"file '{relative}' not found in {shown}; check the name"
