"""The two staff roles: Authors (content, and the comments on their own posts) and Moderators (comments only).

The groups are created by the ``create_roles`` migration; ``grant_authors_content_permissions``
also runs after every ``migrate``, so content models added later (the clinic library, say)
are covered without a new data migration.
"""

AUTHORS = "Authors"
MODERATORS = "Moderators"
# Content, the clinician's home-exercise plans for patients (posts.plans, label "plans") and the
# search tally that tells authors what readers look for (posts.search, label "search").
CONTENT_APPS = ("posts", "plans", "search")
QUEUE_MODELS = ("comment", "pendingcomment", "spamcomment", "flaggedcomment")


def grant_authors_content_permissions(*, using="default"):
    from django.contrib.auth.models import Group, Permission

    authors = Group.objects.using(using).filter(name=AUTHORS).first()
    if authors is None:
        return 0
    content = Permission.objects.using(using).filter(
        content_type__app_label__in=CONTENT_APPS, codename__regex=r"^(add|change|delete|view)_"
    )
    missing = content.exclude(pk__in=authors.permissions.values("pk"))
    count = missing.count()
    if count:
        authors.permissions.add(*missing)
    return count


def is_moderator(user):
    """Moderators (and superusers) work the whole queue; an author sees their own posts' comments."""
    return user.is_superuser or user.has_perm("django_comments.can_moderate")
