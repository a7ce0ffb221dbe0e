"""Rendering the API's HTML pages with the site's own templates (theme/templates/).

One renderer for everything a person reads: Pelican builds the static pages from these
templates, and the functions render their pages (confirm, withdraw, results, errors, forms
shown again with what the person typed) from the same base template and form macros.
Jinja2 is imported only when a page is rendered: JSON requests never load it. (The site's own
pages are content/pages/; the API's page responses are put together in functions/http/.)
"""
