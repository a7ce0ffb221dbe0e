"""The local stack serves the site with the production security headers from template.yaml,
and every page works under that Content-Security-Policy in a real browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from devstack.site_headers import local_site_headers
from tests.support.live_stack import LiveStack

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

TEMPLATE = """
Resources:
  Policy:
    Type: AWS::CloudFront::ResponseHeadersPolicy
    Properties:
      ResponseHeadersPolicyConfig:
        SecurityHeadersConfig:
          ContentTypeOptions: {Override: true}
          ContentSecurityPolicy:
            ContentSecurityPolicy: !Sub >-
              default-src 'none';
              connect-src 'self' https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix};
              upgrade-insecure-requests
"""


def test_headers_come_from_the_template_adapted_to_localhost(tmp_path) -> None:
    """A template's policy is adapted for localhost: the API's origin and HTTPS upgrade dropped."""
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE)
    headers = dict(local_site_headers(template))
    assert headers == {
        "Content-Security-Policy": "default-src 'none'; connect-src 'self'",
        "X-Content-Type-Options": "nosniff",
    }


def test_real_template_gives_a_strict_policy() -> None:
    """The real template gives a strict CSP for localhost, and nosniff."""
    headers = dict(local_site_headers())
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "execute-api" not in csp and "upgrade-insecure-requests" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator[Page]:
    context = chromium.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["/", "/news/", "/manifesto/", "/ambassador-cities/survey/", "/events/", "/no-such-page/"],
)
def test_pages_run_under_the_production_policy(stack: LiveStack, page: Page, path: str) -> None:
    """Each page is served with the policy and raises no CSP violation in Chromium."""
    response = page.goto(stack.url + path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.browser
def test_search_runs_its_webassembly_under_the_policy(stack: LiveStack, page: Page) -> None:
    """Search finds Utrecht under the policy without a CSP violation."""
    page.goto(stack.url + "/search/?q=Utrecht")
    page.get_by_role("link", name="Utrecht", exact=False).first.wait_for(timeout=15_000)
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.browser
def test_the_policy_is_enforced(stack: LiveStack, page: Page) -> None:
    """An injected inline script is refused and reported as a violation."""
    # An inline script is what the policy exists to refuse: proves the check above can fail.
    page.goto(stack.url + "/")
    with pytest.raises(Exception, match=r"Content Security Policy|CSP|Refused"):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected === undefined")
    assert page.evaluate("window.__cspViolations")
