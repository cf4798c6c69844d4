"""A throwaway PostgreSQL cluster in `.local/pg`, or the server named by `DATABASE_URL`.

`up()` finds Debian's binaries (installing the `postgresql` package with apt-get when they are
missing), runs `initdb` once, starts the server on 127.0.0.1 only (port `REMIT_PG_PORT`, default
55432; unix socket inside `.local`), waits until it accepts connections and creates one database
per service. Loopback connections are trusted; the superuser role is `remit` / `remit`.

`initdb` and `pg_ctl` refuse to run as root, so as root they run as the system user `remit-pg`
(created on first use, no login) through `runuser`.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from remit_local import procs
from remit_local.paths import Layout
from remit_local.status import Status

NAME = "postgres"
HOST = "127.0.0.1"
OS_USER = "remit-pg"
ROLE = "remit"
PASSWORD = "remit"  # noqa: S105 - a local throwaway cluster that only listens on loopback
SERVICE_DATABASES = ("remit_invoice", "remit_scheduler", "remit_notifier", "remit_statement")
_DBNAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresSetupError(RuntimeError):
    """The cluster cannot be set up or started; the message says what to do."""


# --- addresses ------------------------------------------------------------------------------
def port() -> int:
    return int(os.environ.get("REMIT_PG_PORT", "55432"))


def external_url() -> str | None:
    """The server named by `DATABASE_URL`, if any."""
    return os.environ.get("DATABASE_URL") or None


def _with(url: str, *, scheme: str, dbname: str | None = None) -> str:
    parts = urlsplit(url)
    path = f"/{dbname}" if dbname is not None else parts.path
    return urlunsplit((scheme, parts.netloc, path, parts.query, parts.fragment))


def admin_dsn() -> str:
    """A plain `postgresql://` DSN with rights to create databases (asyncpg/libpq style)."""
    url = external_url()
    if url:
        return _with(url, scheme="postgresql")
    return f"postgresql://{ROLE}:{PASSWORD}@{HOST}:{port()}/postgres"


def database_url(dbname: str) -> str:
    """SQLAlchemy URL of one database: `postgresql+asyncpg://remit:remit@127.0.0.1:55432/<db>`."""
    return _with(admin_dsn(), scheme="postgresql+asyncpg", dbname=dbname)


# --- binaries and the OS user ----------------------------------------------------------------
def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)


def find_bin_dir() -> Path | None:
    """`REMIT_PG_BINDIR`, else the newest /usr/lib/postgresql/<ver>/bin, else initdb on PATH."""
    override = os.environ.get("REMIT_PG_BINDIR")
    if override:
        return Path(override)
    candidates = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]
    if candidates:
        return max(candidates, key=_version_key)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def install_binaries() -> Path:
    """Install Debian's `postgresql` package without letting it create or start a cluster."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresSetupError(
            "PostgreSQL not found: install it (sudo apt-get install -y postgresql), "
            "set REMIT_PG_BINDIR to its bin folder, or set DATABASE_URL to an existing server."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-y", "-q", "-o", "Dpkg::Options::=--force-confold"]
    print("postgres: binaries missing; installing Debian's postgresql package with apt-get...")
    steps = [
        ["apt-get", "update", "-q"],
        [*apt, "install", "--no-install-recommends", "postgresql-common"],
        # Like the official Docker image: no default "main" cluster that would start on 5432.
        [
            "sed", "-ri", r"s/^#?\s*create_main_cluster\s*=.*$/create_main_cluster = false/",
            "/etc/postgresql-common/createcluster.conf",
        ],
        [*apt, "install", "--no-install-recommends", "postgresql"],
    ]  # fmt: skip
    for argv in steps:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise PostgresSetupError(
                f"`{' '.join(argv)}` failed:\n{(result.stdout + result.stderr)[-3000:]}"
            )
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresSetupError("apt-get installed postgresql but no initdb was found")
    return bin_dir


def bin_dir() -> Path:
    """The folder holding initdb, pg_ctl and postgres (installing them if needed)."""
    found = find_bin_dir()
    return found if found and (found / "pg_ctl").exists() else install_binaries()


def _as_root() -> bool:
    return os.geteuid() == 0


def ensure_os_user() -> None:
    """Create the `remit-pg` system user (no login, no home) when running as root."""
    try:
        pwd.getpwnam(OS_USER)
        return
    except KeyError:
        pass
    argv = [
        "useradd", "--system", "--user-group", "--no-create-home",
        "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", OS_USER,
    ]  # fmt: skip
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise PostgresSetupError(f"Cannot create OS user {OS_USER}: {result.stderr.strip()}")


def _run(argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool, as `remit-pg` when we are root."""
    if _as_root():
        argv = ["runuser", "-u", OS_USER, "--", *argv]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if check and result.returncode != 0:
        raise PostgresSetupError(
            f"`{' '.join(argv)}` failed:\n{(result.stdout + result.stderr)[-3000:]}"
        )
    return result


def _make_traversable(path: Path) -> None:
    """Let `remit-pg` reach `path`: add o+x to any ancestor that lacks it (and say so)."""
    for ancestor in reversed(path.parents):
        mode = ancestor.stat().st_mode
        if not mode & stat.S_IXOTH:
            print(f"postgres: adding o+x to {ancestor} so {OS_USER} can reach {path}")
            ancestor.chmod(mode | stat.S_IXOTH)


def _own_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    if _as_root():
        shutil.chown(path, OS_USER, OS_USER)


def socket_dir(layout: Layout) -> Path:
    """The unix socket folder; a short /tmp path when .local's is too long for a socket name."""
    if len(f"{layout.pg_socket_dir}/.s.PGSQL.{port()}") < 100:
        return layout.pg_socket_dir
    digest = hashlib.sha256(str(layout.pg_dir).encode()).hexdigest()[:10]
    return Path("/tmp") / f"remit-pg-{digest}"  # noqa: S108


# --- the cluster ----------------------------------------------------------------------------
def _conf(layout: Layout, durable: bool) -> str:
    lines = [
        "# Written by remit-local at every start (deploy/local/src/remit_local/postgres.py).",
        f"listen_addresses = '{HOST}'",
        f"port = {port()}",
        f"unix_socket_directories = '{socket_dir(layout)}'",
        "max_connections = 200",
        "shared_buffers = 128MB",
    ]
    if not durable:  # test runs only: faster, and a crash may lose the cluster
        lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
    return "\n".join(lines) + "\n"


def init_cluster(layout: Layout, bins: Path) -> None:
    """Prepare `.local/pg` and run initdb once; refuse a data dir from another major version."""
    if _as_root():
        ensure_os_user()
        layout.state.mkdir(parents=True, exist_ok=True)
        _make_traversable(layout.pg_dir)
    _own_dir(layout.pg_dir)
    _own_dir(socket_dir(layout))
    version_file = layout.pg_data / "PG_VERSION"
    if version_file.exists():
        have = version_file.read_text().strip()
        want = _run([str(bins / "postgres"), "--version"]).stdout
        if not re.search(rf"\b{re.escape(have)}[.\s]", want):
            raise PostgresSetupError(
                f"{layout.pg_data} was made by PostgreSQL {have} but the binaries are "
                f"{want.strip()}; delete {layout.pg_dir} (it is throwaway) and run again."
            )
        return
    pwfile = layout.pg_dir / "pwfile"
    pwfile.write_text(PASSWORD + "\n")
    if _as_root():
        shutil.chown(pwfile, OS_USER, OS_USER)
    try:
        _run([
            str(bins / "initdb"), "-D", str(layout.pg_data), "-U", ROLE, f"--pwfile={pwfile}",
            "--auth=trust", "--encoding=UTF8", "--no-locale",
        ])  # fmt: skip
    finally:
        pwfile.unlink(missing_ok=True)
    conf = layout.pg_data / "postgresql.conf"
    with conf.open("a") as fh:
        fh.write("\ninclude_if_exists = 'remit.conf'\n")


def running_pid(layout: Layout) -> int | None:
    """The postmaster's pid when our cluster runs (checked against its command line)."""
    try:
        pid = int((layout.pg_data / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if procs.is_alive(pid, marker=str(layout.pg_data)) else None


async def _ping(dsn: str) -> bool:
    conn = await asyncpg.connect(dsn, timeout=3)
    try:
        return await conn.fetchval("SELECT 1") == 1
    finally:
        await conn.close()


def answers(dsn: str) -> bool:
    """True when `dsn` accepts a connection and a query."""
    return procs.run_async(lambda: _ping(dsn))


async def ensure_databases(dsn: str, names: tuple[str, ...] | list[str]) -> list[str]:
    """Create each missing database (idempotent). Returns the names created."""
    created = []
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        for name in names:
            if not _DBNAME.match(name):
                raise ValueError(f"Unsafe database name {name!r}")
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
    finally:
        await conn.close()
    return created


def start(layout: Layout, *, durable: bool = True) -> int | None:
    """Init if needed and start the local cluster (waits for pg_ctl). None when external."""
    if external_url():
        return None
    pid = running_pid(layout)
    if pid:
        return pid
    if procs.port_open(HOST, port()):
        raise PostgresSetupError(
            f"Port {port()} is already in use by a process remit-local did not start. Stop it, "
            "set REMIT_PG_PORT to a free port, or point DATABASE_URL at an existing server."
        )
    bins = bin_dir()
    init_cluster(layout, bins)
    (layout.pg_data / "remit.conf").write_text(_conf(layout, durable))
    if _as_root():
        shutil.chown(layout.pg_data / "remit.conf", OS_USER, OS_USER)
    log = layout.pg_log
    if log.exists() and log.stat().st_size > 20 * 1024 * 1024:
        log.replace(log.with_name(log.name + ".1"))
    pg_ctl = [str(bins / "pg_ctl"), "-D", str(layout.pg_data), "-l", str(log), "-w", "-t", "60"]
    result = _run([*pg_ctl, "start"], check=False)
    if result.returncode != 0:
        raise PostgresSetupError(
            f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n"
            f"--- last lines of {log} ---\n{procs.log_tail(log)}"
        )
    return running_pid(layout)


def up(layout: Layout, *, durable: bool = True) -> str:
    """Start (or reuse) the server, wait until it answers, create the service databases.

    Returns the admin DSN.
    """
    pid = start(layout, durable=durable)
    dsn = admin_dsn()
    procs.wait_until(
        lambda: answers(dsn),
        what=f"PostgreSQL at {HOST}:{port()}" if pid else "PostgreSQL at DATABASE_URL",
        timeout=30,
        log_file=layout.pg_log if pid else None,
        pid=pid,
    )
    created = procs.run_async(lambda: ensure_databases(dsn, SERVICE_DATABASES))
    if created:
        print(f"postgres: created databases {', '.join(created)}")
    return dsn


def down(layout: Layout) -> bool:
    """Stop the local cluster (never an external server). True if it was running."""
    if external_url():
        return False
    pid = running_pid(layout)
    if pid is None:
        return False
    bins = find_bin_dir()
    if bins is not None:
        _run([str(bins / "pg_ctl"), "-D", str(layout.pg_data), "-m", "fast", "-w", "-t", "60",
              "stop"], check=False)  # fmt: skip
    deadline = time.monotonic() + 10
    while running_pid(layout) and time.monotonic() < deadline:
        time.sleep(0.1)
    if running_pid(layout):  # pg_ctl failed: signal the postmaster ourselves
        procs.stop_pid(pid, marker=str(layout.pg_data), timeout=20)
    return True


def status(layout: Layout) -> Status:
    if external_url():
        return Status(NAME, "external", endpoint=_redacted(admin_dsn()), detail="DATABASE_URL")
    pid = running_pid(layout)
    return Status(
        NAME,
        "running" if pid else "stopped",
        pid=pid,
        endpoint=f"{HOST}:{port()}",
        detail=f"databases {', '.join(SERVICE_DATABASES)}",
    )


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}@{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
