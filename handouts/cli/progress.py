"""Pack events and the final report -> what the person running ``handouts pack`` reads.

While it runs: a progress bar on a terminal, one plain line per output built or failed when
the output goes to a log or a pipe, or nothing (``--quiet``). At the end: a table per clinic
(handouts, pages, built, skipped, failed, pack, seconds), a sentence saying what happened, and
each failure with its ``file:line`` message, listed once with every output it stopped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from handouts.errors import Problem, printable
from handouts.pack.events import Event, Failure, NoProgress, PackReport, Progress


def progress_for(quiet: bool, stream: TextIO | None = None) -> Progress:
    stream = stream or sys.stderr
    if quiet:
        return NoProgress()
    if stream.isatty():
        return BarProgress(Console(file=stream))
    return LineProgress(stream)


class LineProgress:
    """One line per output built or failed; skipped outputs are counted in the summary."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def start(self, total: int) -> None:
        pass

    def update(self, event: Event) -> None:
        if event.status != "skipped":
            pages = f" ({event.pages} pages)" if event.pages else ""
            print(f"{event.status:<6} {event.clinic_id}/{event.output}{pages}", file=self.stream)

    def finish(self) -> None:
        pass


class BarProgress:
    """A bar over every output, naming the latest one. It redraws on each event rather than
    from a timer thread, so no thread is running when worker processes are started."""

    def __init__(self, console: Console) -> None:
        self.bar = RichProgress(
            TextColumn("{task.description:<48.48}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            auto_refresh=False,
            transient=True,
        )
        self.task = self.bar.add_task("Checking what changed", total=None)

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=total, description="Building")
        self.bar.start()
        self.bar.refresh()

    def update(self, event: Event) -> None:
        """Name each file as it is built or fails (above the bar, so it stays on screen)."""
        if event.status == "failed":
            self.bar.console.print(f"[red]failed[/] {event.clinic_id}/{event.output}")
        elif event.status == "built":
            pages = f" ({event.pages} pages)" if event.pages else ""
            self.bar.console.print(f"built  {event.clinic_id}/{event.output}{pages}", markup=False)
        description = f"{event.clinic_id}/{event.output}"
        self.bar.update(self.task, advance=1, description=description)
        self.bar.refresh()

    def finish(self) -> None:
        self.bar.stop()


# --------------------------------------------------------------------------- the report


def print_report(report: PackReport, quiet: bool = False) -> None:
    """The table and sentence on stdout (unless quiet), failures on stderr."""
    if not quiet:
        console = Console()
        if not console.is_terminal:  # a log or a pipe: no reason to squeeze into 80 columns
            console.width = max(console.width, 120)
        console.print(summary_table(report))
        console.print(summary_line(report), soft_wrap=True)
        for line in left_out_lines(report):
            console.print(line, style="yellow", markup=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    for line in failure_lines(report.failures):
        errors.print(line, style="red", markup=False)


def summary_table(report: PackReport) -> Table:
    table = Table(
        title="Clinic packs",
        title_justify="left",
        caption="seconds: time the workers spent on the clinic",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=0,
        show_edge=False,
    )
    table.add_column("clinic", no_wrap=True)
    for name in ("handouts", "pages", "built", "skipped", "failed"):
        table.add_column(name, justify="right", min_width=len(name))
    table.add_column("pack", min_width=len("skipped"))
    table.add_column("seconds", justify="right", min_width=len("seconds"))
    for clinic in report.clinics:
        table.add_row(
            clinic.label,
            str(clinic.handouts),
            str(clinic.pages) if clinic.pages is not None else "-",
            str(clinic.built),
            str(clinic.skipped),
            str(clinic.failed),
            clinic.pack,
            f"{clinic.seconds:.1f}",
        )
    return table


def summary_line(report: PackReport) -> str:
    built, skipped = report.count("built"), report.count("skipped")
    packs_built, packs_skipped = report.packs("built"), report.packs("skipped")
    if not built and not packs_built and not report.failures:
        return (
            f"Nothing to build: all {_n(skipped, 'handout')} and {_n(packs_skipped, 'pack')} "
            f"are up to date ({report.seconds:.1f} s)."
        )
    line = (
        f"Built {_n(built, 'handout')} and {_n(packs_built, 'pack')} in {report.seconds:.1f} s;"
        f" skipped {skipped + packs_skipped} up-to-date files"
    )
    if report.failures:
        failed, packs_failed = report.count("failed"), report.packs("failed")
        line += f"; {_n(failed, 'handout')} and {_n(packs_failed, 'pack')} failed (see below)"
    return line + "."


def left_out_lines(report: PackReport) -> list[str]:
    """Each pack that leaves out treatments with no translation in its language."""
    return [
        f"{clinic.label}: no {clinic.language} translation yet of {', '.join(clinic.left_out)}; "
        "left out of this pack (see LANG006 in handouts check)"
        for clinic in report.clinics
        if clinic.left_out
    ]


def failure_lines(
    failures: Sequence[Failure], place: Callable[[Failure], str] | None = None
) -> list[str]:
    """Each distinct problem once, followed by the outputs it stopped (each named by
    ``place``; by default clinic/output), and each hint the first time it applies."""
    groups: dict[tuple[Problem, ...], list[str]] = {}
    for failure in failures:
        groups.setdefault(failure.problems, []).append((place or _clinic_output)(failure))
    lines: list[str] = []
    hinted: set[str] = set()
    for problems, places in groups.items():
        if len(places) == 1 and all(problem.file is None for problem in problems):
            lines += [f"error: {places[0]}: {problem}" for problem in problems]
        else:
            lines += [f"error: {problem}" for problem in problems]
            lines.append(f"  not built: {', '.join(places)}")
        hints = [p.hint for p in problems if p.hint and p.hint not in hinted]
        hinted.update(hints)
        lines += [f"  hint: {printable(hint)}" for hint in dict.fromkeys(hints)]
    return lines


def _clinic_output(failure: Failure) -> str:
    return f"{failure.clinic_id}/{failure.output}" if failure.output else failure.clinic_id


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
