"""Calls -> outcomes on a concurrent.futures.Executor, where each call succeeds or fails alone.

``Batch`` submits calls under keys and yields ``(key, outcome)`` as each one ends. An exception
in a call, or the loss of the process running it, becomes that call's ``Failed`` outcome and
the others carry on. Any executor that runs each call in a separate process will do, including
one that spreads calls over several machines.

``WorkerPool`` is the default executor: worker processes prepared once by an initializer,
where a worker that dies fails only the call it was running and is replaced.
"""

from __future__ import annotations

import os
import threading
import traceback
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from handouts.errors import HandoutsError, Problem

K = TypeVar("K", bound=Hashable)

CRASH_MESSAGE = (
    "the worker process stopped while building this (it crashed or was killed, for example "
    "for lack of memory); nothing was written for it"
)


class WorkerCrashed(BrokenExecutor):
    """The process running a call stopped before it returned."""


@dataclass(frozen=True)
class Failed:
    """A call that produced no result, and why."""

    problems: tuple[Problem, ...]

    @classmethod
    def because(cls, code: str, message: str) -> Failed:
        return cls((Problem(code, None, None, None, message),))

    @classmethod
    def from_exception(cls, error: BaseException) -> Failed:
        if isinstance(error, HandoutsError):
            return cls(tuple(error.problems))
        if isinstance(error, WorkerCrashed):
            return cls.because("RUN001", CRASH_MESSAGE)
        if isinstance(error, BrokenExecutor):
            return cls.because("RUN001", f"not built: the executor stopped working ({error})")
        detail = "".join(traceback.format_exception_only(error)).strip()
        return cls.because("RUN002", f"internal error, please report it: {detail}")


class Batch(Generic[K]):
    """Calls submitted under keys; ``finished()`` yields ``(key, result or Failed)``.

    With ``in_flight``, at most that many calls are handed to the executor at a time and the
    rest wait here, so a call submitted with ``first=True`` runs soon rather than after
    everything submitted before it.
    """

    def __init__(self, executor: Executor, in_flight: int | None = None) -> None:
        self.executor = executor
        self.in_flight = in_flight
        self._waiting: deque[tuple[K, Callable[..., Any], tuple[Any, ...]]] = deque()
        self._pending: dict[Future[Any], K] = {}

    def submit(self, key: K, function: Callable[..., Any], *args: Any, first: bool = False) -> None:
        call = (key, function, args)
        if first:
            self._waiting.appendleft(call)
        else:
            self._waiting.append(call)
        self._fill()

    def finished(self) -> Iterator[tuple[K, Any]]:
        """Each call's outcome as it ends, including calls submitted while iterating."""
        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                key = self._pending.pop(future)
                self._fill()
                yield key, _outcome(future)

    def cancel(self) -> None:
        """Drop the waiting calls and cancel those the executor has not started."""
        self._waiting.clear()
        for future in self._pending:
            future.cancel()

    def _fill(self) -> None:
        while self._waiting and (self.in_flight is None or len(self._pending) < self.in_flight):
            key, function, args = self._waiting.popleft()
            try:
                future = self.executor.submit(function, *args)
            except BrokenExecutor as error:
                future = Future()
                future.set_exception(error)
            self._pending[future] = key


def _outcome(future: Future[Any]) -> Any:
    if future.cancelled():
        return Failed.because("RUN001", "cancelled before it started")
    error = future.exception()
    return Failed.from_exception(error) if error is not None else future.result()


# --------------------------------------------------------------------------- worker pool


@dataclass(frozen=True)
class _Call:
    future: Future[Any]
    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class WorkerPool(Executor):
    """Up to ``max_workers`` processes, each prepared once by ``initializer``.

    ProcessPoolExecutor fails every pending call when one of its workers dies, because it
    cannot tell which call was running there. Here each worker is a one-process
    ProcessPoolExecutor given one call at a time, so the lost call is known: it fails with
    WorkerCrashed, the worker is replaced, and the other calls run as usual.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.max_workers = max_workers or available_cpus()
        self._initializer = initializer
        self._initargs = initargs
        self._lock = threading.RLock()
        self._queue: deque[_Call] = deque()
        self._idle: list[ProcessPoolExecutor] = []
        self._running: set[Future[Any]] = set()
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        call = _Call(Future(), fn, args, kwargs)
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit calls after shutdown")
            self._queue.append(call)
            self._dispatch()
        return call.future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
            if cancel_futures:
                for call in self._queue:
                    call.future.cancel()
                self._queue.clear()
            outstanding = [call.future for call in self._queue] + list(self._running)
        if wait:
            _wait_all(outstanding)
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.shutdown(wait=wait)

    def _dispatch(self) -> None:
        """Start queued calls on idle or new workers (called with the lock held)."""
        while self._queue and (self._idle or len(self._running) < self.max_workers):
            call = self._queue.popleft()
            if call.future.set_running_or_notify_cancel():
                self._start(self._idle.pop() if self._idle else self._new_worker(), call)

    def _start(self, worker: ProcessPoolExecutor, call: _Call) -> None:
        self._running.add(call.future)
        try:
            inner = worker.submit(call.function, *call.args, **call.kwargs)
        except BrokenExecutor:  # it died while idle, so the call never ran: use a new one
            worker.shutdown(wait=False)
            worker = self._new_worker()
            inner = worker.submit(call.function, *call.args, **call.kwargs)
        inner.add_done_callback(partial(self._finished, worker, call))

    def _finished(self, worker: ProcessPoolExecutor, call: _Call, inner: Future[Any]) -> None:
        crashed = not inner.cancelled() and isinstance(inner.exception(), BrokenExecutor)
        with self._lock:
            self._running.discard(call.future)
            if crashed or (self._closed and not self._queue):
                worker.shutdown(wait=False)
            else:
                self._idle.append(worker)
            self._dispatch()
        _settle(call.future, inner, crashed)

    def _new_worker(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(1, initializer=self._initializer, initargs=self._initargs)


def available_cpus() -> int:
    """CPU cores this process may run on (fewer than the machine has in a limited container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _settle(outer: Future[Any], inner: Future[Any], crashed: bool) -> None:
    if crashed:
        outer.set_exception(WorkerCrashed(CRASH_MESSAGE))
    elif inner.cancelled():
        outer.set_exception(CancelledError())
    elif (error := inner.exception()) is not None:
        outer.set_exception(error)
    else:
        outer.set_result(inner.result())


def _wait_all(futures: list[Future[Any]]) -> None:
    if futures:
        wait(futures)
