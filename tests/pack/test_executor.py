"""The batch layer: calls run on an executor and each fails alone; a worker process that dies
fails only the call it was running, and the pack reports that call's handout as failed."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from handouts.content.load import ContentDir
from handouts.pack.executor import CRASH_MESSAGE, Batch, Failed, WorkerPool
from handouts.pack.options import PackOptions
from handouts.pack.run import build_packs, submission_order
from handouts.pack.tasks import HandoutJob

from helpers import read_pdf


def tenfold_but_three_dies(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return number * 10


def tenfold_but_two_raises(number: int) -> int:
    if number == 2:
        raise ValueError("two is not allowed")
    return number * 10


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def die(job: HandoutJob) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def outcomes(function: Callable[[int], int], count: int) -> dict[int, Any]:
    with WorkerPool(2) as pool:
        batch: Batch[int] = Batch(pool)
        for number in range(count):
            batch.submit(number, function, number)
        return dict(batch.finished())


def test_a_worker_that_dies_fails_only_the_call_it_was_running() -> None:
    results = outcomes(tenfold_but_three_dies, 8)
    lost = results.pop(3)
    assert isinstance(lost, Failed)
    assert lost.problems[0].message == CRASH_MESSAGE
    assert results == {n: n * 10 for n in range(8) if n != 3}


def test_an_exception_fails_only_its_call() -> None:
    results = outcomes(tenfold_but_two_raises, 5)
    failed = results.pop(2)
    assert isinstance(failed, Failed)
    assert "ValueError: two is not allowed" in failed.problems[0].message
    assert results == {0: 0, 1: 10, 3: 30, 4: 40}


def test_shutdown_can_cancel_calls_that_have_not_started() -> None:
    pool = WorkerPool(1)
    futures = [pool.submit(nap, 0.2) for _ in range(4)]
    pool.shutdown(wait=True, cancel_futures=True)
    assert futures[0].result() == 0.2
    assert all(future.cancelled() for future in futures[1:])


def test_a_call_submitted_first_overtakes_those_waiting() -> None:
    with WorkerPool(1) as pool:
        batch: Batch[str] = Batch(pool, in_flight=1)
        for name in ("a", "b", "c"):
            batch.submit(name, abs, 1)
        batch.submit("pack", abs, 1, first=True)
        order = [key for key, _ in batch.finished()]
    assert order == ["a", "pack", "b", "c"]


class CrashOne(Executor):
    """A pool where the process building one handout dies, as if it ran out of memory."""

    def __init__(self, treatment_id: str) -> None:
        self.pool = WorkerPool(2)
        self.treatment_id = treatment_id

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        job = args[0]
        if isinstance(job, HandoutJob) and job.treatment_id == self.treatment_id:
            return self.pool.submit(die, job)
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait, cancel_futures=cancel_futures)


def test_a_crash_building_one_handout_fails_that_handout_only(content_root: Path) -> None:
    with CrashOne("micro-needling") as executor:
        options = PackOptions(language="en-US")
        report = build_packs(
            ContentDir(content_root), ["jade-integrative"], options, executor=executor
        )
    (clinic,) = report.clinics
    assert (clinic.built, clinic.failed, clinic.pack) == (6, 1, "failed")
    crashed = [f for f in report.failures if f.output == "micro-needling.pdf"]
    assert crashed and crashed[0].problems[0].message == CRASH_MESSAGE
    assert report.exit_code == 1
    folder = content_root / "output" / "jade-integrative"
    assert not (folder / "micro-needling.pdf").exists()
    assert len(list(folder.glob("*.pdf"))) == 6


def test_build_packs_runs_on_a_standard_executor(content_root: Path) -> None:
    with ProcessPoolExecutor(2) as executor:
        report = build_packs(
            ContentDir(content_root),
            ["harbour-dermatology-north"],
            PackOptions(pack_only=True),
            executor=executor,
        )
        assert executor.submit(abs, -1).result() == 1, "the caller's executor stays usable"
    assert report.exit_code == 0, report.failures
    pack = (
        content_root / "output" / "harbour-dermatology-north" / "harbour-dermatology-north-pack.pdf"
    )
    assert "Harbour Dermatology North" in read_pdf(pack.read_bytes()).page_texts[0]


def test_the_last_clinics_take_turns_so_their_packs_are_assembled_side_by_side() -> None:
    runs = [
        SimpleNamespace(clinic_id=name, jobs=[f"{name}{n}" for n in range(size)])
        for name, size in (("a", 3), ("b", 0), ("c", 2), ("d", 3))
    ]
    order = [job for _, job in submission_order(runs, workers=2)]  # type: ignore[arg-type]
    assert order == ["a0", "a1", "a2", "c0", "d0", "c1", "d1", "d2"]
    alone = [job for _, job in submission_order(runs, workers=1)]  # type: ignore[arg-type]
    assert alone == ["a0", "a1", "a2", "c0", "c1", "d0", "d1", "d2"]
