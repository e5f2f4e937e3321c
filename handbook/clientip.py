"""The one place that decides a request's client address (docs/security.md, "Client address").

Behind `TRUSTED_PROXY_COUNT` proxies that each append to X-Forwarded-For (nginx's
`$proxy_add_x_forwarded_for`), the client is the entry that the outermost trusted proxy
appended: the N-th from the right. Entries further left were sent by the client and are never
trusted. With 0 (the default) the header is ignored and REMOTE_ADDR is the client. The
lockout (django-axes, through AXES_CLIENT_IP_CALLABLE), the rate limits and the audit log all
use this function.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str:
    """The client's address, or "" when there is none to trust."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote
    # python-ipware's proxy_count counts the proxies listed in the header after the client;
    # the nearest proxy is REMOTE_ADDR, not in the header, hence proxies - 1.
    address, _ = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return address or remote
