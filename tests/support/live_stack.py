"""Run `python -m devstack.serve` (what `make serve` runs) as a child process for tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from devstack.dynamodb import free_port

ROOT = Path(__file__).resolve().parents[2]
READY_LINE = "Serving the site and API at "


def session_processes(session_id: int) -> list[int]:
    """Every live process in this session (the server and anything it started)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        state, session = fields[0], int(fields[3])
        if session == session_id and state != "Z":
            pids.append(int(stat.parent.name))
    return pids


class LiveStack:
    """The whole local stack on free ports, with its own output/ and var/ folders."""

    def __init__(
        self,
        work_dir: Path,
        *,
        in_memory: bool = True,
        mail_worker: bool = True,
        mail_sweep_seconds: float | None = None,
    ) -> None:
        self.in_memory = in_memory  # False: DynamoDB's data kept in var/, across restarts
        self.mail_worker = mail_worker
        self.mail_sweep_seconds = mail_sweep_seconds  # None: make serve's own default
        self.port = free_port()
        self.ddb_port = free_port()
        self.output = work_dir / "output"
        self.var = work_dir / "var"
        self.url = f"http://localhost:{self.port}"
        self.lines: list[str] = []
        self.process: subprocess.Popen[str] | None = None

    @property
    def outbox(self) -> Path:
        return self.var / "outbox"

    def start(self, timeout: float = 120.0) -> LiveStack:
        argv = [sys.executable, "-m", "devstack.serve", "--port", str(self.port)]
        argv += ["--ddb-port", str(self.ddb_port)] + (["--in-memory"] if self.in_memory else [])
        argv += [] if self.mail_worker else ["--no-mail-worker"]
        if self.mail_sweep_seconds is not None:
            argv += ["--mail-sweep-seconds", str(self.mail_sweep_seconds)]
        argv += ["--output", str(self.output), "--var", str(self.var)]
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own session, so we can find every descendant
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        ready = threading.Event()
        threading.Thread(target=self._read_output, args=(ready,), daemon=True).start()
        came_up = ready.wait(timeout) and any(line.startswith(READY_LINE) for line in self.lines)
        if not came_up or self.process.poll() is not None:
            output = "\n".join(self.lines)
            self.stop()
            raise RuntimeError(f"make serve did not come up:\n{output}")
        return self

    def _read_output(self, ready: threading.Event) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith(READY_LINE):
                ready.set()
        ready.set()  # the process closed its output: stop waiting, start() checks why

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, timeout=10, **kwargs)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30.0) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        code = self.process.returncode
        return code

    def leftover_processes(self) -> list[int]:
        assert self.process is not None
        deadline = time.monotonic() + 5
        while (left := session_processes(self.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left
