"""`python -m envstrap`: the stage-1 command line."""

import sys

from envstrap.cli import main

if __name__ == "__main__":
    sys.exit(main())
