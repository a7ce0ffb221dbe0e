"""The small HTML pages the API renders itself: confirm, withdraw, results and errors.

Everything interpolated is escaped; the pages link the site's stylesheet and run no script.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape


def page(title: str, body: str, site_url: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} | Citizen Focus</title>\n"
        f'<link rel="stylesheet" href="{escape(site_url)}/theme/css/site.css">\n'
        '</head>\n<body>\n<main id="main" class="api-page">\n'
        f"<h1>{escape(title)}</h1>\n{body}\n"
        f'<p><a href="{escape(site_url)}/">Back to the Citizen Focus website</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def token_form_page(
    title: str, explanation: str, action_url: str, token: str, button: str, site_url: str
) -> str:
    body = (
        f"<p>{escape(explanation)}</p>\n"
        f'<form method="post" action="{escape(action_url)}">\n'
        f'<input type="hidden" name="token" value="{escape(token)}">\n'
        f'<button type="submit">{escape(button)}</button>\n</form>'
    )
    return page(title, body, site_url)


def message_page(
    title: str, message: str, site_url: str, link: tuple[str, str] | None = None
) -> str:
    body = f"<p>{escape(message)}</p>"
    if link:
        body += f'\n<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>'
    return page(title, body, site_url)


def error_page(
    title: str,
    message: str,
    errors: Mapping[str, str],
    labels: Mapping[str, str],
    back_url: str,
    site_url: str,
) -> str:
    body = f'<div role="alert">\n<p>{escape(message)}</p>\n'
    if errors:
        items = "\n".join(
            f"<li><strong>{escape(labels.get(name, name))}</strong>: {escape(text)}</li>"
            for name, text in errors.items()
        )
        body += f"<ul>\n{items}\n</ul>\n"
    body += f'</div>\n<p><a href="{escape(back_url)}">Go back to the form and correct it</a></p>'
    return page(title, body, site_url)
