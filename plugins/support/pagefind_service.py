"""A client of Pagefind's service mode (`pagefind --service`): one index that grows while the
build writes pages, so Pagefind reads and parses them on the second core while Pelican renders
the rest, and only the writing of the bundle waits for the end of the build.

The protocol is the one Pagefind's own Node and Python wrappers speak: each message is
base64-encoded JSON followed by a comma on stdin, and each answer comes back the same way on
stdout. We speak it ourselves because the `pagefind` Python wrapper reads one answer per
100 ms (1,082 pages sent one by one took 150 s) and sends each page's HTML through the pipe;
here Pagefind reads the files from disk, a batch at a time (`add_files`). The binary is the one
the `pagefind-bin` wheel ships.
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

GLOB_SPECIAL = "\\{}[]*?,<>:!"  # wax's metacharacters: escaped in file names


class PagefindServiceError(RuntimeError):
    """Pagefind refused a request or stopped; the message says what it said."""


def exact_files_glob(relative_paths: Sequence[str]) -> str:
    """A glob that matches exactly these files: {news/a/index.html,manifesto/index.html}."""
    escaped = ("".join(f"\\{c}" if c in GLOB_SPECIAL else c for c in p) for p in relative_paths)
    return "{" + ",".join(escaped) + "}"


class PagefindService:
    """One `pagefind --service` process holding one index, used from one thread. Requests
    return as soon as they are sent; `wait` reads the answers, in the order Pagefind gives."""

    def __init__(self, executable: Path | str) -> None:
        # Pagefind logs to stderr; a file keeps it from filling a pipe nobody reads.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        self._last_id = 0
        self._unanswered: set[int] = set()  # requests whose answer is still to be read
        self._send({"type": "NewIndex", "config": None})
        answer = self._read_answer()
        self._unanswered.clear()
        self._raise_if_error(answer)
        self._index_id = int(answer["payload"]["index_id"])

    def add_files(self, site: Path, relative_paths: Sequence[str]) -> None:
        """Have Pagefind read and index these files of the site; their URLs are their paths
        in the site, as `pagefind --site` makes them. Returns at once (see `wait`)."""
        self._send(
            {
                "type": "AddDir",
                "index_id": self._index_id,
                "path": str(site),
                "glob": exact_files_glob(relative_paths),
            }
        )

    def start_writing(self, output_path: Path) -> None:
        """Have Pagefind write the bundle of every page it has indexed; returns once the pages
        sent before are indexed (Pagefind may answer requests out of order)."""
        self.wait()
        self._send(
            {"type": "WriteFiles", "index_id": self._index_id, "output_path": str(output_path)}
        )

    def wait(self) -> None:
        """Wait for the answer to every request sent; fail on the first one refused."""
        while self._unanswered:
            answer = self._read_answer()
            self._unanswered.discard(answer.get("message_id"))
            self._raise_if_error(answer)

    def write_files(self, output_path: Path) -> None:
        self.start_writing(output_path)
        self.wait()

    def close(self) -> None:
        try:
            if self._process.stdin and not self._process.stdin.closed:
                self._process.stdin.close()
        except OSError:
            pass  # it has already stopped: nothing left to tell it
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()
        self._log.close()

    def _send(self, payload: dict[str, Any]) -> None:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}).encode("utf-8")
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except OSError as exc:
            raise PagefindServiceError(f"Pagefind stopped: {self._stderr()}") from exc
        self._unanswered.add(self._last_id)

    @staticmethod
    def _raise_if_error(answer: dict[str, Any]) -> None:
        result = answer.get("payload") or {}
        if result.get("type") == "Error":
            raise PagefindServiceError(f"Pagefind refused a request: {result.get('message')}")

    def _read_answer(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        encoded = bytearray()
        while (byte := self._process.stdout.read(1)) != b",":
            if not byte:
                raise PagefindServiceError(f"Pagefind stopped: {self._stderr()}")
            encoded += byte
        return json.loads(base64.b64decode(encoded))

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:].strip() or "(no output)"
