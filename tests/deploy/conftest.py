"""Makes this folder's helper modules importable by the tests beside them.

The folder cannot be a package named ``deploy``: under ``--import-mode=importlib`` that name
collides with the repository's own ``deploy/`` directory, so the helpers get unique top-level
names (``deploy_support``, ``kustomize_lite``) and this folder goes on ``sys.path``.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
