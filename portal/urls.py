from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.views import search_view, verification_view
from portal import opendata, views
from portal.api import api_router
from portal.forms import LockLiftingSetPasswordForm, ThrottledLoginForm
from portal.views import PublicSitemap

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("api/v2/", api_router.urls),
    re_path(
        r"^du-lieu-mo/(?P<dataset>khen-thuong|quyet-dinh)\.(?P<extension>csv|json)$",
        opendata.download,
        name="open_data",
    ),
    path("search/", search_view, name="search"),
    path("xac-thuc/<str:code>/", verification_view, name="award_verification"),
    path("don-vi/", include("emulation.urls")),
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=ThrottledLoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("tai-khoan/quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("tai-khoan/quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "tai-khoan/dat-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=LockLiftingSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # One password-reset door, under the sign-in policy: the admin's "Quên mật khẩu?" leads to the portal's.
    path("admin/password_reset/", RedirectView.as_view(url=reverse_lazy("password_reset"), permanent=False)),
    # Wagtail's bare sign-in for private content is closed: its address leads to the portal's sign-in.
    path("_util/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True, permanent=False)),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
