"""What answers may say about a person: their GitHub login, display name and public commit links, never an
e-mail address unless the operator opts in (SCOUT_SHOW_EMAILS=1, Settings.show_emails).

A person id that is an e-mail (people with no known login) is shown as 'p:' + the first 16 hex digits of
its SHA-256: stable across refreshes, accepted wherever an id is, and not reversible by reading it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
HIDDEN = "[email hidden]"
_ID_KEYS = frozenset({"id"})
_PLAIN = frozenset({int, float, bool, type(None)})  # values that cannot hold an address


def public_id(person_id: str) -> str:
    """'gh:<login>' as it is; any other id (an e-mail, or an e-mail#name) as 'p:<hash>'."""
    if person_id.startswith(("gh:", "p:")) or not person_id:
        return person_id
    return "p:" + hashlib.sha256(person_id.encode()).hexdigest()[:16]


def public_payload(payload: Any) -> Any:
    """A JSON-ready answer with e-mail addresses removed: `emails` lists emptied, person ids made public,
    and any address inside other text (a commit message line, a summary) replaced."""
    if isinstance(payload, dict):
        out: dict[Any, Any] = {}
        for key, value in payload.items():
            if key == "emails" and isinstance(value, list):
                out[key] = []
            elif key in _ID_KEYS and isinstance(value, str):
                out[key] = public_id(value)
            elif type(value) in _PLAIN:  # most of an answer: no call per number (a search answer has ~2,000)
                out[key] = value
            else:
                out[key] = public_payload(value)
        return out
    if isinstance(payload, list):
        return [v if type(v) in _PLAIN else public_payload(v) for v in payload]
    if isinstance(payload, str) and "@" in payload:
        return EMAIL.sub(HIDDEN, payload)
    return payload
