"""The admin's forms for the portal's pages: the address (slug) always in ASCII, whatever the editor typed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from portal.text import ascii_slug


class AsciiSlugMixin:
    """The slug transliterated before Wagtail checks that no sibling has it: "Văn phòng Sở …" → van-phong-so-…"""

    def clean_slug(self):
        slug = ascii_slug(self.cleaned_data.get("slug", ""))
        if not slug:
            raise forms.ValidationError(_("Write the address with letters or digits."))
        return slug


class PageForm(AsciiSlugMixin, WagtailAdminPageForm):
    pass


class FormPageForm(AsciiSlugMixin, WagtailAdminFormPageForm):
    pass


class CategoryForm(WagtailAdminModelForm):
    """A news category's address: typed in any letters, or left empty to take the name's; kept in ASCII."""

    slug = forms.CharField(
        label=_("slug"),
        max_length=120,
        required=False,
        help_text=_("Used in the category's address; left empty, it is made from the name."),
    )

    def clean_slug(self):
        slug = ascii_slug(self.cleaned_data.get("slug") or self.data.get("name", ""), max_length=120)
        if not slug:
            raise forms.ValidationError(_("Write the address with letters or digits."))
        return slug
