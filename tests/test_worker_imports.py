"""A worker that only renders handouts leaves pack assembly's libraries unloaded: pypdf and the
cryptography package it pulls in would cost every worker memory for nothing."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

RENDER_ONE = """
import sys
from pathlib import Path
from handouts.jobs import HandoutJob, RunContext, prepare_worker, render_handout_job
prepare_worker()
run = RunContext(Path(sys.argv[1]), "imports", reproducible=True)
built = render_handout_job(HandoutJob(run, "jade-integrative", "silicone-gel"))
assert built.pdf.startswith(b"%PDF"), built
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_rendering_worker_does_not_load_pdf_merging() -> None:
    command = [sys.executable, "-c", RENDER_ONE, str(REPO)]
    loaded = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    assert "handouts" in loaded
    assert "pypdf" not in loaded
    assert "cryptography" not in loaded
