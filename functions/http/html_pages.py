"""HTML responses of the API, every one rendered from the site's templates (functions.rendering).

The renderer (and Jinja2 with it) is imported on the first HTML response only: a JSON
request never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from functions.domain.forms import Form, Survey
from functions.http.responses import html_response
from functions.i18n import localise, site_path, translations_for


@dataclass(frozen=True)
class PageContext:
    """Where a page is shown and in which language.

    `versions` is the page in every language ({language: root-relative URL}), for the language
    switcher of a page that can be opened again (a GET); None for the answer to a POST, whose
    switcher links each language's home page.
    """

    site_url: str
    api_base_url: str
    language: str
    versions: Mapping[str, str] | None = None

    def in_language(self, language: str | None) -> PageContext:
        return replace(self, language=language) if language else self

    def site_url_of(self, path: str) -> str:
        """A page of the site in this language (`manifesto/` is `fr/manifesto/` in French)."""
        return f"{self.site_url}/{site_path(self.language, path)}"

    def translate(self, text: Any) -> str:
        return localise(text, translations_for(self.language))

    def gettext(self, msgid: str) -> str:
        return translations_for(self.language).gettext(msgid)


@dataclass(frozen=True)
class FormPage:
    """A form the API can show again: its definition, where it posts, where it lives."""

    definition: Form | Survey
    action_url: str
    page_path: str

    @property
    def honeypot(self) -> str:
        return self.definition.honeypot


def page_response(
    status: int, context: PageContext, body: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return html_response(status, body, context.site_url, _headers(context, headers))


def render_html(template: str, context: PageContext, **values: Any) -> str:
    """A page of the site's templates, in the context's language."""
    from functions.rendering.renderer import render_page

    if context.versions:
        values.setdefault("language_versions", context.versions)
    return render_page(
        template,
        language=context.language,
        site_url=context.site_url,
        api_base_url=context.api_base_url,
        **values,
    )


def _headers(context: PageContext, extra: dict[str, str] | None) -> dict[str, str]:
    return {"Content-Language": context.language, **(extra or {})}


def message_page(
    status: int,
    context: PageContext,
    heading: Any,
    message: Any,
    link: tuple[str, Any] | None = None,
    *,
    is_error: bool = False,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    body = render_html(
        "api/message.html",
        context,
        heading=context.translate(heading),
        message=context.translate(message),
        link_url=link[0] if link else "",
        link_text=context.translate(link[1]) if link else "",
        is_error=is_error,
        error_title=is_error,
    )
    return html_response(status, body, context.site_url, _headers(context, headers))


def action_page(
    context: PageContext, heading: Any, explanation: Any, action_url: str, token: str, button: Any
) -> dict[str, Any]:
    body = render_html(
        "api/action.html",
        context,
        heading=context.translate(heading),
        explanation=context.translate(explanation),
        action_url=action_url,
        token=token,
        button=context.translate(button),
    )
    return html_response(200, body, context.site_url, _headers(context, None))


def form_page(
    status: int,
    context: PageContext,
    form: FormPage,
    state: Any,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The form again, with the person's values, the problems and a notice (GOV.UK pattern)."""
    definition = form.definition
    is_survey = isinstance(definition, Survey)
    body = render_html(
        "api/form.html",
        context,
        heading=context.gettext(definition.title),
        page_path=form.page_path,
        survey=definition if is_survey else None,
        form=None if is_survey else definition,
        state=state,
        action=form.action_url,
    )
    return html_response(status, body, context.site_url, _headers(context, headers))
