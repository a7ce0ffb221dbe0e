"""Security: hostile input, faults, load, privacy and headers, on the API and dev server."""
