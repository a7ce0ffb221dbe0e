"""The survey journey's pages: task list, steps, choosing the city, checking, sent answers.

Rendered from theme/templates/api/survey/ with the site's base and form macros. Every link
carries the draft's signed token (`t`), which is what opens the draft, and every link and form
action the page's language (`lang`), so that the journey goes on in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from functions.domain.forms import Survey
from functions.domain.journey import CHECK, Step, step_status, steps_of, total_steps
from functions.http.html_pages import PageContext, render_html
from functions.i18n import N_
from functions.rendering.form_state import FormState, SummaryEntry, step_entries
from functions.rendering.site import SURVEY_PATH


@dataclass(frozen=True)
class DraftLinks:
    """The links of one draft's journey pages, each carrying its token and language."""

    api_base_url: str
    survey_id: str
    draft_id: str
    token: str
    language: str

    @property
    def base(self) -> str:
        return f"{self.api_base_url}/surveys/{self.survey_id}/drafts/{self.draft_id}"

    def _with_token(self, url: str, extra: str = "") -> str:
        return f"{url}?t={quote(self.token)}{extra}&lang={self.language}"

    def _action(self, url: str) -> str:
        return f"{url}?lang={self.language}"

    @property
    def task_list(self) -> str:
        return self._with_token(self.base)

    def step(self, step_id: str, back_to_check: bool = False) -> str:
        if step_id == CHECK:
            return self.check
        return self._with_token(
            f"{self.base}/steps/{step_id}", "&return=check" if back_to_check else ""
        )

    def step_action(self, step_id: str) -> str:
        return self._action(f"{self.base}/steps/{step_id}")

    @property
    def city(self) -> str:
        return self._with_token(f"{self.base}/city")

    def city_then(self, back_to_check: bool) -> str:
        return self._with_token(f"{self.base}/city", "&return=check" if back_to_check else "")

    @property
    def city_action(self) -> str:
        return self._action(f"{self.base}/city")

    @property
    def check(self) -> str:
        return self._with_token(f"{self.base}/check")

    @property
    def send_action(self) -> str:
        return self._action(f"{self.base}/send")


@dataclass(frozen=True)
class TaskRow:
    """One row of the journey's task list: a step, its status and its link."""

    step: Step
    status: str
    url: str


def _common(survey: Survey, draft: dict[str, Any], links: DraftLinks) -> dict[str, Any]:
    steps = steps_of(survey)
    rows = [TaskRow(step, step_status(step, draft), links.step(step.id)) for step in steps]
    return {
        "survey": survey,
        "draft": draft,
        "links": links,
        "rows": rows,
        "total_steps": total_steps(survey),
        "all_completed": all(row.status == "completed" for row in rows)
        and bool((draft.get("city") or {}).get("key")),
        "page_path": SURVEY_PATH,
    }


def task_list_page(
    context: PageContext, survey: Survey, draft: dict[str, Any], links: DraftLinks, notice: str = ""
) -> str:
    return render_html(
        "api/survey/task-list.html", context, notice=notice, **_common(survey, draft, links)
    )


def step_page(
    context: PageContext,
    survey: Survey,
    draft: dict[str, Any],
    links: DraftLinks,
    step: Step,
    state: FormState,
    back_to_check: bool,
) -> str:
    numbers = {question.id: number for number, question in enumerate(survey.questions, start=1)}
    entries: tuple[SummaryEntry, ...] = step_entries(survey, step, numbers)
    return render_html(
        "api/survey/step.html",
        context,
        step=step,
        state=state,
        entries=entries,
        numbers=numbers,
        back_to_check=back_to_check,
        error_title=state.has_problems,
        **_common(survey, draft, links),
    )


def city_page(
    context: PageContext,
    survey: Survey,
    draft: dict[str, Any],
    links: DraftLinks,
    choices: list[Any],
    state: FormState,
    back_to_check: bool = False,
) -> str:
    first = f"{survey.id}-place-{1 if choices else 0}"
    return render_html(
        "api/survey/city.html",
        context,
        city_entry=SummaryEntry("place", first, N_("City").msgid),
        choices=choices,
        back_to_check=back_to_check,
        state=state,
        error_title=state.has_problems,
        **_common(survey, draft, links),
    )


def check_page(
    context: PageContext, survey: Survey, draft: dict[str, Any], links: DraftLinks, state: FormState
) -> str:
    return render_html(
        "api/survey/check.html",
        context,
        state=state,
        error_title=state.has_problems,
        **_common(survey, draft, links),
    )


def response_page(
    context: PageContext,
    survey: Survey,
    record: dict[str, Any],
    view_token: str,
    *,
    just_sent: bool,
    can_change: bool,
) -> str:
    return render_html(
        "api/survey/response.html",
        context,
        survey=survey,
        record=record,
        view_token=view_token,
        just_sent=just_sent,
        can_change=can_change,
        edit_action=f"{context.api_base_url}/surveys/{survey.id}/responses/{record['reference']}"
        f"/edit?lang={context.language}",
        page_path=SURVEY_PATH,
    )
