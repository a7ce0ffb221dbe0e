"""`make publish`: build the site for production and put it online.

1. API_BASE_URL and SITE_URL from the environment, else from the stack's outputs;
2. `pelican` with publishconf.py into output/ (skip with --no-build);
3. sync output/ to the site bucket (Content-Type, Cache-Control, deletions), with the
   CloudFront key-value store of published paths updated after the uploads and before the
   deletions (deploy/site_paths.py);
4. invalidate on CloudFront exactly the paths that changed or were removed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sitebuild
from deploy.invalidation import MAX_PATHS, invalidate, invalidation_paths
from deploy.s3_sync import SyncPlan, delete, plan_sync, remote_etags, upload
from deploy.site_files import site_files
from deploy.site_paths import StoreLimitError, apply_store, plan_store, stored_keys
from deploy.stack_outputs import require, stack_name_from_env, stack_outputs

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    bucket: str
    distribution_id: str
    api_base_url: str
    site_url: str
    # The key-value store CleanUrlsFunction reads; None for a stack deployed before it existed.
    paths_store_arn: str | None = None


def resolve_target(cloudformation: Any, stack_name: str, environ: dict[str, str]) -> Target:
    """Where to publish; API_BASE_URL / SITE_URL in the environment win over the stack's."""
    outputs = stack_outputs(cloudformation, stack_name)
    return Target(
        bucket=require(outputs, "SiteBucketName", stack_name),
        distribution_id=require(outputs, "DistributionId", stack_name),
        api_base_url=environ.get("API_BASE_URL") or require(outputs, "ApiUrl", stack_name),
        site_url=environ.get("SITE_URL") or require(outputs, "SiteUrl", stack_name),
        paths_store_arn=outputs.get("SitePathsStoreArn"),
    )


class BuildFailed(RuntimeError):
    """The production build refused the content; nothing was uploaded."""


def build_site(output_dir: Path, target: Target) -> None:
    """The same build as `make serve`'s (content checks first), with the production settings."""
    env = {**os.environ, "API_BASE_URL": target.api_base_url, "SITE_URL": target.site_url}
    result = sitebuild.build_site(PROJECT_ROOT, output_dir, "publishconf.py", env)
    if result.returncode != 0:
        raise BuildFailed(f"The site did not build:\n{sitebuild.build_errors(result)}")


def publish(
    s3: Any,
    cloudfront: Any,
    target: Target,
    output_dir: Path,
    force: bool = False,
    max_paths: int = MAX_PATHS,
    paths_store: Any | None = None,
) -> tuple[SyncPlan, str | None]:
    """Sync and invalidate; returns the plan carried out and the invalidation id (or None).

    Order: uploads, the paths store, deletions, invalidation. A path enters the store only once
    its file is in the bucket (else the edge would send it to S3 and cache the English error
    page), and leaves it before its file goes (so it shows its language's 404 page at once).
    The store is read and checked before anything changes: a path it cannot hold stops here.
    """
    local = site_files(output_dir)
    if not local:
        raise RuntimeError(f"{output_dir} is empty: refusing to delete the whole site")
    plan = plan_sync(local, remote_etags(s3, target.bucket), force=force)
    store_arn = target.paths_store_arn if paths_store is not None else None
    store_plan = plan_store(local, stored_keys(paths_store, store_arn)) if store_arn else None
    upload(s3, target.bucket, (local[key] for key in plan.uploads))
    if store_arn and store_plan is not None:
        apply_store(paths_store, store_arn, store_plan)
    delete(s3, target.bucket, plan.removed)
    log.info(
        "s3://%s: %s added, %s changed, %s removed, %s unchanged",
        target.bucket,
        len(plan.added),
        len(plan.changed),
        len(plan.removed),
        plan.unchanged,
    )
    paths = invalidation_paths(plan.changed + plan.removed, max_paths=max_paths)
    return plan, invalidate(cloudfront, target.distribution_id, paths)


def main(argv: list[str] | None = None) -> int:
    import boto3
    from botocore.exceptions import MissingDependencyException

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack-name", default=stack_name_from_env())
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "output")
    parser.add_argument("--no-build", action="store_true", help="publish output/ as it is")
    parser.add_argument(
        "--force", action="store_true", help="re-upload every file (after a header rule change)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    target = resolve_target(boto3.client("cloudformation"), args.stack_name, dict(os.environ))
    if not args.no_build:
        try:
            build_site(args.output, target)
        except BuildFailed as failure:
            print(failure, file=sys.stderr)
            return 1
    paths_store = None
    if target.paths_store_arn:
        paths_store = boto3.client("cloudfront-keyvaluestore")
    else:
        log.warning(
            "stack %s has no SitePathsStoreArn output: misses keep the English 404 page "
            "until the stack is deployed again",
            args.stack_name,
        )
    try:
        plan, invalidation = publish(
            boto3.client("s3"),
            boto3.client("cloudfront"),
            target,
            args.output,
            force=args.force,
            paths_store=paths_store,
        )
    except MissingDependencyException:
        # The key-value store's API is signed with SigV4A, which botocore does through awscrt.
        print(
            "The CloudFront key-value store needs botocore's CRT extra: "
            "pip install 'botocore[crt]'. Nothing was published.",
            file=sys.stderr,
        )
        return 1
    except StoreLimitError as refusal:
        print(f"{refusal}. Nothing was published.", file=sys.stderr)
        return 1
    print(
        f"Published to s3://{target.bucket}: {len(plan.added)} added, {len(plan.changed)} "
        f"changed, {len(plan.removed)} removed; invalidation: {invalidation or 'none needed'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
