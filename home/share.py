"""Share links for Facebook and Zalo: plain links to their share pages, with no script or widget of theirs on the
portal's pages (the Content-Security-Policy allows none, and readers are not tracked before they choose to share)."""

import base64
import json
from urllib.parse import quote, urlencode

FACEBOOK = "https://www.facebook.com/sharer/sharer.php"
ZALO = "https://button-share.zalo.me/share_external"


def share_links(url):
    """{"facebook": …, "zalo": …} for an absolute URL."""
    payload = base64.b64encode(json.dumps({"url": url}).encode()).decode()
    return {
        "facebook": f"{FACEBOOK}?{urlencode({'u': url}, quote_via=quote)}",
        "zalo": f"{ZALO}?{urlencode({'d': payload, 'shareType': 0}, quote_via=quote)}",
    }
