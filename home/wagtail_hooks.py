from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from emulation.wagtail_hooks import PermissionMenuItem
from home import views


@hooks.register("register_admin_urls")
def register_urls():
    return [path("emulation/open-year/", views.open_year_view, name="emulation_open_year")]


@hooks.register("register_emulation_menu_item")
def open_year_menu_item():
    return PermissionMenuItem(
        _("Open a new year"),
        reverse("emulation_open_year"),
        icon_name="calendar-check",
        order=920,
        permission="emulation.add_emulationyear",
    )
