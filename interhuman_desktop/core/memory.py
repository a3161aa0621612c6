"""This process's memory use, for health figures and benches (Linux /proc; 0 elsewhere)."""

from __future__ import annotations

import resource
import sys


def rss_mb() -> float:
    """Resident set size now, in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
