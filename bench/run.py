"""`make bench`: the portal under load, on volume data, with production settings under gunicorn.

1. Picks the backend: PostgreSQL (127.0.0.1:5432, database portal_bench) and Redis (127.0.0.1:6379, db 12) when they
   answer, else SQLite (bench/bench.sqlite3) and the local-memory cache; says which.
2. Prepares the data once: migrate, load_demo, generate_volume (10,000 articles, 200 units, 5,000 people, ten years
   of records); later runs reuse it.
3. Serves with gunicorn (2 workers, DEBUG off, whitenoise, FORCE_HTTPS=false for plain HTTP on 127.0.0.1), warms
   each page, then loads it with wrk (10 connections, BENCH_SECONDS each, default 10). Public pages are measured
   twice: with the page cache, then with PAGE_CACHE=false.
4. Counts the SQL queries of one (warm, uncached) request of each page in-process.
5. Prints a table, writes bench/results/latest.json and bench/results/latest.png.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8099"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 10
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))


# Issue 21's targets, as a share of the static file's requests per second in the same run (twice bakerydemo's).
UNCACHED_TARGETS = {
    "home": 0.020,
    "article index": 0.032,
    "article": 0.042,
    "honour roll 2020 CSTĐCS": 0.026,
    "search, accented": 0.021,
    "search, no accents": 0.021,
}
CACHED_TARGET = 0.50
QUERY_BUDGET = 12


def target_for(result):
    if result["kind"] != "public":
        return None
    return CACHED_TARGET if result["cached"] else UNCACHED_TARGETS.get(result["name"])


def answers(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


DATABASE = os.environ.get("BENCH_DATABASE", "portal_bench")
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "12")


def backend_env():
    if os.environ.get("BENCH_BACKEND") != "sqlite" and answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DATABASE}"], capture_output=True
        )
        return "postgresql+redis", {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "bench"),
        }
    return "sqlite+locmem", {"DATABASE_URL": f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"}


def manage(env, *args, settings="portal.settings.dev", check=True, **kwargs):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, check=check, env={**env, "DJANGO_SETTINGS_MODULE": settings}, **kwargs
    )


def prepare(env):
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", stdout=subprocess.DEVNULL)
    probe = manage(
        env,
        "shell",
        "-c",
        "from home.models import ArticlePage; print(ArticlePage.objects.count())",
        capture_output=True,
        text=True,
    )
    have = int(probe.stdout.strip().splitlines()[-1])
    if have < ARTICLES:
        manage(env, "generate_volume", "--articles", str(ARTICLES - have))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0", settings="portal.settings.production")


SETUP = r"""
import json
import statistics
import time
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from emulation.models import Award, Title
from emulation.rules import records_changed
from home.models import ArticlePage, PlanPage
from portal.cache import content_changed

User = get_user_model()
admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
unit_user = User.objects.get(username="vanphong")
plan = PlanPage.objects.live().get(year=2020)
article = ArticlePage.objects.live().order_by("pk")[ArticlePage.objects.count() // 2]
cstdcs = Title.objects.get(code="cstdcs")
pages = [
    ("home", "/", "public"),
    ("plan", plan.url, "public"),
    ("article index", "/tin-tuc/", "public"),
    ("article index, page 500", "/tin-tuc/?page=500", "public"),
    ("article", article.url, "public"),
    ("honour roll 2020 CSTĐCS", f"/bang-vinh-danh/?year=2020&title={cstdcs.pk}", "public"),
    ("search, accented", "/search/?q=%C4%91i%E1%BB%83n+h%C3%ACnh+ti%C3%AAn+ti%E1%BA%BFn", "public"),
    ("search, no accents", "/search/?q=dien+hinh+tien+tien", "public"),
    ("RSS feed", "/tin-tuc/rss/", "public"),
    ("iCalendar feed", plan.url + "lich/", "public"),
    ("unit dashboard", "/don-vi/", "unit"),
    ("admin: awards listing", "/admin/snippets/emulation/award/", "admin"),
    ("admin: eligibility 2020", "/admin/emulation/eligibility/?year=2020", "admin"),
    ("static CSS", staticfiles_storage.url("css/portal.css"), "static"),
]
# What a first request after a change follows, besides a publish for the public pages (their fragments built again):
# the eligibility screen after any record changes (everybody judged again for its counts).
after_a_change = {"admin: eligibility 2020": records_changed}
cookies = {}
for kind, user in (("unit", unit_user), ("admin", admin)):
    client = Client()
    client.force_login(user)
    cookies[kind] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
queries, medians, cold = {}, {}, {}
for name, path, kind in pages:
    if kind == "static":
        queries[name], medians[name] = 0, 0
        continue
    client = Client()
    if kind in cookies:
        client.cookies.load(cookies[kind])
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    assert status == 200, (path, status)
    queries[name] = len(captured)
    times = []
    for _ in range(9):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    medians[name] = round(statistics.median(times), 1)
    changed = content_changed if kind == "public" else after_a_change.get(name)
    if changed:
        times = []
        for _ in range(5):
            changed()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        cold[name] = {"median_ms": round(statistics.median(times), 1), "queries": len(captured)}
print("BENCH" + json.dumps({"pages": pages, "cookies": cookies, "queries": queries, "median_ms": medians, "cold": cold,
                            "awards": Award.objects.count(), "articles": ArticlePage.objects.count()}))
"""


def setup(env):
    out = manage(
        {**env, "PAGE_CACHE": "false"},
        "shell",
        "-c",
        SETUP,
        capture_output=True,
        text=True,
        settings="portal.settings.production",
    ).stdout
    return json.loads(out[out.index("BENCH") + 5 :])


def serve(env, cache_on):
    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "PAGE_CACHE": "true" if cache_on else "false",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if answers("127.0.0.1", PORT):
            return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def load(path, cookie=None):
    url = f"http://127.0.0.1:{PORT}{path}"
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    for _ in range(3):  # warm: renditions, caches, connections
        subprocess.run(["curl", "-s", "-o", "/dev/null", *(["-b", cookie] if cookie else []), url], check=False)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": latency(out, "50%"),
        "p99_ms": latency(out, "99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def latency(out, label):
    value, unit = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)\b", out).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def run():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does it when run as root)")
    backend, extra = backend_env()
    env = {
        **os.environ,
        **extra,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "FORCE_HTTPS": "false",
        "DEMO_PASSWORD": "",
        "LOG_LEVEL": "WARNING",
    }
    print(f"Backend: {backend}. Preparing the volume data ({ARTICLES} articles) …", flush=True)
    prepare({**env, "DEMO_PASSWORD": "bench-demo-password"})
    info = setup(env)
    print(
        f"{info['articles']} articles, {info['awards']} award records. {SECONDS} s per page, "
        f"{CONNECTIONS} connections.",
        flush=True,
    )
    results = []
    for cache_on in (True, False):
        server = serve(env, cache_on)
        try:
            for name, path, kind in info["pages"]:
                if kind != "public" and not cache_on:
                    continue  # measured once, in the first pass (the page cache never serves them)
                measured = load(path, info["cookies"].get(kind))
                results.append(
                    {
                        "name": name,
                        "path": path,
                        "kind": kind,
                        "cached": cache_on if kind == "public" else False,
                        "queries": info["queries"][name],
                        "median_ms": info["median_ms"][name],
                        **(
                            {
                                "cold_median_ms": info["cold"][name]["median_ms"],
                                "cold_queries": info["cold"][name]["queries"],
                            }
                            if name in info["cold"] and not (cache_on and kind == "public")
                            else {}
                        ),
                        **measured,
                    }
                )
                print(
                    f"  {name:28} {'cache' if results[-1]['cached'] else '     '} "
                    f"{measured['rps']:9.1f} req/s  p50 {measured['p50_ms']:7.2f} ms  p99 {measured['p99_ms']:8.2f} ms",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()
    static = next(r["rps"] for r in results if r["kind"] == "static")
    for result in results:
        result["share_of_static"] = round(result["rps"] / static, 3)
        target = target_for(result)
        if target is not None:
            result["target_share"] = target
            result["meets_target"] = result["share_of_static"] >= target
    report = {
        "backend": backend,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "seconds": SECONDS,
        "connections": CONNECTIONS,
        "articles": info["articles"],
        "award_records": info["awards"],
        "pages": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "latest" if backend == "postgresql+redis" else "latest-sqlite"
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(report)
    chart(report, RESULTS / f"{stem}.png")
    print(f"\nWritten: {RESULTS / (stem + '.json')} and {RESULTS / (stem + '.png')}")


def print_table(report):
    print(f"\nBackend: {report['backend']}; {report['articles']} articles, {report['award_records']} award records")
    print(f"Load average when the run ended: {', '.join(str(value) for value in report.get('load_average', []))}")
    print("in-proc: median ms of one request in-process, uncached (fragments kept); first after a change: ms / SQL")
    print(
        f"{'page':30} {'kind':7} {'cached':6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'in-proc':>8} {'SQL':>4} "
        f"{'of static':>9}  target"
    )
    for r in report["pages"]:
        target = r.get("target_share")
        mark = f"≥ {target * 100:.1f} % {'✓' if r['meets_target'] else '✗'}" if target is not None else ""
        if r["kind"] == "public" and not r["cached"]:
            mark += f"{'  ' if mark else ''}SQL ≤ {QUERY_BUDGET} {'✓' if r['queries'] <= QUERY_BUDGET else '✗'}"
        print(
            f"{r['name']:30} {r['kind']:7} {'yes' if r['cached'] else 'no':6} {r['rps']:9.1f} {r['p50_ms']:8.2f} "
            f"{r['p99_ms']:8.2f} {'–' if r['cached'] else format(r.get('median_ms', 0), '.1f'):>8} {r['queries']:4d} {r['share_of_static'] * 100:8.1f}%  "
            f"{mark}"
            + (
                f"  first after a change {r['cold_median_ms']:.1f} ms / {r['cold_queries']} SQL"
                if "cold_median_ms" in r
                else ""
            )
        )


def chart(report, path):
    """A horizontal bar chart of requests per second, drawn with Pillow (no plotting library needed)."""
    from PIL import Image, ImageDraw, ImageFont

    rows = report["pages"]
    try:  # Debian's DejaVu has the Vietnamese letters; Pillow's default font does not
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 12)
        text = str
    except OSError:
        from unidecode import unidecode

        font, text = ImageFont.load_default(), unidecode
    top, row_height, left, width = 50, 22, 300, 560
    image = Image.new("RGB", (left + width + 120, top + row_height * len(rows) + 30), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (10, 15),
        f"make bench: requests/s at {report['connections']} connections ({report['backend']}, "
        f"{report['articles']} articles)",
        fill="black",
        font=font,
    )
    peak = max(r["rps"] for r in rows) or 1
    for i, r in enumerate(rows):
        y = top + i * row_height
        label = f"{r['name']}{' (cache)' if r['cached'] else ''}"
        draw.text((10, y + 4), text(label), fill="black", font=font)
        colour = {
            "public": (155, 28, 28) if r["cached"] else (230, 140, 60),
            "unit": (40, 110, 180),
            "admin": (90, 90, 160),
            "static": (60, 140, 60),
        }[r["kind"]]
        draw.rectangle([left, y + 3, left + int(width * r["rps"] / peak), y + row_height - 3], fill=colour)
        draw.text(
            (left + int(width * r["rps"] / peak) + 6, y + 4),
            f"{r['rps']:.0f}  p99 {r['p99_ms']:.0f} ms",
            fill="black",
            font=font,
        )
    image.save(path)


if __name__ == "__main__":
    sys.exit(run())
