"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from typing import Any

import yaml

DELIMITER = "---"


class FrontMatterError(ValueError):
    """The file has no front matter block or its YAML does not parse."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (metadata, body) for text that starts with a `---` fenced YAML block."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != DELIMITER:
        raise FrontMatterError("the file must start with a '---' line opening the front matter")
    index = next((i for i, line in enumerate(lines) if i and line.strip() == DELIMITER), None)
    if index is None:
        raise FrontMatterError("the front matter has no closing '---' line")
    raw = "".join(lines[1:index])
    try:
        # CSafeLoader when libyaml is there: the same results, several times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        metadata = yaml.load(raw, Loader=loader)  # noqa: S506 - a SafeLoader, never the full one
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"the front matter is not valid YAML: {exc}") from exc
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise FrontMatterError("the front matter must be a mapping of field: value")
    return metadata, "".join(lines[index + 1 :])
