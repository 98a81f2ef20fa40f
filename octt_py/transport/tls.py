"""TLS as the security cases see it: the charge point's ClientHello read from the bytes on the
harness's own socket, the white paper's rules on versions and cipher suites, and the evidence a
finished handshake leaves (version, cipher, the peer's certificate).

Python's ``ssl`` module never shows what a client offered, only what was agreed; restricting
the server's suites and watching the handshake would only prove one pair. So the harness, as
CSMS, peeks at the first TLS record before the handshake starts (``MSG_PEEK`` leaves the bytes
for OpenSSL) and parses the ClientHello itself (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from octt_py.pki import describe, shown

TLS_1_2 = 0x0303
TLS_1_3 = 0x0304
VERSION_NAMES = {0x0300: "SSL 3.0", 0x0301: "TLS 1.0", 0x0302: "TLS 1.1", TLS_1_2: "TLS 1.2", TLS_1_3: "TLS 1.3"}

# IANA TLS cipher suite registry: the suites the rules name, and those a report may show.
SUITES = {
    0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
    0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    0xC024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    0xC027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    0xC028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA",
    0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
    0x003C: "TLS_RSA_WITH_AES_128_CBC_SHA256",
    0x003D: "TLS_RSA_WITH_AES_256_CBC_SHA256",
    0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    0x1301: "TLS_AES_128_GCM_SHA256",
    0x1302: "TLS_AES_256_GCM_SHA384",
    0x1303: "TLS_CHACHA20_POLY1305_SHA256",
}
REQUIRED_SUITE_SETS = (
    ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    ("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
)
"""White paper, and TC_086_CS / TC_087_CS: a charge point supports at least one of these pairs."""

_HANDSHAKE, _CLIENT_HELLO = 22, 1
_SUPPORTED_VERSIONS, _SERVER_NAME = 43, 0
_GREASE = {0x0A0A + 0x1010 * n for n in range(16)}  # RFC 8701 values, never real versions


def suite_name(code: int) -> str:
    return SUITES.get(code, f"0x{code:04X}")


@dataclass(frozen=True)
class ClientHello:
    """What a TLS client offered in its first flight."""

    legacy_version: int
    versions: tuple[int, ...]  # supported_versions, or the legacy version alone
    cipher_suites: tuple[int, ...]
    server_name: str = ""

    @property
    def highest_version(self) -> int:
        return max(self.versions)

    @property
    def suite_names(self) -> list[str]:
        return [suite_name(code) for code in self.cipher_suites if code not in _GREASE]

    def describe(self) -> str:
        versions = ", ".join(VERSION_NAMES.get(v, f"0x{v:04X}") for v in self.versions)
        sni = f"; SNI {self.server_name}" if self.server_name else ""
        return f"ClientHello offers {versions}; cipher suites {', '.join(self.suite_names)}{sni}"

    def record(self) -> dict[str, Any]:
        """What the ClientHello offered, for the report's TLS evidence."""
        return {"versions": [VERSION_NAMES.get(v, f"0x{v:04X}") for v in self.versions],
                "cipher_suites": self.suite_names, "server_name": self.server_name}

    def problems(self) -> list[str]:
        """The white paper's rules: TLS 1.2 or above, and one of the required pairs of suites.

        Choice: a ClientHello offering only TLS 1.3 is judged by the TLS 1.3 suites
        TLS_AES_128_GCM_SHA256 and TLS_AES_256_GCM_SHA384 instead, since TLS 1.3 has no
        ECDHE_ECDSA / RSA suites; a client offering TLS 1.2 as well is judged by the 1.2 pairs.
        """
        problems = []
        if self.highest_version < TLS_1_2:
            problems.append(f"the charge point offers at most {VERSION_NAMES.get(self.highest_version, 'an unknown version')}; "
                            "TLS 1.2 or above is required")
        names = set(self.suite_names)
        if TLS_1_2 not in self.versions and TLS_1_3 in self.versions:
            needed: tuple[tuple[str, ...], ...] = (("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"),)
        else:
            needed = REQUIRED_SUITE_SETS
        if not any(all(suite in names for suite in pair) for pair in needed):
            wanted = " or ".join("(" + " and ".join(pair) + ")" for pair in needed)
            problems.append(f"the charge point does not offer {wanted}; it offers {', '.join(sorted(names)) or 'none'}")
        return problems


def parse_client_hello(data: bytes) -> ClientHello:
    """The ClientHello at the start of ``data``; ValueError if it is not one."""
    if len(data) < 9 or data[0] != _HANDSHAKE:
        raise ValueError("the first bytes are not a TLS handshake record")
    record_length = struct.unpack_from("!H", data, 3)[0]
    body = data[5:5 + record_length]
    if len(body) < 4 or body[0] != _CLIENT_HELLO:
        raise ValueError("the first handshake message is not a ClientHello")
    reader = _Reader(body[4:4 + int.from_bytes(body[1:4], "big")])
    legacy_version = reader.uint(2)
    reader.skip(32)  # random
    reader.skip(reader.uint(1))  # legacy_session_id
    suites_raw = reader.take(reader.uint(2))
    suites = tuple(struct.unpack_from("!H", suites_raw, i)[0] for i in range(0, len(suites_raw) - 1, 2))
    reader.skip(reader.uint(1))  # compression methods
    versions: tuple[int, ...] = (legacy_version,)
    server_name = ""
    if reader.remaining:
        extensions = _Reader(reader.take(reader.uint(2)))
        while extensions.remaining >= 4:
            kind, content = extensions.uint(2), extensions.take(extensions.uint(2))
            if kind == _SUPPORTED_VERSIONS and content:
                listed = content[1:1 + content[0]]
                offered = tuple(struct.unpack_from("!H", listed, i)[0] for i in range(0, len(listed) - 1, 2))
                versions = tuple(v for v in offered if v not in _GREASE) or versions
            elif kind == _SERVER_NAME and len(content) > 5:
                server_name = content[5:5 + struct.unpack_from("!H", content, 3)[0]].decode("ascii", "replace")
    return ClientHello(legacy_version, versions, suites, server_name)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    @property
    def remaining(self) -> int:
        return len(self.data) - self.at

    def take(self, size: int) -> bytes:
        if size > self.remaining:
            raise ValueError("the ClientHello is truncated")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def skip(self, size: int) -> None:
        self.take(size)

    def uint(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")


async def first_bytes(sock: socket.socket, timeout: float) -> bytes:
    """The first bytes a client sent, left in the socket for whoever reads next: the whole first
    TLS record if it is one, else whatever came. Empty if the client closed or sent nothing in
    ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + timeout
    readable: asyncio.Future[None] = loop.create_future()

    def ready() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(sock.fileno(), ready)
    try:
        await asyncio.wait_for(readable, timeout)
    except TimeoutError:
        return b""
    finally:
        loop.remove_reader(sock.fileno())
    while True:
        try:
            data = sock.recv(5 + 0xFFFF, socket.MSG_PEEK)
        except (BlockingIOError, InterruptedError):
            data = b"\x16"  # nothing yet after all: wait below
        except OSError:
            return b""
        if not data or data[0] != _HANDSHAKE:
            return data
        if len(data) >= 5 and len(data) >= 5 + struct.unpack_from("!H", data, 3)[0]:
            return data
        if time.monotonic() > deadline:
            return data
        await asyncio.sleep(0.005)  # the rest of the record is still on its way


@dataclass
class TlsEvidence:
    """What a finished handshake shows: for the trace and the report."""

    version: str
    cipher: str
    handshake_ms: float
    peer_certificate: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        peer = shown(self.peer_certificate) if self.peer_certificate else "no peer certificate"
        return f"TLS: {self.version}, cipher {self.cipher}, handshake {self.handshake_ms:.1f} ms; peer certificate: {peer}"

    def record(self) -> dict[str, Any]:
        """The handshake's evidence as the trace stores it (the report's per-case TLS table)."""
        return {"version": self.version, "cipher": self.cipher,
                "handshake_ms": round(self.handshake_ms, 3), "peer_certificate": self.peer_certificate}


def evidence(ssl_object: ssl.SSLObject | ssl.SSLSocket, handshake_ms: float) -> tuple[TlsEvidence, x509.Certificate | None]:
    """The evidence of a finished handshake, and the peer's certificate if it sent one."""
    cipher = ssl_object.cipher()
    peer_der = ssl_object.getpeercert(binary_form=True)
    certificate = x509.load_der_x509_certificate(peer_der) if peer_der else None
    found = TlsEvidence(
        version=ssl_object.version() or "unknown",
        cipher=cipher[0] if cipher else "unknown",
        handshake_ms=handshake_ms,
        peer_certificate=describe(certificate) if certificate is not None else None,
    )
    return found, certificate
