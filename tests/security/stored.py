"""Read back everything the functions stored and check it again with the domain's own rules.

A stored item is valid when validating its values again gives the very same values: nothing
the validators would refuse (control characters, over-long text, unknown fields, wrong types)
got into a table, and nothing was stored beside what the item shape allows.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from functions.domain.consent import form_consent_version
from functions.domain.errors import ValidationFailed
from functions.domain.scoring import score
from functions.domain.submissions import validate_endorsement, validate_survey_answers
from functions.i18n import LANGUAGES
from functions.services import get_services
from functions.storage.dynamo import from_item
from functions.usecases.sending import resolve_typed_city

BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ENDORSEMENT_KEYS = {
    "pk",
    "language",
    "ip_hash",
    "already_mailed_at",
    "status",
    "name",
    "organisation",
    "role",
    "organisation_type",
    "country",
    "email",
    "list_publicly",
    "consent_version",
    "consent_at",
    "created_at",
    "confirmed_at",
    "expires_at",
    "confirm_nonce",
    "withdraw_nonce",
}
SURVEY_KEYS = {  # a sent response (functions/usecases/sending.pending_record)
    "survey_id",
    "consent_version",
    "city_key",
    "kind",
    "reference",
    "status",
    "definition_version",
    "respondent",
    "city",
    "answers",
    "scores",
    "language",
    "revision",
    "submitted_at",
    "confirm_nonce",
    "access_nonce",
    "expires_at",
    "confirmed_at",
    "updated_at",
    "history",
}


def scan(table: str) -> list[dict[str, Any]]:
    """Every item of a table, as plain Python values."""
    client = get_services().endorsements.client
    items: list[dict[str, Any]] = []
    request: dict[str, Any] = {"TableName": table, "ConsistentRead": True}
    while True:
        page = client.scan(**request)
        items.extend(from_item(item) for item in page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def text_problems(value: Any, where: str = "") -> list[str]:
    """Independent of the validators: no control, surrogate or bidi-override characters in any
    stored string (line breaks only in long answers, which no stored field here has)."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in text_problems(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [p for item in value for p in text_problems(item, where)]
    if not isinstance(value, str):
        return []
    bad = [c for c in value if unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_OVERRIDES]
    if bad or value != value.strip():
        return [f"{where}: control characters or untrimmed text"]
    return []


def length_problems(item: dict[str, Any], fields: Any) -> list[str]:
    return [
        f"{field.name} longer than {field.max_length}"
        for field in fields
        if field.max_length and len(str(item.get(field.name, ""))) > field.max_length
    ]


def endorsement_problems(item: dict[str, Any]) -> list[str]:
    services = get_services()
    form = services.catalog.forms["endorsement"]
    problems = [f"unexpected attribute {key!r}" for key in set(item) - ENDORSEMENT_KEYS]
    problems += text_problems(item) + length_problems(item, form.fields)
    values = {
        name: item.get(name, "") for name in ("name", "organisation", "role", "organisation_type")
    }
    values |= {
        "country": item.get("country", ""),
        "email": item.get("email", ""),
        "list_publicly": "yes" if item.get("list_publicly") is True else "no",
        "consent": "yes",
    }
    if not isinstance(item.get("list_publicly"), bool):
        problems.append("list_publicly is not a boolean")
    try:
        clean = validate_endorsement(form, values, form_encoded=False)
    except ValidationFailed as exc:
        return [*problems, f"refused on re-validation: {exc.errors}"]
    for name, value in vars(clean).items():
        if item.get(name, "" if name == "role" else None) != value:
            problems.append(f"{name} changes on re-validation")
    if item.get("status") not in ("pending", "confirmed"):
        problems.append(f"status {item.get('status')!r}")
    language = item.get("language")
    if language not in LANGUAGES:
        problems.append(f"language {language!r}")
    elif item.get("consent_version") != form_consent_version(form, language):
        problems.append("consent version differs from the text shown in its language")
    if not item.get("consent_at"):
        problems.append("consent time missing")
    return problems


def survey_problems(item: dict[str, Any]) -> list[str]:
    if not str(item["city_key"]).startswith("response#"):
        return []  # drafts and city items: not what a request can fill with anything
    survey = get_services().catalog.surveys[item["survey_id"]]
    problems = [f"unexpected attribute {key!r}" for key in set(item) - SURVEY_KEYS]
    respondent = {k: v for k, v in (item.get("respondent") or {}).items() if k != "email_domain"}
    problems += text_problems(item) + length_problems(respondent, survey.respondent)
    body = {"respondent": respondent, "answers": item.get("answers")}
    try:
        clean = validate_survey_answers(survey, body, form_encoded=False)
    except ValidationFailed as exc:
        return [*problems, f"refused on re-validation: {exc.errors}"]
    if clean.respondent != respondent or clean.answers != item["answers"]:
        problems.append("respondent or answers change on re-validation")
    expected = resolve_typed_city(clean.respondent["country"], clean.respondent["city"])
    if expected["key"] != item["city"]["key"]:
        problems.append("the city key does not match the respondent's city")
    if score(survey, clean.answers).to_dict() != item.get("scores"):
        problems.append("stored scores differ from the definition's scoring")
    if item.get("definition_version") != survey.version:
        problems.append("definition version missing or wrong")
    return problems


def invalid_items(env: dict[str, str]) -> dict[str, list[str]]:
    """{item key: problems} for every stored endorsement and survey response that is not valid."""
    found: dict[str, list[str]] = {}
    for item in scan(env["ENDORSEMENTS_TABLE"]):
        if problems := endorsement_problems(item):
            found[f"endorsement {item.get('pk')}"] = problems
    for item in scan(env["SURVEYS_TABLE"]):
        if problems := survey_problems(item):
            found[f"survey response {item.get('city_key')!r}"] = problems
    return found
