"""The security headers CloudFront adds to the site, read from template.yaml for local use.

Serving the production Content-Security-Policy locally means a template change that
breaks it (an inline script, a third-party request) fails in `make serve` and the browser
tests, not first in production. HSTS and upgrade-insecure-requests are left out: the local
stack is plain HTTP on localhost.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
# ${HttpApi}.execute-api... in the template is the API's origin; locally the API is same-origin.
API_ORIGIN = re.compile(r"https://\$\{HttpApi\}[^\s;]*")
HTTPS_ONLY = ("upgrade-insecure-requests",)


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads intrinsic functions (!Sub, !Ref, ...) as their plain argument."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def _policy_config(template: dict) -> dict:
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::CloudFront::ResponseHeadersPolicy":
            return resource["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    raise LookupError("template.yaml has no AWS::CloudFront::ResponseHeadersPolicy")


def local_site_headers(template_path: Path = TEMPLATE) -> list[tuple[str, str]]:
    """The site's security headers as CloudFront sends them, adapted to http://localhost."""
    config = _policy_config(yaml.load(template_path.read_text(), Loader=_CloudFormationLoader))  # noqa: S506 - SafeLoader subclass
    csp = API_ORIGIN.sub("", config["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    directives = [" ".join(d.split()) for d in csp.split(";") if d.strip()]
    directives = [d for d in directives if d not in HTTPS_ONLY]
    headers = [("Content-Security-Policy", "; ".join(directives))]
    if "ContentTypeOptions" in config:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if "FrameOptions" in config:
        headers.append(("X-Frame-Options", config["FrameOptions"]["FrameOption"]))
    if "ReferrerPolicy" in config:
        headers.append(("Referrer-Policy", config["ReferrerPolicy"]["ReferrerPolicy"]))
    return headers
