"""What every page shows around its content, for the site and the API alike.

pelicanconf.py takes its identity, navigation and feed settings from here, and the API's
renderer gives its templates the same values, so a page the API renders has the very header,
navigation and footer of the static site. Labels are msgids: templates translate them.
"""

from __future__ import annotations

from typing import Any

from functions.domain.forms import YES_NO_CHOICES
from functions.i18n import DEFAULT_LANGUAGE, N_
from functions.rendering.form_state import FormState, form_entries, survey_entries
from functions.rendering.languages import jinja_helpers

SITENAME = "Citizen Focus"
SITESUBTITLE = N_("EIP-SCC Action Cluster on citizen engagement in smart cities")
DEFAULT_LANG = DEFAULT_LANGUAGE
THEME_STATIC_DIR = "theme"
FEED_ATOM = "feeds/all.atom.xml"
FEED_RSS = "feeds/all.rss.xml"

# Main navigation: (label, root-relative URL).
MENU = [
    (N_("Home"), ""),
    (N_("News"), "news/"),
    (N_("Events"), "events/"),
    (N_("Interviews"), "interviews/"),
    (N_("Manifesto"), "manifesto/"),
    (N_("Ambassador Cities"), "ambassador-cities/"),
    (N_("About us"), "action-cluster/"),
]

# Where the API's form pages live on the site: their canonical URL and active menu item.
MANIFESTO_PATH = "manifesto/"
SURVEY_PATH = "ambassador-cities/survey/"


def chrome_settings() -> dict[str, Any]:
    """The settings base.html reads, as Pelican names them."""
    return {
        "SITENAME": SITENAME,
        "SITESUBTITLE": SITESUBTITLE,
        "DEFAULT_LANG": DEFAULT_LANG,
        "THEME_STATIC_DIR": THEME_STATIC_DIR,
        "FEED_ATOM": FEED_ATOM,
        "FEED_RSS": FEED_RSS,
        "MENU": MENU,
    }


def form_template_globals() -> dict[str, Any]:
    """What the form macros of _forms.html need, on the site and in the API."""
    return {
        "blank_form": FormState(),
        "form_entries": form_entries,
        "survey_entries": survey_entries,
        "yes_no_choices": YES_NO_CHOICES,
        **jinja_helpers(),
    }
