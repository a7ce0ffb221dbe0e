"""CleanUrlsFunction in template.yaml, run under node with CloudFront's event shape.

The function's code is written to a module next to a stub of CloudFront's `cloudfront` module,
whose key-value store holds the paths a test says were published. Every test runs node once,
for all its requests. Redirects are resolved as a browser does (WHATWG URL, node's `URL`)
against https://site.example/: none may lead to another origin, whatever the URI.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from deploy.site_paths import MAX_KEY_BYTES, store_key
from functions.i18n import LANGUAGES
from functions.rendering.site import DEFAULT_LANG
from plugins.yaml_reader import page_location

BASE = "https://site.example/"
SITE_HOST = "site.example"

# The stub: exists() answers from globalThis.__store, and fails as the real store may.
STUB = """
export default {
  kvs() {
    return {
      async exists(key) {
        const store = globalThis.__store;
        if (store.failing) throw new Error('key value store unavailable');
        if (typeof key !== 'string' || key.length === 0) throw new Error('invalid key');
        if (Buffer.byteLength(key) > store.maxKeyBytes) throw new Error('key too long');
        return store.keys.has(key);
      },
    };
  },
};
"""

HARNESS = """
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
globalThis.__store = {
  keys: new Set(input.keys),
  failing: input.failing,
  maxKeyBytes: input.maxKeyBytes,
};
function hostOf(location) {
  try {
    return new URL(location, input.base).host;
  } catch (e) {
    return '(no URL: ' + e.message + ')';
  }
}
const outcomes = [];
for (const event of input.events) {
  const result = await handler(event);
  const location = result.headers && result.headers.location && result.headers.location.value;
  outcomes.push({ result, host: location ? hostOf(location) : null });
}
process.stdout.write(JSON.stringify(outcomes));
"""


def not_found_key(language: str) -> str:
    """Where the build writes a language's 404 page (plugins/yaml_reader.py)."""
    return page_location("pages/404.md", {}, None if language == DEFAULT_LANG else language)[
        "save_as"
    ]


# The S3 keys of a small published site: the seven 404 pages as the build writes them.
SITE = [
    "index.html",
    "news/slug/index.html",
    "endorse/index.html",
    "fr/index.html",
    "fr/news/slug/index.html",
    "theme/css/site.3f2a9c1b.css",
    "feeds/all.atom.xml",
    "images/été 1.jpg",
    "CNAME",
    *(not_found_key(language) for language in LANGUAGES),
]
PUBLISHED = [store_key(key) for key in SITE]


@pytest.fixture(scope="module")
def function_module(template: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    root = tmp_path_factory.mktemp("cloudfront-function")
    stub = root / "node_modules" / "cloudfront"
    stub.mkdir(parents=True)
    (stub / "package.json").write_text(
        json.dumps({"name": "cloudfront", "type": "module", "main": "index.js"}), encoding="utf-8"
    )
    (stub / "index.js").write_text(STUB, encoding="utf-8")
    code = template["Resources"]["CleanUrlsFunction"]["Properties"]["FunctionCode"]
    module = root / "function.mjs"
    module.write_text(code + HARNESS, encoding="utf-8")
    return module


def run(
    module: Path,
    events: list[dict[str, Any]],
    keys: list[str] | None = None,
    failing: bool = False,
) -> list[dict[str, Any]]:
    """Each event's outcome: the function's result and, for a redirect, the host it leads to."""
    node = shutil.which("node")
    assert node is not None
    payload = {
        "events": events,
        "keys": PUBLISHED if keys is None else keys,
        "failing": failing,
        "maxKeyBytes": MAX_KEY_BYTES,
        "base": BASE,
    }
    result = subprocess.run(
        [node, str(module)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def viewer_request(uri: str, query: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "version": "1.0",
        "context": {"eventType": "viewer-request"},
        "viewer": {"ip": "192.0.2.1"},
        "request": {
            "method": "GET",
            "uri": uri,
            "querystring": query or {},
            "headers": {},
            "cookies": {},
        },
    }


def viewer_response(uri: str, status: int = 200) -> dict[str, Any]:
    event = viewer_request(uri)
    event["context"]["eventType"] = "viewer-response"
    event["response"] = {"statusCode": status, "statusDescription": "", "headers": {}}
    return event


def requests(module: Path, uris: list[str], **store: Any) -> list[dict[str, Any]]:
    return [o["result"] for o in run(module, [viewer_request(uri) for uri in uris], **store)]


def statuses(module: Path, uris: list[str], status: int = 200, **store: Any) -> list[int]:
    outcomes = run(module, [viewer_response(uri, status) for uri in uris], **store)
    return [o["result"]["statusCode"] for o in outcomes]


def assert_on_site(outcome: dict[str, Any], uri: str) -> None:
    """A redirect is a path on our origin; anything else goes to the bucket with a path."""
    result = outcome["result"]
    if "statusCode" not in result:
        assert result["uri"].startswith("/"), uri
        return
    location = result["headers"]["location"]["value"]
    assert result["statusCode"] == 301, uri
    assert outcome["host"] == SITE_HOST, (uri, location)
    assert location.startswith("/") and location[1:2] not in ("/", "\\"), (uri, location)
    assert all("!" <= char <= "~" for char in location), (uri, location)


# --------------------------------------------------------------- clean URLs, as before


@pytest.mark.parametrize("keys", [PUBLISHED, []], ids=["published", "empty-store"])
def test_folder_urls_serve_their_index(function_module: Path, keys: list[str]) -> None:
    """A folder URL (home and /fr/ too) is rewritten to its index.html, store filled or empty."""
    results = requests(function_module, ["/news/slug/", "/", "/fr/"], keys=keys)
    assert [r["uri"] for r in results] == [
        "/news/slug/index.html",
        "/index.html",
        "/fr/index.html",
    ]


@pytest.mark.parametrize("keys", [PUBLISHED, []], ids=["published", "empty-store"])
def test_files_pass_unchanged(function_module: Path, keys: list[str]) -> None:
    """URIs of files (404 page, asset, feed, encoded image name) pass unchanged."""
    uris = [
        "/404.html",
        "/theme/css/site.3f2a9c1b.css",
        "/feeds/all.atom.xml",
        "/images/%C3%A9t%C3%A9%201.jpg",
    ]
    assert [r["uri"] for r in requests(function_module, uris, keys=keys)] == uris


def test_a_published_file_without_a_dot_is_served_not_redirected(function_module: Path) -> None:
    """A published file whose name has no dot (CNAME) is served as it is, not redirected."""
    (result,) = requests(function_module, ["/CNAME"])
    assert result["uri"] == "/CNAME"


@pytest.mark.parametrize("keys", [PUBLISHED, []], ids=["published", "empty-store"])
def test_folder_without_slash_redirects_keeping_the_query(
    function_module: Path, keys: list[str]
) -> None:
    """A folder without its slash gets a 301 to it with the slash, its query kept."""
    events = [
        viewer_request("/news/slug"),
        viewer_request("/endorse", {"ref": {"value": "mail list"}}),
    ]
    plain, with_query = (o["result"] for o in run(function_module, events, keys=keys))
    assert plain["statusCode"] == 301
    assert plain["headers"]["location"]["value"] == "/news/slug/"
    assert with_query["headers"]["location"]["value"] == "/endorse/?ref=mail%20list"


def test_the_query_is_carried_over_encoded_once(function_module: Path) -> None:
    """A redirect's query keeps every value and repeated key, each encoded exactly once."""
    query = {
        "q": {"value": "caf%C3%A9+au lait"},
        "next": {"value": "//evil.example/x?y=1#z"},
        "a b": {"value": "1&admin=1"},
        "crlf": {"value": "x\r\nSet-Cookie: s=1"},
        "tag": {"value": "one", "multiValue": [{"value": "one"}, {"value": "two"}]},
        "bad": {"value": "100%"},
    }
    (outcome,) = run(function_module, [viewer_request("/endorse", query)])
    assert_on_site(outcome, "/endorse")
    location = outcome["result"]["headers"]["location"]["value"]
    assert location == (
        "/endorse/?q=caf%C3%A9+au%20lait&next=//evil.example/x?y%3D1%23z&a%20b=1%26admin%3D1"
        "&crlf=x%0D%0ASet-Cookie:%20s%3D1&tag=one&tag=two&bad=100%25"
    )


# --------------------------------------------------------------- open redirect (finding 1)


@pytest.mark.parametrize("keys", [PUBLISHED, []], ids=["published", "empty-store"])
def test_a_protocol_relative_path_never_redirects_off_site(
    function_module: Path, keys: list[str]
) -> None:
    """The reported case: //evil.example/login was answered 301 //evil.example/login/."""
    (outcome,) = run(function_module, [viewer_request("//evil.example/login")], keys=keys)
    assert_on_site(outcome, "//evil.example/login")
    if keys:  # nothing of that name was published: the English 404 page
        assert outcome["result"]["uri"] == "/404.html"


HOSTILE = [
    "//evil.example/login",
    "//evil.example",
    "///evil.example/login",
    "////evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example/login",
    "/%2F/evil.example",
    "/%2F%5Cevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "/%5C/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\t\t/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%00/evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "/%7F//evil.example",
    "/..//evil.example",
    "/../evil.example",
    "/.//evil.example",
    "/./%2F/evil.example",
    "/%2E%2E//evil.example",
    "/%2e%2e%2f%2fevil.example",
    "/news/..//..//evil.example",
    "/fr//evil.example",
    "/fr/..%2F..%2F%2Fevil.example",
    "/https://evil.example",
    "/https:evil.example",
    "/http:%2F%2Fevil.example",
    "/%68ttps://evil.example",
    "/@evil.example",
    "/ /evil.example",
    "/%20//evil.example",
    "/%E2%80%8B/evil.example",
    "/\u3000/evil.example",
    "/%EF%BC%8F%EF%BC%8Fevil.example",
    "/\uff0f\uff0fevil.example",
    "/%252F%252Fevil.example",
    "/%%32%46%%32%46evil.example",
    "/%C0%AF%C0%AFevil.example",
    "/%ED%A0%80/evil.example",
    "/%",
    "/%2",
    "evil.example",
    "",
    "/" + "a/" * 300 + "evil.example",
]


@pytest.mark.parametrize(
    ("keys", "failing"),
    [(PUBLISHED, False), ([], False), (PUBLISHED, True)],
    ids=["published", "empty-store", "store-failing"],
)
def test_hostile_uris_never_redirect_off_site(
    function_module: Path, keys: list[str], failing: bool
) -> None:
    """Each hostile URI, with or without a hostile query, stays on site, the store failing too."""
    events = [viewer_request(uri) for uri in HOSTILE]
    events += [viewer_request(uri, {"next": {"value": "//evil.example"}}) for uri in HOSTILE]
    outcomes = run(function_module, events, keys=keys, failing=failing)
    for uri, outcome in zip(HOSTILE * 2, outcomes, strict=True):
        assert_on_site(outcome, uri)


def test_refused_uris_get_a_not_found_page_not_a_redirect(function_module: Path) -> None:
    """Backslash, tab, NUL and dot-dot URIs get their language's 404 page and status 404."""
    uris = ["/\\evil.example", "/%5Cevil.example", "/\t/evil", "/%00", "/../x", "/fr/%2E%2E/x"]
    results = requests(function_module, uris, keys=[])
    assert [r.get("uri") for r in results] == ["/404.html"] * 5 + ["/fr/404.html"]
    assert statuses(function_module, uris, keys=[]) == [404] * len(uris)


PIECES = [
    "/", "//", "\\", "%2F", "%2f", "%5C", "%5c", "%252F", "\t", "\n", "\r", "%09", "%0A",
    "%0d", "%00", "\x00", "\x7f", " ", "%20", ".", "..", "%2E", "%2e%2E", "@", ":", "?", "#",
    "%", "%%", "%E2%80%AE", "é", "\uff0f", "evil.example", "evil.example:443", "news", "fr",
    "https:", "login", "index.html", "\ud83d\ude00",
]  # fmt: skip


@pytest.mark.parametrize("keys", [PUBLISHED, []], ids=["published", "empty-store"])
def test_random_uris_never_redirect_off_site(function_module: Path, keys: list[str]) -> None:
    """2,000 random URIs built from tricky pieces never lead off the site."""
    rng = random.Random(4040)  # noqa: S311 - reproducible test data, not secrets
    uris = []
    for _ in range(2000):
        uri = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 7)))
        uris.append(uri if rng.random() < 0.1 else "/" + uri)
    outcomes = run(function_module, [viewer_request(uri) for uri in uris], keys=keys)
    for uri, outcome in zip(uris, outcomes, strict=True):
        assert_on_site(outcome, uri)


# --------------------------------------------------------------- language 404 pages (finding 2)


def test_a_miss_under_fr_gets_the_french_404_page_with_status_404(function_module: Path) -> None:
    """A miss under /fr/ gets the French 404 page, answered with status 404."""
    (result,) = requests(function_module, ["/fr/nothing-here"])
    assert result.get("uri") == "/fr/404.html"
    # Whether CloudFront shows the response side the rewritten request or the viewer's.
    assert statuses(function_module, ["/fr/404.html", "/fr/nothing-here"]) == [404, 404]


def test_each_language_misses_get_their_own_404_page(function_module: Path) -> None:
    """Misses under each language's prefix get that language's 404 page, with status 404."""
    prefixes = ["" if lang == DEFAULT_LANG else f"/{lang}" for lang in LANGUAGES]
    misses = [
        f"{prefix}{tail}"
        for prefix in prefixes
        for tail in ("/nothing-here", "/nothing-here/", "/missing.png", "/news/gone/")
    ]
    results = requests(function_module, misses)
    expected = [f"/{not_found_key(lang)}" for lang in LANGUAGES for _ in range(4)]
    assert [r.get("uri") for r in results] == expected
    assert statuses(function_module, expected + misses) == [404] * (2 * len(misses))


def test_other_prefixes_get_the_english_404_page(function_module: Path) -> None:
    """Misses under an unknown or upper-case prefix get the English 404 page."""
    results = requests(function_module, ["/frx/nothing", "/FR/nothing/", "/xx/a.png"])
    assert [r.get("uri") for r in results] == ["/404.html"] * 3


def test_a_language_without_its_404_page_falls_back_to_english(function_module: Path) -> None:
    """A miss under /de/ while its 404 page is unpublished gets the English 404 page."""
    keys = [key for key in PUBLISHED if key != "/de/404.html"]
    (result,) = requests(function_module, ["/de/nichts/"], keys=keys)
    assert result["uri"] == "/404.html"


def test_published_paths_keep_status_200(function_module: Path) -> None:
    """Published paths keep 200; a 304 or a 404 from the origin is left as it is."""
    uris = ["/", "/news/slug/index.html", "/fr/index.html", "/theme/css/site.3f2a9c1b.css"]
    assert statuses(function_module, uris) == [200] * len(uris)
    # What the origin or the error pages answered is left alone.
    assert statuses(function_module, ["/fr/404.html"], status=304) == [304]
    assert statuses(function_module, ["/news/gone/"], status=404) == [404]


def test_a_path_too_long_for_the_store_is_a_miss_without_asking_it(function_module: Path) -> None:
    """A path longer than the store's key limit is a miss: the French 404 page."""
    uri = "/fr/" + "x" * MAX_KEY_BYTES + "/"
    (result,) = requests(function_module, [uri])
    assert result["uri"] == "/fr/404.html"


@pytest.mark.parametrize(
    ("keys", "failing"), [([], False), (PUBLISHED, True)], ids=["empty-store", "store-failing"]
)
def test_without_the_store_s3_decides_as_before(
    function_module: Path, keys: list[str], failing: bool
) -> None:
    """A stack deployed but not yet published, or a store that does not answer: no page is
    turned into a 404; a miss reaches S3, whose error the distribution shows as /404.html."""
    results = requests(function_module, ["/fr/nothing-here/", "/x.png"], keys=keys, failing=failing)
    assert [r["uri"] for r in results] == ["/fr/nothing-here/index.html", "/x.png"]
    assert statuses(function_module, ["/news/slug/index.html"], keys=keys, failing=failing) == [200]


# --------------------------------------------------------------- the template around it


def test_the_function_reads_the_paths_store_on_both_viewer_events(
    template: dict[str, Any],
) -> None:
    """The template ties the function to the paths store, on both viewer events, and outputs it."""
    resources = template["Resources"]
    function = resources["CleanUrlsFunction"]["Properties"]
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    (association,) = function["FunctionConfig"]["KeyValueStoreAssociations"]
    assert association["KeyValueStoreARN"] == {"Fn::GetAtt": ["SitePathsStore", "Arn"]}
    assert resources["SitePathsStore"]["Type"] == "AWS::CloudFront::KeyValueStore"
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    arn = {"Fn::GetAtt": ["CleanUrlsFunction", "FunctionMetadata.FunctionARN"]}
    associations = config["DefaultCacheBehavior"]["FunctionAssociations"]
    assert {a["EventType"]: a["FunctionARN"] for a in associations} == {
        "viewer-request": arn,
        "viewer-response": arn,
    }
    # deploy/publish.py finds the store by this output.
    assert template["Outputs"]["SitePathsStoreArn"]["Value"] == {
        "Fn::GetAtt": ["SitePathsStore", "Arn"]
    }


def test_the_function_fits_cloudfront_limits(template: dict[str, Any]) -> None:
    """The function's code is at most CloudFront Functions' 10 KB."""
    code = template["Resources"]["CleanUrlsFunction"]["Properties"]["FunctionCode"]
    assert len(code.encode()) <= 10 * 1024  # CloudFront Functions' maximum code size
