"""The one block library of the portal's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

INLINE_FEATURES = ["bold", "italic", "link"]
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading_block.html"
        form_classname = "title"
        preview_value = "1. Mục đích"
        description = _("A sub-heading inside a section.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "home/blocks/paragraph_block.html"
        preview_value = "<p>Phát động phong trào thi đua sâu rộng trong toàn cơ quan.</p>"
        description = _("Running text.")


class ItemListBlock(blocks.StructBlock):
    """A numbered or bulleted list of short rich-text items, as plans and reports write them."""

    numbered = blocks.BooleanBlock(label=_("Numbered"), required=False, default=True)
    items = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES), label=_("Items"))

    class Meta:
        icon = "list-ol"
        label = _("List")
        template = "home/blocks/item_list_block.html"
        preview_value = {
            "numbered": True,
            "items": ["<p>Đăng ký thi đua năm 2020;</p>", "<p>Đăng ký sáng kiến kinh nghiệm năm 2020.</p>"],
        }
        description = _("Numbered or bulleted items.")


class NoteBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=INLINE_FEATURES, **kwargs)

    class Meta:
        icon = "warning"
        label = _("Note")
        template = "home/blocks/note_block.html"
        preview_value = "<p>Các đơn vị gửi đăng ký về Hội đồng Thi đua – Khen thưởng Sở qua Văn phòng Sở.</p>"
        description = _("A highlighted remark (Lưu ý).")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = ItemListBlock()
    note = NoteBlock()


class RecipientBlock(blocks.CharBlock):
    class Meta:
        icon = "mail"
        label = _("Recipient")
        preview_value = "Ban TĐKT tỉnh (b/c);"
