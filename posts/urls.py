from django.urls import path, register_converter

from . import converters, feeds, library_views, views

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitMonthConverter, "mm")

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("posts/tag/<slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("posts/tag/<slug:slug>/feed/", feeds.TagPostsFeed(), name="tag_feed"),
    path("posts/category/<slug:slug>/", views.CategoryPostListView.as_view(), name="category"),
    path("posts/category/<slug:slug>/feed/", feeds.CategoryPostsFeed(), name="category_feed"),
    path("posts/author/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("posts/<yyyy:year>/<mm:month>/", views.MonthPostListView.as_view(), name="month"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    # The clinic library
    path("anatomy/", library_views.AnatomyListView.as_view(), name="anatomy_list"),
    path("anatomy/<slug:slug>/", library_views.AnatomyDetailView.as_view(), name="anatomy_detail"),
    path("conditions/", library_views.ConditionListView.as_view(), name="condition_list"),
    path("conditions/<slug:slug>/", library_views.ConditionDetailView.as_view(), name="condition_detail"),
    path("exercises/", library_views.ExerciseListView.as_view(), name="exercise_list"),
    path("exercises/<slug:slug>/", library_views.ExerciseDetailView.as_view(), name="exercise_detail"),
]

# Pages answer at /<slug>/ and are included last by the root URLconf.
page_urlpatterns = [
    path("<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
]
