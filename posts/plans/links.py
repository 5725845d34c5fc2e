"""Shareable plan links: the exercises and their dosages, signed, with nothing about the reader.

``signing.dumps`` with compression keeps a nine-exercise plan to about 150 characters; the
signature (keyed by SECRET_KEY and a salt of our own) means a changed link is refused, not read.
"""

from django.core import signing

from .entries import entries_from_compact, entries_to_compact

SALT = "plans.share"
MAX_TOKEN_LENGTH = 4000  # a full plan of 30 exercises stays well below this


class BadPlanLink(Exception):
    pass


def share_token(entries):
    return signing.dumps(entries_to_compact(entries), salt=SALT, compress=True)


def entries_from_share_token(token):
    """The entries a link carries; ``BadPlanLink`` when it was cut, changed or forged."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadPlanLink("This plan link is too long or empty.")
    try:
        rows = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise BadPlanLink("This plan link was changed or cut short.") from exc
    entries = entries_from_compact(rows)
    if not entries:
        raise BadPlanLink("This plan link holds no exercises.")
    return entries
