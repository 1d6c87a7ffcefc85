"""Permission names in Vietnamese.

Django stores each permission's name in the database, written in English when the model is migrated ("Can add
emulation year"), and the admin's group screens show those names as they are. After every migration the default
permissions (add, change, delete, view) are named from the model's Vietnamese name, and the others (Wagtail's
"Publish any page" …) by the catalogue.
"""

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

ACTIONS = {
    "add": gettext_noop("Can add %(name)s"),
    "change": gettext_noop("Can change %(name)s"),
    "delete": gettext_noop("Can delete %(name)s"),
    "view": gettext_noop("Can view %(name)s"),
    "choose": gettext_noop("Can choose %(name)s"),  # Wagtail's images and documents
}


def vietnamese_name(permission):
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in ACTIONS and model is not None and model_name == model._meta.model_name:
        return gettext(ACTIONS[action]) % {"name": model._meta.verbose_name}
    return gettext(permission.name)


def name_permissions(using="default", **kwargs):
    from django.contrib.auth.models import Permission

    with translation.override("vi"):
        changed = []
        for permission in Permission.objects.using(using).select_related("content_type"):
            name = str(vietnamese_name(permission))[:255]
            if name != permission.name:
                permission.name = name
                changed.append(permission)
        Permission.objects.using(using).bulk_update(changed, ["name"])
