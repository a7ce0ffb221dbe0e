"""The API's HTML path (issue 6): a refused survey form shown again, cold and warm, with either
template loader; which modules the JSON path loads.

The page is the real one: a form POST of the survey with one answer missing, through
`functions.handlers.surveys.lambda_handler`, which answers 422 with the form filled in. A
refused form never reaches DynamoDB (validation comes first), so the fresh interpreters need the
local stack's environment but no DynamoDB Local: the endpoint they get is a closed port, and a
request that tried it would not come back 422.

python -m bench.render prints this section's figures alone (well under a minute; no site build).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.api import import_seconds, percentile
from bench.refused_requests import SITE_URL, endorsement_post, survey_post
from devstack.localenv import local_environment

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = "http://127.0.0.1:9"  # the DynamoDB endpoint: nothing listens, nothing is sent
LOADERS = ("FileSystemLoader", "ModuleLoader")
MISSING_ANSWER = "This question needs an answer."
WARM_RENDERS = 200

# The renderer's own environment with the loader chosen: theme/compiled/ when it is there,
# else the sources. The bench passes a folder of its own either way (missing: the sources).
USE_LOADER = """
from pathlib import Path
import functions.rendering.renderer as renderer
def environment(language, original=renderer.environment):
    return original(language, compiled_dir=Path({compiled!r}))
renderer.environment = environment
"""

COLD = (
    """
import sys, time
event = {event!r}
started = time.perf_counter()
import functions.handlers.surveys as handler
imported = time.perf_counter()
handler.services()
built = time.perf_counter()
"""
    + USE_LOADER
    + """
response = handler.lambda_handler(event, None)
done = time.perf_counter()
import hashlib, json
print(json.dumps({{
    "import": imported - started,
    "services": built - imported,
    "page": done - built,
    "status": response["statusCode"],
    "loader": type(renderer.environment("en").loader).__name__,
    "shows_error": {missing!r} in response["body"],
    "sha1": hashlib.sha1(response["body"].encode()).hexdigest(),
}}))
"""
)

WARM = (
    """
import json, time
import functions.handlers.surveys as handler
import functions.http.errors as errors
"""
    + USE_LOADER
    + """
event = {event!r}
calls = []
form_page = errors.form_page
def recorded(*args, **kwargs):
    calls.append((args, kwargs))
    return form_page(*args, **kwargs)
errors.form_page = recorded
handler.lambda_handler(event, None)  # the cold one: not timed
errors.form_page = form_page
args, kwargs = calls[0]
renders, requests = [], []
for _ in range({runs}):  # taking turns, so that a change of load hits both alike
    began = time.perf_counter()
    form_page(*args, **kwargs)
    renders.append(time.perf_counter() - began)
    began = time.perf_counter()
    status = handler.lambda_handler(event, None)["statusCode"]
    requests.append(time.perf_counter() - began)
print(json.dumps({{
    "renders": renders,
    "requests": requests,
    "status": status,
    "loader": type(renderer.environment("en").loader).__name__,
}}))
"""
)

JSON_PATH = """
import sys
import {module} as handler
after_import = "jinja2" in sys.modules
response = handler.lambda_handler({event!r}, None)
import json
print(json.dumps({{
    "after_import": after_import,
    "after_request": "jinja2" in sys.modules,
    "renderer": "functions.rendering.renderer" in sys.modules,
    "status": response["statusCode"],
}}))
"""


# --- fresh interpreters ---------------------------------------------------------------------


def _environment(bytecode: Path, var_dir: Path) -> dict[str, str]:
    # As bench.api.import_seconds: from bytecode of the bench's own, written by a first run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    env.update(local_environment(SITE_URL, NOWHERE, var_dir))
    return env


def _run(code: str, env: dict[str, str]) -> dict:
    done = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench subprocess failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compile_templates(target: Path) -> list[str]:
    """The API's templates compiled to modules as deploy/stage_lambda.py ships them (its
    filter, no errors allowed), by the renderer's own environment: the same options, the i18n
    extension and gettext installed, so the code is what the renderer would compile itself."""
    from functions.rendering.renderer import TEMPLATES_DIR, environment, is_api_template

    env = environment("en", TEMPLATES_DIR, target / "none")  # the sources' loader
    notes: list[str] = []
    env.compile_templates(
        str(target),
        zip=None,
        filter_func=is_api_template,
        ignore_errors=False,
        log_function=notes.append,
    )
    return [note.split('"')[1] for note in notes if note.startswith("Compiled ")]


@dataclass(frozen=True)
class ColdStart:
    imports: float  # medians, seconds
    services: float
    page: float
    first_page: float  # median of import + page, run by run
    total: float  # median of import + services + page
    status: int


@dataclass(frozen=True)
class Warm:
    render_p50_ms: float
    render_p99_ms: float
    request_p50_ms: float
    request_p99_ms: float


@dataclass
class HtmlPath:
    runs: int
    boto3: float
    cold: dict[str, ColdStart] = field(default_factory=dict)
    warm: dict[str, Warm] = field(default_factory=dict)
    compiled: list[str] = field(default_factory=list)  # the templates ModuleLoader had
    same_html: bool = False  # every run of both loaders gave the very same page
    renders: int = WARM_RENDERS


def _cold(samples: list[dict]) -> ColdStart:
    def median(key) -> float:
        return statistics.median(key(sample) for sample in samples)

    return ColdStart(
        median(lambda s: s["import"]),
        median(lambda s: s["services"]),
        median(lambda s: s["page"]),
        median(lambda s: s["import"] + s["page"]),
        median(lambda s: s["import"] + s["services"] + s["page"]),
        samples[0]["status"],
    )


def html_path(runs: int = 15) -> HtmlPath:
    """Cold: `import boto3` and the survey's 422 page from a fresh interpreter, each loader,
    runs taking turns. Warm: the same page rendered WARM_RENDERS times in one interpreter."""
    event = survey_post(form=True)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        work = Path(folder)
        compiled = compile_templates(work / "compiled")
        folders = {"FileSystemLoader": work / "no-compiled", "ModuleLoader": work / "compiled"}
        env = _environment(work / "bytecode", work / "var")
        cold = {
            loader: COLD.format(event=event, compiled=str(where), missing=MISSING_ANSWER)
            for loader, where in folders.items()
        }
        boto3: list[float] = []
        samples: dict[str, list[dict]] = {loader: [] for loader in LOADERS}
        import_seconds("boto3", work / "bytecode")  # untimed: write the bytecode
        for code in cold.values():
            _run(code, env)
        for _ in range(runs):
            boto3.append(import_seconds("boto3", work / "bytecode"))
            for loader, code in cold.items():
                samples[loader].append(_run(code, env))
        result = HtmlPath(runs, statistics.median(boto3), compiled=compiled)
        pages = set()
        for loader, found in samples.items():
            for sample in found:
                if sample["loader"] != loader or not sample["shows_error"]:
                    raise RuntimeError(f"{loader}: not the refused survey form: {sample}")
                if sample["status"] not in (422, 410):  # 410 (closed): the form with a notice
                    raise RuntimeError(f"{loader}: the survey POST answered {sample['status']}")
                pages.add(sample["sha1"])
            result.cold[loader] = _cold(found)
        for loader, where in folders.items():
            warm = _run(WARM.format(event=event, compiled=str(where), runs=WARM_RENDERS), env)
            if warm["loader"] != loader:
                raise RuntimeError(f"warm {loader} used {warm['loader']}")
            result.warm[loader] = Warm(
                1000 * percentile(warm["renders"], 0.50),
                1000 * percentile(warm["renders"], 0.99),
                1000 * percentile(warm["requests"], 0.50),
                1000 * percentile(warm["requests"], 0.99),
            )
    result.same_html = len(pages) == 1
    return result


@dataclass(frozen=True)
class JsonPath:
    status: int
    jinja2_after_import: bool
    jinja2_after_request: bool
    renderer_loaded: bool


def json_path() -> dict[str, JsonPath]:
    """Each handler imported in a fresh interpreter, then one refused JSON request (422):
    is Jinja2 loaded after either? It must not be."""
    events = {
        "functions.handlers.endorsements": endorsement_post(),
        "functions.handlers.surveys": survey_post(form=False),
    }
    found = {}
    with tempfile.TemporaryDirectory(prefix="bench-json-") as folder:
        env = _environment(Path(folder) / "bytecode", Path(folder) / "var")
        for module, event in events.items():
            done = _run(JSON_PATH.format(module=module, event=event), env)
            found[module] = JsonPath(
                done["status"], done["after_import"], done["after_request"], done["renderer"]
            )
    return found


def main() -> int:
    print("JSON path, after import / after a refused JSON request:")
    for module, seen in json_path().items():
        print(
            f"  {module}: {seen.status}, jinja2 {seen.jinja2_after_import} / "
            f"{seen.jinja2_after_request}, renderer {seen.renderer_loaded}"
        )
    result = html_path()
    print(f"HTML path ({result.runs} runs): import boto3 {1000 * result.boto3:.0f} ms")
    print(
        f"  templates compiled: {', '.join(result.compiled)}; "
        f"same HTML from both loaders: {result.same_html}"
    )
    for loader, cold in result.cold.items():
        warm = result.warm[loader]
        print(
            f"  {loader}: import {1000 * cold.imports:.0f} ms + page {1000 * cold.page:.0f} ms "
            f"= {1000 * cold.first_page:.0f} ms, {cold.first_page / result.boto3:.2f}x boto3 "
            f"(services {1000 * cold.services:.0f} ms; all {cold.total / result.boto3:.2f}x); "
            f"status {cold.status}"
        )
        print(
            f"    warm render p50 {warm.render_p50_ms:.2f} ms p99 {warm.render_p99_ms:.2f} ms; "
            f"request p50 {warm.request_p50_ms:.2f} ms p99 {warm.request_p99_ms:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
