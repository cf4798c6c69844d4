# syntax=docker/dockerfile:1
# One image per Remit service, from the locked uv workspace:
#
#   docker build --build-arg SERVICE=invoice   -t remit/invoice-svc .
#   docker build --build-arg SERVICE=scheduler -t remit/scheduler-svc .
#   docker build --build-arg SERVICE=notifier  -t remit/notifier-svc .
#   docker build --build-arg SERVICE=statement -t remit/statement-svc .
#   docker build --build-arg SERVICE=local     -t remit/dev-sinks .   # dev sinks, compose only
#
# The image runs `python -m remit_${SERVICE}` on 0.0.0.0:8000 as uid 10001. The same image runs
# its own migrations: `alembic -c services/${SERVICE}-svc/alembic.ini upgrade head` (WORKDIR /app).
# See deploy/README.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# Keep in step with the uv that writes uv.lock (`uv --version`).
ARG UV_VERSION=0.13.9

# A named stage, because COPY --from does not expand build arguments.
FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=invoice|scheduler|notifier|statement|local" >&2; exit 1; }
COPY --from=uv /uv /usr/local/bin/uv

# Byte-compile at build time: the runtime filesystem is read-only and PYTHONDONTWRITEBYTECODE=1.
# The venv lives where the runtime stage expects it, and uses the image's own interpreter.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /src

# 1. Third-party dependencies only, from the lock: this layer survives source changes.
#    Every workspace member's pyproject is needed for uv to read the workspace.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/
COPY deploy/local/pyproject.toml deploy/local/
COPY services/invoice-svc/pyproject.toml services/invoice-svc/
COPY services/scheduler-svc/pyproject.toml services/scheduler-svc/
COPY services/notifier-svc/pyproject.toml services/notifier-svc/
COPY services/statement-svc/pyproject.toml services/statement-svc/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "remit-${SERVICE}"

# 2. The workspace packages this service needs, installed as wheels (not editable), so the
#    runtime image needs no source tree.
COPY libs/common libs/common
COPY deploy/local deploy/local
COPY services services
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package "remit-${SERVICE}"

# 3. The service's Alembic files (not part of its wheel), at the path the docs use.
RUN if [ -d "services/${SERVICE}-svc/migrations" ]; then \
        mkdir -p "/app/services/${SERVICE}-svc" && \
        cp -r "services/${SERVICE}-svc/alembic.ini" "services/${SERVICE}-svc/migrations" \
              "/app/services/${SERVICE}-svc/"; \
    fi \
    && /app/.venv/bin/python -c "import remit_${SERVICE}"

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="remit-${SERVICE}" \
      org.opencontainers.image.description="Remit ${SERVICE} service"

# MALLOC_TRIM_THRESHOLD_: glibc keeps freed memory instead of returning it to the OS and
# faulting it back (a 6-9x serialisation slowdown measured on 2-core VMs; PERF-NOTES.md).
# 256 MiB, the same value remit_common.web.server sets with mallopt when this is unset.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1 \
    MALLOC_TRIM_THRESHOLD_=268435456 \
    REMIT_SERVICE=${SERVICE} \
    REMIT_HTTP_HOST=0.0.0.0 \
    REMIT_HTTP_PORT=8000 \
    REMIT_ENV=production

RUN groupadd --system --gid 10001 remit \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin remit

WORKDIR /app
# Owned by root and not writable by the service user: the code cannot be changed at run time.
COPY --from=builder /app /app

USER 10001:10001
EXPOSE 8000

# No curl in the slim image: the interpreter does the probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('REMIT_HTTP_PORT', '8000'), timeout=2)"]

# exec: python becomes PID 1 and receives SIGTERM itself (uvicorn drains on it).
# ENTRYPOINT's exec form does not expand variables, hence the one-line shell.
ENTRYPOINT ["/bin/sh", "-c", "exec python -m \"remit_${REMIT_SERVICE}\" \"$@\"", "remit"]
