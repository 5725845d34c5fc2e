"""The clinic's admin: its name and colours, a menu in the order people work, a dashboard,
and sign-in through allauth (rate limits and the second factor apply to /admin/ too)."""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

# The menu's sections: (title, app label, model names in order). Models not named here
# (accounts, sites, redirects … for the operator) follow in Django's own order.
MENU = [
    ("Writing", "posts", ["Post", "Page", "Category", "AuthorProfile"]),
    ("Media library", "posts", ["Image", "Video"]),
    ("Clinic library", "posts", ["AnatomyTopic", "Condition", "Exercise", "Goal", "Equipment"]),
    ("Home-exercise plans", "plans", ["Plan"]),
    (
        "Comments",
        "comments",
        ["PendingComment", "FlaggedComment", "SpamComment", "Comment", "CannedReply", "CommentEdit"],
    ),
    ("Following the blog", "notifications", ["Subscriber", "Announcement", "Delivery"]),
    # django-q2's models: waiting, failed and finished tasks, and the periodic jobs.
    ("Background work", "django_q", ["OrmQ", "Failure", "Success", "Schedule"]),
]


class ClinicAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} · admin"
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Dashboard"

    def login(self, request, extra_context=None):
        # Staff sign in on allauth's page, like everyone else; a logged-in reader gets 403.
        return secure_admin_login(super().login)(request, extra_context)

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        app_dict = self._build_app_dict(request)
        sections = []
        for title, label, names in MENU:
            app = app_dict.get(label)
            if app is None:
                continue
            by_name = {model["object_name"]: model for model in app["models"]}
            models = [by_name[name] for name in names if name in by_name]
            if models:
                sections.append({**app, "name": title, "models": models, "section": title.lower().replace(" ", "-")})
        placed = {(label, name) for _title, label, names in MENU for name in names}
        for label in sorted(app_dict, key=lambda key: app_dict[key]["name"].lower()):
            app = app_dict[label]
            rest = sorted(
                (m for m in app["models"] if (label, m["object_name"]) not in placed), key=lambda m: m["name"]
            )
            if rest:
                sections.append({**app, "models": rest, "section": label})
        return sections

    def index(self, request, extra_context=None):
        context = {
            "two_factor_enabled": is_mfa_enabled(request.user),
            "two_factor_url": reverse("mfa_index"),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)
