"""Where chunks are read: worker processes on this machine, or Ray Data actors.

Both engines get the same chunks (fixed row counts, in file order) and run the same
``BatchAnalyzer`` on each, so their outputs are identical. Rows of one token length are
batched within a chunk (``run_bucketed``): larger chunks batch better.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
from typing import Iterable, Iterator
from urllib.parse import urlparse

from empathic.errors import EmpathicError, MissingDependencyError

_worker = None  # the analyzer of a local worker process


def _init_worker(threads: int, labels_dir: str | None) -> None:
    global _worker
    from empathic.batch.analyzer import BatchAnalyzer

    _worker = BatchAnalyzer(threads=threads, labels_dir=labels_dir)


def _analyze(chunk):
    return _worker(chunk)


def run_local(chunks: Iterable, workers: int, labels_dir: str | None = None) -> Iterator:
    """Output tables in input order; ``workers`` processes of one thread each (1: in this process)."""
    if workers <= 1:
        from empathic.batch.analyzer import BatchAnalyzer

        analyzer = BatchAnalyzer(threads=1, labels_dir=labels_dir)
        for chunk in chunks:
            yield analyzer(chunk)
        return
    # spawn: a forked child would inherit ONNX Runtime's threads from a parent that loaded models
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(1, labels_dir)) as pool:
        yield from pool.imap(_analyze, chunks)


def check_address(address: str, timeout: float = 3.0) -> None:
    """Fail fast, naming the address, when nothing listens there (ray.init would wait minutes)."""
    if address == "auto":
        return
    parsed = urlparse(address if "://" in address else f"ray://{address}")
    host, port = parsed.hostname, parsed.port
    if not host or not port:
        raise EmpathicError(f"Ray address {address!r} is not host:port (e.g. 127.0.0.1:6379 or ray://host:10001)")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        raise EmpathicError(f"Ray cluster at {address} cannot be reached ({exc.strerror or exc}); "
                            f"start one with `ray start --head` or leave --address out for a local Ray") from exc


def run_ray(chunks: list, workers: int, address: str | None = None, labels_dir: str | None = None) -> Iterator:
    """Output tables in input order, from Ray Data ``map_batches`` over actors that each load the
    models once. Starts a local Ray with ``workers`` CPUs, or joins the cluster at ``address``."""
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "WARNING")  # Ray Data's INFO lines would bury our summary
    try:
        import ray
    except ImportError as exc:
        raise MissingDependencyError("ray", "batch") from exc
    from empathic.batch.analyzer import BatchAnalyzer

    if address:
        check_address(address)
    if not chunks:
        return
    started_here = not ray.is_initialized()
    if started_here:
        # the workers find empathic where this process found it (a source checkout is not installed)
        env = {"env_vars": {"PYTHONPATH": os.pathsep.join(p for p in (_package_root(), os.environ.get("PYTHONPATH"))
                                                          if p)}}
        quiet = {"runtime_env": env, "log_to_driver": False, "logging_level": logging.ERROR}
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, **quiet)
        logging.getLogger("ray").setLevel(logging.ERROR)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False  # ours counts rows
        context.print_on_execution_start = False
        dataset = ray.data.from_arrow(chunks)  # one block per chunk: the same chunks as the local engine
        readings = dataset.map_batches(BatchAnalyzer, batch_size=None, batch_format="pyarrow",
                                       compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1,
                                       fn_constructor_kwargs={"threads": 1, "labels_dir": labels_dir})
        yield from readings.iter_batches(batch_size=None, batch_format="pyarrow")
    finally:
        if started_here:
            ray.shutdown()


def _package_root() -> str:
    import empathic

    return os.path.dirname(os.path.dirname(os.path.abspath(empathic.__file__)))
