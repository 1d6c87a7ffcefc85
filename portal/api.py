"""The read-only JSON API at /api/v2/ (Wagtail's API v2): the public pages, awards and decisions, as portal.public
defines them, and nothing else (no images, documents or search endpoint).

Anonymous and read-only: GET only, JSON only (no browsable HTML, so the page cache, which keys on the address,
never stores HTML where JSON is asked for). Lists take Wagtail's `limit` (at most WAGTAILAPI_LIMIT_MAX) and
`offset` and answer `{"meta": {"total_count": …}, "items": […]}`; a hidden object's detail is a 404; a bad parameter
is a 400 with a JSON message. Responses are cached by portal.cache like any anonymous page, so publishing a page or
changing an award or decision makes a new content version at once.
"""

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from emulation.models import Award, Decision
from portal import public


class ReadOnlyJSONMixin:
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, TypeError) as error:
            raise BadRequestError("id must be a whole number") from error

    def get_object(self):
        try:
            return super().get_object()
        except (ValueError, TypeError) as error:
            raise BadRequestError("bad id") from error


class PublicPagesAPIViewSet(ReadOnlyJSONMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint over portal.public's pages of the default site (no search: /search/ is the site's)."""

    filter_backends = [backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"search", "search_operator", "site"}

    def get_base_queryset(self):
        from wagtail.models import Site

        return public.site_pages(site=Site.find_for_request(self.request))


class RowField(serializers.Field):
    """One published value of an object, as portal.public writes it for the downloads (the same names and values)."""

    def __init__(self, name, row, **kwargs):
        self.name, self.row = name, row
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.row(instance)[self.name]


class PublicModelViewSet(ReadOnlyJSONMixin, BaseAPIViewSet):
    """A non-page endpoint: the published fields (portal.public's list, and only those) in listing and detail,
    filterable by the fields in `filters` (whole numbers: ?year=2025) and ordered (?order=-year)."""

    filter_backends = [FieldsFilter, OrderingFilter]
    published = []  # portal.public's (name, meaning, example) list
    row = None  # portal.public's function writing an object's published values
    filters = []

    @classmethod
    def get_body_fields(cls, model):
        return [APIField(name, serializer=RowField(name, cls.row)) for name, _, _ in cls.published]

    @classmethod
    def get_listing_default_fields(cls, model):
        return [name for name, _, _ in cls.published] + ["type", "detail_url"]

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - set(self.known_query_parameters) - set(self.filters)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise BadRequestError(f"query parameter is not an operation or a filter: {names}")


class AwardsAPIViewSet(PublicModelViewSet):
    name = "awards"
    model = Award
    published = public.AWARD_FIELDS
    row = staticmethod(public.award_row)
    filters = ["year"]

    def get_queryset(self):
        return public.awards().order_by("-year", "title__sort_order", "person__full_name", "unit__name", "pk")


class DecisionsAPIViewSet(PublicModelViewSet):
    name = "decisions"
    model = Decision
    published = public.DECISION_FIELDS
    row = staticmethod(public.decision_row)

    def get_queryset(self):
        return public.decisions().order_by("-date", "number", "pk")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("awards", AwardsAPIViewSet)
api_router.register_endpoint("decisions", DecisionsAPIViewSet)
