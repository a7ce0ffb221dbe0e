"""An endorsement's values as stored: the same as dataclasses.asdict, without its cost."""

from __future__ import annotations

from dataclasses import asdict

from functions.domain.submissions import Endorsement


def test_as_dict_is_what_asdict_gives_and_a_copy():
    """Endorsement.as_dict equals dataclasses.asdict, and changing it leaves the object alone."""
    endorsement = Endorsement(
        name="Ada",
        organisation="Analytical",
        role="",
        organisation_type="citizen",
        country="GB",
        email="Ada@Example.org",
        list_publicly=True,
    )
    values = endorsement.as_dict()
    assert values == asdict(endorsement)
    values["name"] = "changed"
    assert endorsement.name == "Ada"
