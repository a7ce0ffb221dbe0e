"""Publishing fills CloudFront's key-value store of published paths (deploy/site_paths.py).

moto has no key-value store: FakeStore answers the calls publish makes, against a dict, and
checks what the service checks (the version named by IfMatch, at most 50 changes a call). S3,
CloudFront and CloudFormation are moto's, as in test_publish.py, so the order of the steps can
be seen from inside the store's update.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import MissingDependencyException
from moto import mock_aws

from deploy import publish as publish_module
from deploy import site_paths
from deploy.publish import Target, publish, resolve_target
from deploy.site_paths import BATCH, StoreLimitError, plan_store
from tests.infra.test_publish import FIRST_SITE, keys_in, make_distribution, write_site

REGION = "eu-west-1"
STACK = "citizen-focus-paths-test"
STORE_ARN = "arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"


class ConflictError(Exception):
    """What the service answers an UpdateKeys whose IfMatch is not the current version."""


class FakeStore:
    """The cloudfront-keyvaluestore calls of deploy/site_paths.py, recorded."""

    def __init__(self, keys: list[str] | None = None) -> None:
        self.items = dict.fromkeys(keys or [], "1")
        self.version = 0
        self.updates: list[dict[str, Any]] = []
        self.on_update: Callable[[dict[str, Any]], None] | None = None

    @property
    def etag(self) -> str:
        return f"E{self.version}"

    def describe_key_value_store(self, KvsARN: str) -> dict[str, Any]:
        assert KvsARN == STORE_ARN
        return {"ETag": self.etag, "ItemCount": len(self.items)}

    def list_keys(
        self, KvsARN: str, MaxResults: int = 50, NextToken: str | None = None
    ) -> dict[str, Any]:
        assert KvsARN == STORE_ARN and MaxResults <= 50
        ordered = sorted(self.items)
        start = int(NextToken or 0)
        answer: dict[str, Any] = {
            "Items": [
                {"Key": k, "Value": self.items[k]} for k in ordered[start : start + MaxResults]
            ]
        }
        if start + MaxResults < len(ordered):
            answer["NextToken"] = str(start + MaxResults)
        return answer

    def update_keys(
        self,
        KvsARN: str,
        IfMatch: str,
        Puts: list[dict[str, str]] | None = None,
        Deletes: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        assert KvsARN == STORE_ARN
        if IfMatch != self.etag:
            raise ConflictError(IfMatch)
        call = {"IfMatch": IfMatch, "Puts": Puts or [], "Deletes": Deletes or []}
        assert 0 < len(call["Puts"]) + len(call["Deletes"]) <= BATCH
        if self.on_update is not None:
            self.on_update(call)
        for item in call["Puts"]:
            self.items[item["Key"]] = item["Value"]
        for item in call["Deletes"]:
            del self.items[item["Key"]]
        self.updates.append(call)
        self.version += 1
        return {"ETag": self.etag, "ItemCount": len(self.items)}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("API_BASE_URL", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudfront = boto3.client("cloudfront", region_name=REGION)
        distribution_id = make_distribution(cloudfront)
        outputs = {
            "SiteBucketName": {"Value": {"Ref": "Site"}},
            "DistributionId": {"Value": distribution_id},
            "ApiUrl": {"Value": "https://abc123.execute-api.eu-west-1.amazonaws.com/api"},
            "SiteUrl": {"Value": "https://citizenfocus.eu"},
            "SitePathsStoreArn": {"Value": STORE_ARN},
        }
        body = {
            "Resources": {
                "Site": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "site-bucket"}}
            },
            "Outputs": outputs,
        }
        cloudformation.create_stack(StackName=STACK, TemplateBody=json.dumps(body))
        yield {
            "s3": boto3.client("s3", region_name=REGION),
            "cloudfront": cloudfront,
            "cloudformation": cloudformation,
            "distribution_id": distribution_id,
            "target": resolve_target(cloudformation, STACK, {}),
            "site": tmp_path / "output",
        }


def stored(keys: Iterable[str]) -> set[str]:
    return {"/" + key for key in keys}


def test_the_store_comes_from_the_stack_outputs(aws: dict[str, Any]) -> None:
    """The target's paths store ARN is read from the stack's outputs."""
    assert aws["target"].paths_store_arn == STORE_ARN


def test_first_publish_puts_every_file_in_batches_naming_the_version(aws: dict[str, Any]) -> None:
    """A first publish puts every path in batches of 50, each naming the store's version."""
    files = {**FIRST_SITE, **{f"news/a{n:03}/index.html": "<h1>A</h1>" for n in range(110)}}
    site = write_site(aws["site"], files)
    store = FakeStore()

    publish(aws["s3"], aws["cloudfront"], aws["target"], site, paths_store=store)

    assert set(store.items) == stored(files)
    assert set(store.items.values()) == {"1"}
    assert [len(call["Puts"]) for call in store.updates] == [50, 50, len(files) - 100]
    assert [call["IfMatch"] for call in store.updates] == ["E0", "E1", "E2"]
    assert all(call["Deletes"] == [] for call in store.updates)


def test_the_store_changes_after_uploads_and_before_deletions_and_invalidation(
    aws: dict[str, Any],
) -> None:
    """The store changes after uploads but before deletions and invalidation; it ends as S3."""
    s3, cloudfront, target = aws["s3"], aws["cloudfront"], aws["target"]
    site = write_site(aws["site"], FIRST_SITE)
    store = FakeStore()
    publish(s3, cloudfront, target, site, paths_store=store)

    (site / "news/old-article/index.html").unlink()
    write_site(site, {"index.html": "<h1>Home, updated</h1>", "fr/news/new/index.html": "<h1/>"})
    seen: list[dict[str, Any]] = []

    def while_updating(call: dict[str, Any]) -> None:
        listing = cloudfront.list_invalidations(DistributionId=aws["distribution_id"])
        seen.append(
            {
                "call": call,
                "bucket": keys_in(s3, "site-bucket"),
                "invalidations": listing["InvalidationList"]["Quantity"],
            }
        )

    store.on_update = while_updating
    _plan, invalidation = publish(s3, cloudfront, target, site, paths_store=store)

    (update,) = seen
    assert update["call"]["Puts"] == [{"Key": "/fr/news/new/index.html", "Value": "1"}]
    assert update["call"]["Deletes"] == [{"Key": "/news/old-article/index.html"}]
    assert "fr/news/new/index.html" in update["bucket"]  # uploaded before it is announced
    assert "news/old-article/index.html" in update["bucket"]  # deleted after it is withdrawn
    assert update["invalidations"] == 0
    assert "news/old-article/index.html" not in keys_in(s3, "site-bucket")
    assert invalidation is not None
    assert set(store.items) == stored(keys_in(s3, "site-bucket"))


def test_an_unchanged_site_leaves_the_store_alone(aws: dict[str, Any]) -> None:
    """Read back over several pages of ListKeys, the store already matches: no write."""
    files = {**FIRST_SITE, **{f"fr/news/b{n:03}/index.html": "<h1>B</h1>" for n in range(120)}}
    site = write_site(aws["site"], files)
    store = FakeStore()
    publish(aws["s3"], aws["cloudfront"], aws["target"], site, paths_store=store)
    writes = len(store.updates)

    publish(aws["s3"], aws["cloudfront"], aws["target"], site, paths_store=store)

    assert len(store.updates) == writes


def test_the_store_is_compared_with_the_site_so_a_failed_publish_is_repaired(
    aws: dict[str, Any],
) -> None:
    """The bucket is already up to date, but the store missed a page and kept a stale one."""
    site = write_site(aws["site"], FIRST_SITE)
    publish(aws["s3"], aws["cloudfront"], aws["target"], site)  # without the store
    store = FakeStore([f"/{key}" for key in FIRST_SITE if key != "index.html"] + ["/gone.html"])

    plan, invalidation = publish(
        aws["s3"], aws["cloudfront"], aws["target"], site, paths_store=store
    )

    assert (plan.uploads, plan.removed, invalidation) == ([], [], None)
    assert store.updates == [
        {
            "IfMatch": "E0",
            "Puts": [{"Key": "/index.html", "Value": "1"}],
            "Deletes": [{"Key": "/gone.html"}],
        }
    ]


def test_a_path_the_store_cannot_hold_stops_the_publish_before_any_change(
    aws: dict[str, Any],
) -> None:
    """A key longer than the store allows stops the publish before any upload or store update."""
    long_key = "/".join(["a" * 200, "b" * 200, "c" * 200]) + ".html"
    site = write_site(aws["site"], {**FIRST_SITE, long_key: "<h1>Long</h1>"})
    store = FakeStore()

    with pytest.raises(StoreLimitError, match="longer than 512 bytes"):
        publish(aws["s3"], aws["cloudfront"], aws["target"], site, paths_store=store)

    assert keys_in(aws["s3"], "site-bucket") == set()
    assert store.updates == []


def test_a_site_larger_than_the_store_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A site whose paths exceed the store's size is refused with StoreLimitError."""
    monkeypatch.setattr(site_paths, "MAX_STORE_BYTES", 40)
    assert plan_store(["a.html", "b.html"], set()).puts == ["/a.html", "/b.html"]
    with pytest.raises(StoreLimitError, match="more than the store's 40"):
        plan_store([f"page-{n}.html" for n in range(5)], set())


def test_main_stops_with_a_clear_message_without_the_crt_extra(
    aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store's API is signed with SigV4A: botocore needs awscrt for it."""
    site = write_site(aws["site"], FIRST_SITE)

    def without_crt(client: Any, store_arn: str) -> set[str]:
        raise MissingDependencyException(msg="Use pip install botocore[crt]")

    monkeypatch.setattr(publish_module, "stored_keys", without_crt)
    argv = ["--stack-name", STACK, "--output", str(site), "--no-build"]

    assert publish_module.main(argv) == 1

    assert "botocore[crt]" in capsys.readouterr().err
    assert keys_in(aws["s3"], "site-bucket") == set()


def test_a_target_without_a_store_publishes_as_before(aws: dict[str, Any]) -> None:
    """A target without a store ARN publishes every file and never updates a store."""
    target = Target("site-bucket", aws["distribution_id"], "https://a.example/api", "https://s")
    site = write_site(aws["site"], FIRST_SITE)
    store = FakeStore()

    plan, _invalidation = publish(aws["s3"], aws["cloudfront"], target, site, paths_store=store)

    assert sorted(plan.added) == sorted(FIRST_SITE)
    assert store.updates == []
