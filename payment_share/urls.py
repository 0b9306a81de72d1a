from django.urls import path

from . import views

app_name = "payment_share"
urlpatterns = [
    path("", views.review, name="review"),
    path("figures/", views.review_figures, name="figures"),
    path("export.xlsx", views.review_export, name="review_export"),
    path("bulk/", views.bulk_assign, name="bulk_assign"),
    path("entries/<int:pk>/responsible/", views.assign_responsible, name="assign_responsible"),
    path("entries/<int:pk>/contact/", views.assign_contact, name="assign_contact"),
    path("entries/<int:pk>/contacted/", views.mark_contacted, name="mark_contacted"),
    path("upload/", views.upload, name="upload"),
    path("upload/sample.csv", views.sample_file, name="sample"),
    path("imports/<int:pk>/", views.job_detail, name="job"),
    path("imports/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("imports/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("imports/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("trend/", views.trend, name="trend"),
    path("trend/chart.svg", views.trend_chart, name="trend_chart"),
    path("trend/trend.xlsx", views.trend_export, name="trend_export"),
]
