"""gunicorn settings for the handbook: `gunicorn --config deploy/gunicorn.conf.py handbook.wsgi`.

Every value can be overridden from the environment (HANDBOOK_*), as the systemd unit and
`make prod-check` do; the defaults suit one application server on its own machine.
"""

import json
import os
import sys
from pathlib import Path

from gunicorn import glogging

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from handbook.logs import JsonFormatter  # noqa: E402  (the portal's own log format)


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


cpus = os.cpu_count() or 1

bind = os.environ.get("HANDBOOK_BIND", "127.0.0.1:8001")
wsgi_app = "handbook.wsgi:application"

# Threads wait on PostgreSQL and on the network while PDFs and pages need CPU: one process per
# core plus one, two threads each. Each thread holds one persistent database connection.
worker_class = "gthread"
workers = _int("HANDBOOK_WORKERS", cpus + 1)
threads = _int("HANDBOOK_THREADS", 2)

# nginx keeps idle upstream connections for 60 s (keepalive_timeout in deploy/nginx): gunicorn
# keeps them longer, so it is always nginx that closes an idle connection, never a race.
keepalive = 75
# Recycle each worker after about a thousand requests; jitter keeps them from restarting together.
max_requests = 1000
max_requests_jitter = 100
# A 10-state comparison PDF takes about 3 s on the bench volume; 60 s is a hung worker.
timeout = 60
graceful_timeout = 30

# Requests and headers no browser sends to this portal.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190

# No control socket: signals and systemd do the same, and two servers on one host would share
# its default path in the home directory (read-only under the systemd unit anyway).
control_socket_disable = True

# Only nginx may set X-Forwarded-Proto: on this host by default, or at the address given when
# the application server runs on a machine of its own.
forwarded_allow_ips = os.environ.get("HANDBOOK_FORWARDED_ALLOW_IPS", "127.0.0.1")

# The access log: no address, no user, no path or query string (a path may carry a one-time
# token), no referrer or user agent. The request id joins it to the portal's request log, which
# names the route and the user id.
accesslog = os.environ.get("HANDBOOK_ACCESS_LOG", "-")
access_log_format = json.dumps(
    {
        "ts": "%(t)s",
        "log": "gunicorn.access",
        "request_id": "%({x-request-id}i)s",
        "method": "%(m)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "pid": "%(p)s",
    }
)
errorlog = "-"


class JsonErrorLogger(glogging.Logger):
    """gunicorn's own messages (workers booting, timing out, dying) as JSON lines too."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())


logger_class = JsonErrorLogger
loglevel = os.environ.get("HANDBOOK_LOG_LEVEL", "info")
proc_name = os.environ.get("HANDBOOK_PROC_NAME", "handbook")
