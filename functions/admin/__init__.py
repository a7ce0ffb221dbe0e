"""Staff tools for what the forms collect: exports, the survey report, erasure (GDPR Art. 17).

Run as `python -m functions.admin ...`; see docs/deploy.md. Not part of the Lambda package.
"""
