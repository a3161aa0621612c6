"""The bundle's entry point: the same ``main()`` as the ``interhuman-desktop`` console script.

A windowed Windows build starts with ``sys.stdout``/``sys.stderr`` set to None; anything that
writes to them (argparse's ``--version``, a library's warning) would raise, so they point at the
null device instead. The engine child is this same executable with the ``engine`` subcommand.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

# mediapipe imports matplotlib.pyplot; never let it pick an interactive (Qt) backend.
os.environ.setdefault("MPLBACKEND", "Agg")

from interhuman_desktop.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
