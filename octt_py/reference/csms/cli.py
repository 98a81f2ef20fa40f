"""``octt reference csms``: run the reference CSMS until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from octt_py.pics import Identity, Pics, PicsError, Profile, SutSide, load_pics
from octt_py.reference.csms.faults import CSMS_FAULTS
from octt_py.reference.csms.server import ReferenceCsms


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=9000, help="OCPP-J port (0: any free one)")
    parser.add_argument("--pics", metavar="FILE", help="PICS TOML supplying id tags and intervals")
    parser.add_argument(
        "--control-port", type=int, default=0, help="control API port (0: any free one)"
    )
    parser.add_argument(
        "--fault",
        dest="faults",
        metavar="NAME",
        action="extend",
        nargs="+",
        default=[],
        help="plant a fault (repeatable); --list-faults shows them",
    )
    parser.add_argument("--list-faults", action="store_true", help="list planted faults and exit")


def default_pics() -> Pics:
    """Dataclass defaults: the PICS id tags and timings a CSMS without a PICS file uses."""
    return Pics(
        side=SutSide.CSMS,
        identity=Identity(vendor="octt-py", model="Reference CSMS"),
        profiles=frozenset(Profile),
    )


async def run(args: argparse.Namespace) -> int:
    if args.list_faults:
        for fault in CSMS_FAULTS:
            print(f"{fault.name:40} {fault.family:16} {fault.description}")
        return 0
    try:
        pics = load_pics(args.pics) if args.pics else default_pics()
        csms = ReferenceCsms(
            pics, args.host, args.port, faults=args.faults, control_port=args.control_port
        )
    except (OSError, PicsError) as exc:
        print(f"octt reference csms: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:  # an unknown fault name
        print(f"octt reference csms: {exc.args[0]}", file=sys.stderr)
        return 2
    try:
        await csms.start()
    except OSError as exc:
        print(f"octt reference csms: cannot listen: {exc}", file=sys.stderr)
        await csms.stop()
        return 2
    print(
        f"reference CSMS: OCPP-J at {csms.url}/<chargePointId>, control API at {csms.control_url}"
    )
    files = csms.state()["files"]
    print(f"firmware at {files['firmware_location']}, uploads to {files['upload_location']}")
    if args.faults:
        print(f"planted faults: {', '.join(sorted(set(args.faults)))}")
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    try:
        await stopped.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await csms.stop()
    return 0
