"""TLS evidence of the security cases, as the report shows it: per case, each handshake's
version, cipher and time, what the client offered, and the peer's certificate.

The trace stores it with the connection events (``Trace.connection(..., tls=...)``, records of
``transport/tls.py``). The handshake time is shown here and in its own performance row
(``measure.handshake_samples``); it is never an OCPP response time, which is timed from frames
only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

MAX_SHOWN_HANDSHAKES = 20  # per case: a charge point that reconnects in a loop is not a table

Shown = Callable[[Any], str]  # a DUT value as the report may show it: clipped, redacted


@dataclass(frozen=True)
class TlsView:
    """One TLS handshake of a case."""

    seq: int
    t_ms: float
    version: str
    cipher: str
    handshake_ms: float | None
    offered: str  # the ClientHello's versions and suites (harness as CSMS), else ""
    peer: tuple[tuple[str, str], ...]  # the peer certificate's fields, in a fixed order
    error: str


_PEER_FIELDS = (
    ("subject", "Subject"),
    ("issuer", "Issuer"),
    ("serial_number", "Serial number"),
    ("not_before", "Valid from"),
    ("not_after", "Valid until"),
    ("key", "Key"),
    ("san", "Subject alternative names"),
    ("signature_algorithm", "Signed with"),
)


def tls_views(events: Iterable[dict[str, Any]], shown: Shown) -> tuple[TlsView, ...]:
    """The case's handshakes, the first MAX_SHOWN_HANDSHAKES of them."""
    views: list[TlsView] = []
    for event in events:
        tls = connection_tls(event)
        if tls is None:
            continue
        if len(views) == MAX_SHOWN_HANDSHAKES:
            break
        views.append(_view(event, tls, shown))
    return tuple(views)


def connection_tls(event: dict[str, Any]) -> dict[str, Any] | None:
    """The TLS evidence a results event carries, if it is a connection event with one."""
    if event.get("type") != "connection":
        return None
    tls = (event.get("data") or {}).get("tls")
    return tls if isinstance(tls, dict) else None


def _view(event: dict[str, Any], tls: dict[str, Any], shown: Shown) -> TlsView:
    hello = tls.get("client_hello")
    offered = ""
    if isinstance(hello, dict):
        offered = f"{_joined(hello.get('versions'), shown)}; {_joined(hello.get('cipher_suites'), shown)}"
    peer = tls.get("peer_certificate")
    fields: tuple[tuple[str, str], ...] = ()
    if isinstance(peer, dict):
        fields = tuple(
            (label, _joined(peer[key], shown) if isinstance(peer[key], list) else shown(peer[key]))
            for key, label in _PEER_FIELDS
            if key in peer
        )
    took = tls.get("handshake_ms")
    return TlsView(
        seq=int(event.get("seq", 0)),
        t_ms=float(event.get("t_ms", 0.0)),
        version=shown(tls.get("version", "")),
        cipher=shown(tls.get("cipher", "")),
        handshake_ms=float(took) if isinstance(took, (int, float)) else None,
        offered=offered,
        peer=fields,
        error=shown(tls.get("error", "")),
    )


def _joined(values: Any, shown: Shown) -> str:
    if not isinstance(values, list):
        return shown(values or "")
    return shown(", ".join(str(v) for v in values)) or "none"
