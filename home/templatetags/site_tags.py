"""What every public page's frame shows: the main menu (the home page's children shown in menus, the plans grouped
under one item by year) and the news feed it announces (both cached until the content changes,
portal.cache.fragment)."""

from django import template
from wagtail.models import Page, Site

from portal import public
from portal.cache import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def build():
        from django.db.models import OuterRef, Subquery

        from home.models import PlanPage

        year = Subquery(PlanPage.objects.filter(pk=OuterRef("pk")).values("year")[:1])
        # A root page with no children asks nothing (as treebeard's get_children does).
        pages = public.pages().child_of(site.root_page) if site.root_page.numchild else Page.objects.none()
        pages = pages.in_menu().only("id", "title", "url_path")
        items, plans = [], None
        for page in pages.annotate(plan_year=year):
            if page.plan_year is None:
                items.append({"id": page.pk, "title": page.title, "url": page.get_url(request)})
                continue
            if plans is None:  # the plans make one item, "Kế hoạch", where the first of them stands
                plans = {"id": None, "plans": []}
                items.append(plans)
            plans["plans"].append({"id": page.pk, "year": page.plan_year, "url": page.get_url(request)})
        if plans:
            plans["plans"].sort(key=lambda plan: -plan["year"])
            plans["ids"] = [plan["id"] for plan in plans["plans"]]
        return items

    return fragment(f"menu-v2:{site.pk}", build)


@register.simple_tag(takes_context=True)
def news_feed_url(context):
    """The address of the site's news feed (the first article index's), or "" when there is none."""
    from home.models import ArticleIndexPage

    request = context.get("request")

    def build():
        index_page = public.pages(ArticleIndexPage).order_by("path").first()
        return index_page.feed_url(request=request) if index_page else ""

    return fragment("news-feed-url", build)


class CachedHTMLNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context):
        from django.utils.translation import get_language

        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        keys = ":".join(str(key.resolve(context)) for key in self.keys)
        name = f"html:{self.name}:{keys}:{request.get_host()}:{get_language()}"
        return fragment(name, lambda: str(self.nodelist.render(context)))


@register.tag
def cached_html(parser, token):
    """{% cached_html "name" key … %}…{% endcached_html %}: the enclosed HTML rendered once per content version (and
    host, language and the given keys: the page, the address with its query), then kept (portal.cache.fragment).
    Only for HTML that is the same for every reader, signed in or not; never in a preview."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("cached_html needs a name")
    nodelist = parser.parse(("endcached_html",))
    parser.delete_first_token()
    return CachedHTMLNode(nodelist, bits[0].strip("\"'"), [parser.compile_filter(bit) for bit in bits[1:]])
