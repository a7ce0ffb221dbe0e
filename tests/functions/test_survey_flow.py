"""The survey's one-request endpoint (POST .../responses) through the handler, against DynamoDB
Local: the definition served, scoring, a second response for a city kept pending, plain
forms, the opening dates.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from functions.domain.forms import DEFAULT_FORMS_DIR, load_survey
from functions.services import get_services
from tests.functions.conftest import SITE, Api

SURVEY_ID = "ambassador-cities-2026"
RESPONSES = f"/api/surveys/{SURVEY_ID}/responses"

ALL_BEST = {
    "leadership_strategy": "adopted-budget",
    "leadership_champion": "yes",
    "leadership_inclusion": [
        "older-people",
        "young-people",
        "migrants",
        "disabled-people",
        "low-income",
    ],
    "leadership_feedback": 5,
    "training_officers": "most",
    "training_citizens": "yes",
    "training_formats": ["workshops", "online", "schools", "peer-exchange"],
    "collaboration_stage": "co-design",
    "collaboration_budgeting": "regular",
    "collaboration_methods": ["living-lab", "citizen-panel", "hackathon", "co-production"],
    "collaboration_influence": 5,
    "digital_programme": "yes",
    "digital_access": ["libraries", "community-centres", "city-offices", "phone-online"],
    "digital_offline": "all",
    "networks_membership": "more",
    "networks_sharing": "yes",
    "networks_small_cities": 5,
    "open_data_portal": "portal-feedback",
    "open_data_privacy": "yes",
    "open_data_citizen_science": ["citizen-science", "open-source", "challenges"],
}


def respondent(**changes: str) -> dict[str, str]:
    return {
        "name": "Pieter",
        "role": "Strategist",
        "email": "pieter@utrecht.example",
        "city": "Utrecht",
        "country": "NL",
        **changes,
    }


def mixed_answers() -> dict[str, Any]:
    answers = dict(ALL_BEST)
    # leadership: 1 + 0 + 2 (two groups) + 3 = 6 of 15 -> 40
    answers.update(
        leadership_strategy="drafting",
        leadership_champion="no",
        leadership_inclusion=["migrants", "low-income"],
        leadership_feedback=3,
    )
    # training: 1 + 0 + nothing = 1 of 9 -> 11.1 -> 11
    answers.update(training_officers="some", training_citizens="no")
    del answers["training_formats"]
    # digital-literacy: 2 + 1 + 1 = 4 of 8 -> 50
    answers.update(digital_access=["libraries"], digital_offline="some")
    return answers


def stored(api: Api) -> list[dict[str, Any]]:
    return get_services().surveys.responses(SURVEY_ID)


@pytest.fixture
def api(make_api: Any, tmp_path: Path) -> Api:
    """The shipped survey, open from yesterday for a month, so the tests never go stale."""
    now = datetime.now(UTC)
    opens = (now - timedelta(days=1)).isoformat(timespec="seconds")
    closes = (now + timedelta(days=30)).isoformat(timespec="seconds")
    write_survey(tmp_path / "open-forms", opens, closes)
    return make_api(FORMS_DIR=str(tmp_path / "open-forms"))


def test_definition_is_served_with_open_flag(api: Api) -> None:
    """GET of the survey gives its id, open flag, six domains, scoring; an unknown id is 404."""
    response = api.get(f"/api/surveys/{SURVEY_ID}")
    assert response.status == 200
    data = response.json()
    assert data["id"] == SURVEY_ID and isinstance(data["open"], bool)
    assert len(data["domains"]) == 6
    assert data["scoring"]["summary"]
    assert api.get("/api/surveys/no-such-survey").status == 404


def test_submission_is_scored_as_the_definition_says(api: Api) -> None:
    # WHEN a city answers
    response = api.post_json(RESPONSES, {"respondent": respondent(), "answers": mixed_answers()})
    # THEN it is stored once, with its scores and the definition version
    assert response.status == 201, response.body
    assert response.json()["status"] == "pending"
    [record] = stored(api)
    scores = record["scores"]["domains"]
    assert scores == {
        "leadership": 40,
        "training": 11,
        "collaboration": 100,
        "digital-literacy": 50,
        "networks": 100,
        "open-data": 100,
    }
    assert record["scores"]["overall"] == 67  # (40+11+100+50+100+100)/6 = 66.83
    assert record["definition_version"] == 1
    assert record["answers"]["leadership_inclusion"] == ["migrants", "low-income"]
    assert record["respondent"]["email"] == "pieter@utrecht.example"
    # Utrecht typed as such is the gazetteer's Utrecht (GeoNames 2745912)
    assert record["city"]["key"] == "NL#geonames:2745912"
    assert record["reference"] == response.json()["reference"]
    # AND it counts only once confirmed: the respondent got the link to confirm
    assert record["status"] == "pending"
    assert any("/confirm?token=" in link for link in api.last_mail_links())


def test_all_best_answers_score_100(api: Api) -> None:
    """A response with the best answer everywhere is stored with an overall score of 100."""
    assert api.post_json(RESPONSES, {"respondent": respondent(), "answers": ALL_BEST}).status == 201
    assert stored(api)[0]["scores"]["overall"] == 100


def test_a_second_response_for_a_city_is_kept_pending_not_refused(api: Api) -> None:
    # GIVEN a first response for Utrecht
    assert api.post_json(RESPONSES, {"respondent": respondent(), "answers": ALL_BEST}).status == 201
    # WHEN someone else sends one for the same city, spelt otherwise
    other = respondent(name="Someone else", email="other@utrecht.example", city="  UTRECHT ")
    second = api.post_json(RESPONSES, {"respondent": other, "answers": mixed_answers()})
    # THEN nobody is locked out: both wait for their respondent's confirmation
    assert second.status == 201 and second.json()["status"] == "pending"
    records = stored(api)
    assert len(records) == 2 and {r["status"] for r in records} == {"pending"}
    assert len({r["city"]["key"] for r in records}) == 1


def test_an_edit_token_is_no_longer_a_field(api: Api) -> None:
    """A response carrying edit_token is refused with a 422 naming that field."""
    body = {"respondent": respondent(), "answers": ALL_BEST, "edit_token": "x"}
    refused = api.post_json(RESPONSES, body)
    assert refused.status == 422 and "edit_token" in refused.json()["errors"]


def test_urlencoded_submission_redirects_to_the_thank_you_page(api: Api) -> None:
    """A plain form response gets a 303 to the thank-you page; a repeated key is a list."""
    pairs = list(respondent().items())
    for key, value in ALL_BEST.items():
        values = value if isinstance(value, list) else [value]
        pairs.extend((key, str(item)) for item in values)
    pairs.append(("website", ""))
    response = api.post_form(RESPONSES, pairs, headers={"origin": SITE})
    assert response.status == 303
    assert response.header("Location") == f"{SITE}/ambassador-cities/survey/thank-you/"
    [record] = stored(api)
    assert record["scores"]["overall"] == 100
    assert record["answers"]["training_formats"] == [
        "workshops",
        "online",
        "schools",
        "peer-exchange",
    ]


def write_survey(folder: Path, opens: str, closes: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load((DEFAULT_FORMS_DIR / "ambassador-survey.yml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.update(opens=opens, closes=closes)
    (folder / "survey.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (folder / "endorsement.yml").write_text(
        (DEFAULT_FORMS_DIR / "endorsement.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    load_survey(folder / "survey.yml")  # the test's own definition must be valid


@pytest.mark.parametrize(
    ("opens", "closes", "words"),
    [
        ("2017-11-27T00:00:00+01:00", "2018-02-05T23:59:59+01:00", "closed"),
        ("2099-01-01T00:00:00+01:00", "2099-02-01T00:00:00+01:00", "not open yet"),
    ],
)
def test_closed_and_not_yet_open_surveys_answer_410_with_dates(
    make_api: Any, tmp_path: Path, opens: str, closes: str, words: str
) -> None:
    """Outside its dates a response gets 410 (JSON naming the years, or HTML), storing nothing."""
    write_survey(tmp_path / "forms", opens, closes)
    api = make_api(FORMS_DIR=str(tmp_path / "forms"))
    response = api.post_json(RESPONSES, {"respondent": respondent(), "answers": ALL_BEST})
    assert response.status == 410
    message = response.json()["error"]
    assert words in message
    assert opens[:4] in message and closes[:4] in message
    assert api.get(f"/api/surveys/{SURVEY_ID}").json()["open"] is False
    assert stored(api) == []
    form = api.post_form(RESPONSES, respondent())
    assert form.status == 410 and form.header("Content-Type").startswith("text/html")
