"""Authors: matched to accounts here (``--author-map``, username, email) or created inactive."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from posts.models import AuthorProfile
from posts.models.slugs import unique_slug
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import ImportRefused

AUTHORS_GROUP = "Authors"


def import_authors(run, authors):
    User = get_user_model()
    group = Group.objects.filter(name=AUTHORS_GROUP).first()
    for author in authors:
        if not author.login:
            continue
        record = run.record_of(ImportedItem.Kind.AUTHOR, author.wp_id) if author.wp_id else None
        user = User.objects.filter(pk=record.object_id).first() if record else None
        outcome = "unchanged"
        if user is None and author.login in run.author_map:
            user = User.objects.get(username=run.author_map[author.login])
            outcome = "skipped"  # matched: an existing account, left as it is
        if user is None:
            user = User.objects.filter(username=author.login).first()
            if user is None and author.email:
                user = User.objects.filter(email__iexact=author.email).order_by("pk").first()
            if user is not None:
                outcome = "skipped"
        if user is None:
            user = User(
                username=_free_username(User, author.login),
                email=author.email[:254],
                first_name=author.first_name[:150],
                last_name=author.last_name[:150],
                is_active=False,
                is_staff=True,
            )
            user.set_unusable_password()
            user.save()
            if group is not None:
                user.groups.add(group)
            name = author.display_name or user.get_full_name() or author.login
            AuthorProfile.objects.create(
                user=user,
                display_name=name[:120],
                slug=unique_slug(AuthorProfile, name, max_length=50),
            )
            outcome = "created"
            run.report.warn(
                f"Author “{author.login}” was created as an inactive account; activate it and set a password "
                "in the admin, or rerun with --author-map to use an existing account."
            )
        run.report.count("authors", outcome)
        run.users_by_login[author.login] = user
        if author.wp_id:
            run.users_by_wp_id[author.wp_id] = user
            run.remember(ImportedItem.Kind.AUTHOR, author.wp_id, user)
        if run.default_author is None:
            run.default_author = user
    if run.default_author is None:
        run.default_author = User.objects.filter(is_superuser=True).order_by("pk").first()


def _free_username(User, login):
    base = (slugify(login) or "wordpress-author")[:140]
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def author_for(run, login):
    user = run.users_by_login.get(login)
    if user is None and login in run.author_map:
        user = get_user_model().objects.filter(username=run.author_map[login]).first()
        run.users_by_login[login] = user
    if user is None:
        user = run.default_author
    if user is None:
        raise ImportRefused("the export has no authors and this site has no superuser to own the posts")
    return user


def parse_author_map(pairs):
    """``["old=new", …]`` → {old login: new username}; every new username must exist."""
    mapping = {}
    for pair in pairs or []:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ImportRefused(f"--author-map expects old=new, not “{pair}”")
        mapping[old.strip()] = new.strip()
    missing = set(mapping.values()) - set(
        get_user_model().objects.filter(username__in=mapping.values()).values_list("username", flat=True)
    )
    if missing:
        raise ImportRefused(f"--author-map names accounts that do not exist here: {', '.join(sorted(missing))}")
    return mapping
