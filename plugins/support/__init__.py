"""What the plugins share and register nothing: the content model and its checks' parts,
dates, URLs, structured data, the Pagefind service, and the Markdown extensions pelicanconf.py
names in MARKDOWN (typography, tables). Every module directly under plugins/ is a Pelican
plugin with `register()`; none here is (tests/site/test_plugin_layout.py).
"""
