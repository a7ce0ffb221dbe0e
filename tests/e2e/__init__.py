"""End to end: a visitor's journeys, mostly in Chromium against the live local stack."""
