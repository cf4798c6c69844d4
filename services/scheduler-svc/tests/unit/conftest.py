"""Unit tests of scheduler-svc's pure domain: no database, no broker, no clock."""

import sys
from pathlib import Path

# Lets the tests import the shared factories module by name (pytest runs in importlib mode).
sys.path.insert(0, str(Path(__file__).parent))
