"""Make the image renditions the public pages show, for every image that lacks some (home.renditions)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from home.renditions import make_renditions


class Command(BaseCommand):
    help = "Makes the image renditions the public pages use, for every image, so that no reader waits for them."

    def handle(self, *args, **options):
        image_model = get_image_model()
        renditions = image_model.get_rendition_model().objects
        before, images = renditions.count(), 0
        for image in image_model.objects.iterator(chunk_size=100):
            make_renditions(image)
            images += 1
        made = renditions.count() - before
        self.stdout.write(_("Renditions: %(made)s made for %(images)s images.") % {"made": made, "images": images})
