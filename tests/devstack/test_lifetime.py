"""DynamoDB Local does not outlive `make serve`: the parent-death signal, and the pid file that
lets the next run stop a leftover engine, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack import lifetime
from devstack.dynamodb import PACKAGE_LIB, DynamoDBLocal, free_port, port_in_use

ROOT = Path(__file__).resolve().parents[2]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
# A parent that starts a sleeper as DynamoDBLocal starts java, prints its pid, and waits.
PARENT = (
    "import subprocess, sys, time\n"
    "from devstack.lifetime import die_with_parent\n"
    f"child = subprocess.Popen({SLEEPER!r}, preexec_fn=die_with_parent())\n"
    "print(child.pid, flush=True)\n"
    "time.sleep(60)\n"
)


def gone_within(pid: int, seconds: float) -> bool:
    """True once the process has ended (a zombie counts as ended), polling."""
    deadline = time.monotonic() + seconds
    while lifetime.command_line(pid) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A live process that is not DynamoDB Local, past its exec (its command line its own)."""
    process = subprocess.Popen(SLEEPER)
    deadline = time.monotonic() + 10
    while lifetime.command_line(process.pid) != SLEEPER and time.monotonic() < deadline:
        time.sleep(0.05)
    yield process
    process.kill()
    process.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_child_started_with_die_with_parent_ends_when_its_parent_is_killed() -> None:
    # GIVEN a parent process that started a child with die_with_parent
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        assert lifetime.command_line(child) is not None
        # WHEN the parent is killed with SIGKILL, which it cannot catch
        parent.kill()
        parent.wait()
        # THEN the child ends too
        assert gone_within(child, 5)
    finally:
        if lifetime.command_line(child) is not None:
            os.kill(child, signal.SIGKILL)


def test_a_worker_thread_does_not_tie_the_child_to_its_own_end() -> None:
    """The kernel's parent is the starting thread: a worker's would stop the child with it."""
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(lifetime.die_with_parent()))
    worker.start()
    worker.join()
    assert found == [None]


@pytest.mark.parametrize(
    ("argv", "ours"),
    [
        (["java", "-jar", str(PACKAGE_LIB / "d_1" / "DynamoDBLocal.jar"), "-port", "8001"], True),
        (["java", "-jar", str(PACKAGE_LIB / "d_1" / "DynamoDBLocal.jar"), "-port", "8002"], False),
        (["java", "-jar", "/elsewhere/DynamoDBLocal.jar", "-port", "8001"], False),
        (["java", "-jar", str(PACKAGE_LIB / "d_1" / "Other.jar"), "-port", "8001"], False),
        (["python", "-m", "http.server", "-port", "8001"], False),
        (["java", "-jar", str(PACKAGE_LIB / "d_1" / "DynamoDBLocal.jar"), "-port"], False),
    ],
)
def test_only_a_dynamodb_local_of_this_checkout_on_the_port_counts_as_ours(
    argv: list[str], ours: bool
) -> None:
    """Only this checkout's DynamoDBLocal.jar on the expected port counts as our engine."""
    assert lifetime.is_our_engine(argv, 8001, PACKAGE_LIB) is ours


def test_a_pid_file_naming_another_process_stops_nothing(
    tmp_path: Path, sleeper: subprocess.Popen[bytes]
) -> None:
    """A pid file naming another process stops nothing, and the stale file is removed."""
    pid_file = tmp_path / "dynamodb-local.pid"
    lifetime.record(pid_file, sleeper.pid)
    assert lifetime.stop_leftover(pid_file, free_port(), PACKAGE_LIB) is False
    assert sleeper.poll() is None  # still running
    assert not pid_file.exists()  # the stale file is gone


def test_a_recorded_process_already_ending_is_a_leftover_to_wait_for(tmp_path: Path) -> None:
    """Between its main thread's end and its last one's, a JVM has no command line left but
    may still hold its port: an unreaped child (a zombie) stands in for it here."""
    ending = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert gone_within(ending.pid, 10)  # exited, not reaped: /proc still lists it
        pid_file = tmp_path / "dynamodb-local.pid"
        lifetime.record(pid_file, ending.pid)
        assert lifetime.stop_leftover(pid_file, free_port(), PACKAGE_LIB) is True
        assert not pid_file.exists()
    finally:
        ending.wait()


@pytest.mark.parametrize("content", ["", "garbage", "-1", "0", "99999999999"])
def test_a_stale_or_garbled_pid_file_is_removed(tmp_path: Path, content: str) -> None:
    """An empty, garbled, invalid or dead pid file stops nothing and is removed."""
    pid_file = tmp_path / "dynamodb-local.pid"
    pid_file.write_text(content)
    assert lifetime.stop_leftover(pid_file, free_port(), PACKAGE_LIB) is False
    assert not pid_file.exists()


@pytest.mark.integration  # starts a real engine
def test_a_leftover_engine_of_ours_is_stopped_and_its_port_freed(tmp_path: Path) -> None:
    # GIVEN an engine that recorded its pid, as a run of `make serve` killed with SIGKILL
    # leaves it when the parent-death signal is missing
    pid_file = tmp_path / "dynamodb-local.pid"
    leftover = DynamoDBLocal(pid_file=pid_file).start()
    try:
        assert lifetime.read_pid(pid_file) == leftover.process.pid
        # WHEN the next run on that port looks for a leftover
        stopped = DynamoDBLocal(port=leftover.port, pid_file=pid_file).stop_leftover()
        # THEN it stopped that engine, and the port is free for its own
        assert stopped is True
        assert leftover.process.wait(timeout=5) is not None
        assert not port_in_use(leftover.port)
        assert not pid_file.exists()
    finally:
        leftover.stop()


@pytest.mark.integration  # starts a real engine
def test_stop_removes_the_pid_file(tmp_path: Path) -> None:
    """A real engine writes its pid file on start and removes it on stop."""
    pid_file = tmp_path / "dynamodb-local.pid"
    engine = DynamoDBLocal(pid_file=pid_file).start()
    assert pid_file.exists()
    engine.stop()
    assert not pid_file.exists()
