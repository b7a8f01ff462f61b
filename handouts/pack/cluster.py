"""``dask://HOST:PORT`` -> an Executor that runs packs and batches on a Dask cluster's workers.

The worker machines need handouts installed (the same version: checked when connecting), not
the content: the content directory's ``data/`` and ``templates/`` travel with the run, sent
once to each worker and unpacked there in a folder of its own. Each call then runs as it
would locally, on that copy, and a problem placed in one of its files comes back placed in
the same file of the content directory it was sent from. A Dask worker may run several tasks
at once in threads; the layout engine is not thread-safe, so a worker process runs one job at
a time (start workers with ``--nthreads 1`` and as many ``--nworkers`` as cores).
"""

from __future__ import annotations

import atexit
import hashlib
import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import is_dataclass, replace
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problem
from handouts.pack.executor import Failed
from handouts.pack.manifest import tool_fingerprint
from handouts.pack.tasks import RunContext
from handouts.render.fonts import register_fonts

SCHEMES = {"dask://": "tcp://", "dask+tls://": "tls://"}
"""How ``--executor`` names a scheduler, and the address Dask knows it by. With TLS, the
certificates come from Dask's own configuration (``distributed.comm.tls``)."""
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
CONTENT_FOLDERS = ("data", "templates")
MAX_CONTENT = 256 * 1024 * 1024
CONNECT_SECONDS = 10


def dask_address(url: str, private: bool = False) -> str:
    """``dask://HOST:PORT`` -> the scheduler's address, ``tcp://HOST:PORT`` (``dask+tls://``:
    ``tls://``). With ``private`` (the jobs carry patients' details), a plain connection is
    refused beyond this machine."""
    scheme = next((name for name in SCHEMES if url.startswith(name)), None)
    rest = url[len(scheme) :] if scheme else ""
    if scheme is None or ":" not in rest:
        example = "dask://10.0.0.5:8786"
        raise HandoutsError(f"--executor {url}: write it as dask://HOST:PORT, e.g. {example}")
    if private and scheme == "dask://" and rest.rsplit(":", 1)[0] not in LOOPBACK:
        message = (
            f"--executor {url}: patients' details would cross the network unencrypted; use "
            "dask+tls://HOST:PORT with TLS set up for the cluster (see the README)"
        )
        raise HandoutsError(message)
    return SCHEMES[scheme] + rest


@contextmanager
def dask_executor(url: str, content_root: Path, private: bool = False) -> Iterator[Executor]:
    """An Executor on the cluster whose scheduler is at ``url``, with the content at
    ``content_root`` sent to its workers; closed on leaving. ``private``: see dask_address."""
    client = _connect(url, private)
    try:
        workers = _check_workers(client, url)
        snapshot = content_snapshot(content_root)
        [shipped] = client.scatter([snapshot], broadcast=True, hash=False)
        digest = hashlib.sha256(snapshot).hexdigest()
        executor = client.get_executor(pure=False)
        yield ContentExecutor(executor, shipped, digest, content_root, workers)
    finally:
        client.close()


def _connect(url: str, private: bool) -> Any:
    address = dask_address(url, private)
    try:
        from distributed import Client
    except ImportError:
        message = (
            "running on a Dask cluster needs the dask extra: in the handouts folder, "
            "pip install -e '.[dask]'"
        )
        raise HandoutsError(message) from None
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        message = (
            f"cannot reach a Dask scheduler at {url} ({error}); start one with 'dask scheduler' "
            "and workers with 'dask worker', as the README shows"
        )
        raise HandoutsError(message) from None


def _check_workers(client: Any, url: str) -> int:
    """The number of worker processes; refuse a cluster without workers (the jobs would wait
    for ever) or whose workers run another version of handouts."""
    versions = client.run(tool_fingerprint, on_error="return")
    if not versions:
        message = f"the Dask scheduler at {url} has no workers; start some with 'dask worker'"
        raise HandoutsError(message)
    ours = tool_fingerprint()
    others = sorted(worker for worker, version in versions.items() if version != ours)
    # A worker without handouts cannot even run the check: its answer is the error.
    if others:
        message = (
            f"these Dask workers run another version of handouts, or none: {', '.join(others)}; "
            "install the same version there as here"
        )
        raise HandoutsError(message)
    return len(versions)


def content_snapshot(root: Path) -> bytes:
    """``data/`` and ``templates/`` of the content directory, zipped in a fixed order (links
    and anything but regular files left out, as the content rules leave them out)."""
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in _content_files(root):
            total += path.stat().st_size
            if total > MAX_CONTENT:
                raise HandoutsError(f"the content in {root} is over 256 MB: too large to send")
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), (1980, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _content_files(root: Path) -> list[Path]:
    found = []
    for folder in CONTENT_FOLDERS:
        found += [
            path
            for path in (root / folder).rglob("*")
            if path.is_file() and not path.is_symlink() and not _hidden(path, root)
        ]
    return sorted(found)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


class ContentExecutor(Executor):
    """Calls on the cluster, each given the content it reads."""

    def __init__(
        self, inner: Executor, shipped: Any, digest: str, root: Path, max_workers: int
    ) -> None:
        self.inner, self.shipped, self.digest, self.root = inner, shipped, digest, root
        self.max_workers = max_workers

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        call = (self.shipped, self.digest, str(self.root), fn, args)
        return self.inner.submit(run_with_content, *call, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait)  # Dask's executor takes no cancel_futures


# --------------------------------------------------------------------------- on a worker

_ONE_AT_A_TIME = threading.Lock()
_UNPACKED: dict[str, Path] = {}


def run_with_content(
    snapshot: bytes, digest: str, root: str, fn: Callable[..., Any], args: tuple[Any, ...]
) -> Any:
    """On a worker: ``fn(*args)`` with each job's content at this worker's copy of it."""
    with _ONE_AT_A_TIME:
        register_fonts()
        local = _unpacked(digest, snapshot)
        result = fn(*(_relocated(arg, local) for arg in args))
    return _placed_back(result, local, Path(root))


def _unpacked(digest: str, snapshot: bytes) -> Path:
    """This worker's copy of the content, unpacked once per content."""
    if digest not in _UNPACKED:
        for earlier in list(_UNPACKED):  # a new run's content: the last one's is not needed
            shutil.rmtree(_UNPACKED.pop(earlier), ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix="handouts-content-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        with zipfile.ZipFile(io.BytesIO(snapshot)) as archive:
            for name in archive.namelist():
                target = (folder / name).resolve()
                if target.is_relative_to(folder.resolve()):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
        _UNPACKED[digest] = folder
    return _UNPACKED[digest]


def _relocated(job: Any, local: Path) -> Any:
    """A job whose run reads the content at ``local``."""
    run = getattr(job, "run", None)
    if isinstance(run, RunContext) and is_dataclass(job) and not isinstance(job, type):
        return replace(job, run=replace(run, root=local))
    return job


def _placed_back(result: Any, local: Path, root: Path) -> Any:
    if not isinstance(result, Failed):
        return result
    return Failed(tuple(_problem_placed_back(problem, local, root) for problem in result.problems))


def _problem_placed_back(problem: Problem, local: Path, root: Path) -> Problem:
    file = problem.file
    if file is not None and file.is_relative_to(local):
        file = root / file.relative_to(local)
    message = problem.message.replace(str(local), str(root))
    return replace(problem, file=file, message=message)
