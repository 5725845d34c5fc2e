"""Every page type a reader, the clinician or a moderator can reach: the audited list.

``PAGES`` is walked by ``test_accessibility.py`` (axe at 1280 and 390 px, the Nu HTML checker,
full-page screenshots). ``tests/test_every_route_is_audited.py`` walks the URL configuration
and fails when a route is neither covered by a page here nor excluded below with a reason, so
a new page type fails CI until it is audited.

A page's ``path`` is a URL or a function of the scene (the objects ``make_scene`` created);
``who`` is whose browser opens it; ``then`` puts the page in the state to audit (a form's
error state, an open reply form); ``covers`` names the URL routes (``namespace:name``, or the
route pattern for unnamed ones) that this page stands for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

POST = "/posts/its-the-iliopsoas-stupid/"


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable
    covers: tuple = ()
    who: str = "anonymous"  # anonymous | reader | clinician | moderator
    js: bool = True
    media: str = "screen"
    then: Callable | None = field(default=None, compare=False)
    status: int = 200


def submit_empty_comment(page):
    """The comment form's error state: sent empty (the browser's own checks switched off)."""
    form = page.locator("#comment-form")
    form.evaluate("form => { form.noValidate = true; }")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()


def open_inline_reply(page):
    page.locator(".comment__reply").first.click()
    page.locator("#respond textarea").wait_for()


def add_all_to_plan(page):
    page.get_by_role("button", name="Add all to my plan").click()
    page.wait_for_url(f"**{POST}#post-exercises")
    page.goto(page.url.split("/posts/")[0] + "/plans/")


def submit_empty_login(page):
    page.locator("main form").first.evaluate("form => { form.noValidate = true; }")
    page.locator("main form").first.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


PAGES = [
    # Reading
    Page("home", "/", ("posts:list",)),
    Page("post", POST, ("posts:detail",)),
    Page("post-reply-open", POST, then=open_inline_reply),
    Page("post-comment-errors", POST, ("comments:post",), then=submit_empty_comment, status=400),
    Page("post-comment-errors-nojs", POST, js=False, then=submit_empty_comment, status=400),
    Page("reply-nojs", lambda s: f"/comments/reply/{s['comment'].pk}/", ("comments:reply",), js=False),
    Page("tag", "/posts/tag/iliopsoas/", ("posts:tag",)),
    Page("category", "/posts/category/anatomy/", ("posts:category",)),
    Page("author", "/posts/author/maya-lindqvist/", ("posts:author",)),
    Page("month", lambda s: s["month"], ("posts:month",)),
    Page("about", "/about/", ("pages:detail",)),
    Page("contact", "/contact/"),
    Page("privacy", "/privacy/"),
    Page("not-found", "/no-such-page-here/", ("comments:api_switched_off",), status=404),
    # The clinic library
    Page("anatomy-list", "/anatomy/", ("posts:anatomy_list",)),
    Page("topic", "/anatomy/iliopsoas/", ("posts:anatomy_detail",)),
    Page("condition-list", "/conditions/", ("posts:condition_list",)),
    Page("condition", "/conditions/snapping-hip/", ("posts:condition_detail",)),
    Page("exercise-list", "/exercises/", ("posts:exercise_list",)),
    Page("exercise-list-filtered", "/exercises/?goal=stretch"),
    Page("exercise", "/exercises/boat/", ("posts:exercise_detail",)),
    # Search
    Page("search-results", "/search/?q=psoas", ("search:results",)),
    Page("search-did-you-mean", "/search/?q=soas"),
    Page("search-none", "/search/?q=xylophone"),
    Page("search-empty", "/search/?q="),
    # Exercise plans
    Page("plan-empty", "/plans/", ("plans:mine",)),
    Page("plan", POST, then=add_all_to_plan),
    Page("plan-print", POST, media="print", then=add_all_to_plan),
    Page("plan-shared", lambda s: f"/plans/shared/{s['plan_token']}/", ("plans:shared", "plans:patient")),
    # Following by email
    Page("follow", "/notifications/follow/", ("notifications:follow",)),
    Page("follow-confirm", lambda s: f"/notifications/confirm/{s['confirm_token']}/", ("notifications:confirm",)),
    Page(
        "unsubscribe",
        lambda s: f"/notifications/unsubscribe/{s['unsubscribe_token']}/",
        ("notifications:unsubscribe",),
    ),
    Page("follow-bad-link", "/notifications/confirm/doctored/", status=400),
    # Comments: a reader's own, their data, moderation links
    Page("data-request", "/comments/my-data/", ("comments:data_request",)),
    Page("my-data", lambda s: f"/comments/my-data/{s['data_token']}/", ("comments:my_data",)),
    Page("my-comments", "/comments/mine/", ("comments:mine",), who="reader"),
    Page("edit-comment", lambda s: f"/comments/mine/{s['own_comment'].pk}/edit/", ("comments:edit",), who="reader"),
    Page("delete-account", "/comments/mine/delete-account/", ("comments:delete_account",), who="reader"),
    Page("comment-confirm-bad", "/comments/confirm/doctored/", ("comments:confirm",), status=400),
    Page("flag", lambda s: f"/comments/flag/{s['comment'].pk}/", ("comments:flag",), who="reader"),
    Page(
        "approve",
        lambda s: f"/comments/approve/{s['pending'].pk}/",
        ("comments:approve", "comments:delete"),
        who="moderator",
    ),
    Page("comment-sent", lambda s: f"/comments/sent/?c={s['comment'].pk}", ("comments-xtd-sent",)),
    Page("comment-posted", lambda s: f"/comments/posted/?c={s['comment'].pk}", ("comments-comment-done",)),
    Page("comment-flagged", lambda s: f"/comments/flagged/?c={s['comment'].pk}", ("comments-flag-done",)),
    Page("comment-liked", lambda s: f"/comments/liked/?c={s['comment'].pk}", ("comments-xtd-like-done",)),
    Page("comment-disliked", lambda s: f"/comments/disliked/?c={s['comment'].pk}", ("comments-xtd-dislike-done",)),
    Page("comment-approved", lambda s: f"/comments/approved/?c={s['comment'].pk}", ("comments-approve-done",)),
    Page("comment-deleted", lambda s: f"/comments/deleted/?c={s['comment'].pk}", ("comments-delete-done",)),
    Page("comment-mute-bad-key", "/comments/mute/doctored/", ("comments:mute", "comments-xtd-mute"), status=400),
    # Accounts (allauth)
    Page("login", "/accounts/login/", ("account_login",)),
    Page("login-errors", "/accounts/login/", then=submit_empty_login, status=200),
    Page("signup", "/accounts/signup/", ("account_signup",)),
    Page("password-reset", "/accounts/password/reset/", ("account_reset_password",)),
    Page("password-reset-done", "/accounts/password/reset/done/", ("account_reset_password_done",)),
    Page(
        "password-reset-bad-key",
        "/accounts/password/reset/key/1-doctored/",
        ("account_reset_password_from_key", "account_reset_password_from_key_done"),
    ),
    Page("email-sent", "/accounts/confirm-email/", ("account_email_verification_sent",)),
    Page("email-confirm-bad-key", "/accounts/confirm-email/doctored/", ("account_confirm_email",)),
    Page("inactive", "/accounts/inactive/", ("account_inactive",)),
    Page("logout", "/accounts/logout/", ("account_logout",), who="reader"),
    Page("emails", "/accounts/email/", ("account_email",), who="reader"),
    Page(
        "password-change",
        "/accounts/password/change/",
        ("account_change_password", "account_set_password", "account_reauthenticate"),
        who="reader",
    ),
    Page("connections", "/accounts/3rdparty/", ("socialaccount_connections",), who="reader"),
    Page(
        "social-login-error",
        "/accounts/3rdparty/login/error/",
        ("socialaccount_login_error", "socialaccount_signup"),
        status=401,
    ),
    Page("social-login-cancelled", "/accounts/3rdparty/login/cancelled/", ("socialaccount_login_cancelled",)),
    Page(
        "two-factor",
        "/accounts/2fa/",
        (
            "mfa_index",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
        ),
        who="reader",
    ),
    # Admin: the clinician's and the moderator's pages
    Page("admin-login", "/admin/login/", ("admin:login",)),
    Page("admin-dashboard", "/admin/", ("admin:index", "admin:app_list"), who="clinician"),
    Page("admin-post-list", "/admin/posts/post/", ("admin:*_changelist",), who="clinician"),
    Page("admin-add-post", "/admin/posts/post/add/", ("admin:*_add", "admin:*_change"), who="clinician"),
    Page(
        "admin-post-history",
        lambda s: f"/admin/posts/post/{s['post'].pk}/history/",
        ("admin:*_history",),
        who="clinician",
    ),
    Page(
        "admin-post-delete",
        lambda s: f"/admin/posts/post/{s['post'].pk}/delete/",
        ("admin:*_delete",),
        who="clinician",
    ),
    Page(
        "admin-post-recover",
        "/admin/posts/post/recover/",
        ("admin:*_recoverlist", "admin:*_recover", "admin:*_revision"),
        who="clinician",
    ),
    Page("admin-review-overdue", "/admin/posts/post/review-overdue/", ("admin:posts_review_overdue",), who="clinician"),
    Page("admin-media-library", "/admin/posts/image/", who="clinician"),
    Page(
        "admin-media-picker",
        "/admin/posts/image/picker/",
        ("admin:posts_image_picker", "admin:posts_video_picker"),
        who="clinician",
    ),
    Page(
        "admin-password-change",
        "/admin/password_change/",
        ("admin:password_change", "admin:password_change_done", "admin:auth_user_password_change"),
        who="clinician",
    ),
    Page("admin-moderation-queue", "/admin/comments/pendingcomment/", who="moderator"),
    Page(
        "admin-moderator-reply",
        lambda s: f"/admin/comments/pendingcomment/{s['pending'].pk}/reply/",
        ("admin:comments_*_reply",),
        who="moderator",
    ),
    Page(
        "admin-comment-details",
        lambda s: f"/admin/comments/pendingcomment/{s['pending'].pk}/edit-details/",
        ("admin:comments_*_edit_details",),
        who="moderator",
    ),
]

# Routes that are not pages, with the reason. Anything else must be covered by a page above.
EXCLUDED = {
    "healthz": "plain-text health check for the load balancer",
    "robots_txt": "plain text",
    "favicon": "an image",
    "sitemap": "XML",
    "posts:feed": "RSS feed",
    "posts:feed_atom": "Atom feed",
    "posts:tag_feed": "RSS feed",
    "posts:category_feed": "RSS feed",
    "comments:post_feed": "RSS feed",
    "comments:identicon": "an SVG image",
    "comments:export": "a JSON download",
    "comments:form_stamp": "JSON: the comment form's token and timestamp for a cached post page",
    "pagecache:tokens": "JSON: CSRF tokens for the forms on a cached page",
    "comments:like": "POST-only endpoint (a GET answers 405)",
    "comments:dislike": "POST-only endpoint (a GET answers 405)",
    "comments:like_post": "POST-only endpoint (a GET answers 405)",
    "comments:answer": "POST-only endpoint",
    "comments:delete_own": "POST-only endpoint",
    "comments:in_context": "a redirect to the comment on its post",
    "comments:content_redirect": "a redirect to the commented object",
    "search:suggest": "JSON for the search box's suggestions",
    "plans:mine_pdf": "a PDF download",
    "plans:shared_pdf": "a PDF download",
    "plans:patient_pdf": "a PDF download",
    "plans:add": "POST-only endpoint",
    "plans:change": "POST-only endpoint",
    "plans:clear": "POST-only endpoint",
    "plans:shared_copy": "POST-only endpoint",
    "admin:logout": "POST-only endpoint",
    "admin:autocomplete": "JSON for the admin's autocompletes",
    "admin:jsi18n": "JavaScript",
    "admin:view_on_site": "a redirect to the object's public page",
    "admin:taggit_tag_merge_tags": "a form of django-taggit's admin action, reached only from the tag list",
    "mfa_download_recovery_codes": "a text download",
    "account_confirm_login_code": "login by emailed code is switched off (ACCOUNT_LOGIN_BY_CODE_ENABLED)",
    "^media/(?P<path>.*)$": "uploaded files",
    # allauth's old /accounts/social/ paths redirect to /accounts/3rdparty/.
    "social/login/cancelled/": "a redirect to the audited 3rdparty page",
    "social/login/error/": "a redirect to the audited 3rdparty page",
    "social/signup/": "a redirect to the audited 3rdparty page",
    "social/connections/": "a redirect to the audited 3rdparty page",
}
# Providers' login and callback views redirect to the provider (or back); they render no page of ours.
EXCLUDED_SUFFIXES = {"_login": "redirects to the provider", "_callback": "the provider's redirect back"}
EXCLUDED_SUFFIXES["_moderate"] = "POST-only endpoint of the moderation queue's buttons"
EXCLUDED_SUFFIXES["_new_link"] = "POST-only endpoint (a patient plan's new link; shown once, never by GET)"
EXCLUDED_SUFFIXES["_withdraw"] = "POST-only endpoint (withdraws a patient plan's link)"
EXCLUDED_SUFFIXES["_login_by_token"] = "POST-only endpoint for providers' JavaScript SDKs (switched off)"
# django-comments-xtd's own routes under /comments/ are shadowed by ours (same paths, listed first)
# or are its API, which is switched off (comments:api_switched_off answers 404).
SHADOWED = "django-comments-xtd's route, shadowed by the comments: route of the same path listed before it"
for _name in ("confirm", "reply", "like", "dislike"):
    EXCLUDED[f"comments-xtd-{_name}"] = SHADOWED
EXCLUDED.update({"comments-approve": SHADOWED, "comments-delete": SHADOWED})
EXCLUDED.update({"comments-flag": SHADOWED, "comments-post-comment": SHADOWED, "comments-url-redirect": SHADOWED})
EXCLUDED["admin:"] = "Django admin's redirects (an object's URL to its change page, an unknown URL to 404)"
EXCLUDED_PREFIXES = {
    "comments-xtd-api-": "django-comments-xtd's API, switched off: comments:api_switched_off answers 404 first",
}
