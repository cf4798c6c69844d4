#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to run Remit locally, then the Python workspace.
# Idempotent: every step checks first. Needs root (or sudo) only for missing system packages.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$REPO_ROOT"

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[bootstrap] %s\033[0m\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null && SUDO="sudo" || SUDO=""
fi

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "missing: $* (this script installs with apt-get on Debian/Ubuntu; install them yourself elsewhere)"
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    die "missing system packages: $* (run: sudo apt-get install -y $*)"
  fi
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v make >/dev/null || apt_install make

# Python 3.11 (system interpreter; uv never downloads one).
PYTHON="${REMIT_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$(command -v "$candidate")"; break
    fi
  done
fi
[ -n "$PYTHON" ] || die "Python 3.11 not found: install python3.11 (apt-get install -y python3.11 python3.11-venv) or set REMIT_PYTHON"

# uv, from PyPI, into the user's environment.
if ! command -v uv >/dev/null; then
  say "installing uv from PyPI"
  "$PYTHON" -m pip install --quiet --user uv 2>/dev/null || "$PYTHON" -m pip install --quiet uv \
    || "$PYTHON" -m pip install --quiet --break-system-packages uv \
    || die "could not install uv: run '$PYTHON -m pip install uv'"
  export PATH="$HOME/.local/bin:$PATH"
  command -v uv >/dev/null || die "uv installed but not on PATH: add \$HOME/.local/bin to PATH"
fi

# Java 17+ and Maven for the Kafka broker (unless an external cluster is named).
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  java_major() { java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1; }
  if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
    apt_install openjdk-17-jre-headless
  fi
  command -v mvn >/dev/null || apt_install maven
fi

# PostgreSQL server binaries (unless an external server is named).
if [ -z "${DATABASE_URL:-}" ] && [ -z "${REMIT_TEST_PG_DSN:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    apt_install postgresql
  fi
fi

# PDF tools: statement-svc's golden test checks its PDFs with qpdf and poppler (pdftotext, pdftoppm).
command -v qpdf >/dev/null || apt_install qpdf
{ command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; } || apt_install poppler-utils

say "syncing the Python workspace (uv sync --frozen)"
UV_PYTHON="$PYTHON" uv sync --frozen --quiet
say "ready"
