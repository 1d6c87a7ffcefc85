"""The one block library of the portal's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

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


class CaptionedImageBlock(blocks.StructBlock):
    """A picture in an article: alternative text is required (Wagtail's ImageBlock refuses an image without it
    unless it is marked decorative), with an optional caption and credit."""

    image = ImageBlock()
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/captioned_image_block.html"
        description = _("A picture with its alternative text, caption and credit.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote_block.html"
        preview_value = {
            "text": "Mỗi sáng kiến nhỏ của người lao động là một đóng góp lớn cho ngành.",
            "attribution": "Giám đốc Sở Công Thương",
        }
        description = _("A quotation set apart from the text.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=200, help_text=_("Leave blank to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "home/blocks/document_link_block.html"
        description = _("A link to download a document (decision, report, form).")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo address."), max_width=800)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "home/blocks/video_block.html"
        description = _("A video embedded from YouTube or Vimeo.")


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    video = VideoBlock()
    list = ItemListBlock()
    note = NoteBlock()
