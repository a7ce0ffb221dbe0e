"""Stage the Lambda package: the `functions` package under a folder of its own.

The handlers are imported as `functions.handlers...`, so the package root must contain the
`functions/` folder itself; pointing CodeUri at the repository would ship content, node_modules
and the venvs. The form definitions (functions/forms/*.yml) come along: the functions validate
against them. Runtime dependencies are installed for the Lambda platform (arm64, Python 3.12)
from pinned wheels, so `sam build` needs neither Docker nor a local Python 3.12.

The site's templates come along too (theme/templates/, and precompiled to Python modules in
theme/compiled/ for the renderer's ModuleLoader), with the compiled translation catalogs: the
API renders its pages from the very templates the site is built from.

Run by Python 3.12 itself, it also ships bytecode: /var/task is read-only, so without it
every cold start compiles our sources again (measured here: the handler import costs about
1.14x `import boto3` from sources, against 1.07x from bytecode). Any other Python stages
sources only and says so.
"""

from __future__ import annotations

import argparse
import compileall
import logging
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = PROJECT_ROOT / ".aws-sam" / "lambda-src"
# Only what is no code stays out: caches and tests. Every module of functions/ ships (staff
# tooling lives in admin/, outside it), so no list of code to leave out is kept here.
EXCLUDED = shutil.ignore_patterns("__pycache__", "*.pyc", "tests", ".pytest_cache")
LAMBDA_PYTHON = (3, 12)  # template.yaml's Runtime; a test keeps the two equal
LAMBDA_PLATFORM = (
    "--platform",
    "manylinux2014_aarch64",
    "--python-version",
    ".".join(map(str, LAMBDA_PYTHON)),
)


def copy_package(source: Path, target: Path) -> Path:
    """Replace target/functions with a fresh copy of source; return the copy."""
    destination = target / "functions"
    if destination.exists():
        shutil.rmtree(destination)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, destination, ignore=EXCLUDED)
    log.info("staged %s into %s", source, destination)
    return destination


def stage_theme(theme: Path, target: Path) -> Path:
    """The templates, precompiled beside them, and the compiled catalogs (no .po, no CSS)."""
    import jinja2

    from deploy.catalogs import compile_catalogs
    from functions.rendering.renderer import ENVIRONMENT_OPTIONS, EXTENSIONS, is_api_template

    destination = target / "theme"
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(theme / "templates", destination / "templates")
    environment = jinja2.Environment(  # noqa: S701 - autoescape is on, in ENVIRONMENT_OPTIONS
        loader=jinja2.FileSystemLoader(str(theme / "templates")),
        extensions=EXTENSIONS,
        **ENVIRONMENT_OPTIONS,
    )
    # Only what the API renders: the site's other templates use Pelican's filters.
    environment.compile_templates(
        str(destination / "compiled"), zip=None, filter_func=is_api_template, ignore_errors=False
    )
    compile_catalogs(theme / "translations")
    for catalog in (theme / "translations").glob("*/LC_MESSAGES/*.mo"):
        copy = destination / catalog.relative_to(theme)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(catalog, copy)
    log.info("staged the templates and catalogs into %s", destination)
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


# `sam build` runs `make build-<LogicalId>` in the staged folder (BuildMethod: makefile in
# template.yaml) and zips what lands in ARTIFACTS_DIR.
SAM_MAKEFILE = """\
# Written by deploy/stage_lambda.py for `sam build`: ship the staged package as it is.
build-%:
\tfind . -mindepth 1 -maxdepth 1 ! -name Makefile -exec cp -R {} "$(ARTIFACTS_DIR)/" \\;
"""


def write_sam_makefile(target: Path) -> Path:
    makefile = target / "Makefile"
    makefile.write_text(SAM_MAKEFILE, encoding="utf-8")
    return makefile


def compile_bytecode(target: Path, python: tuple[int, int] | None = None) -> bool:
    """Bytecode for the runtime's Python next to every source; False when this interpreter
    cannot write it (bytecode is specific to one Python version).

    Unchecked hash-based .pyc files: Lambda unpacks the package with new modification times,
    which would make timestamp-based bytecode look stale."""
    python = python or (sys.version_info.major, sys.version_info.minor)
    if python != LAMBDA_PYTHON:
        log.warning(
            "Python %s.%s cannot write bytecode for the Lambda runtime (Python %s.%s): the "
            "package ships sources only, and each cold start compiles them. Stage with "
            "Python %s.%s for faster cold starts.",
            *python,
            *LAMBDA_PYTHON,
            *LAMBDA_PYTHON,
        )
        return False
    compiled = compileall.compile_dir(
        str(target),
        quiet=1,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not compiled:
        raise RuntimeError(f"some sources under {target} do not compile")
    log.info("bytecode for Python %s.%s written under %s", *LAMBDA_PYTHON, target)
    return True


def stage(
    source: Path = PROJECT_ROOT / "functions",
    target: Path = DEFAULT_TARGET,
    with_dependencies: bool = True,
) -> Path:
    copy_package(source, target)
    stage_theme(source.parent / "theme", target)
    if with_dependencies:
        install_dependencies(source / "requirements.txt", target)
    compile_bytecode(target)
    write_sam_makefile(target)
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
