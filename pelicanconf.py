"""Pelican settings for the local stack: `make html`, then `make serve` on one origin.

publishconf.py imports everything here and changes only what production needs.
"""

import hashlib
import os
import sys
from pathlib import Path

ROOT = os.path.dirname(os.path.abspath(__file__))
# The plugins and the forms loader (functions/domain) are packages of this repository;
# pelican's console script does not put the repository on the import path by itself.
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# Identity, navigation and feeds come from the module the API's pages use too: one chrome.
from functions.i18n import LANGUAGES, N_  # noqa: E402, F401 - needs ROOT on the import path
from functions.rendering.site import (  # noqa: E402, F401 - settings Pelican reads by name
    DEFAULT_LANG,
    FEED_ATOM,
    FEED_RSS,
    MENU,
    SITENAME,
    SITESUBTITLE,
    THEME_STATIC_DIR,
)

SITEURL = ""
TIMEZONE = "Europe/Brussels"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PATH = "content"
ARTICLE_PATHS = ["news", "events", "interviews"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = os.path.join(ROOT, "theme")
DELETE_OUTPUT_DIRECTORY = True
# Slugs come from file names, so an edited title never breaks a published URL.
SLUGIFY_SOURCE = "basename"
DEFAULT_CATEGORY = "News"

# API of the forms: same origin locally (devstack serves output/ and /api/*).
API_BASE_URL = "/api"
ENDORSEMENTS_AT_BUILD = N_("more than 120")

PLUGINS = [
    "plugins.yaml_reader",
    "plugins.template_cache",
    "plugins.languages",
    "plugins.content_checks",
    "plugins.publication",
    "plugins.events",
    "plugins.site_context",
    "plugins.forms",
    "plugins.sitemap",
    "plugins.pagefind_index",
    "plugins.minified_assets",
]

# The content checks run once per build: the site build (sitebuild, `make html`) runs them before
# Pelican and sets this with `-e CONTENT_CHECKED=true`; a bare `pelican` run checks in the gate.
CONTENT_CHECKED = False

# Clean URLs: every *_URL is paired with its *_SAVE_AS.
# Translations live under their language's prefix (plugins/languages.py); pages say where
# themselves (plugins/yaml_reader.py), articles follow these.
ARTICLE_LANG_URL = "{lang}/{category}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{category}/{slug}/index.html"
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
AUTHOR_URL = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "tags"]

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"category": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds, site-wide and per category (news, events, interviews).
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
# The root feeds are English's: Pelican's FEED_ATOM/FEED_RSS hold the default language's
# articles only, where its FEED_ALL_* would add every translation. Each other language has
# its own under its prefix (plugins/languages.py).
FEED_ALL_ATOM = FEED_ALL_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = True

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        # Smarty (curly quotes, dashes), skipping what it cannot change: plugins/support/typography.py
        "plugins.support.typography": {},
        # Tables scroll inside their own region on a phone: see plugins/support/tables.py.
        "plugins.support.tables": {},
    },
    "output_format": "html5",
}

# Content cache: a rebuild with no change reads nothing again.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# The cache holds what the reader produced; a change to the reader or the content model must
# not serve stale metadata, so their source is part of the cache folder's name.
_READER_SOURCES = (
    "plugins/yaml_reader.py",
    "plugins/support/content_model.py",
    "plugins/support/front_matter.py",
)
CACHE_PATH = os.path.join(
    "cache",
    hashlib.sha256(b"".join(Path(ROOT, name).read_bytes() for name in _READER_SOURCES)).hexdigest()[
        :12
    ],
)
CHECK_MODIFIED_METHOD = "mtime"
# Pelican saves its cache again on every build; gzip made that a quarter second of a
# no-change rebuild of 1,000 articles, to save disk space nobody needs back.
GZIP_CACHE = False

RELATIVE_URLS = False
HIDE_FUTURE_NEWS = False  # editors preview scheduled news locally; publishconf hides it
PAGEFIND = True
# Absolute links (canonical, Open Graph, calendars, sitemap) locally; `make serve` sets the port.
LOCAL_ORIGIN = os.environ.get("LOCAL_ORIGIN", "http://localhost:8000").rstrip("/")
FEED_DOMAIN = LOCAL_ORIGIN  # feeds need absolute links, even locally


# Escape everything by default; content HTML and summaries are marked |safe in templates.
# The API renders the same templates with the same options (functions/rendering/renderer.py).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n", "functions.rendering.fragments.FragmentCache"],
}
