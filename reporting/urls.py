from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("figures/", views.inputs, name="inputs"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/charts/<slug:name>.svg", views.chart, name="chart"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/xlsx/", views.xlsx, name="xlsx"),
    path("<int:pk>/people/<slug:key>/", views.people, name="people"),
]
