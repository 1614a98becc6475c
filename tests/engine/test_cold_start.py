"""A constructed `Engine` is ready to check: a fresh process's first check runs every detector, none times out.

Loading spaCy and the trained models takes longer than a detector's time limit on a busy machine; the engine
loads them before its first check, outside the limit (issue 14). Twenty fresh processes, two at a time, as
a worker fleet starting up would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

_SCRIPT = """
import json, sys
from civicguard.engine import Content, Context, Engine, pack_for
council, channel, text = sys.argv[1:4]
result = Engine(pack_for(council)).check(Content(text=text), Context(council=council, channel=channel))
print(json.dumps(result.to_dict()))
"""

_POSTS = [
    ("st-helens", "comment", "You lot are useless, my neighbour's kids are left on their own every night."),
    ("sefton", "official", "Congratulations to Mrs Jean Hollins of 14 Greenfield Road, L20 3BD, on her award."),
    ("st-helens", "personal", "My manager at the council is a useless f***ing idiot and everyone knows it."),
    ("sefton", "reply", "Hi Dave, your council tax account is £640 in arrears since you lost your job."),
]


def _first_check(n: int) -> dict[str, object]:
    council, channel, text = _POSTS[n % len(_POSTS)]
    done = subprocess.run([sys.executable, "-c", _SCRIPT, council, channel, text], capture_output=True, text=True,
                          timeout=300, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_twenty_fresh_processes_check_their_first_post_with_no_detector_error():
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_first_check, range(20)))
    failures = [f for r in results for f in r["findings"] if f["label"] == "detector_error"]  # type: ignore[attr-defined]
    assert failures == []
    # The post naming a resident with her address is blocked in every process, as in a warm one.
    assert {r["verdict"] for r in results[1::len(_POSTS)]} == {"block"}
