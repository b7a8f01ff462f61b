"""Running ``handouts pack`` the way a clinic does, and looking at what it left in output/."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from handouts.cli.app import app
from handouts.content.load import ContentDir

runner = CliRunner()
CLINICS = ("harbour-dermatology", "harbour-dermatology-north", "jade-integrative")


def pack(root: Path, *args: str, exit_code: int = 0, env: dict[str, str] | None = None) -> str:
    """Run ``handouts pack`` on ``root``; returns everything it printed."""
    result = runner.invoke(app, ["pack", *args, "--jobs", "2", "--root", str(root)], env=env)
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    return result.output


def pack_path(root: Path, clinic: str) -> Path:
    return root / "output" / clinic / f"{clinic}-pack.pdf"


def written(root: Path) -> dict[str, tuple[int, int]]:
    """Every PDF in output/ -> (inode, mtime): a file that is written again gets a new inode."""
    return {
        path.relative_to(root / "output").as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted((root / "output").rglob("*.pdf"))
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def copy_content(source: Path, target: Path) -> Path:
    """A copy of a content directory, output and manifests included."""
    shutil.copytree(source, target)
    return target


def every_output(root: Path) -> set[str]:
    """What a full run writes for the bundled content: each handout and each pack."""
    content = ContentDir(root)
    names = set()
    for clinic in CLINICS:
        names |= {f"{clinic}/{tid}.pdf" for tid in content.clinic(clinic).record.treatments}
        names.add(f"{clinic}/{clinic}-pack.pdf")
    return names


def titles(root: Path, clinic: str) -> list[str]:
    """Handout titles in the clinic's pack order."""
    content = ContentDir(root)
    return [content.treatment(t).record.title for t in content.clinic(clinic).record.treatments]
