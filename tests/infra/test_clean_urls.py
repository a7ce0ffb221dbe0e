"""The CloudFront Function in template.yaml, run under node with CloudFront's event shape."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

HARNESS = """
%s
const results = JSON.parse(process.argv[1]).map((event) => handler(event));
process.stdout.write(JSON.stringify(results));
"""


def run_function(template: dict[str, Any], requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    code = template["Resources"]["CleanUrlsFunction"]["Properties"]["FunctionCode"]
    events = [{"request": {"querystring": {}, **r}} for r in requests]
    result = subprocess.run(
        [node, "-e", HARNESS % code, json.dumps(events)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


def test_folder_urls_serve_their_index(template: dict[str, Any]) -> None:
    results = run_function(template, [{"uri": "/news/slug/"}, {"uri": "/"}])
    assert [r["uri"] for r in results] == ["/news/slug/index.html", "/index.html"]


def test_files_pass_unchanged(template: dict[str, Any]) -> None:
    uris = ["/404.html", "/theme/css/site.3f2a9c1b.css", "/feeds/all.atom.xml"]
    results = run_function(template, [{"uri": uri} for uri in uris])
    assert [r["uri"] for r in results] == uris


def test_folder_without_slash_redirects_keeping_the_query(template: dict[str, Any]) -> None:
    (plain, with_query) = run_function(
        template,
        [
            {"uri": "/news/slug"},
            {"uri": "/endorse", "querystring": {"ref": {"value": "mail list"}}},
        ],
    )
    assert plain["statusCode"] == 301
    assert plain["headers"]["location"]["value"] == "/news/slug/"
    assert with_query["headers"]["location"]["value"] == "/endorse/?ref=mail%20list"
