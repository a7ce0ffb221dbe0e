"""The survey journey against DynamoDB Local: drafts, steps, the city, checking, sending,
confirming, contests and edits, through the handler as API Gateway calls it.

GIVEN the shipped survey, open WHEN a city officer goes through the steps with plain HTML
forms THEN every page works without JavaScript and only a confirmed response counts.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from functions.domain.contests import city_states
from functions.domain.journey import steps_of
from functions.services import get_services
from tests.functions.conftest import API, Api
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture

BASE = f"/api/surveys/{SURVEY_ID}"


def path_of(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


def location(response: Any) -> str:
    assert response.status == 303, (response.status, response.body[:2000])
    return str(response.header("Location"))


def follow(api: Api, url: str) -> Any:
    path, query = path_of(url)
    return api.get(path, query)


def form_pairs(values: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item)))
    return pairs


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


class Journey:
    """One respondent's browser without JavaScript: it follows redirects and reads forms."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.url = location(api.post_form(f"{BASE}/drafts", [("start", "")]))
        path, query = path_of(self.url)
        self.token = query["t"]
        self.draft_path = path.rsplit("/steps/", 1)[0]

    def page(self, url: str | None = None) -> str:
        response = follow(self.api, url or self.url)
        assert response.status == 200, response.body[:2000]
        return response.body

    def save(self, step: str, values: dict[str, Any], action: str = "continue") -> Any:
        page = self.page(
            f"{API}/surveys/{SURVEY_ID}/drafts/{self.draft_path.rsplit('/', 1)[1]}/steps/{step}?t={self.token}"
        )
        body = [("t", self.token), ("version", hidden(page, "version")), ("action", action)]
        return self.api.post_form(f"{self.draft_path}/steps/{step}", body + form_pairs(values))

    def choose_city(self, place: str) -> Any:
        page = self.page(f"{API}{self.draft_path.removeprefix('/api')}/city?t={self.token}")
        body = [("t", self.token), ("version", hidden(page, "version")), ("place", place)]
        return self.api.post_form(f"{self.draft_path}/city", body)

    def answer_everything(self, answers: dict[str, Any]) -> None:
        survey = get_services().catalog.surveys[SURVEY_ID]
        for step in steps_of(survey)[1:]:
            chosen = {q.id: answers[q.id] for q in step.questions if q.id in answers}
            location(self.save(step.id, chosen))

    def send(self) -> Any:
        return self.api.post_form(f"{self.draft_path}/send", [("t", self.token), ("version", "0")])


def about(**changes: str) -> dict[str, str]:
    return {
        "name": "Pieter",
        "role": "Strategist",
        "email": "pieter@utrecht.example",
        "city": "Gemeente Utrecht",
        "country": "NL",
        **changes,
    }


def confirm_link(api: Api, email: str) -> str:
    for mail in reversed(api.mails()):
        if mail["To"] == email and "confirm" in str(mail["Subject"]).lower():
            text = mail.get_body(preferencelist=("plain",)).get_content()
            return next(link for link in re.findall(r"https?://\S+", text) if "/confirm?" in link)
    raise AssertionError(f"no confirm mail to {email}")


def confirm(api: Api, email: str) -> Any:
    link = confirm_link(api, email)
    page = follow(api, link)
    assert page.status == 200 and "<button" in page.body  # a GET only shows the button
    token = parse_qs(urlsplit(link).query)["token"][0]
    return api.post_form(f"{BASE}/confirm", [("token", token)])


def complete_response(api: Api, **who: str) -> Journey:
    journey = Journey(api)
    after_about = location(journey.save("about", about(**who)))
    if after_about.split("?")[0].endswith("/city"):
        place = (
            "not-listed"
            if "Nowhere" in who.get("city", "")
            else re.search(r'name="place" value="(geonames:\d+)"', journey.page(after_about)).group(
                1
            )
        )
        location(journey.choose_city(place))
    journey.answer_everything(ALL_BEST)
    return journey


def test_the_whole_journey_without_javascript(survey_api: Api) -> None:  # noqa: F811
    """A plain-form journey through every page is stored pending, then counted once confirmed."""
    journey = Journey(survey_api)
    first = journey.page()
    assert "Step 1 of 8" in first and 'name="city_id"' in first
    # the typed city is chosen from the gazetteer on the next page
    city_page = location(journey.save("about", about()))
    assert urlsplit(city_page).path.endswith("/city")
    listed = journey.page(city_page)
    assert "Utrecht" in listed and "My city is not listed" in listed
    place = re.search(r'name="place" value="(geonames:\d+)"', listed).group(1)
    next_page = location(journey.choose_city(place))
    assert urlsplit(next_page).path.endswith("/steps/leadership")
    assert "Step 2 of 8" in journey.page(next_page)
    # a step with a missing answer comes back filled in, with the error
    refused = journey.save("leadership", {"leadership_strategy": "adopted-budget"})
    assert refused.status == 422 and "Error: " in refused.body
    assert 'value="adopted-budget" required checked' in refused.body
    journey.answer_everything(ALL_BEST)
    tasks = journey.page(f"{API}{journey.draft_path.removeprefix('/api')}?t={journey.token}")
    assert tasks.count("Completed") == 7 and "Check your answers and send them</a>" in tasks
    check = journey.page(f"{API}{journey.draft_path.removeprefix('/api')}/check?t={journey.token}")
    assert "Utrecht" in check and 'Change<span class="visually-hidden">' in check
    # sending: pending until confirmed, with a reference on the confirmation page
    sent = follow(survey_api, location(journey.send()))
    reference = re.search(r'<strong class="reference">([A-Z0-9]{8})</strong>', sent.body).group(1)
    [record] = [r for r in get_services().surveys.responses(SURVEY_ID)]
    assert record["status"] == "pending" and record["reference"] == reference
    assert record["scores"]["overall"] == 100
    assert record["city"]["key"] == f"NL#{place}"
    # the draft cannot be sent twice
    assert journey.send().status == 409
    # confirming counts it, and mails a copy of the answers
    done = confirm(survey_api, "pieter@utrecht.example")
    assert done.status == 200 and "confirmed" in done.body
    assert get_services().surveys.get_response(SURVEY_ID, reference)["status"] == "confirmed"
    assert "Your city's answers (reference" in str(survey_api.mails()[-1]["Subject"])
    states = city_states(get_services().surveys.items(SURVEY_ID))
    assert states[f"NL#{place}"].counted["reference"] == reference


def test_a_squatter_never_blocks_the_city(survey_api: Api) -> None:  # noqa: F811
    # GIVEN an attacker sends answers for Utrecht and never confirms
    complete_response(survey_api, email="attacker@evil.example").send()
    # WHEN the real officer answers and confirms
    officer = complete_response(survey_api)
    location(officer.send())
    assert confirm(survey_api, "pieter@utrecht.example").status == 200
    # THEN the officer's answers count, the attacker's do not
    [state] = city_states(get_services().surveys.items(SURVEY_ID)).values()
    assert state.counted["respondent"]["email"] == "pieter@utrecht.example"
    assert [p["respondent"]["email"] for p in state.pending] == ["attacker@evil.example"]
    assert not state.contested


def test_two_confirmed_responses_make_the_city_contested(survey_api: Api) -> None:  # noqa: F811
    """Two confirmed responses for one city make it contested, counting neither; both are told."""
    location(complete_response(survey_api).send())
    location(complete_response(survey_api, email="other@evil.example").send())
    assert confirm(survey_api, "pieter@utrecht.example").status == 200
    second = confirm(survey_api, "other@evil.example")
    assert second.status == 200 and "programme team will check" in second.body
    [state] = city_states(get_services().surveys.items(SURVEY_ID)).values()
    assert state.contested and state.counted is None and len(state.confirmed) == 2
    told = [m["To"] for m in survey_api.mails() if "will be checked" in str(m["Subject"])]
    assert sorted(told) == ["other@evil.example", "pieter@utrecht.example"]


def test_saving_for_later_mails_a_link_that_resumes_anywhere(survey_api: Api) -> None:  # noqa: F811
    """'Later' mails a link that opens the task list alone, the saved answer still checked."""
    journey = Journey(survey_api)
    location(journey.save("about", about(city="Nowhere Town")))
    later = journey.save("leadership", {"leadership_strategy": "drafting"}, action="later")
    assert "saved=1" in location(later)
    mail = survey_api.mails()[-1]
    assert mail["Subject"] == "Continue your city's answers"
    link = next(
        link
        for link in re.findall(
            r"https?://\S+", mail.get_body(preferencelist=("plain",)).get_content()
        )
        if "/drafts/" in link
    )
    tasks = follow(survey_api, link)  # another device: only the link
    assert tasks.status == 200 and "In progress" in tasks.body
    step = journey.page(
        f"{API}{journey.draft_path.removeprefix('/api')}/steps/leadership?t={journey.token}"
    )
    assert 'value="drafting" required checked' in step


def test_a_stale_page_cannot_overwrite_newer_answers(survey_api: Api) -> None:  # noqa: F811
    """A save from a stale page gets a 409 error page that keeps what was typed."""
    journey = Journey(survey_api)
    page = journey.page()
    version = hidden(page, "version")
    body = [("t", journey.token), ("version", version), ("action", "later")]
    first = survey_api.post_form(f"{journey.draft_path}/steps/about", body + form_pairs(about()))
    assert first.status == 303
    stale = survey_api.post_form(
        f"{journey.draft_path}/steps/about", body + form_pairs(about(name="Other"))
    )
    assert stale.status == 409 and "Reload the page" in stale.body
    assert "<title>Error: " in stale.body
    assert 'value="Other"' in stale.body  # what they typed is still on the page


def test_100_concurrent_saves_of_one_draft_lose_nothing_unreported(survey_api: Api) -> None:  # noqa: F811
    """Of 100 saves of one draft version at once, one gets 200 and 99 get 409; version is 1."""
    journey = Journey(survey_api)
    token = journey.token

    def save(i: int) -> int:
        body = {"t": token, "version": 0, "action": "autosave", "leadership_feedback": 1 + i % 5}
        return survey_api.post_json(f"{journey.draft_path}/steps/leadership", body).status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(save, range(100)))
    assert statuses.count(200) == 1 and statuses.count(409) == 99
    draft = get_services().surveys.get_draft(SURVEY_ID, journey.draft_path.rsplit("/", 1)[1])
    assert draft["version"] == 1


def test_50_concurrent_confirmations_for_one_city_are_all_kept(survey_api: Api) -> None:  # noqa: F811
    """50 confirmations for one city at once all succeed, and the city keeps all 50 references."""
    emails = [f"officer{i}@example.org" for i in range(50)]
    links = []
    for email in emails:
        location(complete_response(survey_api, email=email, city="Nowhere Town").send())
        links.append(parse_qs(urlsplit(confirm_link(survey_api, email)).query)["token"][0])

    def press(token: str) -> int:
        return survey_api.post_form(f"{BASE}/confirm", [("token", token)]).status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(press, links))
    assert statuses == [200] * 50
    [state] = city_states(get_services().surveys.items(SURVEY_ID)).values()
    assert state.contested and len(state.confirmed) == 50
    city = get_services().surveys.get_city(SURVEY_ID, state.city_key)
    assert len(city["refs"]) == 50


@pytest.mark.parametrize("closed", ["2020-01-01T00:00:00+00:00"])
def test_a_closed_survey_refuses_saves_but_shows_sent_answers(
    make_api: Any, tmp_path: Any, closed: str
) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.functions.test_survey_flow import write_survey

    now = datetime.now(UTC)
    write_survey(
        tmp_path / "open",
        (now - timedelta(days=1)).isoformat(),
        (now + timedelta(days=9)).isoformat(),
    )
    api = make_api(FORMS_DIR=str(tmp_path / "open"))
    journey = complete_response(api, city="Nowhere Town")
    view = location(journey.send())
    draft_page = journey.page()
    # WHEN the survey closes
    write_survey(tmp_path / "closed", "2019-01-01T00:00:00+00:00", closed)
    api = make_api(FORMS_DIR=str(tmp_path / "closed"))
    body = [("t", journey.token), ("version", hidden(draft_page, "version")), ("action", "later")]
    refused = api.post_form(f"{journey.draft_path}/steps/about", body + form_pairs(about()))
    assert refused.status == 410 and "This survey is closed" in refused.body
    assert api.post_form(f"{BASE}/drafts", [("start", "")]).status == 410
    # THEN the sent answers can still be read with their link
    page = follow(api, view)
    assert page.status == 200 and "Your reference" in page.body
    assert "Change these answers" not in page.body


def test_starting_drafts_is_rate_limited_per_client(make_api: Any, tmp_path: Any) -> None:
    """Starting drafts over the limit gets 429 with Retry-After; another client still gets 303."""
    from datetime import UTC, datetime, timedelta

    from tests.functions.test_survey_flow import write_survey

    now = datetime.now(UTC)
    write_survey(
        tmp_path / "open",
        (now - timedelta(days=1)).isoformat(),
        (now + timedelta(days=9)).isoformat(),
    )
    api = make_api(FORMS_DIR=str(tmp_path / "open"), RATE_LIMIT_PER_MINUTE="3")
    statuses = [api.post_form(f"{BASE}/drafts", [("start", "")]).status for _ in range(5)]
    assert statuses == [303, 303, 303, 429, 429]
    refused = api.post_form(f"{BASE}/drafts", [("start", "")])
    assert refused.header("Retry-After")
    # another client is not held back by the first one
    assert api.post_form(f"{BASE}/drafts", [("start", "")], source_ip="192.0.2.9").status == 303


def test_come_back_later_mails_the_link_at_most_every_ten_minutes(survey_api: Api) -> None:  # noqa: F811
    """Pressing 'later' twice in a row sends only one resume mail."""
    journey = Journey(survey_api)
    location(journey.save("about", about(city="Nowhere Town"), action="later"))
    location(journey.save("about", about(city="Nowhere Town"), action="later"))
    resumes = [m for m in survey_api.mails() if m["Subject"] == "Continue your city's answers"]
    assert len(resumes) == 1


def test_come_back_later_writes_the_step_and_its_mail_in_one_transaction(survey_api: Api) -> None:  # noqa: F811
    """'Later' writes the draft, the client's counter and the mail in one TransactWriteItems."""
    journey = Journey(survey_api)
    location(journey.save("about", about(city="Nowhere Town")))
    sent: list[dict[str, Any]] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        sent.append({"operation": model.name, **params})

    events = get_services().surveys.client.meta.events
    events.register("provide-client-params.dynamodb", record)
    try:
        location(journey.save("leadership", {"leadership_strategy": "drafting"}, action="later"))
    finally:
        events.unregister("provide-client-params.dynamodb", record)
    writes = [call for call in sent if call["operation"] not in ("GetItem", "Query")]
    # one round trip: a crash can no longer save the step and lose its mail
    assert [call["operation"] for call in writes] == ["TransactWriteItems"]
    tables = [next(iter(item.values()))["TableName"] for item in writes[0]["TransactItems"]]
    config = get_services().config
    # the draft, the client's step counter (its per-client limit), the mail: all or nothing
    assert tables == [config.surveys_table, config.limits_table, config.outbox_table]
    resumes = [m for m in survey_api.mails() if m["Subject"] == "Continue your city's answers"]
    assert len(resumes) == 1


def test_a_stale_come_back_later_neither_saves_nor_mails(survey_api: Api) -> None:  # noqa: F811
    """A stale 'later' gets a 409 that keeps what was typed, and sends no resume mail."""
    journey = Journey(survey_api)
    location(journey.save("about", about(city="Nowhere Town")))
    stale = survey_api.post_form(
        f"{journey.draft_path}/steps/leadership",
        [
            ("t", journey.token),
            ("version", "0"),
            ("action", "later"),
            ("leadership_strategy", "drafting"),
        ],
    )
    assert stale.status == 409, stale.body[:500]
    assert 'value="drafting"' in stale.body  # what was typed is still there
    assert not [m for m in survey_api.mails() if m["Subject"] == "Continue your city's answers"]


@pytest.mark.parametrize(
    "body",
    [
        {"action": "autosave"},  # an empty first step
        {"action": "later", "version": "9" * 40},  # a version no page of ours sends
        {"action": "continue", **about(city="...")},  # a city of no letters
    ],
    ids=["empty", "huge-version", "no-letters"],
)
def test_odd_step_saves_get_4xx_never_5xx(survey_api: Api, body: dict) -> None:  # noqa: F811
    """Odd step saves (empty, huge version, city of no letters) never get a 5xx."""
    journey = Journey(survey_api)
    sent = {"t": journey.token, "version": 0, **body}
    response = survey_api.post_json(f"{journey.draft_path}/steps/about", sent)
    assert response.status < 500, response.body
    if body.get("city") == "...":
        # kept as typed; choosing 'not listed' for it is refused with a message
        choose = survey_api.post_form(
            f"{journey.draft_path}/city",
            [("t", journey.token), ("version", "1"), ("place", "not-listed")],
        )
        assert choose.status == 422 and "Must be the name of a place" in choose.body


def test_one_request_response_for_a_city_of_no_letters_is_422(survey_api: Api) -> None:  # noqa: F811
    """A one-request response whose city is '-' gets a 422 naming city."""
    body = {"respondent": {**about(city="-")}, "answers": ALL_BEST}
    response = survey_api.post_json(f"{BASE}/responses", body)
    assert response.status == 422 and "city" in response.json()["errors"]


def test_a_field_emptied_on_the_first_step_is_removed_from_the_draft(survey_api: Api) -> None:  # noqa: F811
    journey = Journey(survey_api)
    assert journey.save("about", about(), action="later").status == 303
    # WHEN the role is emptied and the step saved again
    assert journey.save("about", about(role=""), action="later").status == 303
    # THEN the old role is gone from the draft, and the page shows the field empty
    draft_id = journey.draft_path.rsplit("/", 1)[1]
    draft = get_services().surveys.get_draft(SURVEY_ID, draft_id)
    assert "role" not in draft["respondent"] and draft["respondent"]["name"] == "Pieter"
    assert 'value="Strategist"' not in journey.page(
        f"{API}/surveys/{SURVEY_ID}/drafts/{draft_id}/steps/about?t={journey.token}"
    )
