"""Stage the Lambda package: the `functions` package under a folder of its own.

The handlers are imported as `functions.handlers...`, so the package root must contain the
`functions/` folder itself; pointing CodeUri at the repository would ship content, node_modules
and the venvs. The form definitions (functions/forms/*.yml) come along: the functions validate
against them. Runtime dependencies are installed for the Lambda platform (arm64, Python 3.12)
from pinned wheels, so `sam build` needs neither Docker nor a local Python 3.12.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = PROJECT_ROOT / ".aws-sam" / "lambda-src"
# Staff tooling and caches stay out of the deployed package.
EXCLUDED = shutil.ignore_patterns("__pycache__", "*.pyc", "admin", "tests", ".pytest_cache")
LAMBDA_PLATFORM = ("--platform", "manylinux2014_aarch64", "--python-version", "3.12")


def copy_package(source: Path, target: Path) -> Path:
    """Replace target/functions with a fresh copy of source; return the copy."""
    destination = target / "functions"
    if destination.exists():
        shutil.rmtree(destination)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, destination, ignore=EXCLUDED)
    log.info("staged %s into %s", source, destination)
    return destination


def install_dependencies(requirements: Path, target: Path) -> None:
    """Wheels for the Lambda platform only (--only-binary): no compiler for the wrong arch."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--only-binary=:all:",
        *LAMBDA_PLATFORM,
        "--target",
        str(target),
        "--upgrade",
        "-r",
        str(requirements),
    ]
    subprocess.run(command, check=True)  # noqa: S603 - fixed argv, no shell


def stage(
    source: Path = PROJECT_ROOT / "functions",
    target: Path = DEFAULT_TARGET,
    with_dependencies: bool = True,
) -> Path:
    copy_package(source, target)
    if with_dependencies:
        install_dependencies(source / "requirements.txt", target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    parser.add_argument(
        "--no-dependencies", action="store_true", help="copy the code only (for tests)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    stage(target=args.target, with_dependencies=not args.no_dependencies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
