"""Give templates the endorsement form and the Ambassador Cities survey, from their YAML.

The definitions in functions/forms/ are loaded with the functions' own loader
(functions.domain.forms), so the site renders exactly the questions the API validates:
one source of truth, no question written twice.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals

from functions.domain.forms import load_form, load_survey
from functions.rendering.site import form_template_globals
from plugins.support.clock import build_now

logger = logging.getLogger(__name__)

ENDORSEMENT_FILE = "endorsement.yml"
SURVEY_FILE = "ambassador-survey.yml"


def forms_dir(settings: dict[str, Any]) -> str:
    return settings.get("FORMS_DIR") or os.path.join(
        os.path.dirname(__file__), "..", "functions", "forms"
    )


def add_forms_to_templates(generator: Any) -> None:
    if not hasattr(generator, "env"):
        return
    folder = forms_dir(generator.settings)
    survey = load_survey(os.path.join(folder, SURVEY_FILE))
    generator.env.globals.update(
        {
            "endorsement_form": load_form(os.path.join(folder, ENDORSEMENT_FILE)),
            "survey": survey,
            "survey_open": survey.is_open(build_now(generator.settings)),
            **form_template_globals(),
        }
    )
    logger.debug("forms loaded from %s", folder)


def register() -> None:
    signals.generator_init.connect(add_forms_to_templates)
