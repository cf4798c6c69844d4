"""Background processes: start detached with a log and a pid file, check, wait for, and stop.

A pid file holds JSON `{"pid": ..., "argv": [...]}`. A pid counts as running only while
`/proc/<pid>/cmdline` still equals the argv we launched, so a recycled pid is never mistaken
for ours and never signalled. Processes start in their own session (process group), so Ctrl-C
in the terminal does not reach them and `stop` can signal the whole group.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class ProcessError(RuntimeError):
    """A background process failed to start, died, or did not become ready in time."""


@dataclass(frozen=True)
class Handle:
    """What a pid file records about one process we started."""

    pid: int
    argv: list[str]


def read_pid_file(pid_file: Path) -> Handle | None:
    """The handle in `pid_file`, or None when the file is missing or unreadable."""
    try:
        data = json.loads(pid_file.read_text(encoding="utf-8"))
        return Handle(pid=int(data["pid"]), argv=[str(a) for a in data["argv"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def cmdline(pid: int) -> list[str] | None:
    """The argv of a live process ([] while it is still exec-ing), or None when gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # The state letter follows the parenthesised command name, which may contain spaces.
        if stat[stat.rindex(")") + 2] in "ZX":
            return None
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return None
    # Empty while the process is mid-exec (just started): alive, argv not visible yet.
    return raw.decode(errors="replace").split("\0")[:-1] if raw else []


def is_alive(pid: int, argv: Sequence[str] | None = None, marker: str | None = None) -> bool:
    """True when `pid` runs and (if given) its cmdline equals `argv` or contains `marker`."""
    _reap(pid)
    actual = cmdline(pid)
    if actual is None:
        return False
    if argv is not None and actual == list(argv):
        return True
    if marker is not None and marker in " ".join(actual):
        return True
    return argv is None and marker is None


def running_pid(pid_file: Path) -> int | None:
    """The pid recorded in `pid_file` if that very process still runs, else None."""
    handle = read_pid_file(pid_file)
    if handle and is_alive(handle.pid, handle.argv):
        return handle.pid
    return None


def _rotate(log_file: Path) -> None:
    if log_file.exists():
        log_file.replace(log_file.with_name(log_file.name + ".1"))


def start(
    argv: Sequence[str],
    *,
    log_file: Path,
    pid_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start `argv` detached, stdout+stderr to `log_file` (the previous run's log becomes `.1`).

    Returns the pid. Raises ProcessError when the program cannot be executed.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    _rotate(log_file)
    with log_file.open("ab") as log:
        log.write(f"# {time.strftime('%Y-%m-%dT%H:%M:%S')} started: {' '.join(argv)}\n".encode())
        log.flush()
        try:
            proc = subprocess.Popen(  # noqa: S603 - argv is built by us, never a shell string
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=dict(env) if env is not None else None,
                start_new_session=True,
                close_fds=True,
            )
        except OSError as exc:
            raise ProcessError(f"Cannot run {argv[0]}: {exc}") from exc
    # Popen would warn about a still-running child when collected; we track it by pid instead.
    proc.returncode = 0
    pid_file.write_text(json.dumps({"pid": proc.pid, "argv": list(argv)}), encoding="utf-8")
    return proc.pid


def _reap(pid: int) -> None:
    """Collect the exit status if `pid` is our own child, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _signal(pid: int, sig: int) -> None:
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _group_members(pgid: int) -> list[int]:
    """Live processes in process group `pgid` (children a service may have forked)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
        except (OSError, ValueError):
            continue
        if fields[0] not in "ZX" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def stop_pid(
    pid: int,
    argv: Sequence[str] | None = None,
    *,
    marker: str | None = None,
    timeout: float = 15.0,
) -> bool:
    """SIGTERM `pid` (and its process group), then SIGKILL after `timeout` seconds.

    Does nothing unless the pid still runs `argv` (or has `marker` in its command line).
    Returns True if something was stopped.
    """
    if argv is None and marker is None:
        raise ValueError("stop_pid needs argv or marker, to be sure the pid is ours")
    if not is_alive(pid, argv, marker):
        return False
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(pid) and not _group_members(pid):
            return True
        time.sleep(0.1)
    _signal(pid, signal.SIGKILL)
    for member in _group_members(pid):
        _signal(member, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (is_alive(pid) or _group_members(pid)):
        time.sleep(0.1)
    return True


def stop(pid_file: Path, *, timeout: float = 15.0) -> bool:
    """Stop the process recorded in `pid_file` and remove the file. True if one was running."""
    handle = read_pid_file(pid_file)
    stopped = False
    if handle is not None:
        stopped = stop_pid(handle.pid, handle.argv, timeout=timeout)
    pid_file.unlink(missing_ok=True)
    return stopped


def log_tail(log_file: Path, lines: int = 40) -> str:
    """The last `lines` lines of a log file, or a note that it does not exist."""
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {log_file})"
    return "\n".join(text.splitlines()[-lines:])


def wait_until(
    check: Callable[[], bool],
    *,
    what: str,
    timeout: float,
    log_file: Path | None = None,
    pid: int | None = None,
    interval: float = 0.25,
) -> None:
    """Poll `check()` until it returns True.

    Raises ProcessError, with the tail of `log_file`, when `timeout` seconds pass or when the
    process `pid` dies first. Exceptions from `check` count as "not ready yet".
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:  # noqa: S110 - any failure of a readiness probe means "not yet"
            pass
        if pid is not None and not is_alive(pid):
            reason = f"{what} exited before it became ready"
            break
        if time.monotonic() >= deadline:
            reason = f"{what} was not ready after {timeout:.0f} s"
            break
        time.sleep(interval)
    tail = f"\n--- last lines of {log_file} ---\n{log_tail(log_file)}" if log_file else ""
    raise ProcessError(reason + tail)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion from sync code, even inside a running event loop.

    A fresh thread gets its own loop, so callers (pytest fixtures, the CLI) never disturb the
    loop their thread may already have.
    """
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(factory())  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target, name="remit-local-async", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]  # type: ignore[return-value]
