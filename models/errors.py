"""The one exception type that entry points turn into a one-line error and a non-zero exit."""


class ScoutError(Exception):
    """A user-facing failure: the message says what went wrong, where, and what to do."""
