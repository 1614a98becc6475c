"""Web benchmark: end-to-end latency of the check pages and the check API, served by `civicguard serve`.

    .venv/bin/python bench/web_bench.py [--requests 300] [--warmup 20] [--clients 1,4] \
        [--database-url embedded] [--database-url postgres://postgres@127.0.0.1:5432/civicguard_bench] \
        [--out bench/results/web.json]

The issue's done-when: "the check page answers in under 300 ms at p95 for a 280-character post".

For each database (the embedded default, SQLite in a temporary CIVICGUARD_HOME, unless --database-url names
another; `embedded` names it explicitly, and the option may be repeated), one run:

1. With PostgreSQL, creates the named database (it must not exist, unless --drop-existing) and drops it at
   the end. Loads the demo data with `civicguard demo`, issues API tokens with `civicguard users token`.
2. Starts `civicguard serve --host 127.0.0.1 --port <free port>` (waitress, its default 8 threads) as a real
   subprocess, and signs in through the real sign-in form (CSRF token read from the form, session cookie
   kept) with a small keep-alive HTTP client on the standard library (http.client), one client per thread.
3. Times, over --requests requests after --warmup warm-up requests, with each --clients count of concurrent
   client threads, end to end (request sent to response body read):
   a. the personal check page: POST /posts/personal-check as an employee (form fields as the page sends them);
   b. the official post "Save and check": POST /posts/new (multipart, as the page sends it) as a
      representative, which creates a draft and checks it; the 302 is not followed;
   c. the check API: POST /api/v1/checks with `Authorization: Bearer TOKEN` (the representative's token),
      `as: official` (the audited kind of check).
   Each request carries a different 280-character post (below); every scenario and client count uses the
   same posts, in the same order. p50, p95, p99, max and requests/second (requests / wall-clock of the run).
   Also recorded: the server's CPU time per request (from /proc), the client's, the server's peak RSS, the
   waitress "Task queue depth" warnings, and how long the very first check page request to the fresh server
   took (before any warm-up; not in any row).
4. Stops the server and, in a fresh child process, times `civicguard.engine.check` in-process on the same
   texts (channel `personal`, and `official`), one at a time, so the web overhead is visible.

Correctness guards: a reply that is not the expected one (200 with a check result on the page, 302 to the
new draft, 200 with a verdict from the API) counts as an error and fails the row; the verdict the page shows
and the API answers is compared, post by post, with the engine's own; `detector_error` findings (a detector
raised or overran its time limit, which would make a check look fast) are counted and printed as a warning.

The posts: the engine benchmark's seeded generator (bench/posts.py) gives a realistic mix (clean
announcements and personal posts, replies, personal data, offensive words, political posts, links...); each
text is cut at a word boundary or lengthened with words of a clean post of the same council, then filled with
one clean word of exactly the right length, to exactly 280 characters.

Results: JSON to --out and Markdown beside it (same name, .md); a run keeps the other databases' results
already in the file (--replace drops them). Other options: --seed, --timeout (per set-up step),
--drop-existing (drop a left-over PostgreSQL benchmark database first), --keep-database. Prints the
Markdown. Exit status 0 when the check page's p95 is under 300 ms (with no failed request) for every client
count on every database measured in this run, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import http.client
import http.cookies
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlparse

from engine_bench import civicguard_cli, machine, percentile
from posts import COUNCILS, DEFAULT_SEED, Post, describe, generate_posts

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "web.json"
POST_CHARS = 280
P95_LIMIT_MS = 300.0
PREFIX = {"st-helens": "sth", "sefton": "sef"}  # the demo's usernames: <prefix>-<role>
EMBEDDED = "embedded"
REQUEST_TIMEOUT_S = 120.0
# Clean words, one of each length, to bring a text to exactly POST_CHARS characters.
FILL_WORDS = ("I", "ok", "all", "park", "today", "summer", "library", "weekends", "community", "volunteers",
              "information", "appointments", "neighbourhood", "responsibility", "recommendations",
              "responsibilities")
FILL_BY_LENGTH = {len(w): w for w in FILL_WORDS}
assert sorted(FILL_BY_LENGTH) == list(range(1, len(FILL_WORDS) + 1))
CLEAN_KINDS = ("announcement", "personal_clean")


def log(message: str) -> None:
    print(f"[web-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------ 280-character posts


def exact_length(text: str, padding: Iterator[str], length: int = POST_CHARS) -> str:
    """`text` cut at a word boundary, or lengthened with the words of `padding` (clean sentences), then filled
    with clean words of exactly the right length, to exactly `length` characters."""
    text = " ".join(text.split())
    if len(text) > length:
        cut = text.rfind(" ", 0, length + 1)
        text = text[:cut] if cut > 0 else text[:length]
    full = False
    while not full:
        for word in next(padding).split():
            if len(text) + 1 + len(word) > length:
                full = True
                break
            text = f"{text} {word}"
    while (gap := length - len(text)) > 0:
        if gap == 1:
            text += "."
            break
        size = min(gap - 1, len(FILL_WORDS))
        if gap - 1 - size == 1:  # leave at least a word and its space, never a lone character, if possible
            size -= 1
        text = f"{text} {FILL_BY_LENGTH[size]}"
    assert len(text) == length, (len(text), text)
    return text


def bench_posts(n: int, seed: int) -> list[Post]:
    """`n` posts of exactly POST_CHARS characters in the generator's mix, the same for the same seed."""
    base = generate_posts(n, seed)
    clean = [p for p in generate_posts(400, seed + 1) if p.kind in CLEAN_KINDS]
    rng = random.Random(seed)
    pads: dict[str, Iterator[str]] = {}
    for council in COUNCILS:
        texts = [p.text for p in clean if p.council == council] or ["Thank you for your patience."]
        rng.shuffle(texts)
        pads[council] = itertools.cycle(texts)
    return [dataclasses.replace(p, text=exact_length(p.text, pads[p.council])) for p in base]


# ---------------------------------------------------------------------------------------- a small client


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One browser-like client: a keep-alive connection and a cookie jar (standard library only)."""

    def __init__(self, host: str, port: int, timeout: float = REQUEST_TIMEOUT_S) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        sent = {"Host": f"{self.host}:{self.port}", "Accept": "*/*", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            reused = self._conn is not None
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._conn.request(method, path, body=body, headers=sent)
                response = self._conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2 or not reused:  # only a kept-alive connection the server closed is retried
                    raise
                continue
            break
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return Reply(response.status, response.headers, data)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> Reply:
        return self.request("POST", path, urlencode(fields).encode("utf-8"),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path: str, fields: dict[str, str]) -> Reply:
        boundary = f"----civicguardbench{random.getrandbits(64):016x}"
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
        parts.append(f"--{boundary}--\r\n")
        return self.request("POST", path, "".join(parts).encode("utf-8"),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def post_json(self, path: str, payload: Any, token: str) -> Reply:
        return self.request("POST", path, json.dumps(payload).encode("utf-8"),
                            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})


DETECTOR_ERROR_TEXT = "check could not run ("  # the message of a detector_error finding (engine/check.py)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
ACCOUNT_OPTION = re.compile(r'<option value="(\d+)"')


def csrf_from(reply: Reply, what: str) -> str:
    match = CSRF_INPUT.search(reply.text)
    if reply.status != 200 or match is None:
        raise RuntimeError(f"{what}: no CSRF token in the form (HTTP {reply.status})")
    return match.group(1)


def sign_in(client: Client, username: str, password: str) -> None:
    token = csrf_from(client.get("/sign-in/"), "sign-in page")
    reply = client.post_form("/sign-in/", {"csrfmiddlewaretoken": token, "username": username,
                                           "password": password, "next": ""})
    if reply.status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {username} failed (HTTP {reply.status})")


def html_verdict(page: str) -> str | None:
    if 'id="check-result"' not in page:
        return None
    if "No problems found" in page:
        return "pass"
    if "This post must not go out" in page:
        return "block"
    return "warn"


# ----------------------------------------------------------------------------------------------- scenarios


@dataclass
class Scenario:
    key: str
    label: str
    role: str  # the demo role signed in (or whose token is used)


SCENARIOS = (
    Scenario("personal_check", "Personal check page: POST /posts/personal-check", "employee"),
    Scenario("post_new", "Official post \"Save and check\": POST /posts/new", "representative"),
    Scenario("api_check", "Check API: POST /api/v1/checks (Bearer token, as official)", "representative"),
)
DONE_WHEN = "personal_check"


class Worker:
    """What one client thread holds: per council, a signed-in client for the scenario's role and its form
    details (CSRF token, the accounts offered), or an API client."""

    def __init__(self, server: Server, scenario: Scenario) -> None:
        self.server, self.scenario = server, scenario
        self.clients: dict[str, Client] = {}
        self.csrf: dict[str, str] = {}
        self.accounts: dict[str, list[str]] = {}
        self.sent = 0

    def prepare(self) -> None:
        for council in COUNCILS:
            client = Client("127.0.0.1", self.server.port)
            self.clients[council] = client
            if self.scenario.key == "api_check":
                continue
            sign_in(client, f"{PREFIX[council]}-{self.scenario.role}", self.server.password)
            if self.scenario.key == "personal_check":
                self.csrf[council] = csrf_from(client.get("/posts/personal-check"), "personal check page")
            else:
                page = client.get("/posts/new")
                self.csrf[council] = csrf_from(page, "new post page")
                self.accounts[council] = ACCOUNT_OPTION.findall(page.text)
                if not self.accounts[council]:
                    raise RuntimeError(f"the new post page offers {PREFIX[council]}-representative no account")

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def send(self, post: Post) -> Outcome:
        """Send one request and judge the reply."""
        council, client = post.council, self.clients[post.council]
        key = self.scenario.key
        t0 = time.perf_counter_ns()
        try:
            if key == "personal_check":
                fields = {"csrfmiddlewaretoken": self.csrf[council], "text": post.text}
                if post.politically_restricted:
                    fields["politically_restricted"] = "yes"
                reply = client.post_form("/posts/personal-check", fields)
            elif key == "post_new":
                accounts = self.accounts[council]
                reply = client.post_multipart("/posts/new", {
                    "csrfmiddlewaretoken": self.csrf[council], "account": accounts[self.sent % len(accounts)],
                    "text": post.text, "links": "", "alt_text": "", "tagged_people": ""})
            else:
                reply = client.post_json("/api/v1/checks", {"text": post.text, "council": council,
                                                            "as": "official"}, self.server.tokens[council])
        except (OSError, http.client.HTTPException) as exc:
            return Outcome(time.perf_counter_ns() - t0, error=f"{type(exc).__name__}: {exc}")
        elapsed = time.perf_counter_ns() - t0
        self.sent += 1
        if key == "personal_check":
            verdict = html_verdict(reply.text)
            if reply.status != 200 or verdict is None:
                return Outcome(elapsed, error=f"HTTP {reply.status} without a check result")
            return Outcome(elapsed, verdict, detector_errors=reply.text.count(DETECTOR_ERROR_TEXT))
        if key == "post_new":
            location = reply.headers.get("Location", "")
            if reply.status != 302 or not re.search(r"/posts/\d+/", location):
                return Outcome(elapsed, error=f"HTTP {reply.status}, Location {location!r}: no draft was created")
            return Outcome(elapsed)
        try:
            body = json.loads(reply.body) if reply.status == 200 else {}
        except ValueError:
            body = {}
        verdict = body.get("verdict") if isinstance(body, dict) else None
        if verdict not in {"pass", "warn", "block"}:
            return Outcome(elapsed, error=f"HTTP {reply.status}: {reply.text[:200]}")
        errors = sum(f.get("label") == "detector_error" for f in body.get("findings", []))
        return Outcome(elapsed, verdict, detector_errors=errors)


@dataclass
class Outcome:
    ns: int
    verdict: str | None = None  # when the reply shows it (not for "Save and check", whose 302 is not followed)
    error: str | None = None
    detector_errors: int | None = None  # findings of a detector that raised or timed out, when the reply shows them


# ------------------------------------------------------------------------------------------------ server


@dataclass
class Server:
    port: int
    password: str
    tokens: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(home: Path, database_url: str | None, password: str) -> dict[str, str]:
    """The environment of every civicguard command of one run: nothing inherited that picks a database,
    settings module, broker or cache; the embedded default unless `database_url`."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("CIVICGUARD_") and k != "CIVICGUARD_GOVUK_FRONTEND")
           and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL"}}
    env.update(CIVICGUARD_HOME=str(home), CIVICGUARD_DEMO_PASSWORD=password,
               DJANGO_SETTINGS_MODULE="civicguard.config.settings.base", PYTHONUNBUFFERED="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float) -> str:
    proc = subprocess.run([str(civicguard_cli()), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"civicguard {' '.join(args)} exited {proc.returncode}: {traceback_summary(proc.stderr)}")
    return proc.stdout


def traceback_summary(stderr: str) -> str:
    """The last line of a command's error output, and where in the project's code it was raised."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    if not lines:
        return "no message"
    frames = re.findall(r'File "[^"]*/(src/civicguard/[^"]+)", line (\d+), in (\S+)', stderr)
    where = f" (in {frames[-1][0]}:{frames[-1][1]}, {frames[-1][2]})" if frames else ""
    return f"{lines[-1][:600]}{where}"


def start_server(server: Server, env: dict[str, str], home: Path, timeout: float) -> float:
    """Start `civicguard serve` and wait until the sign-in page answers; seconds it took."""
    server.log_path = home / "serve.log"
    started = time.perf_counter()
    with server.log_path.open("wb") as out:
        server.proc = subprocess.Popen([str(civicguard_cli()), "serve", "--host", "127.0.0.1", "--port",
                                        str(server.port)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"civicguard serve exited {server.proc.returncode}: {server_log_tail(server)}")
        client = Client("127.0.0.1", server.port, timeout=5)
        try:
            if client.get("/sign-in/").status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        finally:
            client.close()
        time.sleep(0.2)
    raise RuntimeError(f"civicguard serve did not answer within {timeout:g} s: {server_log_tail(server)}")


def server_log_tail(server: Server, chars: int = 1500) -> str:
    if server.log_path is None or not server.log_path.is_file():
        return ""
    return server.log_path.read_text(encoding="utf-8", errors="replace")[-chars:].strip()


def stop_server(server: Server) -> None:
    proc = server.proc
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads) so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return None


# ------------------------------------------------------------------------------------------ PostgreSQL


def redact(url: str) -> str:
    parts = urlparse(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def is_postgres(url: str | None) -> bool:
    return bool(url) and urlparse(url).scheme in {"postgres", "postgresql", "pgsql"}


def _pg_admin(url: str) -> tuple[Any, str]:
    """A connection to the server's `postgres` database with the URL's credentials, and the URL's database."""
    import psycopg

    parts = urlparse(url)
    name = unquote(parts.path.lstrip("/")) or "civicguard"
    query: dict[str, Any] = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    conn = psycopg.connect(host=parts.hostname or None, port=parts.port or None,
                           user=unquote(parts.username or "") or None, password=unquote(parts.password or "") or None,
                           dbname="postgres", autocommit=True, connect_timeout=10, **query)
    return conn, name


def pg_create(url: str, drop_existing: bool) -> str:
    """Create the URL's database; the server's version string."""
    from psycopg import sql

    conn, name = _pg_admin(url)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not drop_existing:
            raise SystemExit(f"database {name!r} already exists: drop it, choose another name in --database-url, "
                             "or pass --drop-existing")
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return str(conn.execute("SHOW server_version").fetchone()[0])


def pg_drop(url: str) -> None:
    from psycopg import sql

    conn, name = _pg_admin(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# ------------------------------------------------------------------------------------------ measurements


@dataclass
class Measurement:
    key: str  # scenario key, or engine_<channel>
    label: str
    clients: int
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    requests_per_s: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    mean_ms: float | None = None
    wall_s: float | None = None
    server_cpu_ms_per_request: float | None = None
    client_cpu_ms_per_request: float | None = None
    verdicts: dict[str, int] = field(default_factory=dict)
    limit_pass: bool | None = None  # p95 < P95_LIMIT_MS (web rows only)
    detector_errors: int | None = None  # detector_error findings in the replies (None: not visible)
    agrees_with_engine: str | None = None  # "k/n": the page's or API's verdict is the engine's, post by post
    per_post: list[str | None] = field(default_factory=list)  # verdict per timed post (not written out)

    def public(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "per_post"}


def summarise(m: Measurement, times_ns: Sequence[int]) -> None:
    if not times_ns:
        return
    ms = sorted(t / 1e6 for t in times_ns)
    m.p50_ms, m.p95_ms, m.p99_ms = percentile(ms, 50), percentile(ms, 95), percentile(ms, 99)
    m.max_ms, m.mean_ms = ms[-1], sum(ms) / len(ms)


def drive(workers: Sequence[Worker], posts: Sequence[Post]) -> tuple[list[Outcome], float]:
    """Send `posts` through the workers' threads, each taking the next post when it is free; results in
    post order and the wall-clock seconds from the common start to the last reply."""
    results: list[Outcome | None] = [None] * len(posts)
    counter = itertools.count()
    barrier = threading.Barrier(len(workers) + 1)
    failures: list[BaseException] = []

    def run(worker: Worker) -> None:
        try:
            barrier.wait()
            while (i := next(counter)) < len(posts):
                results[i] = worker.send(posts[i])
        except BaseException as exc:  # reported after the run
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if failures:
        raise failures[0]
    return [r for r in results if r is not None], wall


def measure_web(server: Server, scenario: Scenario, clients: int, warm: Sequence[Post],
                timed: Sequence[Post]) -> Measurement:
    m = Measurement(scenario.key, scenario.label, clients)
    workers = [Worker(server, scenario) for _ in range(clients)]
    try:
        for w in workers:
            w.prepare()
        drive(workers, warm)
        assert server.proc is not None
        cpu0, client0 = proc_cpu_s(server.proc.pid), time.process_time()
        results, wall = drive(workers, timed)
        cpu1, client1 = proc_cpu_s(server.proc.pid), time.process_time()
    finally:
        for w in workers:
            w.close()
    ok_times = [r.ns for r in results if r.error is None]
    errors = [r.error for r in results if r.error is not None]
    m.requests, m.errors, m.wall_s = len(results), len(errors), wall
    m.error_samples = list(dict.fromkeys(errors))[:5]
    m.requests_per_s = len(results) / wall if wall else None
    m.server_cpu_ms_per_request = (cpu1 - cpu0) * 1000 / len(results)
    m.client_cpu_ms_per_request = (client1 - client0) * 1000 / len(results)
    m.verdicts = dict(sorted(Counter(r.verdict for r in results if r.verdict).items()))
    m.per_post = [r.verdict for r in results]
    if any(r.detector_errors is not None for r in results):
        m.detector_errors = sum(r.detector_errors or 0 for r in results)
    summarise(m, ok_times)
    m.limit_pass = m.p95_ms is not None and m.p95_ms < P95_LIMIT_MS and not errors
    problem = f", {m.errors} errors ({m.error_samples[0]})" if errors else ""
    log(f"  {scenario.key}, {_clients(clients)}: p50 {m.p50_ms or 0:.1f} ms, p95 {m.p95_ms or 0:.1f} ms, "
        f"{m.requests_per_s or 0:.1f} req/s, server CPU {m.server_cpu_ms_per_request:.1f} ms/request{problem}")
    return m


# ------------------------------------------------------------------- engine only (run in a fresh child)


def phase_engine(posts_file: Path, out: Path, warmup: int) -> None:
    from civicguard.engine import Content, Context, Engine, check

    rows = json.loads(posts_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    for council in COUNCILS:
        Engine.for_council(council).warm_up()
    setup_s = time.perf_counter() - started
    data: dict[str, Any] = {"setup_s": setup_s, "channels": {}}
    for channel in ("personal", "official"):
        def context(row: dict[str, Any], channel: str = channel) -> Context:
            role = "employee" if channel == "personal" else "representative"
            return Context(council=row["council"], channel=channel,
                           politically_restricted=channel == "personal" and row["politically_restricted"],
                           author=f"{PREFIX[row['council']]}-{role}")

        for row in rows[:warmup]:
            check(Content(text=row["text"]), context(row))
        times: list[int] = []
        verdicts: list[str] = []
        detector_errors = 0
        for row in rows[warmup:]:
            t0 = time.perf_counter_ns()
            result = check(Content(text=row["text"]), context(row))
            times.append(time.perf_counter_ns() - t0)
            verdicts.append(result.verdict)
            detector_errors += sum(f.label == "detector_error" for f in result.findings)
        data["channels"][channel] = {"times_ns": times, "verdicts": verdicts, "detector_errors": detector_errors}
    out.write_text(json.dumps(data), encoding="utf-8")


def measure_engine(posts: Sequence[Post], warmup: int, workdir: Path, timeout: float) -> list[Measurement]:
    posts_file, out = workdir / "posts.json", workdir / "engine.json"
    posts_file.write_text(json.dumps([p.row() for p in posts], ensure_ascii=False), encoding="utf-8")
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", "engine", "--phase-in", str(posts_file),
            "--phase-out", str(out), "--warmup", str(warmup)]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"engine phase exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    found = []
    for channel, got in data["channels"].items():
        m = Measurement(f"engine_{channel}", f"Engine only, in-process: civicguard.engine.check(as {channel})", 1)
        m.requests = len(got["times_ns"])
        total_s = sum(got["times_ns"]) / 1e9
        m.wall_s = total_s
        m.requests_per_s = m.requests / total_s if total_s else None
        m.verdicts = dict(sorted(Counter(got["verdicts"]).items()))
        m.per_post = got["verdicts"]
        m.detector_errors = got["detector_errors"]
        summarise(m, got["times_ns"])
        log(f"  engine only, as {channel}: p50 {m.p50_ms or 0:.2f} ms, p95 {m.p95_ms or 0:.2f} ms")
        found.append(m)
    return found


# ------------------------------------------------------------------------------------------------ a run


def run_database(database_url: str | None, posts: Sequence[Post], cold_post: Post,
                 args: argparse.Namespace) -> dict[str, Any]:
    kind = "postgresql" if is_postgres(database_url) else "sqlite"
    label = "PostgreSQL" if kind == "postgresql" else "embedded SQLite"
    if database_url and kind == "sqlite":
        label = f"SQLite ({redact(database_url)})"
    log(f"== {label}: {len(posts) - args.warmup} timed requests after {args.warmup} warm-up, "
        f"clients {args.clients}")
    run: dict[str, Any] = {
        "database": {"kind": kind, "label": label, "url": redact(database_url) if database_url else None},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    started = time.perf_counter()
    home = Path(tempfile.mkdtemp(prefix="civicguard-web-bench-"))
    password = "Bench-" + "".join(random.SystemRandom().choice("abcdefghjkmnpqrstuvwxyz23456789")
                                  for _ in range(16))
    env = server_env(home, database_url, password)
    created = False
    server = Server(port=free_port(), password=password, tokens={})
    results: list[Measurement] = []
    try:
        if kind == "postgresql":
            assert database_url
            run["database"]["server_version"] = pg_create(database_url, args.drop_existing)
            created = True
        t0 = time.perf_counter()
        run_cli(["demo"], env, args.timeout)
        demo_s = time.perf_counter() - t0
        for council in COUNCILS:
            server.tokens[council] = run_cli(["users", "token", f"{PREFIX[council]}-representative"], env,
                                             args.timeout).strip().splitlines()[-1]
        start_s = start_server(server, env, home, args.timeout)
        log(f"demo data {demo_s:.1f} s; server answering on port {server.port} after {start_s:.1f} s")
        run["setup"] = {"demo_s": demo_s, "server_start_s": start_s, "server_threads": 8}
        cold = Worker(server, SCENARIOS[0])  # the first check the new server answers (not in any row)
        try:
            cold.prepare()
            first = cold.send(cold_post)
        finally:
            cold.close()
        run["setup"].update(first_check_ms=first.ns / 1e6, first_check_detector_errors=first.detector_errors,
                            first_check_error=first.error)
        log(f"first check page request after start: {first.ns / 1e6:.0f} ms"
            + (f", {first.detector_errors} detector_error findings" if first.detector_errors else ""))
        warm, timed = posts[:args.warmup], posts[args.warmup:]
        for scenario in SCENARIOS:
            for clients in args.clients:
                results.append(measure_web(server, scenario, clients, warm, timed))
        assert server.proc is not None
        run["server"] = {"peak_rss_mb": proc_peak_rss_mb(server.proc.pid)}
        stop_server(server)
        log_text = server.log_path.read_text(encoding="utf-8", errors="replace") if server.log_path else ""
        run["server"]["queue_depth_warnings"] = log_text.count("Task queue depth")
        run["server"]["log_errors"] = sum("Traceback" in line or " ERROR " in line for line in log_text.splitlines())
        log("engine only, in a fresh process, on the same texts")
        results += measure_engine(posts, args.warmup, home, args.timeout)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        # Recorded with whatever was measured, so the files say why this database has no (or fewer) rows.
        run["error"] = f"{type(exc).__name__}: {exc}"[-2000:]
        log(f"{label}: FAILED -- {run['error'][-600:]}")
    finally:
        stop_server(server)
        if created and database_url and not args.keep_database:
            try:
                pg_drop(database_url)
            except Exception as exc:  # noqa: BLE001 -- report, do not hide the run's own error
                log(f"could not drop the benchmark database: {exc}")
        shutil.rmtree(home, ignore_errors=True)
    engine = {m.key: m.per_post for m in results if m.key.startswith("engine_")}
    for m in results:
        channel = {"personal_check": "personal", "api_check": "official"}.get(m.key)
        expected = engine.get(f"engine_{channel}")
        if expected and m.per_post:
            agree = sum(a == b for a, b in zip(m.per_post, expected, strict=False))
            m.agrees_with_engine = f"{agree}/{len(expected)}"
    run["results"] = [m.public() for m in results]
    run["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    run["wall_s"] = time.perf_counter() - started
    run["checks"] = checks(run)
    return run


def checks(run: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for r in run["results"]:
        if r["key"] != DONE_WHEN:
            continue
        ok = bool(r["limit_pass"])
        p95 = "not measured" if r["p95_ms"] is None else f"{r['p95_ms']:.1f} ms"
        errors = f", {r['errors']} failed requests" if r["errors"] else ""
        relation = "<" if ok else "not <"
        out.append({"pass": ok, "check": f"{run['database']['label']}: check page p95 with {_clients(r['clients'])} "
                                          f"{p95} {relation} {P95_LIMIT_MS:g} ms{errors}"})
    if not out:
        why = f" ({run['error'][-300:]})" if run.get("error") else ""
        out.append({"pass": False, "check": f"{run['database']['label']}: the check page was not measured{why}"})
    return out


# ------------------------------------------------------------------------------------------------ report


def _clients(n: int) -> str:
    return f"{n} client" if n == 1 else f"{n} clients"


def _num(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    runs = list(report["runs"].values())
    lines = [
        "# CivicGuard web benchmark",
        "",
        f"Done-when: the check page answers in under {P95_LIMIT_MS:g} ms at p95 for a {POST_CHARS}-character post. "
        "Produced by `bench/web_bench.py`; every figure is end to end (request sent to response body read) "
        "through `civicguard serve` (waitress, 8 threads) on 127.0.0.1, client and server on the same machine.",
        "",
        "| database | scenario | clients | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | "
        f"p95 < {P95_LIMIT_MS:g} ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        db = run["database"]["label"]
        for r in run["results"]:
            web = not r["key"].startswith("engine_")
            verdict = ("PASS" if r["limit_pass"] else "FAIL") if web else "(no web)"
            errors = f" ({r['errors']} errors)" if r["errors"] else ""
            lines.append(f"| {db} | {r['label']}{errors} | {r['clients']} | {r['requests']:,} | "
                         f"{_num(r['requests_per_s'])} | {_num(r['p50_ms'])} | {_num(r['p95_ms'])} | "
                         f"{_num(r['p99_ms'])} | {_num(r['max_ms'])} | {verdict} |")
    lines += ["", "Done-when (the personal check page, every client count):", ""]
    for run in runs:
        lines += [f"- {'PASS' if c['pass'] else 'FAIL'} {c['check']}" for c in run["checks"]]
    for run in runs:
        mach, cfg, setup = run["machine"], run["config"], run.get("setup", {})
        mix = run["posts"]
        lines += [
            "",
            f"## {run['database']['label']}",
            "",
            f"- Run {run['generated_at']}, {run['wall_s']:.0f} s in all, on {mach['cores']} cores "
            f"({mach['usable_cores']} usable), {mach['cpu_model'] or 'unknown CPU'}, Python {mach['python']}; "
            f"load average {mach['load_average_at_start']} at start, {mach['load_average_at_end']} at end.",
        ]
        if run["database"].get("server_version"):
            lines.append(f"- PostgreSQL {run['database']['server_version']} at {run['database']['url']} "
                         "(database created for the run and dropped after it).")
        lines += [
            f"- {cfg['requests']:,} timed requests per row after {cfg['warmup']} warm-up requests, the same "
            f"{POST_CHARS}-character posts for every row (seed {cfg['seed']}; {mix['distinct_texts']} distinct; "
            f"kinds {mix['by_kind']}).",
            f"- Set-up: demo data {_num(setup.get('demo_s'))} s, server answering after "
            f"{_num(setup.get('server_start_s'))} s; server peak RSS "
            f"{_num(run.get('server', {}).get('peak_rss_mb'), 0)} MB; waitress queue-depth warnings "
            f"{run.get('server', {}).get('queue_depth_warnings', 'n/a')}.",
        ]
        if setup.get("first_check_ms") is not None:
            degraded = setup.get("first_check_detector_errors")
            lines.append(f"- The first check page request the fresh server answered (before any row's warm-up) "
                         f"took {setup['first_check_ms']:,.0f} ms"
                         + (f" and came back degraded ({degraded} detector_error findings)." if degraded else "."))
        by_key = {(r["key"], r["clients"]): r for r in run["results"]}
        for key, channel in (("personal_check", "personal"), ("post_new", "official"), ("api_check", "official")):
            row, eng = by_key.get((key, 1)), by_key.get((f"engine_{channel}", 1))
            if row and eng and row["p50_ms"] is not None and eng["p50_ms"] is not None:
                lines.append(f"- {key}, 1 client: p50 {row['p50_ms']:.1f} ms of which the engine's check is "
                             f"{eng['p50_ms']:.1f} ms (p50, as {channel}); web overhead about "
                             f"{row['p50_ms'] - eng['p50_ms']:.1f} ms. Server CPU "
                             f"{_num(row['server_cpu_ms_per_request'])} ms per request.")
        verdicts = "; ".join(f"{r['key']} {r['verdicts']}" for r in run["results"]
                             if r["verdicts"] and r["clients"] == min(cfg["clients"]))
        if verdicts:
            lines.append(f"- Verdicts of the timed requests ({_clients(min(cfg['clients']))}): {verdicts}.")
        agreement = "; ".join(f"{r['key']} with {_clients(r['clients'])} {r['agrees_with_engine']}"
                              for r in run["results"] if r.get("agrees_with_engine"))
        if agreement:
            lines.append(f"- The verdict shown (page) or answered (API) is the engine's own, post by post: "
                         f"{agreement}.")
        if run.get("error"):
            lines.append(f"- ERROR: the run stopped early: {' '.join(run['error'].split())[-800:]}")
        for r in run["results"]:
            if r.get("detector_errors"):
                lines.append(f"- WARNING {r['key']} ({_clients(r['clients'])}): {r['detector_errors']} detector_error "
                             "findings (a detector overran its time limit or raised: the check was degraded, "
                             "not slow).")
            for sample in r["error_samples"]:
                lines.append(f"- ERROR {r['key']} ({_clients(r['clients'])}): {sample[:300]}")
    return "\n".join(lines) + "\n"


def write_report(runs: dict[str, dict[str, Any]], out: Path, replace: bool) -> dict[str, Any]:
    previous: dict[str, Any] = {}
    if out.is_file() and not replace:
        with contextlib.suppress(ValueError, OSError):
            previous = json.loads(out.read_text(encoding="utf-8")).get("runs", {})
    merged = {**previous, **runs}
    order = {"sqlite": 0, "postgresql": 1}
    merged = dict(sorted(merged.items(), key=lambda kv: (order.get(kv[0], 2), kv[0])))
    all_checks = [c for run in merged.values() for c in run.get("checks", [])]
    report = {
        "benchmark": "web",
        "done_when": f"the check page answers in under {P95_LIMIT_MS:g} ms at p95 for a {POST_CHARS}-character post",
        "limit_p95_ms": P95_LIMIT_MS,
        "post_chars": POST_CHARS,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": merged,
        "all_pass": all(c["pass"] for c in all_checks) and bool(all_checks),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(report)
    out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)
    print(f"wrote {out} and {out.with_suffix('.md')}")
    return report


def run_benchmark(args: argparse.Namespace) -> int:
    *posts, cold_post = bench_posts(args.warmup + args.requests + 1, args.seed)
    mix = describe(posts)
    log(f"{len(posts)} posts of {POST_CHARS} characters, {mix['distinct_texts']} distinct; kinds {mix['by_kind']}")
    runs: dict[str, dict[str, Any]] = {}
    ok = True
    for url in args.database_url:
        database_url = None if url == EMBEDDED else url
        run = run_database(database_url, posts, cold_post, args)
        run["config"] = {"requests": args.requests, "warmup": args.warmup, "clients": args.clients,
                         "seed": args.seed}
        run["posts"] = mix
        key = run["database"]["kind"]
        runs[key if key not in runs else f"{key}-{len(runs)}"] = run
        ok = ok and all(c["pass"] for c in run["checks"])
    write_report(runs, args.out, args.replace)
    return 0 if ok else 1


def parse_clients(value: str) -> list[int]:
    try:
        counts = [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("a comma-separated list of client counts, e.g. 1,4") from None
    if not counts or any(c < 1 or c > 64 for c in counts):
        raise argparse.ArgumentTypeError("client counts must be between 1 and 64")
    return counts


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="CivicGuard web benchmark: check page, Save and check, check API.")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per row (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests before each row (default 20)")
    parser.add_argument("--clients", type=parse_clients, default=[1, 4],
                        help="concurrent client threads, comma-separated (default 1,4)")
    parser.add_argument("--database-url", action="append", default=None,
                        help="database to run on: 'embedded' (the default: SQLite in a temporary CIVICGUARD_HOME) "
                             "or a DATABASE_URL such as postgres://postgres@127.0.0.1:5432/civicguard_bench "
                             "(created and dropped by the run); repeat for several")
    parser.add_argument("--drop-existing", action="store_true",
                        help="drop the --database-url database first if it exists (default: refuse)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the PostgreSQL database after")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="JSON results; the Markdown goes beside it (default bench/results/web.json)")
    parser.add_argument("--replace", action="store_true",
                        help="drop other databases' results already in --out (default: keep them)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"post generator seed ({DEFAULT_SEED})")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed for each set-up step")
    parser.add_argument("--phase", choices=("engine",), help=argparse.SUPPRESS)
    parser.add_argument("--phase-in", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be at least 1 and --warmup at least 0")
    args.database_url = args.database_url or [EMBEDDED]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase == "engine":
        phase_engine(args.phase_in, args.phase_out, args.warmup)
        return 0
    return run_benchmark(args)


if __name__ == "__main__":
    raise SystemExit(main())
