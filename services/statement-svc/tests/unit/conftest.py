"""Unit tests of statement-svc: the pure domain and the renderers, no database, no broker."""

import sys
from pathlib import Path

# Lets the tests import the shared factories module by name (pytest runs in importlib mode).
sys.path.insert(0, str(Path(__file__).parent))
