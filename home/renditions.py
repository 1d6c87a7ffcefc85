"""The image renditions the public pages show, made when an image is saved, so that no reader waits for them.

Each filter spec below is one that a template asks for; a test renders the pages after saving an image and checks
that they make no rendition of their own, so a template that changes its sizes fails until this list follows.
`manage.py make_renditions` makes those missing for every image (after the demo loads, and at deploy)."""

import logging

from django.db import transaction
from wagtail.images.models import Filter

logger = logging.getLogger(__name__)

TEMPLATE_SPECS = [
    "format-{webp,jpeg} fill-{400x225,800x450}",  # home/includes/article_card.html
    "format-{webp,jpeg} width-{480,800,1200}",  # home/article_page.html, home/blocks/captioned_image_block.html
    "fill-1200x630 format-jpeg",  # base.html: og:image
]


def specs():
    return [spec for pattern in TEMPLATE_SPECS for spec in Filter.expand_spec(pattern)]


def make_renditions(image):
    """Every rendition of `image` the templates use that does not exist yet; returns how many there are."""
    return len(image.get_renditions(*specs()))


def make_later(image_id):
    """Make them once the current transaction commits (at once outside one), for the image if it still exists."""

    def make():
        from wagtail.images import get_image_model

        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            return
        try:
            make_renditions(image)
        except Exception:  # a broken file must not fail the editor's save: readers' requests would report it
            logger.exception("Could not make the renditions of image %s", image_id)

    transaction.on_commit(make)


def on_image_saved(sender, instance, raw=False, **kwargs):
    from django.conf import settings

    if not raw and settings.RENDITIONS_ON_SAVE:
        make_later(instance.pk)


def on_rendition_deleted(sender, instance, **kwargs):
    """The admin deletes an image's renditions after saving a new file for it: make the new ones then. (Deleting
    runs inside a transaction, so this runs after the last of them is gone.)"""
    from django.conf import settings

    if settings.RENDITIONS_ON_SAVE:
        make_later(instance.image_id)


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model

    image_model = get_image_model()
    post_save.connect(on_image_saved, sender=image_model, dispatch_uid="home.renditions.image")
    post_delete.connect(
        on_rendition_deleted, sender=image_model.get_rendition_model(), dispatch_uid="home.renditions.rendition"
    )
