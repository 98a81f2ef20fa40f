"""Security white paper steps of the fake charge point: the ``_CSMS`` security cases.

The fake charge point connects at the security profile a case asks for (``security_for``):
Basic auth at 1 and 2, TLS verified against the CSMS's CA at 2 and 3 (hostname included), its
client certificate at 3. ``attempt`` makes one connection and reports how the CSMS answered,
so a case can require a refusal (TC_085_CSMS, TC_088_CSMS); ``connect_at`` writes what a
TLS connection showed into the trace; ``suite_support`` probes one cipher suite at a time
(TC_086_CSMS); ``security_profile_upgraded`` has the CSMS raise the profile (TC_083_CSMS).
"""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidHandshake, InvalidStatus

from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.roles.charge_point.core import ChargePointCore
from octt_py.testcase import Requirement, needs
from octt_py.transport.client import open_connection
from octt_py.transport.security import SUBPROTOCOL, ClientSecurity
from octt_py.transport.tls import TlsEvidence, evidence
from octt_py.verdict import Fail


def needs_profile(*profiles: int) -> Requirement:
    names = " or ".join(str(p) for p in profiles)
    return needs(lambda p: any(p.security.supports(n) for n in profiles),
                 f"the PICS declares none of security profile {names} supported ([security])")


def chosen_profile(pics: Pics, *profiles: int) -> int:
    current = pics.connection.security_profile
    return current if current in profiles else next(p for p in profiles if pics.security.supports(p))


@dataclass
class Attempt:
    """One connection attempt to the CSMS and how it ended."""

    websocket: ClientConnection | None
    refusal: str = ""  # why there is no websocket: HTTP status, TLS error ...

    @property
    def upgraded(self) -> bool:
        return self.websocket is not None


class SecuritySteps(ChargePointCore):
    pki: TestPki | None = None  # the run's test PKI, when the harness generated one

    def security_for(self, profile: int, **changes: Any) -> ClientSecurity:
        """The PICS's credentials at ``profile``; ``changes`` override fields (password ...)."""
        return dataclasses.replace(ClientSecurity.of(self.pics.connection), profile=profile, **changes)

    def url_for(self, profile: int) -> str:
        """The CSMS's URL for ``profile`` (security.tls_csms_url for TLS, if given)."""
        base = self.pics.connection.csms_url.rstrip("/")
        if profile >= 2:
            base = self.pics.security.tls_csms_url.rstrip("/") or base.replace("ws://", "wss://", 1)
        else:
            base = base.replace("wss://", "ws://", 1)
        return f"{base}/{self.charge_point_id}"

    async def attempt(self, profile: int, *, subprotocols: tuple[str, ...] = (SUBPROTOCOL,),
                      **changes: Any) -> Attempt:
        """Connect once at ``profile``; a refusal is an outcome, not an error."""
        try:
            websocket = await open_connection(
                self.pics.connection, self.charge_point_id, timeout=self.timing.ocpp_response_timeout,
                subprotocols=subprotocols, security=self.security_for(profile, **changes),
                url=self.url_for(profile),
            )
        except InvalidStatus as exc:
            return Attempt(None, f"HTTP {exc.response.status_code}")
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            return Attempt(None, f"{type(exc).__name__}: {exc}")
        return Attempt(websocket)

    async def connect_at(self, profile: int) -> tuple[TlsEvidence, x509.Certificate | None] | None:
        """Connect at security ``profile``; with TLS, the handshake's evidence (the time is the
        TLS handshake and the HTTP upgrade together, never an OCPP response time) goes into the
        trace and is returned with the CSMS's certificate."""
        began = time.monotonic()
        await self.connect(security=self.security_for(profile), url=self.url_for(profile))
        link = self.csms.link
        ssl_object = link.websocket.transport.get_extra_info("ssl_object") if link is not None else None
        if ssl_object is None:
            return None
        found = evidence(ssl_object, (time.monotonic() - began) * 1000)
        self.trace.connection(found[0].describe(), tls=found[0].record())
        return found

    async def booted_at(self, profile: int) -> None:
        """Reusable state Booted over a connection at security ``profile``."""
        self.step(f"Connect at security profile {profile}")
        await self.connect_at(profile)
        await self.booted()

    async def suite_support(self, suite: str) -> str:
        """Whether the CSMS completes a TLS 1.2 handshake offering only ``suite`` (OpenSSL
        name); "" if it does, else why not."""
        context = self.security_for(2).context()
        assert context is not None
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(suite)
        host, port = _host_port(self.url_for(2))
        try:
            async with asyncio.timeout(self.timing.ocpp_response_timeout):
                _, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            return f"{type(exc).__name__}: {exc}"
        writer.close()
        return ""

    async def security_profile_upgraded(self, old: int) -> None:
        """TC_083_CSMS steps 1-4: [make the CSMS upgrade the charge point]: ChangeConfiguration
        SecurityProfile = ``old`` + 1, answered Accepted; [make the CSMS reboot it]: Reset Hard,
        answered Accepted."""
        new = old + 1
        self.csms.respond("ChangeConfiguration", {"status": "Accepted"}, once=True)
        request = await self.csms_sends("ChangeConfiguration", key="SecurityProfile", value=str(new))
        key, value = request.payload["key"], str(request.payload["value"])
        if key != "SecurityProfile" or value != str(new):
            raise Fail(f"ChangeConfiguration sets {key} to {value[:20]!r}, not SecurityProfile to {new}")
        await self.answered(request)
        self.csms.respond("Reset", {"status": "Accepted"}, once=True)
        request = await self.csms_sends("Reset", type="Hard")
        if request.payload["type"] != "Hard":
            raise Fail(f"the CSMS sent Reset {request.payload['type']}, not Hard, to apply the new security profile")
        await self.answered(request)

    async def closed(self, attempt: Attempt) -> None:
        if attempt.websocket is not None:
            await attempt.websocket.close()


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or 443
