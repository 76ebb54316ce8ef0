"""The public programme finder's result page for a fixed set of answers, against a bare Django view served by
the same gunicorn, and the weight of each finder page as sent.

Knobs (environment): BENCH_SECONDS per load run (default 10), BENCH_CONNECTIONS (default 8), BENCH_ROUNDS
(default 2; each figure is the best round), WEB_CONCURRENCY, DATABASE_URL (as bench_caravan_page).
"""

import os

from bench import load
from bench.web import demo_server, page_weight

# A woman of 26 in Al Hoceïma with a goat-cheese idea of 80 000 MAD, bringing 20 000 (programmes/finder.py).
CODE = "p.26.f.HOC.goat_cheese.i.80000.20000"
RESULT = f"/programmes/r/{CODE}/"
PAGES = {
    "first question": "/programmes/",
    "province question": f"/programmes/?q=province&a={CODE}",
    "result": RESULT,
    "result, nothing answered": "/programmes/r/-/",
}
BARE = "/bench/bare"
TARGET = 0.40  # of the bare view's rate, as the caravan page
PAGE_LIMIT_KB = 30


def run(report):
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    if load.fallback_reason():
        report.note(load.fallback_reason())
    with demo_server(workers=os.environ.get("WEB_CONCURRENCY")) as (base, env):
        report.note(f"{env['DATABASE_URL'].split(':', 1)[0]}; {connections} connections, {seconds} s runs")
        report.note("load average before the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        targets = {"bare view": BARE, "finder result": RESULT}
        for path in targets.values():
            load.run(base + path, seconds=2, connections=connections)  # warm the workers
        best = {}
        for _ in range(rounds):
            for name, path in targets.items():
                result = load.run(base + path, seconds=seconds, connections=connections)
                if result.errors or result.bad_status:
                    report.note(f"{name}: {result.errors} connection errors, {result.bad_status} bad answers")
                if name not in best or result.rate > best[name].rate:
                    best[name] = result
        bare, page = best["bare view"], best["finder result"]
        report.note(f"load generator: {bare.tool}; best of {rounds} rounds; answers {CODE}")
        report("bare view (req/s)", bare.rate, bare.rate, "req/s")
        report("finder result (req/s)", page.rate, bare.rate, "req/s", target=TARGET)
        report("finder result p99", page.p99_ms, bare.p99_ms, "ms", higher_is_better=False)
        for name, path in PAGES.items():
            files = page_weight(base + path)
            total = sum(size for _, _, size, _ in files) / 1024
            report.measure(f"finder {name} weight (HTML+CSS+JS, as sent)", total, "KB", limit=PAGE_LIMIT_KB)
