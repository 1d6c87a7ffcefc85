import logging
import time

logger = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """Writes one line per request: method, path, status and duration, as key=value pairs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        logger.info(
            'method=%s path="%s" status=%s duration_ms=%.1f',
            request.method,
            request.path.replace('"', "%22"),
            response.status_code,
            duration_ms,
        )
        return response
