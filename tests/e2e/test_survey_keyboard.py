"""A city officer answers the Ambassador Cities survey with the keyboard only; the stored
record carries the scores the definition's rule gives, computed here independently."""

from __future__ import annotations

import uuid

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer
from playwright.sync_api import expect

from devstack.dynamodb import LOCAL_CREDENTIALS
from devstack.localenv import TABLE_NAMES
from tests.e2e.keyboard import fill_with_keyboard
from tests.e2e.survey_scoring import expected_scores, load_definition
from tests.support.browser_fixtures import new_context

pytestmark = pytest.mark.browser

# Chosen so that two domains land on a half (62.5) and the overall mean too (51.5): rounding
# half up and half to even would disagree.
ANSWERS = {
    "leadership_strategy": "drafting",
    "leadership_champion": "yes",
    "leadership_inclusion": ["older-people", "migrants"],
    "leadership_feedback": 4,
    "training_officers": "many",
    "training_citizens": "no",
    "training_formats": ["online"],
    "collaboration_stage": "co-design",
    "collaboration_budgeting": "pilot",
    "collaboration_influence": 3,
    "digital_programme": "yes",
    "digital_access": ["libraries", "phone-online"],
    "digital_offline": "some",
    "networks_membership": "two-three",
    "networks_sharing": "no",
    "networks_small_cities": 2,
    "open_data_portal": "portal",
    "open_data_privacy": "yes",
    "open_data_citizen_science": ["open-source"],
}


def stored_responses(stack, survey_id: str) -> list[dict]:
    client = boto3.client(
        "dynamodb", endpoint_url=f"http://localhost:{stack.ddb_port}", **LOCAL_CREDENTIALS
    )
    found = client.query(
        TableName=TABLE_NAMES["SURVEYS_TABLE"],
        KeyConditionExpression="survey_id = :id",
        ExpressionAttributeValues={":id": {"S": survey_id}},
        ConsistentRead=True,
    )
    decode = TypeDeserializer().deserialize
    return [{key: decode(value) for key, value in item.items()} for item in found["Items"]]


def as_plain(value):
    """DynamoDB numbers come back as Decimal."""
    if isinstance(value, dict):
        return {key: as_plain(item) for key, item in value.items()}
    return int(value)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_survey_answered_with_keyboard_only_is_scored_by_the_rule(chromium, stack, javascript):
    context = new_context(chromium, stack, java_script_enabled=javascript)
    try:
        answer_and_check(context.new_page(), stack, javascript)
    finally:
        context.close()


def answer_and_check(page, stack, javascript: bool) -> None:
    definition = load_definition()
    form_id = f"{definition['id']}-form"
    city = f"Keyboardia {uuid.uuid4().hex[:6]}"
    text = {
        "name": "Kim Keys",
        "role": "Head of participation",
        "email": f"kim.{uuid.uuid4().hex[:6]}@example.org",
        "city": city,
    }
    page.goto("/ambassador-cities/survey/")
    fill_with_keyboard(page, form_id, text, {"country": "Netherlands"}, ANSWERS)

    if javascript:  # the answers are sent in place; the form gives way to a message
        outcome = page.locator(".confirmation, .error-summary:visible, .form-message:visible")
        outcome.first.wait_for()
        shown = outcome.first.inner_text()
        assert "Thank you" in shown, f"the form answered, in place: {shown[:600]}"
    else:  # a plain POST, answered 303 See Other to the thank-you page
        expect(page).to_have_url(f"{stack.url}/ambassador-cities/survey/thank-you/")
        expect(page.locator("h1")).to_contain_text("Thank you")

    records = [
        r for r in stored_responses(stack, definition["id"]) if r["respondent"]["city"] == city
    ]
    assert len(records) == 1, records
    record = records[0]
    assert record["respondent"]["country"] == "NL"
    stored = {
        k: sorted(v) if isinstance(v, set | list) else v for k, v in record["answers"].items()
    }
    typed = {k: sorted(v) if isinstance(v, list) else v for k, v in ANSWERS.items()}
    assert {k: str(v) if not isinstance(v, list) else v for k, v in stored.items()} == {
        k: str(v) if not isinstance(v, list) else v for k, v in typed.items()
    }, "every answer given with the keyboard reached the record"
    assert as_plain(record["scores"]) == expected_scores(definition, ANSWERS)
    assert int(record["definition_version"]) == definition["version"]
