"""Endorsements count people: one per mailbox, no throwaway addresses, no enumeration, the
owner of a known address mailed at most once a day, rate limits that let a workshop through,
and staff tools against a campaign of fakes (#15)."""

from __future__ import annotations

import dataclasses
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from admin.cli import main as admin_cli
from functions.domain.emails import is_disposable, normalise
from functions.i18n import translations_for
from functions.services import get_services
from tests.functions.conftest import Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.security.stored import scan


def stored(api: Api) -> list[dict[str, Any]]:
    return scan(api.env["ENDORSEMENTS_TABLE"])


@pytest.mark.parametrize(
    ("typed", "mailbox"),
    [
        ("Ada@Example.org", "ada@example.org"),
        (" ada@EXAMPLE.org ", "ada@example.org"),
        ("a.da+manifesto@gmail.com", "ada@gmail.com"),
        ("A.DA@googlemail.com", "ada@gmail.com"),
        ("ada+x@outlook.com", "ada@outlook.com"),
        ("a.da@outlook.com", "a.da@outlook.com"),  # dots matter outside Gmail
        ("ada+x@example.org", "ada+x@example.org"),  # sub-addressing undocumented there
    ],
)
def test_addresses_fold_as_their_provider_documents(typed: str, mailbox: str) -> None:
    """normalise folds case, spaces, and Gmail's dots and plus tags (Outlook's plus tags only)."""
    assert normalise(typed) == mailbox


def test_one_mailbox_counts_once_and_mail_goes_to_the_address_as_typed(api: Api) -> None:
    """Three spellings of one Gmail mailbox store one record, mailed only to the first as typed."""
    for typed in ("a.da+one@gmail.com", "ADA@googlemail.com", "ada@gmail.com"):
        assert api.post_json(ENDORSEMENTS, endorsement(email=typed)).status == 202
    [record] = stored(api)
    assert record["email"] == "a.da+one@gmail.com"  # the first, as typed
    assert {mail["To"] for mail in api.mails()} == {"a.da+one@gmail.com"}


def test_throwaway_domains_are_refused_in_the_persons_language_unless_staff_allow_them(
    make_api: Any,
) -> None:
    """Throwaway domains get a 422 in the request's language and store nothing, unless allowed."""
    assert is_disposable("x@mailinator.com") and not is_disposable("x@gmail.com")
    assert is_disposable("x@sub.mailinator.com")
    api = make_api()
    english = api.post_json(ENDORSEMENTS, endorsement(email="ada@mailinator.com"))
    french = api.post_json(
        ENDORSEMENTS, endorsement(email="ada@mailinator.com"), query={"lang": "fr"}
    )
    assert english.status == french.status == 422
    message = (
        "Addresses of throwaway mail services cannot be used here. Please use an address you keep."
    )
    assert english.json()["errors"]["email"] == message
    assert french.json()["errors"]["email"] == translations_for("fr").gettext(message) != message
    assert stored(api) == []
    allowed = make_api(ALLOWED_EMAIL_DOMAINS="mailinator.com, other.example")
    assert allowed.post_json(ENDORSEMENTS, endorsement(email="ada@mailinator.com")).status == 202


def confirm(api: Api) -> None:
    link = next(url for url in api.last_mail_links() if "/confirm?" in url)
    assert api.post_form(f"{ENDORSEMENTS}/confirm", {"token": token_of(link)}).status in (200, 303)


def test_a_known_address_gets_the_same_answer_and_its_owner_one_mail_a_day(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.post_json(ENDORSEMENTS, endorsement())
    confirm(api)
    mails_before = len(api.mails())
    # WHEN the same address is sent again, three times (not the same body: that is a retry)
    again = [api.post_json(ENDORSEMENTS, endorsement(role=f"Role {n}")) for n in range(3)]
    # THEN every answer is the one a new address gets (nothing to enumerate)
    assert {(r.status, r.body) for r in again} == {(first.status, first.body)}
    # AND its owner gets one "you already endorsed" mail, not three
    new = api.mails()[mails_before:]
    assert len(new) == 1
    assert new[0]["Subject"] == "You have already endorsed the manifesto"
    # AND a day later, one more
    services = get_services()
    later = dataclasses.replace(services, clock=lambda: services.clock() + timedelta(hours=25))
    monkeypatch.setattr("functions.handlers.common.get_services", lambda: later)
    assert api.post_json(ENDORSEMENTS, endorsement(role="Later")).status == 202
    assert len(api.mails()) == mails_before + 2


def submit_from_one_address(api: Api, count: int, workers: int) -> list[Any]:
    def one(index: int) -> Any:
        body = endorsement(email=f"person{index}@example.org", name=f"Person {index}")
        return api.post_json(ENDORSEMENTS, body, source_ip="198.51.100.40")

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def test_a_workshop_of_40_behind_one_address_all_get_through_even_at_once(
    make_api: Any,
) -> None:
    """40 endorsements sent at once from one IP, at the default limit, are all stored."""
    api = make_api(RATE_LIMIT_PER_MINUTE="60")  # the default
    responses = submit_from_one_address(api, 40, workers=40)
    assert [r.status for r in responses] == [202] * 40  # no 429, and no 503 from conflicts
    assert len(stored(api)) == 40


def test_a_machine_sending_1000_in_a_minute_is_refused_nearly_always(make_api: Any) -> None:
    """Of 1,000 posts from one IP at 60 a minute, at most 120 pass; the rest get 429."""
    api = make_api(RATE_LIMIT_PER_MINUTE="60")
    responses = submit_from_one_address(api, 1000, workers=8)
    statuses = [r.status for r in responses]
    refused = [r for r in responses if r.status == 429]
    # A fixed one-minute window: 60 in each minute the burst touches (two at most).
    assert statuses.count(202) <= 120 and len(refused) >= 880
    assert set(statuses) <= {202, 429}
    assert all(int(r.header("Retry-After")) > 0 for r in refused)


def run_admin(api: Api, *argv: str) -> str:
    out = io.StringIO()
    endpoint = get_services().config.dynamodb_endpoint_url
    code = admin_cli(["--endpoint-url", endpoint, *argv], stdout=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def test_staff_set_a_campaign_aside_and_undo_it(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTBOX_TABLE", api.env["OUTBOX_TABLE"])
    # GIVEN two real endorsers and a campaign of five from one address and domain
    for index, ip in ((1, "192.0.2.1"), (2, "192.0.2.2")):
        body = endorsement(email=f"real{index}@example.org")
        assert api.post_json(ENDORSEMENTS, body, source_ip=ip).status == 202
        confirm(api)
    for index in range(5):
        body = endorsement(email=f"fake{index}@spam.example", name=f"Fake {index}")
        assert api.post_json(ENDORSEMENTS, body, source_ip="203.0.113.99").status == 202
        confirm(api)
    assert api.get(ENDORSEMENTS).json()["count"] == 7
    # WHEN staff look at the busiest sources
    busiest = run_admin(api, "busiest")
    assert "spam.example" in busiest and "203.0.113.99" not in busiest
    [campaign_hash] = [
        line.split()[1] for line in busiest.splitlines() if line.strip().startswith("5 ")
    ][:1]
    # AND count, then invalidate, the campaign by its hashed IP
    assert "5 endorsement(s) match (5 confirmed)" in run_admin(
        api, "invalidate", "--ip-hash", campaign_hash, "--dry-run"
    )
    assert api.get(ENDORSEMENTS).json()["count"] == 7  # a dry run changes nothing
    assert "marked invalid: 5" in run_admin(api, "invalidate", "--ip-hash", campaign_hash)
    # THEN they are kept, out of the count and the list
    listing = api.get(ENDORSEMENTS).json()
    assert listing["count"] == 2 and not any("Fake" in e["name"] for e in listing["endorsers"])
    assert len(stored(api)) == 7
    # AND revalidating by domain undoes it
    assert "made valid again: 5" in run_admin(api, "revalidate", "--domain", "spam.example")
    assert api.get(ENDORSEMENTS).json()["count"] == 7


def test_invalidate_refuses_to_run_without_a_criterion(api: Api) -> None:
    """`admin invalidate` with no criterion exits with status 1."""
    endpoint = get_services().config.dynamodb_endpoint_url
    assert admin_cli(["--endpoint-url", endpoint, "invalidate"], stdout=io.StringIO()) == 1
