"""The worst DUT (issue 13 §4): what a run costs when the charge point floods the harness with
CALLs and sends a 1 MiB frame. Report time and peak RSS must stay bounded by the harness's own
caps, whatever the DUT sends: the PDF within 30 s on a 2-core machine.

The hostile charge point runs in a process of its own over a real websocket; ``octt run`` and
then ``octt report`` run as the commands a user types, each timed with its own peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import shutil
import socket
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

FLOOD = 20_000  # CALLs sent without waiting for a reply: the repro
FRAME_BYTES = 1 << 20  # the largest text frame the harness takes by default (connection.max_frame_size)
CASES = "TC_003_CS or TC_019_CS or TC_021_CS"  # cases whose steps need no operator
PDF_BOUND_S = 30.0


def big_frame() -> str:
    """A DataTransfer CALL of exactly FRAME_BYTES bytes."""
    head, tail = '[2,"big-1","DataTransfer",{"vendorId":"octt-bench","data":"', '"}]'
    return head + "x" * (FRAME_BYTES - len(head) - len(tail)) + tail


async def _hostile(url: str) -> None:
    """Boot, answer every CALL with an "Accepted" status, and at the harness's first CALL send
    the flood and the big frame, still reading while they go out; reconnect when closed."""
    import websockets

    flooded = False
    while True:
        try:
            async with websockets.connect(url, subprotocols=["ocpp1.6"], max_size=None) as ws:
                await ws.send(json.dumps([2, "boot-1", "BootNotification",
                                          {"chargePointVendor": "octt-bench", "chargePointModel": "worst DUT"}]))
                async for text in ws:
                    frame = json.loads(text)
                    if frame[0] != 2:
                        continue
                    await ws.send(json.dumps([3, frame[1], {"status": "Accepted"}]))
                    if not flooded:
                        flooded = True
                        for n in range(FLOOD):
                            await ws.send(f'[2,"flood-{n}","Heartbeat",{{}}]')
                        await ws.send(big_frame())
        except (OSError, websockets.ConnectionClosed, websockets.InvalidHandshake):
            await asyncio.sleep(0.2)


def hostile_process(url: str) -> None:
    asyncio.run(_hostile(url))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _pics(folder: Path, port: int) -> Path:
    """The reference charge point's PICS, listening on ``port`` at security profile 0, with an
    operator that cannot do any manual step (exit 77)."""
    text = (files("octt_py.reference") / "pics" / "reference-charge-point.toml").read_text(encoding="utf-8")
    text = text.replace("listen_port = 0", f"listen_port = {port}")
    text = text.replace("security_profile = 1", "security_profile = 0")
    text = text.replace('backend = "prompt"', 'backend = "shell"\ncommand = "sh -c \'exit 77\'"')
    path = folder / "worst.toml"
    path.write_text(text, encoding="utf-8")
    return path


def measure_worst(timed_command: Any) -> dict[str, Any]:
    """``octt run`` facing the hostile charge point, then ``octt report`` on its results."""
    octt = shutil.which("octt") or str(Path(sys.executable).with_name("octt"))
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="octt-bench-worst-") as name:
        folder = Path(name)
        pics = _pics(folder, port)
        dut = context.Process(target=hostile_process, args=(f"ws://127.0.0.1:{port}/ocpp/REFCP001",),
                              name="octt-bench-worst-dut", daemon=True)
        dut.start()
        try:
            run = timed_command([octt, "run", "--pics", str(pics), "--results", str(folder / "run"),
                                 "-q", "-k", CASES])
        finally:
            dut.terminate()
            dut.join(10)
        results = folder / "run" / "results.jsonl"
        report = timed_command([octt, "report", str(folder / "run"), "-o", str(folder / "again")])
        return {
            "flood_calls": FLOOD,
            "frame_bytes": FRAME_BYTES,
            "run": run,
            "report": report,
            "results_mib": results.stat().st_size / 2**20 if results.exists() else 0.0,
            "html_mib": _mib(folder / "again" / "report.html"),
            "pdf_mib": _mib(folder / "again" / "report.pdf"),
        }


def _mib(path: Path) -> float | None:
    return path.stat().st_size / 2**20 if path.exists() else None


def print_worst(w: dict[str, Any]) -> None:
    print(f"\n5. Worst DUT: a charge point that floods {w['flood_calls']:,} CALLs and sends a"
          f" {w['frame_bytes']:,}-byte frame ({CASES})")
    for name, what in (("run", "octt run (cases, results, report)"), ("report", "octt report alone (HTML + PDF)")):
        r = w[name]
        print(f"   {what}: wall {r['wall_s']:.1f} s, CPU {r['cpu_s']:.1f} s,"
              f" peak RSS {r['peak_rss_mib']:.0f} MiB, exit code {r['exit_code']}")
    sizes = ", ".join(f"{label} {value:.1f} MiB" if value is not None else f"{label} NOT written"
                      for label, value in (("results.jsonl", w["results_mib"]), ("report.html", w["html_mib"]),
                                           ("report.pdf", w["pdf_mib"])))
    print(f"   {sizes}")
    met = w["pdf_mib"] is not None and w["report"]["wall_s"] <= PDF_BOUND_S
    print(f"   target report (HTML + PDF) written in <= {PDF_BOUND_S:g} s: {'met' if met else 'NOT met'}")
