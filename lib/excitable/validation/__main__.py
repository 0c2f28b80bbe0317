"""``python -m excitable.validation``: print the validation table (``--json`` for the values)."""

import sys

from . import main

sys.exit(main())
