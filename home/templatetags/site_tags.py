"""What every public page's frame shows: the main menu and the news feed it announces (both cached until the
content changes, portal.cache.fragment)."""

from django import template
from wagtail.models import Site

from portal.cache import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def build():
        pages = site.root_page.get_children().live().in_menu().public()
        return [(page.pk, page.title, page.get_url(request)) for page in pages.only("id", "title", "url_path")]

    return fragment(f"menu:{site.pk}", build)


@register.simple_tag(takes_context=True)
def news_feed_url(context):
    """The address of the site's news feed (the first article index's), or "" when there is none."""
    from home.models import ArticleIndexPage

    request = context.get("request")

    def build():
        index_page = ArticleIndexPage.objects.live().public().order_by("path").first()
        return index_page.feed_url(request=request) if index_page else ""

    return fragment("news-feed-url", build)
