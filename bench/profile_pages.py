"""Profile pages in-process with cProfile, on the bench volume: where a page's time goes.

`.ci/with-postgres .venv/bin/python bench/profile_pages.py [--requests N] [PATH ...]`: loads the
bench volume (bench/run.py), requests each path N times as a verified official and prints the
functions with the most time of their own and the most time in all, and the queries per request.
`--cold`: every request with empty caches of its own (a page no one has asked for before).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run  # noqa: E402, F401  (Django set up with the bench's URLs, first)

# isort: split

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.middleware import empty_caches  # noqa: E402
from bench.run import client_for, load  # noqa: E402
from countries.models import Country  # noqa: E402

DEFAULT = ["/bench/trivial/", "/countries/fr/", "/countries/", "/compare/?{ten}", "/route/?{route}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--states", choices=["60", "250"], default="60")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--cold", action="store_true", help="empty caches for every request")
    parser.add_argument("paths", nargs="*", default=DEFAULT)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user("bench-s", "bs@example.org", None, role=Role.SECRETARIAT)
    load(editor, every_iso_state=args.states == "250")
    reader = User.objects.create_user(
        "bench-o", "bo@example.org", None, full_name="Bench Official", role=Role.OFFICIAL
    )
    client = client_for(reader)
    codes = sorted(c.slug for c in Country.objects.filter(profile__isnull=False))
    ten = "&".join(f"c={c}" for c in codes[:10])
    route = (
        f"origin={codes[0]}&transit={codes[1]}&transit={codes[2]}&transit={codes[3]}"
        f"&destination={codes[4]}"
    )

    def get(url: str):
        with empty_caches() if args.cold else nullcontext():
            return client.get(url)

    for path in args.paths:
        url = path.format(ten=ten, route=route)
        for _ in range(3):
            assert get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        total = stats.total_tt / args.requests * 1000
        print(
            f"\n=== {path}: {total:.1f} ms per request under the profiler, {len(captured)} queries"
        )
        for query in captured.captured_queries:
            print(f"    SQL {query['sql'][:160]}")
        stats.sort_stats("tottime").print_stats(args.lines)
        stats.sort_stats("cumulative").print_stats(args.lines)
        print(out.getvalue())


if __name__ == "__main__":
    main()
