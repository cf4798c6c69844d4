"""`remit-local`: run Remit on one machine without Docker.

remit-local up                 # Kafka, PostgreSQL, sinks, migrations, the four services
remit-local down               # stop all of it; nothing is left running
remit-local status
remit-local test [pytest args] # the whole test suite with the infra it needs
remit-local infra up|down|status|logs [kafka|postgres]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from remit_local import infra, kafka, postgres, procs, stack, testrun
from remit_local.paths import Layout, RepoNotFoundError
from remit_local.status import render, table

SETUP_ERRORS = (
    kafka.KafkaSetupError,
    postgres.PostgresSetupError,
    procs.ProcessError,
    stack.StackError,
    RepoNotFoundError,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="remit-local", description="Run Remit locally: real Kafka and PostgreSQL, no Docker."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="bring the whole system up and print its URLs")
    sub.add_parser("down", help="stop services, sinks, Kafka and PostgreSQL")
    sub.add_parser("status", help="one line per component")
    # `test` is dispatched before argparse sees its arguments: they all belong to pytest.
    sub.add_parser(
        "test",
        help="run pytest with the infrastructure it needs; extra arguments go to pytest",
        add_help=False,
    )
    demo = sub.add_parser(
        "demo", help="advance the demo clock a day at a time and show what went out"
    )
    demo.add_argument("--days", type=int, default=14, help="how many days to play (default 14)")
    inf = sub.add_parser("infra", help="just Kafka and PostgreSQL")
    inf.add_argument("action", choices=("up", "down", "status", "logs"))
    inf.add_argument("component", nargs="?", choices=infra.COMPONENTS)
    inf.add_argument("-n", "--lines", type=int, default=60, help="logs: how many lines")
    return parser


def _infra_up(layout: Layout, components: tuple[str, ...]) -> None:
    started = time.monotonic()
    live = infra.up(layout, components=components)
    took = time.monotonic() - started
    if live.started:
        print(f"infra: started {', '.join(live.started)} in {took:.1f} s")
    else:
        print(f"infra: already running ({took:.1f} s)")
    print(render(s for s in infra.status(layout) if s.name in components))


def _up(layout: Layout) -> None:
    started = time.monotonic()
    _infra_up(layout, infra.COMPONENTS)
    sinks = stack.start_sinks(layout)
    print(f"sinks: {sinks.state} {sinks.detail}".rstrip())
    for message in stack.migrate(layout):
        print(f"migrations: {message}")
    statuses = stack.start_services(layout)
    seeded = stack.seed_demo()
    if seeded:
        print(seeded)
    print(render([sinks, *statuses]))
    print()
    print(table(stack.urls(layout), header=("what", "where")))
    print(f"\nRemit is up ({time.monotonic() - started:.1f} s). Stop it with: remit-local down")


def _down(layout: Layout) -> int:
    """Stop everything, then check that no process we recorded is still alive."""
    before = [s.pid for s in stack.app_statuses(layout) + infra.status(layout) if s.pid]
    stopped = stack.stop_apps(layout) + infra.down(layout)
    print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
    lingering = [pid for pid in before if procs.cmdline(pid) is not None]
    if lingering:
        print(f"error: still running after down: pids {lingering}", file=sys.stderr)
        return 1
    return 0


def _logs(layout: Layout, component: str | None, lines: int) -> None:
    for name in [component] if component else list(infra.COMPONENTS):
        path = infra.log_file(layout, name)
        print(f"==> {path} <==")
        print(procs.log_tail(path, lines))


def _dispatch(args: argparse.Namespace, layout: Layout) -> int:
    if args.command == "up":
        _up(layout)
    elif args.command == "down":
        return _down(layout)
    elif args.command == "status":
        print(render(infra.status(layout) + stack.app_statuses(layout)))
    elif args.command == "test":
        return testrun.run(layout, args.pytest_args)
    elif args.command == "demo":
        from remit_local import demo  # imported here: only this command needs it

        demo.run_days(args.days)
    elif args.command == "infra":
        components = (args.component,) if args.component else infra.COMPONENTS
        if args.action == "up":
            _infra_up(layout, components)
        elif args.action == "down":
            stopped = infra.down(layout, components=components)
            print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
        elif args.action == "status":
            print(render(s for s in infra.status(layout) if s.name in components))
        else:
            _logs(layout, args.component, args.lines)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `remit-local` console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["test"]:
        rest = argv[1:]
        args = argparse.Namespace(
            command="test", pytest_args=rest[1:] if rest[:1] == ["--"] else rest
        )
    else:
        args = _parser().parse_args(argv)
    try:
        return _dispatch(args, Layout.default())
    except SETUP_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        if args.command == "up" or getattr(args, "action", "") == "up":
            print("(`remit-local down` stops whatever did start)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
