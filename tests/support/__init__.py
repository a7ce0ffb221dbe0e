"""Helpers shared by the test folders: the live stack, Chromium, axe-core, the Nu checker."""
