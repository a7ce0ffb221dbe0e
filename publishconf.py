"""Production settings: everything from pelicanconf.py, plus what differs when published."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403 - publishconf extends the local settings by design

SITEURL = os.environ.get("SITE_URL", "https://citizenfocus.eu").rstrip("/")
# Required: the forms post here; a build without it would ship forms that go nowhere.
API_BASE_URL = os.environ["API_BASE_URL"].rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
HIDE_FUTURE_NEWS = True
DELETE_OUTPUT_DIRECTORY = True
