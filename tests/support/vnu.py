"""The W3C Nu HTML Checker (npm `vnu-jar`, run on the machine's Java) for the tests.

One JVM per call, for every document at once: the JVM and the HTML schema take a few seconds
to load, checking one more document takes milliseconds. Nothing here skips: a missing Java, a
missing jar or output the checker should never give raises `CheckerUnavailable`, so a test
that cannot check HTML fails instead of passing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
# What `require("vnu-jar")` exports; package.json pins the version, `make install` runs npm ci.
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The schema is checked by deep recursion: the checker asks for at least 512k of stack.
JAVA_OPTIONS = ("-Xss1m",)
TIMEOUT_SECONDS = 300
EXTRACT_LIMIT = 160


class CheckerUnavailable(RuntimeError):
    """The checker could not run, or said something other than its JSON report."""


def java_command() -> list[str]:
    """`java ... -jar vnu.jar`, or CheckerUnavailable saying what to install."""
    java = shutil.which("java")
    if java is None:
        raise CheckerUnavailable(
            "the Nu HTML Checker needs Java 17 or later on PATH: `java` was not found"
        )
    if not VNU_JAR.is_file():
        raise CheckerUnavailable(
            f"{VNU_JAR} is missing: run `make install` (npm ci installs vnu-jar)"
        )
    return [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR)]


def check_files(paths: Iterable[Path]) -> dict[Path, list[str]]:
    """Check HTML files on disk in one checker run: resolved path -> its errors ([] if none)."""
    files = [Path(path).resolve() for path in paths]
    for path in files:
        if not path.is_file():
            raise CheckerUnavailable(f"{path} is not a file: nothing to check")
    if not files:
        return {}
    command = [*java_command(), "--errors-only", "--format", "json", "--exit-zero-always"]
    command += ["--stdout", *map(str, files)]
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS
    )
    if result.returncode != 0:
        raise CheckerUnavailable(
            f"the Nu HTML Checker exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    try:
        report = json.loads(result.stdout)
        messages = report["messages"]
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckerUnavailable(
            f"the Nu HTML Checker did not answer with its JSON report ({exc}):\n"
            f"{result.stdout}{result.stderr}"
        ) from exc
    errors: dict[Path, list[str]] = {path: [] for path in files}
    for message in messages:
        if message.get("type") != "error":
            # "non-document-error": an I/O, schema or internal failure, not a verdict on the HTML.
            raise CheckerUnavailable(f"the Nu HTML Checker could not check a document: {message}")
        path = _path_of(message.get("url", ""))
        if path not in errors:
            raise CheckerUnavailable(f"the Nu HTML Checker reported on an unknown file: {message}")
        errors[path].append(format_message(message))
    return errors


def check_html(documents: Mapping[str, str]) -> dict[str, list[str]]:
    """Check HTML documents given as text, in one checker run: name -> its errors ([] if none)."""
    names = list(documents)
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        # Numbered files: any name (a URL, a title) can label a document, and `.html`
        # makes the checker parse it as HTML, not XHTML.
        paths = [Path(folder, f"{index:04d}.html") for index in range(len(names))]
        for name, path in zip(names, paths, strict=True):
            path.write_text(documents[name], encoding="utf-8")
        by_path = check_files(paths)
        return {name: by_path[path.resolve()] for name, path in zip(names, paths, strict=True)}


def format_message(message: Mapping[str, Any]) -> str:
    """`line 12, column 3: <message> [<the markup it is about>]` (no column if none given)."""
    line = message.get("firstLine", message.get("lastLine", "?"))
    column = f", column {message['firstColumn']}" if "firstColumn" in message else ""
    text = f"line {line}{column}: {message.get('message', '(no message)')}"
    extract = str(message.get("extract", ""))
    start, length = message.get("hiliteStart"), message.get("hiliteLength")
    if isinstance(start, int) and isinstance(length, int):
        extract = extract[start : start + length]
    extract = " ".join(extract.split())
    if extract:
        if len(extract) > EXTRACT_LIMIT:
            extract = extract[: EXTRACT_LIMIT - 3] + "..."
        text += f" [{extract}]"
    return text


def format_errors(errors: Mapping[Any, list[str]]) -> str:
    """Errors grouped by document, documents in order, only those with errors."""
    failing = {str(name): found for name, found in errors.items() if found}
    total = sum(len(found) for found in failing.values())
    lines = [f"{total} HTML error(s) in {len(failing)} of {len(errors)} document(s):"]
    for name, found in failing.items():
        lines.append(f"{name}:")
        lines.extend(f"  - {error}" for error in found)
    return "\n".join(lines)


def assert_valid(errors: Mapping[Any, list[str]]) -> None:
    """Fail with every error of every document; an empty mapping checked nothing and fails too."""
    assert errors, "no document was checked"
    if any(errors.values()):
        raise AssertionError(format_errors(errors))


def _path_of(url: str) -> Path:
    parsed = urlparse(url)
    return Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else Path(url)
