"""Runaway templates and oversized handouts -> how long each takes to fail and how much memory
it reaches.

Each case runs in its own process on a copy of the bundled content, so the peak memory
(maximum resident set size) is that case's alone. Template cases only compose; the cases
marked BUILD render the whole handout, layout included. The numbers in SECURITY.md come from
here:

    .venv/bin/python bench/hostile_bounds.py
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = {
    "baseline (built-in template)": "",
    "three nested loops, no output": (
        "{% set xs = range(1000)|list %}{% for a in xs %}{% for b in xs %}{% for c in xs %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    ),
    "macro calling itself twice": (
        "{% macro f(n) %}{% if n < 60 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}"
        "{{ f(0) }}"
    ),
    "macro calling itself forever": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "recursive loop that branches": "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}",
    "doubling text with ~": "{% set a = 'x' * 10000 %}" + "{% set a = a ~ a %}" * 40,
    "lists nested in themselves": "{% set a = [1] %}"
    + "{% set a = [a, a] %}" * 60
    + "{{ a == a }}",
    "text repeated in a loop": "{% for i in range(1000) %}{% for j in range(1000) %}"
    "{{ 'y' * 1000 }}{% endfor %}{% endfor %}",
    "copies thrown away in a loop": (
        "{% set big = 'x' * 900000 %}{% for i in range(1000) %}{% set c = big ~ i %}{% endfor %}"
    ),
    "many large texts kept at once": "{% set x = 'x' * 999990 %}"
    + "".join(f"{{% set a{i} = x ~ {i} %}}" for i in range(30)),
    "huge repetition": "{{ 'x' * 10 ** 12 }}",
    "huge range": "{{ range(10 ** 9)|list|length }}",
    "center filter": "{{ 'x'|center(10 ** 12) }}",
}
BUILD = {
    "160,000 list items": "{% for i in range(400) %}{% for j in range(400) %}- x\n{% endfor %}"
    "{% endfor %}",
    "9,000 short paragraphs (under the line limit)": "{% for i in range(9) %}"
    "{% for j in range(500) %}Short paragraph.\n\n{% endfor %}{% endfor %}",
    "5,000-row table": "|a|b|\n|---|---|\n{% for i in range(5) %}{% for j in range(1000) %}"
    "|x|y|\n{% endfor %}{% endfor %}",
    "300-row table (the most allowed)": "|a|b|\n|---|---|\n{% for i in range(300) %}|x|y|\n"
    "{% endfor %}",
    "40 pictures (the most allowed)": "{% for i in range(40) %}![a](logo.png)\n\n{% endfor %}",
    "60-column table": "|" + "c|" * 60 + "\n|" + "---|" * 60 + "\n|" + "x|" * 60,
    "20,000 pictures": "{% for i in range(20) %}{% for j in range(1000) %}![a](logo.png)\n\n"
    "{% endfor %}{% endfor %}",
    "long paragraphs until the page limit": "{% for i in range(400) %}"
    + "Words to fill a page. " * 60
    + "\n\n{% endfor %}",
}


def run_case(body: str, build: bool) -> dict[str, object]:
    """In the child process: compose (or with ``build``, render) one handout with ``body``
    in its title block."""
    from handouts.compose.handout import compose
    from handouts.content.load import ContentDir
    from handouts.errors import HandoutsError
    from handouts.pipeline import render_handout

    root = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    if body:
        (root / "templates" / "harbour-dermatology" / "handout.md.j2").write_text(
            '{% extends "builtin/handout.md.j2" %}\n{% block title %}\n# T\n'
            + body
            + "\n{% endblock %}\n",
            encoding="utf-8",
        )
    content = ContentDir(root)
    treatment, clinic = content.treatment("silicone-gel"), content.clinic("harbour-dermatology")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        if build:
            outcome = (
                f"{render_handout(content, 'silicone-gel', 'harbour-dermatology').page_count} pages"
            )
        else:
            compose(treatment.record, clinic)
            outcome = "composed"
    except HandoutsError as error:
        outcome = str(error).split(": ", 2)[-1][:70]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "extra_mb": round((peak - before) / 1024),
        "outcome": outcome,
    }


def main() -> None:
    if len(sys.argv) == 2:
        name = sys.argv[1]
        print(json.dumps(run_case({**CASES, **BUILD}[name], name in BUILD)))
        return
    for name in {**CASES, **BUILD}:
        child = subprocess.run(
            [sys.executable, __file__, name], capture_output=True, text=True, check=True
        )
        result = json.loads(child.stdout)
        print(
            f"{name:34} {result['seconds']:6.2f} s {result['extra_mb']:5} MB  {result['outcome']}"
        )


if __name__ == "__main__":
    main()
