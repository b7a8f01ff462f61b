"""``handouts pack``: clinic packs, built in parallel, rebuilding only what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app import (
    DuplexOption,
    FinalOption,
    JobsOption,
    LargePrintOption,
    QuietOption,
    ReproducibleOption,
    RootOption,
    app,
    help_text,
    run,
    warn_if_slow,
)
from handouts.cli.cluster import ExecutorOption, executor_from


@app.command(**help_text("Build clinic packs, rebuilding only what changed."))
def pack(
    clinics: Annotated[
        list[str] | None,
        typer.Argument(metavar="CLINIC", help="Clinic ids; or --all.", show_default=False),
    ] = None,
    all_clinics: Annotated[bool, typer.Option("--all", help="Every clinic in templates/.")] = False,
    jobs: JobsOption = None,
    force: Annotated[bool, typer.Option(help="Rebuild everything, changed or not.")] = False,
    duplex: DuplexOption = False,
    pack_only: Annotated[
        bool, typer.Option(help="Write only the pack PDF, not one PDF per handout.")
    ] = False,
    quiet: QuietOption = False,
    reproducible: ReproducibleOption = False,
    final: FinalOption = False,
    large_print: LargePrintOption = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANGUAGE",
            help="Only this language (default: every language each clinic offers).",
        ),
    ] = None,
    executor: ExecutorOption = None,
    root: RootOption = Path("."),
) -> None:
    """Build clinic packs: output/<clinic>/<clinic>-pack.pdf and one PDF per handout (for a
    clinic that offers several languages, a pack per language in output/<clinic>/<language>/)."""
    from handouts.cli.progress import print_report, progress_for
    from handouts.content.load import ContentDir
    from handouts.pack.options import PackOptions
    from handouts.pack.run import build_packs, select_clinics

    if bool(clinics) == all_clinics:
        raise typer.BadParameter("name one or more clinics, or use --all (not both)")
    warn_if_slow()
    content = ContentDir(root)
    chosen = run(lambda: select_clinics(content, None if all_clinics else clinics))
    options = PackOptions(
        jobs=jobs,
        force=force,
        duplex=duplex,
        pack_only=pack_only,
        reproducible=reproducible,
        final=final,
        large_print=large_print,
        language=lang,
    )
    try:
        with executor_from(executor, content) as pool:
            report = run(
                lambda: build_packs(
                    content, chosen, options, executor=pool, progress=progress_for(quiet)
                )
            )
    except KeyboardInterrupt:
        typer.secho("interrupted: the files written are complete; run again for the rest", err=True)
        raise typer.Exit(130) from None
    print_report(report, quiet)
    raise typer.Exit(report.exit_code)
