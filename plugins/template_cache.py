"""Keep the theme's compiled templates in the build's cache folder (Jinja2's bytecode cache).

Pelican gives each generator its own Jinja2 environment, so every build compiled each template
again, once per generator that renders it: a fifth of a second of every no-change rebuild.
Jinja2 checks each template's source against the checksum stored with its bytecode, so an
edited template is compiled again; a full build, from an empty cache, compiles as before.
Compiled code names the Jinja2 extensions it calls by their import path, which the checksum
does not see: the folder is kept per set of extensions, so a moved extension compiles anew.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals

FOLDER = "templates"  # in CACHE_PATH


def keep_compiled_templates(generator: Any) -> None:
    if not generator.settings.get("CACHE_CONTENT", True):
        return  # a build told not to cache writes nothing into the cache folder
    extensions = "\n".join(sorted(generator.env.extensions)).encode()
    folder = os.path.join(
        generator.settings["CACHE_PATH"], FOLDER, hashlib.sha256(extensions).hexdigest()[:12]
    )
    os.makedirs(folder, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(folder)


def register() -> None:
    signals.generator_init.connect(keep_compiled_templates)
