"""Publishing against moto's S3, CloudFront and CloudFormation: keys, headers, deletions and
the invalidation paths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

import sitebuild
from deploy import publish as publish_module
from deploy.invalidation import invalidation_paths
from deploy.publish import Target, publish, resolve_target
from deploy.site_files import IMMUTABLE, PAGE, cache_control, content_type
from deploy.stack_outputs import StackOutputError

REGION = "eu-west-1"
STACK = "citizen-focus-test"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("API_BASE_URL", raising=False)
    with mock_aws():
        yield {
            "s3": boto3.client("s3", region_name=REGION),
            "cloudfront": boto3.client("cloudfront", region_name=REGION),
            "cloudformation": boto3.client("cloudformation", region_name=REGION),
        }


def make_distribution(cloudfront: Any) -> str:
    answer = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": "test",
            "Comment": "test",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "site",
                        "DomainName": "site.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "site",
                "ViewerProtocolPolicy": "redirect-to-https",
                "MinTTL": 0,
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
            },
        }
    )
    return answer["Distribution"]["Id"]


def make_stack(cloudformation: Any, bucket: str, distribution_id: str) -> None:
    """A stack that creates the bucket, with outputs named as in template.yaml."""
    outputs = {
        "SiteBucketName": {"Value": {"Ref": "Site"}},
        "DistributionId": {"Value": distribution_id},
        "ApiUrl": {"Value": "https://abc123.execute-api.eu-west-1.amazonaws.com/api"},
        "SiteUrl": {"Value": "https://citizenfocus.eu"},
    }
    body = {
        "Resources": {"Site": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": bucket}}},
        "Outputs": outputs,
    }
    cloudformation.create_stack(StackName=STACK, TemplateBody=json.dumps(body))


def write_site(root: Path, files: dict[str, str]) -> Path:
    for key, text in files.items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


FIRST_SITE = {
    "index.html": "<h1>Home</h1>",
    "404.html": "<h1>Not found</h1>",
    "news/first-article/index.html": "<h1>First</h1>",
    "news/old-article/index.html": "<h1>Old</h1>",
    "theme/css/site.3f2a9c1b.css": "body{}",
    "theme/js/forms.js": "void 0;",
    "feeds/all.atom.xml": "<feed/>",
    "pagefind/fragment/en_1a2b3c4.pf_fragment": "x",
}


@pytest.fixture
def deployed(aws: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    distribution_id = make_distribution(aws["cloudfront"])
    make_stack(aws["cloudformation"], "site-bucket", distribution_id)
    target = resolve_target(aws["cloudformation"], STACK, {})
    return {**aws, "target": target, "distribution_id": distribution_id, "tmp": tmp_path}


def keys_in(s3: Any, bucket: str) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def invalidated_paths(cloudfront: Any, distribution_id: str, invalidation_id: str) -> list[str]:
    answer = cloudfront.get_invalidation(DistributionId=distribution_id, Id=invalidation_id)
    return answer["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]


def test_target_comes_from_the_stack_outputs(deployed: dict[str, Any]) -> None:
    """The target (bucket, distribution, API and site URLs) is read from the stack's outputs."""
    assert deployed["target"] == Target(
        bucket="site-bucket",
        distribution_id=deployed["distribution_id"],
        api_base_url="https://abc123.execute-api.eu-west-1.amazonaws.com/api",
        site_url="https://citizenfocus.eu",
    )


def test_api_url_from_the_environment_wins(deployed: dict[str, Any]) -> None:
    """API_BASE_URL in the environment replaces the stack's API URL."""
    environ = {"API_BASE_URL": "https://api.example.test/api"}
    target = resolve_target(deployed["cloudformation"], STACK, environ)
    assert target.api_base_url == "https://api.example.test/api"


def test_missing_stack_is_a_clear_error(aws: dict[str, Any]) -> None:
    """An unknown stack name raises StackOutputError saying it was not found."""
    with pytest.raises(StackOutputError, match="not found"):
        resolve_target(aws["cloudformation"], "no-such-stack", {})


def test_first_publish_uploads_everything_with_headers(deployed: dict[str, Any]) -> None:
    """A first publish uploads every file with its type and caching, and invalidates nothing."""
    s3, target = deployed["s3"], deployed["target"]
    site = write_site(deployed["tmp"] / "output", FIRST_SITE)

    plan, invalidation = publish(s3, deployed["cloudfront"], target, site)

    assert keys_in(s3, "site-bucket") == set(FIRST_SITE)
    assert sorted(plan.added) == sorted(FIRST_SITE)
    assert invalidation is None  # nothing was cached before
    expected = {
        "index.html": ("text/html; charset=utf-8", PAGE),
        "theme/css/site.3f2a9c1b.css": ("text/css; charset=utf-8", IMMUTABLE),
        "theme/js/forms.js": ("text/javascript; charset=utf-8", "public, max-age=3600"),
        "feeds/all.atom.xml": ("application/atom+xml; charset=utf-8", PAGE),
        "pagefind/fragment/en_1a2b3c4.pf_fragment": ("application/octet-stream", IMMUTABLE),
    }
    for key, (kind, caching) in expected.items():
        head = s3.head_object(Bucket="site-bucket", Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (kind, caching), key


def test_second_publish_uploads_changes_deletes_removed_and_invalidates_them(
    deployed: dict[str, Any],
) -> None:
    """A second publish uploads changes, deletes removed keys, invalidates changed and removed."""
    s3, cloudfront, target = deployed["s3"], deployed["cloudfront"], deployed["target"]
    site = write_site(deployed["tmp"] / "output", FIRST_SITE)
    publish(s3, cloudfront, target, site)

    (site / "news/old-article/index.html").unlink()
    (site / "theme/css/site.3f2a9c1b.css").unlink()
    write_site(
        site,
        {
            "index.html": "<h1>Home, updated</h1>",
            "theme/css/site.77aa00ff.css": "body{color:black}",
            "news/second-article/index.html": "<h1>Second</h1>",
        },
    )
    plan, invalidation = publish(s3, cloudfront, target, site)

    assert plan.added == ["news/second-article/index.html", "theme/css/site.77aa00ff.css"]
    assert plan.changed == ["index.html"]
    assert plan.removed == ["news/old-article/index.html", "theme/css/site.3f2a9c1b.css"]
    assert plan.unchanged == len(FIRST_SITE) - 3
    assert "news/old-article/index.html" not in keys_in(s3, "site-bucket")
    body = s3.get_object(Bucket="site-bucket", Key="index.html")["Body"].read()
    assert body == b"<h1>Home, updated</h1>"
    assert invalidation is not None
    assert sorted(invalidated_paths(cloudfront, deployed["distribution_id"], invalidation)) == [
        "/",
        "/index.html",
        "/news/old-article/",
        "/news/old-article/index.html",
        "/theme/css/site.3f2a9c1b.css",
    ]


def test_unchanged_site_needs_no_upload_and_no_invalidation(deployed: dict[str, Any]) -> None:
    """Publishing an unchanged site uploads, deletes and invalidates nothing."""
    s3, cloudfront, target = deployed["s3"], deployed["cloudfront"], deployed["target"]
    site = write_site(deployed["tmp"] / "output", FIRST_SITE)
    publish(s3, cloudfront, target, site)

    plan, invalidation = publish(s3, cloudfront, target, site)

    assert (plan.uploads, plan.removed, invalidation) == ([], [], None)
    listing = cloudfront.list_invalidations(DistributionId=deployed["distribution_id"])
    assert listing["InvalidationList"]["Quantity"] == 0


def test_empty_output_never_empties_the_bucket(deployed: dict[str, Any]) -> None:
    """Publishing an empty output folder raises and leaves the bucket as it was."""
    s3, target = deployed["s3"], deployed["target"]
    site = write_site(deployed["tmp"] / "output", FIRST_SITE)
    publish(s3, deployed["cloudfront"], target, site)
    empty = deployed["tmp"] / "empty"
    empty.mkdir()

    with pytest.raises(RuntimeError, match="empty"):
        publish(s3, deployed["cloudfront"], target, empty)
    assert keys_in(s3, "site-bucket") == set(FIRST_SITE)


def test_main_publishes_without_building(
    deployed: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main --no-build publishes the output folder without building it."""
    site = write_site(deployed["tmp"] / "output", FIRST_SITE)
    monkeypatch.setattr(publish_module, "build_site", lambda *_: pytest.fail("built"))

    assert publish_module.main(["--stack-name", STACK, "--output", str(site), "--no-build"]) == 0

    assert "8 added" in capsys.readouterr().out
    assert keys_in(deployed["s3"], "site-bucket") == set(FIRST_SITE)


def test_many_changes_become_one_wildcard() -> None:
    """Over the path limit the invalidation is one '/*'; within it, two paths for each page."""
    keys = [f"news/a{n}/index.html" for n in range(300)]
    assert invalidation_paths(keys, max_paths=500) == ["/*"]
    assert len(invalidation_paths(keys, max_paths=600)) == 600


def test_paths_are_url_encoded() -> None:
    """Invalidation paths are URL-encoded."""
    assert invalidation_paths(["images/été 1.jpg"]) == ["/images/%C3%A9t%C3%A9%201.jpg"]


@pytest.mark.parametrize(
    ("key", "kind", "caching"),
    [
        ("news/a/index.html", "text/html; charset=utf-8", PAGE),
        ("sitemap.xml", "application/xml; charset=utf-8", PAGE),
        ("events/calendar.ics", "text/calendar; charset=utf-8", PAGE),
        ("feeds/news.rss.xml", "application/rss+xml; charset=utf-8", PAGE),
        ("images/logo.svg", "image/svg+xml", "public, max-age=3600"),
        ("images/photo.jpg", "image/jpeg", "public, max-age=3600"),
        ("theme/js/search.0123abcd.js", "text/javascript; charset=utf-8", IMMUTABLE),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", "public, max-age=3600"),
        ("pagefind/wasm.en.pagefind", "application/octet-stream", "public, max-age=3600"),
        ("pagefind/index/en_9f8e7d6.pf_index", "application/octet-stream", IMMUTABLE),
    ],
)
def test_headers_by_file(key: str, kind: str, caching: str) -> None:
    """Each kind of file gets its Content-Type and Cache-Control; fingerprinted ones immutable."""
    assert (content_type(key), cache_control(key)) == (kind, caching)


def test_production_build_runs_the_content_checks_and_passes_the_api_url(monkeypatch, tmp_path):
    """The production build uses publishconf.py with the target's URLs, and a refusal raises."""
    import subprocess

    calls: list[tuple] = []

    def refusing_build(root, output, settings, env, origin=None):
        calls.append((settings, env["API_BASE_URL"], env["SITE_URL"], origin))
        return subprocess.CompletedProcess(
            [], 1, stdout="news/x.md: date: required for news\n", stderr=""
        )

    # Publishing builds with the one site build `make serve` uses, not with devstack's.
    monkeypatch.setattr(sitebuild, "build_site", refusing_build)
    target = Target("bucket", "DIST", "https://api.example.org/api", "https://site.example.org")
    with pytest.raises(publish_module.BuildFailed, match=r"news/x\.md: date: required"):
        publish_module.build_site(tmp_path / "out", target)
    # No local origin: publishconf.py's SITEURL makes every absolute link.
    assert calls == [
        ("publishconf.py", "https://api.example.org/api", "https://site.example.org", None)
    ]
