from django.urls import path

from emulation import council_views, files, unit_views

urlpatterns = [
    path("", unit_views.dashboard, name="unit_dashboard"),
    path("dang-ky/<int:year>/", unit_views.registration, name="unit_registration"),
    path("dang-ky/<int:year>/mau.xlsx", unit_views.registration_template, name="unit_registration_template"),
    path("dang-ky/<int:year>/bien-nhan/", unit_views.registration_receipt, name="unit_registration_receipt"),
    path("dang-ky/<int:year>/ban-ky/", unit_views.registration_scan, name="unit_registration_scan"),
    path("ban-dang-ky/<int:pk>/in/", unit_views.registration_print, name="registration_print"),
    path("ban-dang-ky/<int:pk>/ban-ky/", files.registration_scan, name="registration_scan_file"),
    path("sang-kien/<int:pk>/", unit_views.initiative_detail, name="unit_initiative"),
    path("sang-kien/<int:pk>/sua/", unit_views.initiative_edit, name="unit_initiative_edit"),
    path("sang-kien/<int:pk>/rut/", unit_views.initiative_withdraw, name="unit_initiative_withdraw"),
    path("sang-kien/<int:pk>/tep/", files.initiative_file, name="initiative_file"),
    path("sang-kien/<int:pk>/tep/<int:revision>/", files.initiative_file, name="initiative_file_version"),
    path("sang-kien/dang-ky/<int:year>/", unit_views.initiative_new, name="unit_initiative_new"),
]

# The council members' pages (emulation.council_views).
urlpatterns += [
    path("hoi-dong/", council_views.council_home, name="council_home"),
    path("hoi-dong/phien/<int:pk>/", council_views.ballot, name="council_ballot"),
    path("hoi-dong/phien/<int:pk>/phieu-vang-mat/", council_views.written_vote, name="council_written_vote"),
    path("hoi-dong/phien/<int:pk>/dong/", council_views.close, name="council_close"),
    path("hoi-dong/phien/<int:pk>/ket-qua/", council_views.result, name="council_result"),
]
