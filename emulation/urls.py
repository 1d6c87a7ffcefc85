from django.urls import path

from emulation import files, unit_views

urlpatterns = [
    path("", unit_views.dashboard, name="unit_dashboard"),
    path("dang-ky/<int:year>/", unit_views.registration, name="unit_registration"),
    path("dang-ky/<int:year>/mau.xlsx", unit_views.registration_template, name="unit_registration_template"),
    path("dang-ky/<int:year>/bien-nhan/", unit_views.registration_receipt, name="unit_registration_receipt"),
    path("sang-kien/<int:pk>/", unit_views.initiative_detail, name="unit_initiative"),
    path("sang-kien/<int:pk>/tep/", files.initiative_file, name="initiative_file"),
    path("sang-kien/dang-ky/<int:year>/", unit_views.initiative_new, name="unit_initiative_new"),
]
