"""The engine must stay framework-free: the web app, workers and CLI all import it."""

import subprocess
import sys


def test_engine_imports_no_django():
    code = (
        "import sys, civicguard.engine as e\n"
        "from civicguard.engine.detectors import registry\n"
        "registry.available()\n"
        "e.pack_for('st-helens'); e.pack_for('sefton')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework', 'celery'})\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
