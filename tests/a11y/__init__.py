"""Accessibility: axe-core, the Nu HTML Checker and Lighthouse on the live local stack."""
