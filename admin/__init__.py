"""Staff tools for what the forms collect: exports, the survey report, erasure (GDPR Art. 17).

Run as `python -m admin ...`; see docs/deploy.md. Staff tooling run from the repository, kept
outside functions/ so that it is never part of the Lambda package. It reads and writes the
tables through the functions' own storage adapters (functions/storage/) and use cases, and
imports nothing of deploy/, devstack/, scripts/, plugins/ or sitebuild/
(tests/infra/test_layers.py).
"""
