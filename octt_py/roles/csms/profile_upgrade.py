"""Security white paper, the upgrade of a charge point's security profile for the fake CSMS
(TC_083_CS): ChangeConfiguration SecurityProfile one level higher, Reset Hard, the reconnection
at the new profile, and no fallback to the old one when only that is served.

The harness's server serves one profile at a time (``transport/server.py``) and records every
connection attempt, a refused one too: a charge point that falls back shows as a plain (or
client-certificate-less) attempt while the old profile is served.
"""

from __future__ import annotations

import asyncio

from cryptography import x509

from octt_py.pki.hashdata import HASH_ALGORITHMS
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, Root
from octt_py.roles.csms.certificates import CertificateSteps
from octt_py.roles.csms.signing import SigningSteps
from octt_py.transport.server import Handshake
from octt_py.verdict import Fail


class ProfileUpgradeSteps(SigningSteps, CertificateSteps):
    renewed: x509.Certificate | None = None  # the certificate RenewChargePointCertificate signed

    async def upgrade_prepared(self, old: int) -> None:
        """Memory states: CertificateInstalled before 1 -> 2 (GetInstalledCertificateIds
        CentralSystemRootCertificate; the run's root is installed if it is not listed, and
        deleted again after the case); RenewChargePointCertificate before 2 -> 3
        (ExtendedTriggerMessage, SignCertificate, CertificateSigned). With the lab's own
        certificates (no test PKI) the charge point is taken to hold them already."""
        if self.pki is None:
            self.trace.note(f"Memory state {'CertificateInstalled' if old == 1 else 'RenewChargePointCertificate'}: "
                            "the lab's own certificates (security.certificates = files)")
            return
        if old == 1:
            authority = self.pki.central_system_root
            root = Root(CENTRAL_SYSTEM_ROOT, authority.certificate, authority.certificate)
            self.step("Memory state CertificateInstalled")
            listed = await self.installed_certificate_ids(CENTRAL_SYSTEM_ROOT, "Before")
            if not any(data.hash_algorithm in HASH_ALGORITHMS and data.same_certificate(root.hash_data(data.hash_algorithm))
                       for data in listed):
                await self.install_certificate(root, "Before")
            return
        self.step("Memory state RenewChargePointCertificate")
        csr = await self.requested_csr()
        self.renewed = self.signed(csr)
        await self.certificate_signed([self.renewed], "Accepted")

    async def profile_upgraded(self, old: int) -> None:
        """Steps 1-8: ChangeConfiguration SecurityProfile = ``old`` + 1 (Accepted); from then on
        the harness serves only the new profile; Reset Hard (Accepted); the charge point
        reconnects at the new profile and boots; StatusNotification for every connector."""
        new = old + 1
        self.step(f"1. ChangeConfiguration SecurityProfile = {new}")
        reply = await self.cp.call("ChangeConfiguration", {"key": "SecurityProfile", "value": str(new)})
        self.step("2. ChangeConfiguration answered Accepted")
        if reply.payload["status"] != "Accepted":
            raise Fail(f"ChangeConfiguration SecurityProfile {old} -> {new} was answered "
                       f"{reply.payload['status']}, not Accepted")
        self.server.security.profile = new
        seen = len(self.server.handshakes)
        self.step("3-6. Reset Hard, Accepted; the charge point reboots and boots at the new profile")
        try:
            boot = await self.reset("Hard")
        except Fail:
            self._explained(self.server.handshakes[seen:], new)
            raise
        for attempt in self.server.handshakes[seen:]:
            self.record(attempt)
        current = self.current_handshake()
        if current is None or (problem := self.at_profile(current, new)):
            raise Fail(f"after the upgrade to security profile {new} the charge point booted on a connection "
                       f"that {problem if current is not None else 'the harness did not record'}")
        renewed = self.renewed
        if new == 3 and renewed is not None and current.peer_certificate is not None and (
                current.peer_certificate.serial_number != renewed.serial_number):
            raise Fail("at security profile 3 the charge point presented another client certificate than the "
                       "one RenewChargePointCertificate just signed")
        self.step("7-8. StatusNotification for connector 0 and every connector")
        await self.statuses_after(boot)

    async def no_fallback(self, old: int) -> None:
        """Steps 15-18 (upgrade 1 -> 2 only): the Central System closes the connection and
        serves only the old profile for the PICS reboot timeout: the charge point must not
        connect with it (a plain connection); then the new profile is served again and the
        charge point reconnects with it."""
        new, security = old + 1, self.server.security
        window = self.timing.reboot_timeout
        before, registered = self.cp.link, self.is_booted
        self.step(f"15. The Central System closes the connection and serves only security profile {old} "
                  f"for {window:g} s")
        security.profile = old
        seen = len(self.server.handshakes)
        try:
            if before is not None:
                await before.close()
            await asyncio.sleep(window)
        finally:
            security.profile = new
        tried = self.server.handshakes[seen:]
        for attempt in tried:
            self.record(attempt)
        self.step(f"16. The charge point does not reconnect at security profile {old}")
        fallback = [a for a in tried if self.at_profile(a, new)]
        if fallback:
            raise Fail(f"after the upgrade to security profile {new} the charge point fell back: it reconnected "
                       f"with a connection that {self.at_profile(fallback[0], new)}")
        self.step(f"17-18. The Central System serves security profile {new}; the charge point reconnects with it")
        attempt = await self.next_attempt(len(self.server.handshakes), before, registered)
        if (problem := self.at_profile(attempt, new)) or not attempt.accepted:
            raise Fail(f"the charge point's reconnection at security profile {new} "
                       f"{problem or 'was refused: ' + (attempt.error or 'refused')}")

    def _explained(self, tried: list[Handshake], profile: int) -> None:
        """The charge point did not boot after the upgrade: if it tried to reconnect, the
        attempts go into the trace and the first that was not at ``profile`` is the reason."""
        for attempt in tried:
            self.record(attempt)
        for attempt in tried:
            problem = self.at_profile(attempt, profile) or (f"failed ({attempt.error})" if attempt.error else "")
            if problem:
                raise Fail(f"after the upgrade to security profile {profile} the charge point did not boot: "
                           f"its reconnection {problem}") from None

    @staticmethod
    def at_profile(attempt: Handshake, profile: int) -> str:
        """Why ``attempt`` is not a connection at ``profile`` ("" when it is): TLS from 2, a
        client certificate at 3."""
        if profile >= 2 and not attempt.tls:
            return "was not TLS (plain ws)"
        if profile == 3 and attempt.tls and attempt.evidence is not None and attempt.peer_certificate is None:
            return "presented no client certificate"
        return ""
