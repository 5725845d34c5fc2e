"""The operator's comment settings, with their defaults (see the README for each one).

Read at call time, so ``override_settings`` in tests and a changed environment both apply.
"""

from django.conf import settings

DEFAULTS = {
    # Reading
    "COMMENT_MAX_LENGTH": 3000,
    "COMMENTS_PER_PAGE": 50,
    "COMMENTS_ORDER": "oldest",  # or "newest": the order of top-level threads
    "COMMENTS_GRAVATAR": False,
    # Moderation rules
    "COMMENTS_HOLD_FIRST_COMMENT": True,
    "COMMENTS_HOLD_LINKS": 2,  # hold at this many links or more; 0 turns the rule off
    "COMMENTS_MODERATION_WORDS": [],
    "COMMENTS_DISALLOWED_WORDS": [],
    "COMMENTS_HOLD_PERSONAL_DETAILS": True,
    "COMMENTS_HEALTH_PHRASES": [],
    "COMMENTS_MIN_SECONDS": 3,
    "COMMENTS_RATE_PER_MINUTE": 5,
    "COMMENTS_RATE_PER_HOUR": 30,
    "COMMENTS_CLOSE_AFTER_DAYS": 0,  # 0: comments never close by age
    "COMMENTS_NOTIFY_AUTHOR": True,
    # Readers' own comments and privacy
    "COMMENTS_EDIT_MINUTES": 15,
    "COMMENTS_IP_RETENTION_DAYS": 30,
    "COMMENTS_DATA_LINK_HOURS": 1,
    "COMMENTS_CONFIRM_LINK_DAYS": 7,
    # Proxies whose X-Forwarded-For we believe (addresses or networks)
    "TRUSTED_PROXIES": [],
}


def setting(name):
    return getattr(settings, name, DEFAULTS[name])
