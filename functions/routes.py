"""Every API route: (method, path template, handler). The local server and the SAM template use
this list; a test checks that each handler's router knows exactly its routes."""

from __future__ import annotations

ENDORSEMENTS = "functions.handlers.endorsements.lambda_handler"
SURVEYS = "functions.handlers.surveys.lambda_handler"

ROUTES: list[tuple[str, str, str]] = [
    ("POST", "/api/endorsements", ENDORSEMENTS),
    ("GET", "/api/endorsements", ENDORSEMENTS),
    ("GET", "/api/endorsements/confirm", ENDORSEMENTS),
    ("POST", "/api/endorsements/confirm", ENDORSEMENTS),
    ("GET", "/api/endorsements/withdraw", ENDORSEMENTS),
    ("POST", "/api/endorsements/withdraw", ENDORSEMENTS),
    ("GET", "/api/surveys/{survey_id}", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/responses", SURVEYS),
    # The survey journey (functions/handlers/journey.py)
    ("POST", "/api/surveys/{survey_id}/drafts", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/drafts/{draft_id}", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/drafts/{draft_id}/steps/{step_id}", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/drafts/{draft_id}/steps/{step_id}", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/drafts/{draft_id}/city", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/drafts/{draft_id}/city", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/drafts/{draft_id}/check", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/drafts/{draft_id}/send", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/responses/{reference}", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/responses/{reference}/edit", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/confirm", SURVEYS),
    ("POST", "/api/surveys/{survey_id}/confirm", SURVEYS),
    ("GET", "/api/surveys/{survey_id}/places", SURVEYS),
]
