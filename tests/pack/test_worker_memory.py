"""A process loads only what its work needs. A worker that renders handouts with no Chinese or
italic text leaves out encryption's libraries (pikepdf, about 7 MB; pypdf and the cryptography
package it pulls in), the network and TLS modules (ssl alone is about 3 MB), the Chinese font
and the italic faces;
`handouts --help` loads none of the heavy libraries at all."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import REPO

RENDER_ONE = """
import json, sys
from pathlib import Path
from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames
from handouts.pack.worker import HandoutJob, RunContext, prepare_worker, render_handout_job
prepare_worker()
run = RunContext(Path(sys.argv[1]), "memory", reproducible=True)
built = render_handout_job(HandoutJob(run, "harbour-dermatology", "silicone-gel", for_pack=True))
assert built.pdf.startswith(b"%PDF") and built.facts.pages, built
modules = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"modules": modules, "fonts": sorted(getRegisteredFontNames())}))
"""


def test_a_worker_rendering_plain_latin_text_loads_no_pdf_joiner_italics_or_chinese() -> None:
    command = [sys.executable, "-c", RENDER_ONE, str(REPO)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    loaded = json.loads(output)
    assert "handouts" in loaded["modules"]
    assert not {"pypdf", "pikepdf", "cryptography", "ssl", "http"} & set(loaded["modules"])
    assert loaded["fonts"] == ["NotoSans", "NotoSans-Bold"]  # no italics, no Chinese


HELP = """
import json, sys
from typer.testing import CliRunner
from handouts.cli.app import app
result = CliRunner().invoke(app, ["--help"])
assert result.exit_code == 0 and "build" in result.output, result.output
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_help_loads_none_of_the_heavy_libraries() -> None:
    """`handouts --help` must answer at once: no PDF, template, schema or terminal libraries."""
    output = subprocess.run(
        [sys.executable, "-c", HELP], check=True, capture_output=True, text=True
    ).stdout
    loaded = set(json.loads(output))
    assert not loaded & {"reportlab", "pydantic", "jinja2", "markdown_it", "rich", "pypdf"}
