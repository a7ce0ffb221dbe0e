"""Survey data for the admin tests, made by the functions' own use cases against DynamoDB Local.

A respondent's draft is started, saved step by step, its city chosen from the gazetteer (or
typed, "not listed"), sent (pending) and confirmed with the token the confirm mail carries;
edits go through the emailed link's draft. Only first-release responses are written by hand:
no code writes them any more.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.domain.forms import Survey
from functions.domain.journey import ABOUT, steps_of
from functions.domain.scoring import score
from functions.services import Services
from functions.storage.dynamo import to_item
from functions.usecases import confirming, drafts, sending

SURVEY_ID = "ambassador-cities-2026"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # the shipped survey is open
UTRECHT, GENT, ROTTERDAM = "geonames:2745912", "geonames:2797656", "geonames:2747891"
PLACES = {UTRECHT: ("Utrecht", "NL"), GENT: ("Gent", "BE"), ROTTERDAM: ("Rotterdam", "NL")}


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta) if delta else timedelta(minutes=1)
        return self.now


def answers_at_level(survey: Survey, level: float) -> dict[str, Any]:
    """Answers choosing, in every question, the option at `level` (0 worst .. 1 best)."""
    answers: dict[str, Any] = {}
    for question in survey.questions:
        if question.type == "scale":
            answers[question.id] = round(question.min + level * (question.max - question.min))
        elif question.type == "multiple_choice":
            count = round(level * len(question.options))
            if count or not question.required:
                answers[question.id] = [option.value for option in question.options[:count]]
        else:
            ranked = sorted(question.options, key=lambda option: option.score)
            answers[question.id] = ranked[round(level * (len(ranked) - 1))].value
    return answers


@dataclass
class Seeder:
    services: Services
    clock: Clock
    survey: Survey = field(init=False)

    def __post_init__(self) -> None:
        self.survey = self.services.catalog.surveys[SURVEY_ID]

    def _draft(self, draft_id: str) -> dict[str, Any]:
        found = self.services.surveys.get_draft(SURVEY_ID, draft_id)
        assert found is not None
        return found

    def _save_steps(self, draft: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
        for step in steps_of(self.survey)[1:]:
            values = {q.id: answers[q.id] for q in step.questions if q.id in answers}
            values["version"] = draft["version"]
            drafts.save_step(self.services, self.survey, draft, step, values, False, complete=True)
            draft = self._draft(draft["draft_id"])
        return draft

    def draft(self, email: str, city: str | None = UTRECHT, **about: str) -> dict[str, Any]:
        """A draft with its first step saved (the respondent and the city)."""
        self.clock.tick()
        # starts are rate-limited per client per minute; the clock ticks a minute per draft
        draft, _token = drafts.start(
            self.services, self.survey, about.pop("language", "en"), "192.0.2.1"
        )
        name, country = PLACES.get(city or "", (about.pop("typed", "Nowhere Town"), "NL"))
        values = {
            "name": about.get("name", "Respondent"),
            "role": about.get("role", "Mayor"),
            "email": email,
            "city": name,
            "country": about.get("country", country),
            "version": 0,
        }
        if city in PLACES:
            values["city_id"] = city
        about_step = steps_of(self.survey)[0]
        assert about_step.id == ABOUT
        _, city_open = drafts.save_step(
            self.services, self.survey, draft, about_step, values, False, complete=True
        )
        draft = self._draft(draft["draft_id"])
        if city_open:
            choice = {"place": drafts.NOT_LISTED, "version": draft["version"]}
            drafts.choose_city(self.services, self.survey, draft, choice)
            draft = self._draft(draft["draft_id"])
        return draft

    def send(
        self, email: str, city: str | None = UTRECHT, level: float = 1.0, **about: str
    ) -> dict[str, Any]:
        """A sent response, pending its confirmation."""
        draft = self._save_steps(self.draft(email, city, **about), self.answers(level))
        self.clock.tick()
        return sending.send(self.services, self.survey, draft)

    def confirm(self, record: dict[str, Any]) -> dict[str, Any]:
        self.clock.tick()
        token = self.services.tokens.issue(
            sending.CONFIRM,
            f"{SURVEY_ID}|{record['reference']}",
            record["confirm_nonce"],
            self.clock(),
        )
        return confirming.confirm(self.services, self.survey, token)

    def confirmed(
        self, email: str, city: str | None = UTRECHT, level: float = 1.0, **about: str
    ) -> dict[str, Any]:
        return self.confirm(self.send(email, city, level, **about))

    def edit(self, reference: str, level: float) -> dict[str, Any]:
        """A new revision of a confirmed response, through the draft its link opens."""
        self.clock.tick()
        record = self.services.surveys.get_response(SURVEY_ID, reference)
        assert record is not None
        draft, _token = confirming.start_edit(self.services, self.survey, record)
        draft = self._save_steps(draft, self.answers(level))
        self.clock.tick()
        return sending.send(self.services, self.survey, draft)

    def answers(self, level: float) -> dict[str, Any]:
        return answers_at_level(self.survey, level)

    def legacy(self, city: str, country: str, level: float, email: str) -> dict[str, Any]:
        """A response as the first release stored it: keyed by the typed city, no prefix."""
        answers = self.answers(level)
        folded = " ".join(city.casefold().split())
        record = {
            "survey_id": SURVEY_ID,
            "city_key": f"{country}#{folded}",
            "response_id": hashlib.sha256(city.encode()).hexdigest()[:16],
            "definition_version": self.survey.version,
            "respondent": {
                "name": "Legacy",
                "role": "Clerk",
                "email": email,
                "city": city,
                "country": country,
            },
            "answers": answers,
            "scores": score(self.survey, answers).to_dict(),
            "edit_nonce": "e-nonce",
            "submitted_at": NOW.isoformat(timespec="seconds"),
            "edits": 0,
        }
        surveys = self.services.surveys
        surveys.client.put_item(TableName=surveys.table, Item=to_item(record))
        return record
