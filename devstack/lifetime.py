"""Keep DynamoDB Local from outliving `make serve`, even when `make serve` is killed with SIGKILL.

Two lines of defence. On Linux the engine starts with a parent-death signal: the kernel sends
it SIGTERM when the process that started it ends, however it ends. And its pid is written in
var/, so that the next `make serve` stops an engine a previous run left holding the port (on a
system without that signal, or while the engine is still shutting down) instead of refusing
to start. Only a process whose command line is a DynamoDBLocal.jar of this checkout on that
port is stopped: a pid file can outlive its process, and the pid can be another's by then.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
JAR_NAME = "DynamoDBLocal.jar"
POLL = 0.1


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that has the child sent SIGTERM when its parent ends; None off Linux or
    off the main thread.

    The kernel's "parent" is the thread that starts the child, so only the main thread (of
    `make serve`, of a test session) gets it: a worker thread's end would stop the engine."""
    if (
        not sys.platform.startswith("linux")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    try:
        # Looked up now: the child between fork and exec should call, not load, anything.
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    sigterm = int(signal.SIGTERM)

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, sigterm, 0, 0, 0)
        if os.getppid() != parent:  # the parent ended before prctl: nobody would signal us
            os.kill(os.getpid(), sigterm)

    return preexec


def record(pid_file: Path, pid: int) -> None:
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{pid}\n", encoding="ascii")


def forget(pid_file: Path, pid: int) -> None:
    """Remove the pid file if it still names this process (a newer run may have rewritten it)."""
    if read_pid(pid_file) == pid:
        pid_file.unlink(missing_ok=True)


def read_pid(pid_file: Path) -> int | None:
    try:
        text = pid_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None


def command_line(pid: int) -> list[str] | None:
    """The process's argv; None when it is gone or a zombie (Linux's /proc; None elsewhere)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.rstrip(b"\0").decode(errors="replace").split("\0") if raw else None


def is_our_engine(argv: list[str], port: int, package_lib: Path) -> bool:
    """A DynamoDB Local of this checkout's node_modules, listening on this port."""
    jar = next((arg for arg in argv if Path(arg).name == JAR_NAME), None)
    if jar is None or not Path(jar).is_relative_to(package_lib):
        return False
    return any(argv[i : i + 2] == ["-port", str(port)] for i in range(len(argv) - 1))


def stop_leftover(pid_file: Path, port: int, package_lib: Path, timeout: float = 15.0) -> bool:
    """Stop the engine a previous run recorded in pid_file, if it is still ours on this port.

    True when one was found, running or already ending: its port may stay taken a moment
    longer (a JVM's main thread goes, and its command line with it, before its sockets close).
    A pid file naming anything else is removed as stale."""
    pid = read_pid(pid_file)
    argv = command_line(pid) if pid is not None else None
    if pid is None or argv is None:
        pid_file.unlink(missing_ok=True)
        return pid is not None and Path(f"/proc/{pid}").exists()  # ending, or a zombie
    if not is_our_engine(argv, port, package_lib):
        pid_file.unlink(missing_ok=True)
        return False
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while command_line(pid) == argv and time.monotonic() < deadline:
            time.sleep(POLL)
        if command_line(pid) != argv:
            break
    pid_file.unlink(missing_ok=True)
    return True
