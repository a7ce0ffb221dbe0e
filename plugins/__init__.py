"""Pelican plugins of the Citizen Focus site: one module per job, each with `register()`;
what they share, which registers nothing, is in plugins/support/."""
