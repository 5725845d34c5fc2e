from django.urls import path, register_converter

from . import converters, feeds, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitMonthConverter, "mm")

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("posts/tag/<slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("posts/category/<slug:slug>/", views.CategoryPostListView.as_view(), name="category"),
    path("posts/author/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("posts/<yyyy:year>/<mm:month>/", views.MonthPostListView.as_view(), name="month"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
]

# Pages answer at /<slug>/ and are included last by the root URLconf.
page_urlpatterns = [
    path("<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
]
