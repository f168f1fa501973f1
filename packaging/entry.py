"""Entry point of the frozen app (PyInstaller runs this file as __main__).

Why not lectoure_media/__main__.py directly: the probe pool and the batch export start worker processes
with the "spawn" method, which re-runs the frozen executable with multiprocessing's own arguments.
freeze_support() must see those arguments before the command-line parser does, or every worker would
die with a usage error.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from lectoure_media.cli import main

    sys.exit(main())
