from django.urls import path

from . import views

app_name = "activation"
urlpatterns = [
    path("", views.work_queue, name="work_queue"),
    path("reviews/", views.reviews_due, name="reviews_due"),
    path("clients/<int:pk>/figures/", views.figures_edit, name="figures_edit"),
    path("clients/<int:pk>/plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/agree/", views.plan_agree, name="plan_agree"),
    path("plans/<int:plan_pk>/end/", views.plan_end, name="plan_end"),
    path("plans/<int:plan_pk>/review/", views.plan_review, name="plan_review"),
    path("plans/<int:plan_pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
