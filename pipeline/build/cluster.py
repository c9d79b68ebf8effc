"""Documents built on a Dask distributed cluster, through its `concurrent.futures` interface
(`Client.get_executor()`): `pressline build --executor dask [--scheduler tcp://HOST:8786]`.

Workers read the sources and write the outputs and stamps at the paths the user gives, so those must be on
storage every worker sees under the same path. Dask resubmits a document whose worker died (killed, out of
memory) to another worker; a marker file beside the stamps tells the new attempt, which then says so in the
document's warnings. A document that kills worker after worker is given up by Dask and reported as failed.
Without `--scheduler`, a LocalCluster of `--jobs` worker processes on this machine.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import as_completed
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pipeline import atomic
from pipeline.build.run import BuildResult, build_one, worker_failed
from pipeline.build.state import STATE_DIR
from pipeline.errors import InputError
from pipeline.options import BuildOptions
from pipeline.sources import Source

RETRIED = "retried on another worker: the worker building it was lost"
# one document at a time in each worker process, however many threads the worker runs (the writers share
# process-wide font registrations and caches)
_LOCK = threading.Lock()


def _marker(options: BuildOptions, source: Source) -> Path:
    return options.out_dir / STATE_DIR / f"{source.slug}.building"


def build_remote(source: Source, options: BuildOptions, expected: str, run_id: str) -> BuildResult:
    """`build_one` on a worker, leaving a marker while it runs so that a retry after a lost worker knows."""
    marker = _marker(options, source)
    with _LOCK:
        retried = marker.is_file() and marker.read_text(encoding="utf-8") == run_id
        atomic.write_bytes(marker, run_id.encode("utf-8"))
        try:
            result = build_one(source, options, expected)
        finally:
            marker.unlink(missing_ok=True)
    if retried:
        result.warnings.insert(0, RETRIED)
    return result


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[object]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("the dask executor needs Dask distributed", hint="pip install 'pressline[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=30)
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler: {exc}", path=scheduler) from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def absolute(options: BuildOptions) -> BuildOptions:
    """The options with every path absolute: a worker's working folder is not the caller's."""
    def resolve(path: Path | None) -> Path | None:
        return None if path is None else path.resolve()

    return replace(options, out_dir=options.out_dir.resolve(), translation=resolve(options.translation),
                   templates_dir=resolve(options.templates_dir))


def run(todo: list[tuple[Source, str]], options: BuildOptions, scheduler: str | None,
        workers: int) -> Iterator[BuildResult]:
    """Each document as one task on the cluster; results as they come, failures included, each naming its
    source and outputs as the caller did."""
    if not todo:
        return
    run_id = uuid.uuid4().hex
    remote = absolute(options)
    with _client(scheduler, workers) as client:
        executor = client.get_executor(pure=False)
        futures = {executor.submit(build_remote, replace(source, path=source.path.resolve()), remote, expected,
                                   run_id): source
                   for source, expected in todo}
        for future in as_completed(futures):
            source = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - Dask gave up on it (KilledWorker) or could not run it
                yield worker_failed(source, exc)
                continue
            result.source = source
            result.outputs = [options.out_dir / path.name for path in result.outputs]
            yield result
