"""What the staff commands refuse to do."""


class Refused(Exception):
    """The command would do the wrong thing; nothing was changed. The message says why."""
