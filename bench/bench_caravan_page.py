"""The public caravan page and its API answer, against a bare Django view served by the same gunicorn.

Knobs (environment): BENCH_SECONDS per load run (default 10), BENCH_CONNECTIONS (default 8),
BENCH_ROUNDS (default 2; each figure is the best round), WEB_CONCURRENCY (gunicorn workers, default as
`qafila serve`: 2 × cores + 1), DATABASE_URL (default: a fresh temporary SQLite file).
"""

import os

from bench import load
from bench.web import demo_server, django_shell, page_weight, status_of

SLUG = "tanger-2025"
PAGE = f"/caravans/{SLUG}/"
API = f"/api/v1/caravans/{SLUG}"
BARE = "/bench/bare"
TARGET = 0.40  # of the bare view's rate
PAGE_LIMIT_KB = 60

ISSUE_TOKEN = """
from django.contrib.auth import get_user_model
from core.models import ApiToken
print(ApiToken.issue(get_user_model().objects.get(username="coordinator")))
"""


def run(report):
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    if load.fallback_reason():
        report.note(load.fallback_reason())
    with demo_server(workers=os.environ.get("WEB_CONCURRENCY")) as (base, env):
        workers = env.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1
        database = env["DATABASE_URL"].split(":", 1)[0]
        report.note(
            f"gunicorn sync, {workers} workers, {database}; {connections} connections, {seconds} s runs"
        )
        # Other processes on these cores lower every figure; the ratios to the bare view suffer less.
        report.note("load average before the runs: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        targets = {"bare view": (BARE, {}), "caravan page": (PAGE, {})}
        api_headers = _api_headers(base, env)
        if api_headers is None:
            report.note(f"GET {API} does not answer 200 (status {status_of(base + API)}): not measured")
        else:
            targets["caravan API"] = (API, api_headers)
            who = "as a coordinator with a bearer token" if api_headers else "anonymously"
            report.note(f"GET {API} measured {who}")
        for path, headers in targets.values():
            load.run(base + path, seconds=2, connections=connections, headers=headers)  # warm the workers
        best = {}
        for _ in range(rounds):
            for name, (path, headers) in targets.items():
                result = load.run(base + path, seconds=seconds, connections=connections, headers=headers)
                if result.errors or result.bad_status:
                    report.note(f"{name}: {result.errors} connection errors, {result.bad_status} bad answers")
                if name not in best or result.rate > best[name].rate:
                    best[name] = result
        bare = best.pop("bare view")
        report.note(f"load generator: {bare.tool}; best of {rounds} rounds")
        report("bare view (req/s)", bare.rate, bare.rate, "req/s")
        for name, result in best.items():
            report(f"{name} (req/s)", result.rate, bare.rate, "req/s", target=TARGET)
        report("bare view p99", bare.p99_ms, bare.p99_ms, "ms", higher_is_better=False)
        for name, result in best.items():
            report(f"{name} p99", result.p99_ms, bare.p99_ms, "ms", higher_is_better=False)
        files = page_weight(base + PAGE)
        for kind, url, size, gzipped in files:
            encoding = "gzip" if gzipped else "not compressed"
            report.note(f"{kind} {url.removeprefix(base)}: {size / 1024:.1f} KB as sent ({encoding})")
        if not any(kind == "js" for kind, *_ in files):
            report.note("js: none referenced")
        total = sum(size for _, _, size, _ in files) / 1024
        report.measure("caravan page weight (HTML+CSS+JS)", total, "KB", limit=PAGE_LIMIT_KB)


def _api_headers(base, env):
    """Anonymous when the API answers so; else as a staff client with a bearer token; None if neither works."""
    if status_of(base + API) == 200:
        return {}
    token = django_shell(env, ISSUE_TOKEN).strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    return headers if status_of(base + API, headers) == 200 else None
