"""Our comment URLs. Included before django-comments-xtd's, so the paths they share reach our guards.

Every view here, and every one of xtd's (``comments/xtd_urls.py``), is wrapped by
``comments.guard``: no route answers about a post this user may not see.

Paths shared with xtd/django_comments keep those libraries' names too (their templates and
views reverse ``comments-xtd-reply``, ``comments-flag`` and so on): the names below, in the
``comments`` namespace, are for our own code.
"""

from django.urls import path, re_path

from . import feeds, views
from .accounts import views as account_views
from .guard import guard_patterns
from .likes import views as like_views

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    re_path(r"^confirm/(?P<key>[^/]+)/$", views.confirm, name="confirm"),
    re_path(r"^mute/(?P<key>[^/]+)/$", views.mute, name="mute"),
    path("reply/<int:cid>/", views.reply, name="reply"),
    path("form-stamp/<int:post_id>/", views.form_stamp, name="form_stamp"),
    path("flag/<int:comment_id>/", views.flag, name="flag"),
    path("like/<int:comment_id>/", views.like, name="like"),
    path("dislike/<int:comment_id>/", views.dislike, name="dislike"),
    path("approve/<int:comment_id>/", views.approve, name="approve"),
    path("delete/<int:comment_id>/", views.delete, name="delete"),
    path("in-context/<int:comment_id>/", views.in_context, name="in_context"),
    path("answer/<int:comment_id>/", views.mark_answer, name="answer"),
    re_path(r"^avatar/(?P<key>[0-9a-f]{20})\.svg$", views.identicon, name="identicon"),
    path("feed/<slug:slug>/", feeds.PostCommentsFeed(), name="post_feed"),
    path("mine/", views.my_comments, name="mine"),
    path("mine/<int:comment_id>/edit/", views.edit_comment, name="edit"),
    path("mine/<int:comment_id>/delete/", views.delete_own_comment, name="delete_own"),
    path("mine/export.json", account_views.export_data, name="export"),
    path("mine/delete-account/", account_views.delete_account, name="delete_account"),
    path("likes/<int:post_id>/", like_views.like_post, name="like_post"),
    path("my-data/", views.data_request, name="data_request"),
    path("my-data/<str:token>/", views.my_data, name="my_data"),
    # xtd's REST API would bypass every guard above (and hands out Gravatar hashes of emails);
    # the site has no JavaScript client for it, so it is switched off.
    re_path(r"^api/", views.api_switched_off, name="api_switched_off"),
    # django_comments' redirect to "the object": only for published posts (no probing for drafts).
    re_path(r"^cr/(\d+)/(.+)/$", views.content_redirect, name="content_redirect"),
]
urlpatterns = guard_patterns(urlpatterns)
