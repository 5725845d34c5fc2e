from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.reader_plan, name="mine"),
    path("pdf/", views.reader_plan_pdf, name="mine_pdf"),
    path("add/", views.plan_add, name="add"),
    path("change/", views.plan_change, name="change"),
    path("clear/", views.plan_clear, name="clear"),
    path("shared/<str:token>/", views.shared_plan, name="shared"),
    path("shared/<str:token>/pdf/", views.shared_plan_pdf, name="shared_pdf"),
    path("shared/<str:token>/copy/", views.shared_plan_copy, name="shared_copy"),
    path("for-you/<str:token>/", views.patient_plan, name="patient"),
    path("for-you/<str:token>/pdf/", views.patient_plan_pdf, name="patient_pdf"),
]
