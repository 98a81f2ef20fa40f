"""``octt reference charge-point``: run the reference charge point against a Central System."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from dataclasses import replace
from pathlib import Path

from octt_py.pics import Pics, load_pics
from octt_py.reference.charge_point.defaults import reference_pics
from octt_py.reference.charge_point.faults import FAULT_NAMES
from octt_py.reference.charge_point.product import ReferenceChargePoint


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csms-url", required=True,
                        help="Central System endpoint, e.g. ws://127.0.0.1:9000/ocpp "
                             "(the charge point id is appended)")
    parser.add_argument("--id", dest="charge_point_id", default=None,
                        help="charge point id (default: from the PICS, else CP001)")
    parser.add_argument("--pics", type=Path, default=None,
                        help="PICS TOML file (default: the reference charge point's own)")
    parser.add_argument("--control-port", type=int, default=0,
                        help="port of the control API on 127.0.0.1 (default: any free port)")
    parser.add_argument("--fault", action="append", default=[], choices=sorted(FAULT_NAMES),
                        metavar="NAME", help="switch on a planted fault (repeatable)")


def build(args: argparse.Namespace) -> ReferenceChargePoint:
    pics = _pics(args.pics)
    if args.charge_point_id:
        pics = replace(pics, identity=replace(pics.identity, charge_point_id=args.charge_point_id))
    return ReferenceChargePoint(pics, args.csms_url, args.fault, args.control_port)


async def run(args: argparse.Namespace) -> int:
    charge_point = build(args)
    await charge_point.start()
    print(f"reference charge point {charge_point.charge_point_id} -> {args.csms_url}; "
          f"control API {charge_point.control_url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await charge_point.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="octt reference charge-point", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(run(args))
    return 0


def _pics(path: Path | None) -> Pics:
    return reference_pics() if path is None else load_pics(path)
