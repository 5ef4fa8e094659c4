"""Fixtures for tests against the real daemons that `make test` starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from tests.conftest import require_real

TOWNHALL_TOKEN = "ci-enrolment-token"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything in this directory as an integration test (select with -m)."""
    for item in items:
        if "tests/integration/" in item.nodeid:
            item.add_marker(pytest.mark.integration)


def run_koffer(
    *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """Run the ``koffer`` command as a user would, without a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "koffer", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def printed_text(out: Path, pattern: str, timeout_s: float = 10.0) -> str:
    """Text of the PDF cups-pdf wrote as ``out/pattern``, waiting while it is still written."""
    deadline = time.monotonic() + timeout_s
    while True:
        files = list(out.glob(pattern))
        text = ""
        if len(files) == 1 and files[0].stat().st_size:
            text = subprocess.run(
                ["pdftotext", str(files[0]), "-"], capture_output=True, text=True, check=False
            ).stdout
        if text.strip() or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


@pytest.fixture
def cups_queue() -> tuple[str, Path]:
    """The private cupsd's cups-pdf queue and the directory its PDFs land in."""
    queue = os.environ.get("KOFFER_TEST_CUPS_QUEUE")
    out = os.environ.get("KOFFER_TEST_CUPS_OUT")
    if not (queue and out and os.environ.get("CUPS_SERVER")):
        require_real("cupsd with a cups-pdf queue")
    return str(queue), Path(str(out))


@pytest.fixture
def postgres_url() -> str:
    """A fresh PostgreSQL database on 127.0.0.1."""
    url = os.environ.get("KOFFER_TEST_PG_URL")
    if not url:
        require_real("PostgreSQL on 127.0.0.1")
    return str(url)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class TownhallProcess(subprocess.Popen[str]):
    """``koffer townhall serve`` writing into a log file next to its data directory.

    Not a pipe: a server whose pipe nobody reads stops at its next log line once the pipe
    holds 64 KiB, and a long run with many refused requests logs that much.
    """

    def __init__(self, args: list[str], log: Path) -> None:
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w") as out:  # the child keeps its own descriptor
            super().__init__(args, stdout=out, stderr=subprocess.STDOUT, text=True)

    def output(self) -> str:
        """What the server has logged so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def launch_townhall(
    data_dir: Path, port: int, db_url: str = "", extra: Sequence[str] = ()
) -> TownhallProcess:
    """Start ``koffer townhall serve`` on ``port`` (default database: SQLite in ``data_dir``)."""
    return TownhallProcess(
        [
            sys.executable, "-m", "koffer", "townhall", "serve", "--port", str(port),
            "--data-dir", str(data_dir), "--enrolment-token", TOWNHALL_TOKEN,
            *(["--db", db_url] if db_url else []), *extra,
        ],
        data_dir.parent / f"townhall-{port}.log",
    )  # fmt: skip


def wait_until_healthy(url: str, process: TownhallProcess, timeout_s: float = 30) -> None:
    """Wait for ``url``/health to answer; fail the test with the server's output if it dies."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"town hall did not start: {process.output()}")
        time.sleep(0.1)


@pytest.fixture
def start_townhall(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Start ``koffer townhall serve`` processes (database URL, default SQLite); return URLs."""
    processes: list[TownhallProcess] = []

    def start(db_url: str = "") -> str:
        port = free_port()
        process = launch_townhall(tmp_path / "townhall", port, db_url)
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process)
        return url

    yield start
    for process in processes:
        process.terminate()
        process.communicate(timeout=10)
