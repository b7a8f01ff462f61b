"""Packs and batches on a real Dask cluster (a LocalCluster of two worker processes): the
same bytes as on this machine, a failing job failing alone, and clear words when the
cluster cannot be used."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import invoke

distributed = pytest.importorskip("distributed")

CLINIC = "harbour-dermatology"
LIST = "name,treatments\nAna,silicone-gel;scar-surgery\nBen,laser-resurfacing\n"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield "dask://" + local.scheduler_address.removeprefix("tcp://")


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.pdf"))
    }


def twin(root: Path) -> Path:
    """A second copy of the content, at another path (as on another machine)."""
    other = root.parent / "elsewhere"
    shutil.copytree(root, other)
    return other


def run(root: Path, *args: str, exit_code: int = 0) -> str:
    result = invoke(*args, "--reproducible", "--root", str(root))
    assert result.exit_code == exit_code, result.output
    return result.output


def test_a_pack_on_the_cluster_matches_a_local_run_byte_for_byte(
    content_root: Path, cluster: str
) -> None:
    remote = twin(content_root)
    run(content_root, "pack", CLINIC, "--jobs", "2")
    run(remote, "pack", CLINIC, "--executor", cluster)
    local = digests(content_root / "output")
    assert len(local) == 8 and local == digests(remote / "output")


def test_a_batch_on_the_cluster_matches_a_local_run_byte_for_byte(
    content_root: Path, cluster: str
) -> None:
    remote = twin(content_root)
    for root, where in ((content_root, ["--jobs", "2"]), (remote, ["--executor", cluster])):
        (root / "visits.csv").write_text(LIST)
        run(root, "batch", str(root / "visits.csv"), "-c", CLINIC, "--date", "2026-11-30", *where)
    local = digests(content_root / "output")
    assert len(local) == 2 and local == digests(remote / "output")


def test_a_failing_job_fails_alone_placed_in_this_machines_files(
    content_root: Path, cluster: str
) -> None:
    record = content_root / "data" / "treatments" / "scar-surgery.yaml"
    record.write_text(record.read_text().replace("title:", "titel:", 1))
    output = run(content_root, "pack", CLINIC, "--executor", cluster, exit_code=1)
    assert f"{record}:" in output and "handouts-content-" not in output
    built = {path.name for path in (content_root / "output" / CLINIC).glob("*.pdf")}
    assert "silicone-gel.pdf" in built and "scar-surgery.pdf" not in built


def test_an_executor_that_is_not_dask_is_a_usage_error(content_root: Path) -> None:
    result = invoke("pack", CLINIC, "--executor", "spark://x:1", "--root", str(content_root))
    assert result.exit_code == 2 and "dask://HOST:PORT" in result.output


def test_a_batch_over_an_unencrypted_network_is_a_usage_error(content_root: Path) -> None:
    (content_root / "visits.csv").write_text(LIST)
    result = invoke("batch", str(content_root / "visits.csv"), "-c", CLINIC,
                    "--executor", "dask://10.0.0.5:8786", "--root", str(content_root))  # fmt: skip
    assert result.exit_code == 2 and "dask+tls://HOST:PORT" in result.output


def test_no_scheduler_there_says_how_to_start_one(
    content_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("handouts.pack.cluster.CONNECT_SECONDS", 1)
    result = invoke("pack", CLINIC, "--executor", "dask://127.0.0.1:9", "--root", str(content_root))
    assert result.exit_code == 1 and "cannot reach a Dask scheduler" in result.output
    assert "dask scheduler" in result.output


class _Workers:
    def __init__(self, versions: dict[str, str]) -> None:
        self.versions = versions

    def run(self, function: object, **options: object) -> dict[str, str]:
        return self.versions


def test_a_cluster_without_workers_or_with_another_version_is_refused() -> None:
    from handouts.errors import HandoutsError
    from handouts.pack.cluster import _check_workers
    from handouts.pack.manifest import tool_fingerprint

    with pytest.raises(HandoutsError, match="has no workers"):
        _check_workers(_Workers({}), "dask://x:1")
    versions = {"tcp://a:1": tool_fingerprint(), "tcp://b:2": "older"}
    with pytest.raises(HandoutsError, match=r"another version of handouts, or none: tcp://b:2;"):
        _check_workers(_Workers(versions), "dask://x:1")
    assert _check_workers(_Workers({"tcp://a:1": tool_fingerprint()}), "dask://x:1") == 1


def test_patients_never_cross_the_network_unencrypted() -> None:
    from handouts.errors import HandoutsError
    from handouts.pack.cluster import dask_address

    assert dask_address("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert dask_address("dask+tls://10.0.0.5:8786", private=True) == "tls://10.0.0.5:8786"
    assert dask_address("dask://127.0.0.1:8786", private=True) == "tcp://127.0.0.1:8786"
    with pytest.raises(HandoutsError, match="use dask\\+tls://HOST:PORT"):
        dask_address("dask://10.0.0.5:8786", private=True)
