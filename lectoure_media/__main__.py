import sys

from lectoure_media.cli import main

sys.exit(main())
