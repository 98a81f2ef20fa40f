"""Security white paper steps of the fake CSMS: TC_073_CS to TC_088 (the ``_CS`` side).

The harness's server serves every security profile on one port (``transport/server.py``) and
records each connection attempt of the charge point as a ``Handshake``: the ClientHello it
offered, the TLS evidence (version, cipher, its certificate), the HTTP upgrade's headers. The
cases read those records; every one they judge is written into the trace.

A case needs the charge point at a given security profile. When it is at another, the harness
asks the operator to configure it ("Before: the charge point uses security profile N": a
technician's local setting, as the white paper allows no remote downgrade) and after the case
puts it back at the PICS's profile the same way.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import time

from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.pki.inspect import RSA_PSS_RULE, common_name, key_problem, pss_signed
from octt_py.roles.csms.idle import ReturnToIdle
from octt_py.session import Link
from octt_py.testcase import Requirement, needs
from octt_py.trace import FindingKind
from octt_py.transport.security import authorization_key
from octt_py.transport.server import Handshake
from octt_py.verdict import Fail

INVALID_SERVER_CERTIFICATES = {
    "wrong_ca": "a server certificate signed by a CA it does not trust",
    "expired": "an expired server certificate",
    "wrong_name": "a server certificate for another host name (CN and subjectAltName)",
}
"""TC_078_CS presents these in turn: the three kinds of invalid server certificate the OCPP 2.0.1
test cases name for the same check (TC_A_05_CS: unknown, expired, commonName not the FQDN)."""


def needs_profile(*profiles: int) -> Requirement:
    """The case runs at one of ``profiles``: the PICS must declare one of them supported."""
    names = " or ".join(str(p) for p in profiles)
    return needs(lambda p: any(p.security.supports(n) for n in profiles),
                 f"the PICS declares none of security profile {names} supported ([security])")


def chosen_profile(pics: Pics, *profiles: int) -> int:
    """The profile a case runs at: the PICS's current one if it will do, else the first the
    PICS supports."""
    current = pics.connection.security_profile
    if current in profiles:
        return current
    return next(p for p in profiles if pics.security.supports(p))


class SecuritySteps(ReturnToIdle):
    pki: TestPki | None = None  # the run's test PKI, when the harness generated one

    async def at_security_profile(self, profile: int) -> None:
        """Before: the charge point is connected (and booted) at security ``profile``."""
        if self.server.security.profile == profile and self.is_booted:
            return
        attempt = await self.connects_at(profile)
        if not attempt.accepted:
            raise Fail(f"the charge point did not connect at security profile {profile}: {attempt.error or 'refused'}")

    async def connects_at(self, profile: int) -> Handshake:
        """A fresh connection attempt of the charge point at security ``profile``: if it is at
        that profile already, the Central System closes the connection ("the OCTT terminates
        the connection") and the charge point reconnects; otherwise the operator configures
        the profile and the charge point reconnects with it. Returns the attempt, however far
        it got: the case judges it."""
        security = self.server.security
        seen, before, registered = len(self.server.handshakes), self.cp.link, self.is_booted
        if security.profile == profile and before is not None and not before.closed:
            self.step("The Central System closes the connection; the charge point reconnects")
            await before.close()
        else:
            self.step(f"Before: the charge point uses security profile {profile} [configured locally]")
            security.profile = profile
            await self.act("security_profile", profile=profile)
        return await self.next_attempt(seen, before, registered)

    def current_handshake(self) -> Handshake | None:
        link = self.cp.link
        return getattr(link.websocket, "handshake_record", None) if link is not None else None

    def record(self, attempt: Handshake | None) -> None:
        """The evidence of a connection attempt, in the trace."""
        if attempt is not None:
            self.trace.connection(attempt.describe(), attempt.at_ns, attempt.tls_record())

    async def next_attempt(self, seen: int, before: Link | None, registered: bool) -> Handshake:
        """The first connection attempt after the ``seen`` first ones that reached a verdict
        (refused, failed, or its upgrade request read), recorded in the trace; an accepted one
        counts as booted if the old connection was. Bounded by the PICS reboot timeout."""
        deadline = time.monotonic() + self.timing.reboot_timeout
        while True:
            done = [a for a in self.server.handshakes[seen:] if a.error or a.headers is not None]
            if done:
                attempt = done[0]
                self.record(attempt)
                if attempt.accepted:
                    await self._reconnected(before, registered)
                return attempt
            if time.monotonic() > deadline:
                raise Fail(f"the charge point did not reconnect within {self.timing.reboot_timeout:g} s")
            await asyncio.sleep(0.02)

    async def refuses_invalid_server_certificates(self) -> None:
        """TC_078_CS steps 4-8: the Central System presents each invalid server certificate in
        turn and drops the connection; every attempt of the charge point must end before its
        HTTP upgrade. Then the valid certificate again, and the charge point reconnects. The
        valid certificate is back whatever happens, so no later case meets an invalid one."""
        assert self.pki is not None
        security, link = self.server.security, self.cp.link
        before, registered = link, self.is_booted
        try:
            for variant, what in INVALID_SERVER_CERTIFICATES.items():
                invalid = self.pki.invalid_server(variant)
                self.step(f"4-7. The Central System presents {what}; the charge point must end the handshake")
                seen = len(self.server.handshakes)
                security.presented = (invalid.cert_file, invalid.key_file)
                self.cp.caused()
                if link is not None and not link.closed:
                    await link.close()
                    link = None
                attempt = await self.next_attempt(seen, before, registered)
                if attempt.headers is not None:
                    raise Fail(f"the charge point accepted {what}: it sent its HTTP upgrade request over it")
        finally:
            security.presented = None
        self.step("8. The Central System presents its valid server certificate; the charge point reconnects")
        deadline = time.monotonic() + self.timing.reboot_timeout
        seen = len(self.server.handshakes)
        while not (attempt := await self.next_attempt(seen, before, registered)).accepted:
            seen = self.server.handshakes.index(attempt) + 1
            if time.monotonic() > deadline:
                raise Fail(f"the charge point did not reconnect with the valid server certificate within "
                           f"{self.timing.reboot_timeout:g} s: {attempt.error or 'refused'}")

    async def authorization_key_restored(self, key: str) -> None:
        """After TC_073: ChangeConfiguration AuthorizationKey back to ``key``, which the server
        then expects again; the charge point reconnects with it."""
        security = self.server.security
        if not self.cp.connected:
            security.password = key
            return
        self.step("After the case: ChangeConfiguration AuthorizationKey back to the PICS's key")
        seen, before, registered = len(self.server.handshakes), self.cp.link, self.is_booted
        try:
            reply = await self.cp.call("ChangeConfiguration", {"key": "AuthorizationKey", "value": key})
            security.password = key
            if reply.payload.get("status") == "Accepted":
                await self.next_attempt(seen, before, registered)
        except Fail as exc:
            security.password = key
            self.trace.note(f"tidying up after the case: {exc}")

    def basic_auth_problems(self, attempt: Handshake, password: str | None = None) -> list[str]:
        """TC_085_CS: ``Authorization: Basic base64(<ChargePointId>:<AuthorizationKey>)``, the id
        equal to the last segment of the URL path, the key the configured one."""
        header = attempt.headers.get("Authorization") if attempt.headers is not None else None
        if header is None:
            return ["the HTTP upgrade request has no Authorization header"]
        scheme, _, token = header.partition(" ")
        if scheme != "Basic":
            return [f"the Authorization header is not Basic (it starts {scheme[:20]!r})"]
        try:
            decoded = base64.b64decode(token.strip(), validate=True)
        except binascii.Error:
            return ["the Basic credentials are not base64"]
        user, colon, given = decoded.partition(b":")
        problems = []
        url_id = attempt.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if not colon:
            problems.append("the Basic credentials have no ':' between id and password")
        if user.decode("utf-8", "replace") != url_id:
            problems.append(f"the Basic-auth username {user.decode('utf-8', 'replace')[:40]!r} is not the charge "
                            f"point id {url_id!r} at the end of the URL")
        expected = authorization_key(password if password is not None else self.server.security.password)
        if colon and given != expected:
            problems.append("the Basic-auth password is not the configured AuthorizationKey")
        if colon and not 16 <= len(given) <= 40:
            problems.append(f"the Basic-auth password is {len(given)} bytes long; 16 to 40 are allowed")
        return problems

    def tls_problems(self, attempt: Handshake) -> list[str]:
        """TC_086_CS / TC_087_CS step 2: a TLS connection, TLS 1.2 or above offered, one of the
        required pairs of cipher suites offered, the handshake completed."""
        if not attempt.tls:
            return ["the charge point connected without TLS"]
        if attempt.client_hello is None:
            return [attempt.error or "the ClientHello could not be read"]
        problems = attempt.client_hello.problems()
        if attempt.evidence is None:
            problems.append(attempt.error or "the TLS handshake did not complete")
        return problems

    def client_certificate_problems(self, attempt: Handshake) -> list[str]:
        """TC_087_CS step 4: an X.509 client certificate with a serial number, a long enough
        key and the charge point's serial number as CN (the handshake checked its chain)."""
        peer = attempt.peer_certificate
        if peer is None:
            return [attempt.error or "the charge point presented no client certificate"]
        problems = []
        if (problem := key_problem(peer.public_key())) is not None:
            problems.append(f"the client certificate: {problem}")
        cn, serial = common_name(peer.subject), self.pics.identity.serial_number
        if cn != serial:
            problems.append(f"the client certificate's CN is {cn!r}, not the charge point's serial number {serial!r}")
        if not peer.serial_number:
            problems.append("the client certificate has no serial number")
        if (warning := pss_signed(peer, "the client certificate")) is not None:
            self.trace.finding(FindingKind.PROTOCOL, warning, extended=True, rule=RSA_PSS_RULE)
        return problems

    async def restore_idle(self) -> list[str]:
        """Also: back at the PICS's security profile for the next case, a charge point that is
        not connected too (one that did not reconnect at the profile a case moved it to, TC_083:
        without this the server would keep refusing it for the cases after)."""
        left = await super().restore_idle()
        wanted = self.pics.connection.security_profile
        if self.server.security.profile != wanted:
            try:
                await self.at_security_profile(wanted)
            except Fail as exc:
                left.append(f"the charge point is not back at security profile {wanted}: {exc.reason}")
        return left
