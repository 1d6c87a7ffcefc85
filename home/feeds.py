"""RSS feeds of the articles: all of them, or one category's, newest first (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

FEED_ITEMS = 20


class ArticleFeed(Feed):
    def __init__(self, index_page, category=None):
        super().__init__()
        self.index_page = index_page
        self.category = category

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.category

    def title(self, category):
        site = _("Emulation and Commendation Portal")
        return f"{category.name} – {site}" if category else f"{self.index_page.title} – {site}"

    def link(self, category):
        if category:
            return self.index_page.category_url(category, self.request)
        return self.index_page.get_url(self.request)

    def description(self, category):
        return (category.description if category else self.index_page.summary) or self.title(category)

    def items(self, category):
        articles = self.index_page.articles()
        if category:
            articles = articles.filter(category=category)
        return articles[:FEED_ITEMS]

    # Feed readers show an item's title and description as HTML: the plain text is HTML-escaped once here (and
    # XML-escaped by the feed writer), so "a < b & c" reads as typed and nothing in it becomes markup.
    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        return escape(strip_tags(item.summary or ""))

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and published.date() == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(7)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.category.name] + [tag.name for tag in item.tags.all()]
