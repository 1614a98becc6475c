"""Run a pack's rules over one piece of content and collect every finding.

Fail closed: a detector that raises or overruns its time limit produces a finding that sends the item to
a human (severity at least `warn`); it never lets the content pass silently.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.base import Detector, Document
from civicguard.engine.model import CheckResult, Content, Context, Detection, Finding, Severity
from civicguard.engine.packs.loader import pack_for
from civicguard.engine.packs.schema import Pack, Rule
from civicguard.engine.verdict import verdict_of

log = logging.getLogger(__name__)

_POOL_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None


def _forget_pool() -> None:
    # A forked worker inherits the pool object but not its threads: start afresh in the child.
    global _POOL
    _POOL = None


os.register_at_fork(after_in_child=_forget_pool)


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="civicguard-detector")
        return _POOL


_POLL = 0.05  # seconds between looks at a slow check


def _attempt(detector: Detector, doc: Document) -> list[Detection] | BaseException:
    try:
        return detector.detect(doc)
    except Exception as exc:  # noqa: BLE001 - fail closed on anything a plug-in raises
        log.exception("detector %s failed", detector.name)
        return exc


Outcomes = dict[int, list[Detection] | BaseException]  # each detector's detections (or failure), by id(detector)


class _Run:
    """The state of some checks' detectors, run one check after another on one worker thread and watched from the
    calling thread: each check is a job, the detectors it runs and the document they read."""

    def __init__(self, jobs: Sequence[tuple[list[Detector], Document]]) -> None:
        self.jobs = jobs
        self.done: list[Outcomes] = [{} for _ in jobs]
        self.job = 0  # the job running (or next to run)
        self.current: Detector | None = None
        self.started = time.monotonic()
        self.stopped = False
        self.began = False
        self.lock = threading.Lock()

    def execute(self) -> None:
        for k, (detectors, doc) in enumerate(self.jobs):
            for detector in detectors:
                with self.lock:
                    if self.stopped:
                        return
                    self.job, self.current, self.started, self.began = k, detector, time.monotonic(), True
                outcome = _attempt(detector, doc)
                with self.lock:
                    if self.stopped:
                        return
                    self.done[k][id(detector)] = outcome
                    self.current = None

    def time_left(self) -> float:
        with self.lock:
            if self.current is None:
                if self.began:
                    return _POLL
                # Still queued behind hung detectors of other checks: give up after the usual limit.
                return Detector.timeout - (time.monotonic() - self.started)
            return self.current.timeout - (time.monotonic() - self.started)

    def results(self) -> list[Outcomes]:
        with self.lock:
            return [dict(d) for d in self.done]

    def abandon(self) -> list[Outcomes]:
        """Stop the worker before its next detector. The outcomes of the jobs up to the one that overran (that one
        with the slow detector timed out and the rest of its detectors not run); the later jobs are left to the
        caller."""
        with self.lock:
            self.stopped = True
            k = self.job
            out = [dict(d) for d in self.done[: k + 1]]
            slow = self.current
        for d in self.jobs[k][0]:
            if id(d) in out[k]:
                continue
            if d is slow:
                log.warning("detector %s timed out after %ss", d.name, d.timeout)
                out[k][id(d)] = TimeoutError(f"took longer than {d.timeout:g} s")
            else:
                out[k][id(d)] = TimeoutError(f"did not run: {slow.name if slow else 'an earlier check'} overran")
        return out


class _Plan:
    """What a check on one channel runs: its rules (each with its detector), each distinct detector once (several
    rules may share one detector, same name and parameters), and those of them that read text out of something
    else (`texts_read`: images.text)."""

    __slots__ = ("rules", "detectors", "readers")

    def __init__(self, rules: list[tuple[Rule, Detector]]) -> None:
        self.rules = rules
        self.detectors = list({id(d): d for _, d in rules}.values())
        self.readers = [d for d in self.detectors if hasattr(d, "texts_read")]


class _Formatter(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Engine:
    """The pack's rules bound to their detectors. Build once per pack and reuse for many checks."""

    def __init__(self, pack: Pack, *, timeouts: bool = True) -> None:
        self.pack = pack
        self.timeouts = timeouts
        self._bound: list[tuple[Rule, Detector]] = []
        for rule in pack.rules:
            if not rule.enabled:
                continue
            params = registry.parse_params(rule.detector, dict(rule.params))
            self._bound.append((rule, registry.instance(rule.detector, params)))
        self._warm = False
        self._warm_lock = threading.Lock()
        self._plans: dict[str, _Plan] = {}

    @classmethod
    def for_council(cls, council: str) -> Engine:
        return _engine_for(council)

    def warm_up(self) -> None:
        """Load every detector's models (spaCy, the trained heads). A constructed engine does this itself before
        its first check, outside any time limit: loading alone can take longer than a detector's limit, and a
        cold process must not fail its first checks closed. Calling it early moves that wait to start-up."""
        with self._warm_lock:
            if self._warm:
                return
            for det in self.detectors():
                det.warm_up()
            self._warm = True

    def detectors(self) -> list[Detector]:
        """Each distinct detector this engine runs (rules that share a detector and parameters share one)."""
        return list({id(d): d for _, d in self._bound}.values())

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        """Fill each text's memo (`memos`, one dict per text) with what this engine's detectors share, worked
        out for the whole batch by their `prepare_batch` hooks (one spaCy pass, the trained models at once)."""
        self.warm_up()
        for det in self.detectors():
            det.prepare_batch(texts, memos)

    def rules_for(self, channel: str) -> list[tuple[Rule, Detector]]:
        return [(r, d) for r, d in self._bound if channel in r.applies_to]

    def _plan(self, channel: str) -> _Plan:
        """The rules for `channel`, worked out once per channel rather than once per check."""
        plan = self._plans.get(channel)
        if plan is None:
            plan = self._plans[channel] = _Plan(self.rules_for(channel))
        return plan

    def check(self, content: Content, context: Context, *, memo: dict[str, Any] | None = None) -> CheckResult:
        return self.check_all([(content, context, memo)])[0]

    def check_all(self, items: Sequence[tuple[Content, Context, dict[str, Any] | None]]) -> list[CheckResult]:
        """Check each item (content, context, and the memo it starts with, if any) as `check` does, the detectors
        of all of them run on one worker thread in one hand-off (a hand-off a check cost a scan a tenth of its
        time), each detector still held to its own time limit."""
        self.warm_up()
        docs = [Document(content, context, memo, facts=self.pack.facts) for content, context, memo in items]
        plans = [self._plan(context.channel) for _, context, _ in items]
        outcomes = self._run_jobs([(plan.detectors, doc) for plan, doc in zip(plans, docs, strict=True)])
        return [self._result(plan, doc, outcome) for plan, doc, outcome in zip(plans, docs, outcomes, strict=True)]

    def _result(self, plan: _Plan, doc: Document, outcomes: Outcomes) -> CheckResult:
        context = doc.context
        findings: list[Finding] = []
        for rule, detector in plan.rules:
            outcome = outcomes[id(detector)]
            if isinstance(outcome, BaseException):
                findings.append(self._failure(rule, detector, outcome))
            elif outcome:
                findings.extend(self._findings(rule, doc, outcome))
        # Words read out of something else (images.text: the text in a picture) are checked by the same text rules,
        # each as a Document of its own; the findings say where the words were (engine/detectors/images/text.py).
        for detector in plan.readers:
            outcome = outcomes[id(detector)]
            if not isinstance(outcome, BaseException):
                findings.extend(self._read_text_findings(detector, outcome, plan.rules, context))
        findings.sort(key=lambda f: (f.start, -f.severity.rank, f.rule))
        return CheckResult(
            verdict=verdict_of(findings),
            council=self.pack.id,
            policy_version=self.pack.version,
            channel=context.channel,
            findings=tuple(findings),
        )

    def _read_text_findings(self, reader: Any, detections: list[Detection], plan: list[tuple[Rule, Detector]],
                            context: Context) -> list[Finding]:
        """The findings of `reader`'s text rules (`rules_for_text`) on each text it read (`texts_read`), failing
        closed like the post's own, each said of where the text was (`said_of`)."""
        rules = reader.rules_for_text(plan)
        detectors = list({id(d): d for _, d in rules}.values())
        out: list[Finding] = []
        for where, text in reader.texts_read(detections):
            doc = Document(Content(text=text), context, facts=self.pack.facts)
            outcomes = self._run_jobs([(detectors, doc)])[0]
            for rule, detector in rules:
                outcome = outcomes[id(detector)]
                found = ([self._failure(rule, detector, outcome)] if isinstance(outcome, BaseException)
                         else self._findings(rule, doc, outcome))
                out.extend(reader.said_of(f, where) for f in found)
        return out

    def _run_jobs(self, jobs: list[tuple[list[Detector], Document]]) -> list[Outcomes]:
        """Run each job's detectors (the checks one after another) in a worker thread, watched from this one.

        One hand-off for all the jobs (not one per detector, nor one per check) keeps the watchdog cheap. If a
        running detector overruns its own time limit, it and the detectors of its check not yet run are reported
        as failures, the worker is told to stop before its next detector, and the checks after it start again on
        another worker.
        """
        if not self.timeouts:
            return [{id(d): _attempt(d, doc) for d in detectors} for detectors, doc in jobs]
        out: list[Outcomes] = []
        while len(out) < len(jobs):
            run = _Run(jobs[len(out):])
            future = _pool().submit(run.execute)
            while True:
                try:
                    future.result(timeout=min(_POLL, max(run.time_left(), 0.0)))
                    out.extend(run.results())
                    break
                except FutureTimeout:
                    if run.time_left() <= 0:
                        out.extend(run.abandon())
                        break
        return out

    def _findings(self, rule: Rule, doc: Document, detections: Iterable[Detection]) -> list[Finding]:
        out = []
        text = doc.text
        for d in detections:
            if d.confidence < rule.threshold:
                continue
            fmt = _Formatter(d.attributes)
            severity = rule.severity_of(d.model_only)
            out.append(
                Finding(
                    rule=rule.id,
                    category=rule.category,
                    severity=Severity(severity),
                    clauses=tuple(self.pack.cite(c) for c in rule.clauses),
                    start=d.start,
                    end=d.end,
                    text=text[d.start : d.end],
                    confidence=d.confidence,
                    message=rule.message.format_map(fmt),
                    remedy=rule.remedy.format_map(fmt),
                    label=d.label,
                    explanation=d.explanation,
                    redacted=d.redacted,
                    needs_human=d.needs_human,
                    overridable=rule.overridable or severity != "block",
                )
            )
        return out

    def _failure(self, rule: Rule, detector: Detector, exc: BaseException) -> Finding:
        severity = Severity.BLOCK if rule.severity == "block" else Severity.WARN
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=severity,
            clauses=tuple(self.pack.cite(c) for c in rule.clauses),
            start=0,
            end=0,
            text="",
            confidence=0.0,
            message=f"The {detector.name} check could not run ({type(exc).__name__}: {exc}); "
            "a person must review this content.",
            remedy="Ask a moderator or approver to review it by hand before it is published.",
            label="detector_error",
            needs_human=True,
        )


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _engine_for(council: str) -> Engine:
    with _ENGINES_LOCK:
        engine = _ENGINES.get(council)
        if engine is None:
            engine = Engine(pack_for(council))
            engine.warm_up()
            _ENGINES[council] = engine
        return engine


def check(content: Content | str, context: Context) -> CheckResult:
    """Check content against the shipped pack of `context.council`."""
    if isinstance(content, str):
        content = Content(text=content)
    return Engine.for_council(context.council).check(content, context)


def check_many(items: Sequence[tuple[Content, Context]],
               memos: Sequence[dict[str, Any]] | None = None) -> list[CheckResult]:
    """Check many pieces of content at once, each against the shipped pack of its context's council.

    Each result is what `check` gives for that item, but the work a check shares is done for the whole batch by
    the detectors' `prepare_batch` hooks: spaCy parses every text in one pass and the trained models score them
    together. `memos` (from `prepare_batch`) lets a caller hand in what it has already worked out, as
    `civicguard scan` does on a second thread. Several times cheaper per item than one `check` after another.
    """
    ready = prepare_batch(items, memos)
    results: dict[int, CheckResult] = {}
    for council, rows in _by_council(items).items():
        checked = Engine.for_council(council).check_all([(*items[i], ready[i]) for i in rows])
        results.update(zip(rows, checked, strict=True))
    return [results[i] for i in range(len(items))]


def _by_council(items: Sequence[tuple[Content, Context]]) -> dict[str, list[int]]:
    """The positions of the items of each council, in order."""
    by_council: dict[str, list[int]] = {}
    for i, (_, context) in enumerate(items):
        by_council.setdefault(context.council, []).append(i)
    return by_council


def prepare_batch(items: Sequence[tuple[Content, Context]],
                  memos: Sequence[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The memo each item's check starts with, worked out for the whole batch by the detectors of each item's
    council (what `check_many` does first; on its own for a caller preparing the next batch on another thread).
    Keys already in `memos` are kept."""
    ready: list[dict[str, Any]] = [dict(m) for m in memos] if memos is not None else [{} for _ in items]
    for council, rows in _by_council(items).items():
        Engine.for_council(council).prepare_batch([items[i][0].text for i in rows], [ready[i] for i in rows])
    return ready


def one_blas_thread() -> None:
    """Limit this process to one BLAS thread for the rest of its life: for a process that checks beside others
    (a scan worker, a Celery worker), which share out the cores themselves. A BLAS pool per process on top had
    threads spinning against each other: two processes on two cores were slower than one."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
