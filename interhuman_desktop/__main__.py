"""``python -m interhuman_desktop`` is the same as the ``interhuman-desktop`` command."""

from interhuman_desktop.cli import main

raise SystemExit(main())
