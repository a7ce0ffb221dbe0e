"""What issue 5 asks of each resource of template.yaml, read as data (nothing is deployed):
tables, functions, logs, settings, the API's CORS and stage, the bucket, the distribution
and its security headers, the outputs, and the mail worker's stream.
"""

from __future__ import annotations

import json
from typing import Any

from tests.infra.template_loader import resources_of_type


def test_tables_on_demand_with_pitr_ttl_and_deletion_protection(template: dict[str, Any]) -> None:
    """The four tables are on demand, with PITR, TTL, deletion protection and Retain policies."""
    tables = resources_of_type(template, "AWS::DynamoDB::Table")
    assert set(tables) == {"EndorsementsTable", "SurveysTable", "LimitsTable", "OutboxTable"}
    for name, table in tables.items():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", name
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        assert props["TimeToLiveSpecification"]["Enabled"] is True, name
        assert props["DeletionProtectionEnabled"] is True, name
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain", name


def test_functions_small_arm64_python312_with_short_timeout(template: dict[str, Any]) -> None:
    """Functions share python3.12, arm64, a short timeout, small memory; each has a log group."""
    settings = template["Globals"]["Function"]
    assert settings["Runtime"] == "python3.12"
    assert settings["Architectures"] == ["arm64"]
    assert settings["Timeout"] <= 10
    assert settings["MemorySize"] <= 256
    for name, function in resources_of_type(template, "AWS::Serverless::Function").items():
        props = function["Properties"]
        for key in ("Runtime", "Architectures", "Timeout", "MemorySize"):
            assert key not in props, f"{name} overrides {key}"
        log_group = props["LoggingConfig"]["LogGroup"]["Ref"]
        assert template["Resources"][log_group]["Type"] == "AWS::Logs::LogGroup"


def test_every_log_group_has_a_retention(template: dict[str, Any]) -> None:
    """The five log groups each keep logs for LogRetentionDays."""
    groups = resources_of_type(template, "AWS::Logs::LogGroup")
    assert len(groups) == 5  # four functions and the API's access log
    for name, group in groups.items():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


def test_functions_get_every_setting_config_reads(template: dict[str, Any]) -> None:
    """The functions' environment has exactly the settings config reads, APP_MODE aws."""
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert set(variables) == {
        "APP_MODE",
        "ENDORSEMENTS_TABLE",
        "SURVEYS_TABLE",
        "LIMITS_TABLE",
        "OUTBOX_TABLE",
        "SES_CONFIGURATION_SET",
        "ALLOWED_EMAIL_DOMAINS",
        "TOKEN_SECRET_PARAMETER",
        "SITE_URL",
        "API_BASE_URL",
        "ALLOWED_ORIGINS",
        "MAIL_FROM",
        "RATE_LIMIT_PER_MINUTE",
        "STEP_RATE_LIMIT_PER_MINUTE",
        "MAIL_CAP_PER_DAY",
    }
    assert variables["APP_MODE"] == "aws"


def test_api_cors_allows_only_the_site_origin(template: dict[str, Any]) -> None:
    """The API's CORS allows only the site's origin, no credentials, GET, POST, OPTIONS at most."""
    cors = template["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]
    assert cors["AllowOrigins"] == [{"Fn::Sub": "https://${SiteDomainName}"}]
    assert "AllowCredentials" not in cors
    assert set(cors["AllowMethods"]) <= {"GET", "POST", "OPTIONS"}


def test_api_stage_throttles_and_logs_without_personal_data(template: dict[str, Any]) -> None:
    """The stage throttles every route and its access log has no IP, agent, identity or query."""
    stage = template["Resources"]["HttpApiStage"]["Properties"]
    assert stage["StageName"] == "$default"
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    for route_key, settings in stage["RouteSettings"].items():
        assert settings["ThrottlingRateLimit"] > 0, route_key
    log_format = stage["AccessLogSettings"]["Format"]
    for personal in ("sourceIp", "userAgent", "identity", "querystring"):
        assert personal not in log_format


def test_bucket_private_encrypted_versioned(template: dict[str, Any]) -> None:
    """The bucket blocks public access, is encrypted, versioned, readable by CloudFront only."""
    props = template["Resources"]["SiteBucket"]["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    rule = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in {"AES256", "aws:kms"}
    assert props["VersioningConfiguration"]["Status"] == "Enabled"
    policy = template["Resources"]["SiteBucketPolicy"]["Properties"]["PolicyDocument"]
    allows = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allows] == [{"Service": "cloudfront.amazonaws.com"}]
    assert "AWS:SourceArn" in allows[0]["Condition"]["StringEquals"]


def test_cloudfront_https_only_with_oac_clean_urls_and_404(template: dict[str, Any]) -> None:
    """The distribution: HTTPS, OAC, TLS 1.2+, the function on both events, 404.html errors."""
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    (origin,) = config["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] in {"redirect-to-https", "https-only"}
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": "SiteHeadersPolicy"}
    # CleanUrlsFunction on both viewer events: tests/infra/test_clean_urls.py.
    events = [association["EventType"] for association in behavior["FunctionAssociations"]]
    assert events == ["viewer-request", "viewer-response"]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"].startswith("TLSv1.2")
    errors = {e["ErrorCode"]: e for e in config["CustomErrorResponses"]}
    for code in (403, 404):
        assert errors[code]["ResponsePagePath"] == "/404.html"
        assert errors[code]["ResponseCode"] == 404


def test_security_headers(template: dict[str, Any]) -> None:
    """The headers policy sets HSTS, nosniff, DENY, a referrer policy, a CSP without wildcards."""
    config = template["Resources"]["SiteHeadersPolicy"]["Properties"]
    headers = config["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    hsts = headers["StrictTransportSecurity"]
    assert hsts["IncludeSubdomains"] is True
    assert hsts["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.replace("\n", " ").split(";")
    )
    api_origin = "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["connect-src"] == ["'self'", api_origin]
    assert directives["form-action"] == ["'self'", api_origin]
    for name, sources in directives.items():
        assert "'unsafe-inline'" not in sources, name
        assert "*" not in sources, name


def test_outputs(template: dict[str, Any]) -> None:
    """The template outputs the site and API URLs, the table names, bucket and distribution."""
    assert set(template["Outputs"]) >= {
        "SiteUrl",
        "ApiUrl",
        "EndorsementsTableName",
        "SurveysTableName",
        "LimitsTableName",
        "OutboxTableName",
        "SiteBucketName",
        "DistributionId",
    }


def test_the_mail_worker_reads_the_outbox_stream_as_the_local_poller_does(
    template: dict[str, Any],
) -> None:
    """Retries, bisection, partial failures, a dead-letter queue with an alarm, the same filter
    as the code, and the sweep on a schedule (#15)."""
    from devstack import mail_poller
    from functions.usecases.delivery import is_mail_insert

    worker = template["Resources"]["MailWorkerFunction"]["Properties"]
    stream = worker["Events"]["OutboxStream"]["Properties"]
    assert stream["Stream"] == {"Fn::GetAtt": ["OutboxTable", "StreamArn"]}
    assert stream["BatchSize"] == mail_poller.BATCH_SIZE
    assert stream["MaximumRetryAttempts"] == mail_poller.MAX_RETRIES
    assert stream["BisectBatchOnFunctionError"] is True
    assert stream["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    destination = stream["DestinationConfig"]["OnFailure"]["Destination"]
    assert destination == {"Fn::GetAtt": ["MailDeadLetterQueue", "Arn"]}
    alarm = template["Resources"]["MailDeadLetterAlarm"]["Properties"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["MailDeadLetterQueue", "QueueName"]}
    [pattern] = [json.loads(f["Pattern"]) for f in stream["FilterCriteria"]["Filters"]]
    assert pattern["eventName"] == ["INSERT"]
    [prefix] = pattern["dynamodb"]["Keys"]["pk"]["S"]
    record = {"eventName": "INSERT", "dynamodb": {"Keys": {"pk": {"S": prefix["prefix"] + "x"}}}}
    assert is_mail_insert(record)
    assert not is_mail_insert({**record, "eventName": "MODIFY"})
    assert not is_mail_insert(
        {"eventName": "INSERT", "dynamodb": {"Keys": {"pk": {"S": "suppressed#x"}}}}
    )
    sweep = worker["Events"]["Sweep"]["Properties"]
    assert json.loads(sweep["Input"]) == {"sweep": True}
    assert template["Resources"]["MailConfigurationSetFeedback"]["Properties"]["EventDestination"][
        "MatchingEventTypes"
    ] == ["bounce", "complaint"]
