"""Fill the manifesto form and the survey's step pages in a real page the way a person does
(by their labels, with clicks), read back what every control shows, and check it against what
was filled in.

The labels, options and ids come from the form definitions (functions/forms/*.yml), read here
as plain YAML: the tests do not lean on the product's own form code to find the controls.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

FORMS_DIR = Path(__file__).resolve().parents[2] / "functions" / "forms"
YES_NO = {"yes": "Yes", "no": "No"}

ENDORSEMENT_FORM = "endorsement-form"
SURVEY_PATH = "/ambassador-cities/survey/"
MANIFESTO_PATH = "/manifesto/"


def definition(name: str) -> dict[str, Any]:
    return yaml.safe_load((FORMS_DIR / name).read_text(encoding="utf-8"))


ENDORSEMENT = definition("endorsement.yml")
SURVEY = definition("ambassador-survey.yml")
SURVEY_ID = SURVEY["id"]
SURVEY_FORM = f"{SURVEY_ID}-form"
SURVEY_QUESTIONS = [q for domain in SURVEY["domains"] for q in domain["questions"]]
# The journey's question steps: the definition's own grouping, else one domain a step.
SURVEY_STEPS: list[dict[str, Any]] = SURVEY.get("steps") or [
    {"id": d["id"], "title": d["title"], "domains": [d["id"]]} for d in SURVEY["domains"]
]
ABOUT_STEP = "About you and your city"

# Every question answered, on purpose not always the first or the last option, and several
# boxes ticked in each multiple-choice group (not all of them).
SURVEY_ANSWERS: dict[str, Any] = {
    "leadership_strategy": "adopted",
    "leadership_champion": "no",
    "leadership_inclusion": ["young-people", "disabled-people", "low-income"],
    "leadership_feedback": 4,
    "training_officers": "some",
    "training_citizens": "yes",
    "training_formats": ["online", "peer-exchange"],
    "collaboration_stage": "consulted",
    "collaboration_budgeting": "pilot",
    "collaboration_methods": ["citizen-panel", "co-production"],
    "collaboration_influence": 2,
    "digital_programme": "yes",
    "digital_access": ["community-centres", "city-offices"],
    "digital_offline": "some",
    "networks_membership": "two-three",
    "networks_sharing": "no",
    "networks_small_cities": 3,
    "open_data_portal": "on-request",
    "open_data_privacy": "yes",
    "open_data_citizen_science": ["citizen-science", "challenges"],
}


def new_endorser(email: str | None = None) -> dict[str, str]:
    """Every field of the endorsement form, for a new person (the stack is shared)."""
    tag = uuid.uuid4().hex[:8]
    return {
        "name": f"Grace Tester {tag}",
        "organisation": f"Town of {tag}",
        "role": "Head of digital services",
        "organisation_type": "research-academia",
        "country": "BE",
        "email": email or f"grace.{tag}@example.org",
        "list_publicly": "no",
        "consent": "yes",
    }


def new_respondent(email: str | None = None) -> dict[str, str]:
    """Every respondent field of the survey, for a new city (one response per city)."""
    tag = uuid.uuid4().hex[:8]
    return {
        "name": f"Ines Tester {tag}",
        "role": "Participation officer",
        "email": email or f"ines.{tag}@example.org",
        "city": f"Formtown {tag}",
        "country": "PT",
    }


def starts_with(text: str) -> re.Pattern[str]:
    """An accessible name that starts with `text` (labels end with "(required)" and the like)."""
    return re.compile(rf"^\s*{re.escape(text)}(\W|$)")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def _fill_field(form, field: Mapping[str, Any], value: Any) -> None:
    """One field of a `fields:`/`respondent:` list, by its label as a person finds it."""
    kind, label = field["type"], field["label"]
    if kind in ("text", "email", "long_text"):
        box = form.get_by_role("textbox", name=starts_with(label))
        if not box.count():  # the city field, as survey.js makes it a combobox
            box = form.get_by_role("combobox", name=starts_with(label))
        box.fill(str(value))
    elif kind == "country":
        form.get_by_role("combobox", name=starts_with(label)).select_option(str(value))
    elif kind == "yes_no" and field.get("must_be"):
        box = form.get_by_role("checkbox", name=starts_with(label))
        if str(value) == str(field["must_be"]):
            box.check()
    else:
        choices = YES_NO if kind == "yes_no" else {c["value"]: c["label"] for c in field["choices"]}
        group = form.get_by_role("group", name=starts_with(label))
        for item in _as_list(value):
            group.get_by_label(choices[item], exact=True).check()


def fill_endorsement(page, values: Mapping[str, Any]) -> None:
    form = page.locator(f"#{ENDORSEMENT_FORM}")
    for field in ENDORSEMENT["fields"]:
        if field["name"] in values:
            _fill_field(form, field, values[field["name"]])


def step_questions(step_id: str) -> list[dict[str, Any]]:
    """The questions one step of the journey asks, in page order."""
    [step] = [item for item in SURVEY_STEPS if item["id"] == step_id]
    return [q for d in SURVEY["domains"] if d["id"] in step["domains"] for q in d["questions"]]


def step_answers(step_id: str, answers: Mapping[str, Any] = SURVEY_ANSWERS) -> dict[str, Any]:
    """The answers of `answers` that one step asks for."""
    return {q["id"]: answers[q["id"]] for q in step_questions(step_id) if q["id"] in answers}


def step_title(step_id: str) -> str:
    return next(item["title"] for item in SURVEY_STEPS if item["id"] == step_id)


def start_survey(page) -> None:
    """From the survey page, "Start now": a new draft, on its first step."""
    page.goto(SURVEY_PATH)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(re.compile(r"/steps/about\?t="))
    page.locator("h1").filter(has_text=ABOUT_STEP).wait_for()


def open_step(page, step_id: str) -> None:
    """From any page of the draft: the list of steps, then the step's link."""
    if page.get_by_role("link", name="Back to the list of steps").count():
        page.get_by_role("link", name="Back to the list of steps").click()
    page.locator("ol.task-list").wait_for()
    page.locator("ol.task-list").get_by_role("link", name=step_title(step_id), exact=True).click()
    page.wait_for_url(re.compile(rf"/steps/{re.escape(step_id)}\?t="))


def fill_survey(page, respondent: Mapping[str, Any], answers: Mapping[str, Any]) -> None:
    """The respondent fields and the answers given, on a step page that asks them (a question
    left out stays as it is)."""
    form = page.locator(f"#{SURVEY_FORM}")
    for field in SURVEY["respondent"]:
        if field["name"] in respondent:
            _fill_field(form, field, respondent[field["name"]])
    for question in SURVEY_QUESTIONS:
        if question["id"] not in answers:
            continue
        group = form.get_by_role("group", name=question["text"])
        for item in _as_list(answers[question["id"]]):
            if question["type"] == "scale":
                group.get_by_label(starts_with(item)).check()
            else:
                labels = {o["value"]: o["label"] for o in question["options"]}
                group.get_by_label(str(labels[item]), exact=True).check()


def survey_values(respondent: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The form's fields by name, as the controls carry them (flat, like the urlencoded body)."""
    return {**respondent, **answers}


CONTROLS = """(formId) => Array.from(document.getElementById(formId).elements)
  .filter((el) => el.name && el.type !== "submit" && el.type !== "hidden")
  .map((el) => ({id: el.id, name: el.name, type: el.type, value: el.value,
                 checked: !!el.checked, invalid: el.getAttribute("aria-invalid")}))"""


def controls(page, form_id: str) -> list[dict[str, Any]]:
    """What every control of the form shows now (works with JavaScript off too: Playwright
    evaluates through the DevTools protocol, not through the page's scripts). Hidden inputs
    (the draft's token and version, the chosen city's id) are no answer: left out."""
    return page.evaluate(CONTROLS, form_id)


def mismatches(
    shown: Iterable[Mapping[str, Any]], values: Mapping[str, Any], honeypot: str
) -> list[str]:
    """Every control that does not show what `values` says (names not in it: empty, unticked)."""
    wrong = []
    seen = set()
    for control in shown:
        name, kind = control["name"], control["type"]
        seen.add(name)
        wanted = _as_list(values.get(name))
        if name == honeypot:
            if control["value"] != "":
                wrong.append(f"honeypot {control['id']} holds {control['value']!r}")
        elif kind in ("radio", "checkbox"):
            expected = control["value"] in wanted
            if control["checked"] != expected:
                state = "ticked" if control["checked"] else "not ticked"
                wrong.append(f"{control['id']} ({name}={control['value']}) is {state}")
        else:
            expected_value = wanted[0] if wanted else ""
            if control["value"] != expected_value:
                wrong.append(f"{control['id']} shows {control['value']!r}, not {expected_value!r}")
    wrong += [f"no control named {name!r}" for name in values if name not in seen]
    return wrong


def assert_shows(page, form_id: str, values: Mapping[str, Any], honeypot: str) -> None:
    wrong = mismatches(controls(page, form_id), values, honeypot)
    assert not wrong, f"#{form_id} on {page.url} does not show what was filled in:\n" + "\n".join(
        wrong
    )


def invalid_controls(page, form_id: str) -> set[str]:
    """Names of the controls marked aria-invalid="true"."""
    return {c["name"] for c in controls(page, form_id) if c["invalid"] == "true"}


def active_element_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")
