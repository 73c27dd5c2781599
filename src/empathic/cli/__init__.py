"""The ``empathic`` command. Each subcommand parses arguments and calls the library."""

from __future__ import annotations

import argparse
import sys

from empathic.errors import EmpathicError


def build_parser() -> argparse.ArgumentParser:
    from empathic.cli import analyze, audit, bridge, chat, evaluate, insights, proxy, serve, train

    parser = argparse.ArgumentParser(prog="empathic", description="Emotional intelligence for conversations.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (analyze, chat, serve, proxy, bridge, train, evaluate, audit, insights):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except EmpathicError as exc:
        print(f"empathic: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and closed: not an error
        sys.stderr.close()
        return 0
