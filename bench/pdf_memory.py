"""Export 1,000 PDFs in one process and report its resident memory every 100 exports.

Run with `make bench-memory` (a throwaway PostgreSQL is started and removed). Loads the bench
volume (bench/run.py), then exports the country, 10-state comparison and 5-state route PDFs in
turn through Django's test client, as gunicorn's worker would, each 20th export of a state's
PDF after a new version of its content (so that documents are laid out afresh and the document
cache fills and evicts, as in use). With `--tracemalloc`, Python's allocations are traced and
the lines that grew most between the first and the last report are printed.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run  # noqa: E402, F401  (Django set up with the bench's URLs, first)

# isort: split

from django.core.management import call_command  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.run import REVISED, ROOT, SENTENCE, client_for, load, load_average  # noqa: E402
from countries.models import Country  # noqa: E402
from countries.services import profile_update  # noqa: E402
from handbook import pdf  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100, help="report every N exports")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user(
        "bench-secretariat", "bs@example.org", None, role=Role.SECRETARIAT
    )
    count, seconds = load(editor, every_iso_state=False)
    reader = User.objects.create_user(
        "bench-official",
        "bo@example.org",
        None,
        full_name="Bench Official",
        role=Role.OFFICIAL,
        organisation="Bench Police",
    )
    client = client_for(reader)
    codes = sorted(c.slug for c in Country.objects.filter(profile__isnull=False))
    ten = "&".join(f"c={c}" for c in codes[:10])
    route = f"origin={codes[0]}&transit={codes[1]}&destination={codes[4]}"
    urls = ["/countries/{code}/pdf", f"/compare/pdf?{ten}", f"/route/pdf?{route}"]

    if args.tracemalloc:
        tracemalloc.start(25)
    series: list[tuple[int, float, int, int]] = []
    first = None
    started = time.perf_counter()
    for n in range(args.exports + 1):
        if n % args.every == 0:
            gc.collect()
            series.append((n, rss_mb(), len(pdf.documents), pdf.documents.size))
            print(f"{n:5d} exports: RSS {series[-1][1]:7.1f} MB", flush=True)
            if args.tracemalloc and n == args.every:
                first = tracemalloc.take_snapshot()
        if n == args.exports:
            break
        code = codes[(n // 3) % len(codes)]
        if n % 20 == 19:  # a new version: that state's next PDFs are laid out afresh
            country = Country.objects.get(code=code.upper())
            profile_update(
                country=country,
                changes={REVISED.question_key: f"{SENTENCE} Memory bench {n}."},
                expected_version=country.profile.version,
                by=editor,
                reason="Bench: memory",
            )
        response = client.get(urls[n % 3].format(code=code))
        assert response.status_code == 200, response.status_code
        assert response.content.startswith(b"%PDF")
    seconds_exporting = time.perf_counter() - started

    base = series[2][1]  # after warm-up: 200 exports
    peak = max(rss for _n, rss, _c, _s in series[2:])
    lines = [
        f"{args.exports} PDF exports in one process ({count} states loaded in {seconds:.0f} s), "
        f"{seconds_exporting:.0f} s; load average {load_average()} at the end.",
        "",
        "| exports | RSS MB | documents cached | cache MB |",
        "|---:|---:|---:|---:|",
        *(f"| {n} | {rss:.1f} | {c} | {s / 2**20:.1f} |" for n, rss, c, s in series),
        "",
        f"After warm-up (200 exports, {base:.1f} MB) the peak is {peak:.1f} MB: "
        f"{(peak / base - 1) * 100:+.1f}%.",
    ]
    if first is not None:
        last = tracemalloc.take_snapshot()
        lines += ["", "Largest growth between the first report and the last (tracemalloc):", ""]
        for stat in last.compare_to(first, "traceback")[:15]:
            lines.append(f"- {stat.size_diff / 1024:+.0f} KiB, {stat.count_diff:+d} blocks:")
            lines += [f"    {frame}" for frame in stat.traceback.format()[-8:]]
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pdf-memory-latest.md").write_text(report)
    print()
    print(report)


if __name__ == "__main__":
    main()
