"""Pelican plugins of the Citizen Focus site: one module per job, each with `register()`."""
