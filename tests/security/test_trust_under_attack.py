"""The address, the mail and the counts hold under attack: one test per finding of the
"trust that holds under attack" review, each failing on the code the review tried.

Handlers are called as API Gateway calls them, on real tables in DynamoDB Local; the mail
worker runs over the outbox table's real stream (tests/functions/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from functions.domain.emails import AddressInvalid, mailbox_key, parse_address
from functions.services import get_services
from functions.storage.dynamo import from_item
from functions.storage.outbox import MAIL
from tests.functions.conftest import Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS
from tests.functions.test_endorsement_flow import endorsement as valid_endorsement
from tests.functions.test_errors import stored_endorsements as endorsement_items
from tests.functions.test_survey_journey import Journey, about, complete_response, confirm

HOSTILE_ADDRESSES = [
    "x@example.org\r\nBcc: y@evil.example",  # header injection
    "x@example.org\nBcc: y@evil.example",
    "Evil Corp <spam@evil.example>",  # display name
    "sock0<me@example.org>",
    "sock:me@example.org",  # obsolete route syntax
    ",".join(f"v{n}@example.org" for n in range(40)),  # a list
    "a@example.org; b@example.org",
    '"a b"@example.org',  # quoted local part
    "me@[127.0.0.1]",  # IP literal
    "me@example.org\x00",
    "me@localhost",
    "jos\u00e9@b\u00fccher.de",  # non-ASCII local part
    "me@@example.org",
    "me@example..org",
    "a" * 65 + "@example.org",
]


def outbox_mail(api: Api) -> list[dict[str, Any]]:
    client = get_services().outbox.client
    pages = client.get_paginator("scan").paginate(TableName=api.env["OUTBOX_TABLE"])
    items = [from_item(item) for page in pages for item in page.get("Items", [])]
    return [item for item in items if str(item["pk"]).startswith(MAIL)]


@pytest.mark.parametrize("typed", HOSTILE_ADDRESSES)
def test_an_address_is_exactly_one_mailbox_or_refused(typed: str) -> None:
    # WHEN anything but one plain mailbox is parsed THEN it is refused with a message to show
    with pytest.raises(AddressInvalid) as refused:
        parse_address(typed)
    assert refused.value.message.endswith(".")


def test_two_spellings_of_one_mailbox_are_one_key() -> None:
    # GIVEN spellings that reach one mailbox THEN they share one key; an IDN domain is
    # delivered in its ASCII form
    assert mailbox_key("Ada@Example.ORG") == mailbox_key("ada@example.org")
    assert mailbox_key("a.d.a+x@gmail.com") == mailbox_key("ada@googlemail.com")
    assert parse_address("jose@b\u00fccher.de").mailbox == "jose@xn--bcher-kva.de"
    assert mailbox_key("jose@b\u00fccher.de") == mailbox_key("jose@xn--bcher-kva.de")


@pytest.mark.parametrize("typed", HOSTILE_ADDRESSES[:7])
def test_a_hostile_address_never_reaches_the_outbox_from_any_form(api: Api, typed: str) -> None:
    # WHEN an endorsement comes with a hostile address THEN 422 on the email field, nothing kept
    refused = api.post_json(ENDORSEMENTS, valid_endorsement(email=typed))
    assert refused.status == 422 and "email" in refused.json()["errors"]
    assert outbox_mail(api) == [] and endorsement_items(api) == []


def test_a_non_ascii_local_part_is_refused_in_the_persons_language(api: Api) -> None:
    """An address with a non-ASCII local part gets a 422 in German for ?lang=de."""
    refused = api.post_json(
        ENDORSEMENTS, valid_endorsement(email="jos\u00e9@b\u00fccher.de"), query={"lang": "de"}
    )
    assert refused.status == 422
    assert "lateinische" in refused.json()["errors"]["email"]


@pytest.mark.parametrize("step", ["about", "leadership"])
def test_a_step_saved_for_later_never_mails_an_address_it_did_not_validate(
    survey_api: Api, step: str
) -> None:
    # GIVEN a draft; WHEN any step is saved "for later" with a hostile email in its body
    journey = Journey(survey_api)
    hostile = "x@example.org\r\nBcc: y@evil.example"
    values = about(email=hostile) if step == "about" else {"email": hostile}
    saved = journey.save(step, values, action="later")
    # THEN the about step refuses it (422, the form kept); another step ignores the field
    assert saved.status in (303, 422)
    # AND no mail is queued to it, and the worker has nothing to choke on
    assert [m for m in outbox_mail(survey_api) if "evil" in str(m.get("to"))] == []
    assert survey_api.mails() == []


def test_a_poisoned_mail_never_blocks_the_others_and_is_set_aside(api: Api) -> None:
    # GIVEN a mail written to the outbox with a header injection in its address (as a bug or an
    # older release could), between good ones
    client = get_services().outbox.client
    assert api.post_json(ENDORSEMENTS, valid_endorsement(email="a@example.org")).status == 202
    item = {
        "pk": {"S": MAIL + "poisoned"},
        "to": {"S": "x@example.org\r\nBcc: y@evil.example"},
        "subject": {"S": "Continue"},
        "text": {"S": "body"},
        "language": {"S": "en"},
        "created_at": {"S": "2026-01-01T00:00:00+00:00"},
        "unsent": {"S": "mail"},
    }
    client.put_item(TableName=api.env["OUTBOX_TABLE"], Item=item)
    assert api.post_json(ENDORSEMENTS, valid_endorsement(email="b@example.org")).status == 202
    # WHEN the worker runs, and the sweep runs again and again (as after each restart)
    from datetime import timedelta

    from functions.usecases.delivery import sweep

    api.deliver()
    for _ in range(3):
        sweep(get_services(), timedelta(0))
    # THEN both good mails went out once, and the poisoned one is dead with its reason
    assert sorted(m["To"] for m in api.mails()) == ["a@example.org", "b@example.org"]
    [dead] = [m for m in outbox_mail(api) if m["pk"] == MAIL + "poisoned"]
    assert dead["dead_reason"] == "malformed" and "unsent" not in dead


def test_someone_elses_submission_changes_nothing_of_a_confirmed_endorsement(api: Api) -> None:
    # GIVEN a confirmed endorser holding their withdraw link
    assert api.post_json(ENDORSEMENTS, valid_endorsement(email="me@example.org")).status == 202
    links = api.last_mail_links()
    confirm_link = next(url for url in links if "/confirm?" in url)
    withdraw_link = next(url for url in links if "/withdraw?" in url)
    assert api.post_json(f"{ENDORSEMENTS}/confirm", {"token": token_of(confirm_link)}).status == 200
    [before] = endorsement_items(api)
    # WHEN someone else submits the address twice, with another name, from another client
    for name in ("Mallory", "Mallory again"):
        other = valid_endorsement(email="ME@example.org", name=name)
        assert api.post_json(ENDORSEMENTS, other, source_ip="198.51.100.66").status == 202
    # THEN the record is unchanged: no token rotated, no name changed
    [after] = endorsement_items(api)
    assert after == before
    # AND the withdraw link its owner holds still works
    withdrawn = api.post_json(f"{ENDORSEMENTS}/withdraw", {"token": token_of(withdraw_link)})
    assert withdrawn.status == 200


def test_one_mailbox_endorses_once_whatever_its_spelling(api: Api) -> None:
    # WHEN one mailbox is submitted under several spellings that pass the address check
    for spelling in ("me@example.org", "Me@Example.org", "ME@EXAMPLE.ORG"):
        assert api.post_json(ENDORSEMENTS, valid_endorsement(email=spelling)).status == 202
    # THEN one endorsement is kept; the tricks that used to pass are refused
    assert len(endorsement_items(api)) == 1
    for trick in ("sock0<me@example.org>", "sock:me@example.org"):
        assert api.post_json(ENDORSEMENTS, valid_endorsement(email=trick)).status == 422


def test_mail_to_one_address_is_capped_whoever_sends(api: Api) -> None:
    # WHEN 20 submissions of one address come from 20 clients, each with spam as its name
    for n in range(20):
        body = valid_endorsement(email="victim@example.org", name=f"Cheap pills at http://x/{n}")
        assert api.post_json(ENDORSEMENTS, body, source_ip=f"198.51.100.{n + 1}").status == 202
    # THEN the address gets at most the daily cap (2), and no mail opens with the sender's text
    mails = [m for m in api.mails() if m["To"] == "victim@example.org"]
    assert len(mails) == get_services().config.mail_cap_per_day == 2
    for mail in mails:
        text = mail.get_body(preferencelist=("plain",)).get_content()
        assert "Cheap pills" not in text
    # AND the capped ones are recorded as such, not left unsent
    outcomes = sorted(str(m.get("outcome")) for m in outbox_mail(api))
    assert outcomes.count("capped") == 18 and outcomes.count("sent") == 2


def test_one_mailbox_counts_one_response_per_city_and_contests_mail_once(
    survey_api: Api,
) -> None:
    # GIVEN one person's confirmed response for a city
    complete_response(survey_api, email="me@utrecht.example").send()
    assert confirm(survey_api, "me@utrecht.example").status == 200
    # WHEN the same mailbox sends and confirms a second response for the same city
    complete_response(survey_api, email="Me@Utrecht.example").send()
    second = confirm(survey_api, "Me@utrecht.example")
    # THEN it is refused: one mailbox, one counted response per city
    assert second.status == 409
    city = get_services().surveys.items("ambassador-cities-2026")
    [city_item] = [i for i in city if str(i["city_key"]).startswith("city#")]
    assert len(city_item["refs"]) == 1
    # AND when others contest the city, each respondent is told once, however many confirm
    for n in range(3):
        complete_response(survey_api, email=f"other{n}@utrecht.example").send()
        assert confirm(survey_api, f"other{n}@utrecht.example").status == 200
    notices = [m for m in survey_api.mails() if "will be checked" in str(m["Subject"])]
    told = sorted(str(m["To"]) for m in notices)
    everyone = ["me@utrecht.example", *(f"other{n}@utrecht.example" for n in range(3))]
    assert told == sorted(everyone)  # once each, not once per later confirmation


def test_step_saves_have_a_per_client_limit(make_api: Any, tmp_path: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.functions.test_survey_flow import write_survey

    now = datetime.now(UTC)
    opens, closes = now - timedelta(days=1), now + timedelta(days=9)
    write_survey(tmp_path / "forms", opens.isoformat(), closes.isoformat())
    api = make_api(FORMS_DIR=str(tmp_path / "forms"), STEP_RATE_LIMIT_PER_MINUTE="5")
    journey = Journey(api)
    # WHEN one client saves a step again and again
    statuses = [journey.save("about", about(), action="later").status for _ in range(8)]
    # THEN past the limit it gets 429 with Retry-After, and the page keeps what was typed
    assert statuses[:5] == [303] * 5 and set(statuses[5:]) == {429}
    refused = journey.save("about", about(name="Still here"), action="later")
    assert refused.status == 429 and int(refused.header("Retry-After")) >= 1
    assert 'value="Still here"' in refused.body


def test_a_lone_surrogate_key_is_a_400_not_a_500(api: Api) -> None:
    """A JSON body whose key is a lone surrogate gets a 400."""
    from tests.functions.conftest import api_event

    event = api_event(
        "POST",
        ENDORSEMENTS,
        body='{"\\udfff": 1}',
        content_type="application/json",
        route_key=f"POST {ENDORSEMENTS}",
    )
    assert api.call(event).status == 400


def test_a_bad_confirm_link_says_the_link_is_not_valid(api: Api) -> None:
    """A bad confirm token's page says the link is not valid, not that answers need correcting."""
    page = api.get(f"{ENDORSEMENTS}/confirm", {"token": "not-a-token"})
    assert page.status == 422
    assert "This link is not valid or has expired" in page.body
    assert "Some answers need correcting" not in page.body


def test_a_write_without_an_answer_says_it_may_be_saved_and_keeps_the_form(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.exceptions import ReadTimeoutError

    # GIVEN DynamoDB takes the write but its answer never comes (a read timeout)
    client = get_services().limits.client
    real = client.transact_write_items

    def written_then_lost(**request: Any) -> Any:
        real(**request)
        raise ReadTimeoutError(endpoint_url="http://dynamodb")

    monkeypatch.setattr(client, "transact_write_items", written_then_lost)
    # WHEN a person sends the endorsement form
    body = valid_endorsement(name="Grace Hopper", email="grace@example.org")
    answer = api.post_form(ENDORSEMENTS, body, headers={"Origin": "http://site.test"})
    # THEN they are told it may have been saved and that sending again is safe, with the form
    # still holding what they typed; never that nothing was saved
    assert answer.status == 503 and answer.header("Retry-After")
    assert "cannot tell whether this was saved" in answer.body
    assert "Nothing was saved" not in answer.body
    assert 'value="Grace Hopper"' in answer.body
    # AND sending again (the write did happen) stores one endorsement and one mail
    monkeypatch.setattr(client, "transact_write_items", real)
    again = api.post_form(ENDORSEMENTS, body, headers={"Origin": "http://site.test"})
    assert again.status in (202, 303)
    assert len(endorsement_items(api)) == 1
    assert [m["To"] for m in api.mails()] == ["grace@example.org"]
