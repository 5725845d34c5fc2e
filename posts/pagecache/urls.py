from django.urls import path

from . import views

app_name = "pagecache"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
]
