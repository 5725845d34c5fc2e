"""How long the server takes to build a home-exercise plan PDF (WeasyPrint), in process.

    .venv/bin/python bench/plan_pdf.py [--rounds 5]

Uses a scratch SQLite database with the demo library, builds the PDF of plans with 1, 4 and all
9 demo exercises ``--rounds`` times each, and writes the median and the slowest build into
bench/results.md between the plan-pdf markers. Not part of CI; the machine may be shared.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- plan-pdf:start -->", "<!-- plan-pdf:end -->"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="plan-pdf-bench-")
    os.environ.update(DEBUG="True", DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3", LOG_LEVEL="WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_blog.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from posts.demo import load_content
    from posts.models import Exercise
    from posts.plans.entries import entry_for
    from posts.plans.pdf import plan_pdf
    from posts.plans.sheet import sheet_items
    from posts.plans.views import sheet_context

    load_content()
    entries = [entry_for(exercise) for exercise in Exercise.objects.order_by("pk")]
    plan_pdf(context=sheet_context(title="warm-up", items=sheet_items(entries[:1])))  # imports, fonts
    rows = []
    for count in (1, 4, len(entries)):
        context = sheet_context(title="My home-exercise plan", items=sheet_items(entries[:count]))
        timings, size = [], 0
        for _ in range(args.rounds):
            started = time.perf_counter()
            size = len(plan_pdf(context=context))
            timings.append(time.perf_counter() - started)
        rows.append((count, statistics.median(timings), max(timings), size))
    lines = [
        START,
        f"Plan PDF build time, in process ({datetime.date.today()}, {args.rounds} rounds, {os.cpu_count()} cores):",
        "",
        "| exercises | median | slowest | size |",
        "|---|---|---|---|",
        *(f"| {n} | {m * 1000:.0f} ms | {s * 1000:.0f} ms | {size // 1024} KiB |" for n, m, s, size in rows),
        END,
    ]
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if START in text:
        text = text[: text.index(START)] + "\n".join(lines) + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(text)
    print("\n".join(lines[1:-1]))


if __name__ == "__main__":
    main()
