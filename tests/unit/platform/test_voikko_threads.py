"""libvoikko crashes a process when two threads analyse at once; the project's Voikko functions take turns."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HAMMER = """
    import threading
    from services_catalog.language.lemmas import analyses, voikko_base_forms
    words = [f"talo{i}ssa" for i in range(3000)] + [f"kissa{i}lle" for i in range(3000)]
    def run(offset):
        for word in words[offset:] + words[:offset]:  # each thread starts elsewhere: no shared cache hits
            analyses(word), voikko_base_forms(word + "x")
    threads = [threading.Thread(target=run, args=(n * 1500,)) for n in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print("ok")
"""


def test_four_threads_analysing_at_once_do_not_crash_the_process() -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(HAMMER)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]
