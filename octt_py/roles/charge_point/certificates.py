"""Security white paper, certificate management by the Central System (TC_075_1_CSMS,
TC_075_2_CSMS, TC_076_CSMS): the fake charge point keeps a real root certificate store.

InstallCertificate is taken only for one PEM X.509 CA certificate valid now, self-signed or
issued by an installed root (the fake charge point acts without AdditionalRootCertificateCheck);
GetInstalledCertificateIds reports hash data with SHA384, so that a CSMS that deletes with
SHA256 whatever the charge point reported is caught (the white paper has the CSMS use the
reported hashAlgorithm); DeleteCertificate deletes what its hash data names, with the
request's hashAlgorithm. The store starts with the run's CentralSystemRootCertificate and
ManufacturerRootCertificate and is fresh for every case.
"""

from __future__ import annotations

from typing import Any

from octt_py.pki.authority import pem
from octt_py.pki.hashdata import HASH_ALGORITHMS, HashData
from octt_py.pki.inspect import issued_by, load_pem_chain, validity_problem
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, CERTIFICATE_TYPES, MANUFACTURER_ROOT, Root, is_ca
from octt_py.roles.charge_point.security import SecuritySteps
from octt_py.session import IncomingCall, Payload
from octt_py.verdict import Fail

REPORTED_HASH_ALGORITHM = "SHA384"


class TrustStore:
    """The fake charge point's root certificates, oldest first."""

    def __init__(self, roots: list[Root], in_use: Root | None) -> None:
        self.roots = roots
        self.in_use = in_use  # the CentralSystemRootCertificate its TLS connections trust
        self.refusal = ""  # why the last InstallCertificate was not taken

    def install(self, certificate_type: str, text: str) -> str:
        self.refusal = self._refusal(certificate_type, text)
        if self.refusal:
            return "Rejected"
        certificate = load_pem_chain(text)[0]
        if not self.holds(certificate_type, text):
            issuer = next((r.certificate for r in self.roots if issued_by(certificate, r.certificate)), certificate)
            self.roots.append(Root(certificate_type, certificate, issuer))
        return "Accepted"

    def _refusal(self, certificate_type: str, text: str) -> str:
        if certificate_type not in CERTIFICATE_TYPES:
            return f"certificateType {certificate_type!r} is none of {', '.join(CERTIFICATE_TYPES)}"
        try:
            chain = load_pem_chain(text)
        except ValueError as exc:
            return str(exc)
        if len(chain) != 1:
            return f"it holds {len(chain)} certificates, not one"
        certificate = chain[0]
        if not is_ca(certificate):
            return "it is not a CA certificate (basicConstraints CA is not set)"
        if problem := validity_problem(certificate):
            return problem
        if not issued_by(certificate, certificate) and not any(issued_by(certificate, r.certificate)
                                                               for r in self.roots):
            return "it is neither self-signed nor issued by an installed root certificate"
        return ""

    def holds(self, certificate_type: str, text: str) -> bool:
        """Whether the certificate of PEM ``text`` is installed as ``certificate_type``."""
        try:
            certificate = load_pem_chain(text)[0]
        except ValueError:
            return False
        return any(r.certificate == certificate and r.certificate_type == certificate_type for r in self.roots)

    def ids(self, certificate_type: str) -> list[dict[str, str]]:
        return [r.hash_data(REPORTED_HASH_ALGORITHM).to_json() for r in self.roots
                if r.certificate_type == certificate_type]

    def delete(self, wanted: HashData) -> str:
        if wanted.hash_algorithm not in HASH_ALGORITHMS:
            return "NotFound"
        for root in self.roots:
            if root.hash_data(wanted.hash_algorithm).same_certificate(wanted):
                if root == self.in_use:
                    return "Failed"  # the root its connection relies on
                self.roots.remove(root)
                return "Accepted"
        return "NotFound"


class CertificateSteps(SecuritySteps):
    _trust_store: TrustStore | None = None

    def _reset_emulation(self) -> None:
        self._trust_store = None  # made afresh, from the run's PKI, on first use in a case
        super()._reset_emulation()

    @property
    def trust_store(self) -> TrustStore:
        if self._trust_store is None:
            roots, in_use = [], None
            if self.pki is not None:
                central = self.pki.central_system_root.certificate
                manufacturer = self.pki.manufacturer_root.certificate
                in_use = Root(CENTRAL_SYSTEM_ROOT, central, central)
                roots = [in_use, Root(MANUFACTURER_ROOT, manufacturer, manufacturer)]
            self._trust_store = TrustStore(roots, in_use)
        return self._trust_store

    def _default_responders(self) -> dict[str, Any]:
        responders = super()._default_responders()
        responders.update({
            "InstallCertificate": lambda c: {"status": self.trust_store.install(
                str(c.payload.get("certificateType")), str(c.payload.get("certificate")))},
            "GetInstalledCertificateIds": self._installed_certificate_ids,
            "DeleteCertificate": lambda c: {"status": self.trust_store.delete(
                HashData.from_json(c.payload.get("certificateHashData")))},
        })
        return responders

    def _installed_certificate_ids(self, incoming: IncomingCall) -> Payload:
        found = self.trust_store.ids(str(incoming.payload.get("certificateType")))
        return {"status": "Accepted", "certificateHashData": found} if found else {"status": "NotFound"}

    # -- steps ------------------------------------------------------------------------------

    async def install_requested(self, root: Root) -> None:
        """[Make the CSMS install ``root``]: InstallCertificate of that type and certificate,
        which the charge point takes (Accepted)."""
        request = await self.csms_sends("InstallCertificate", certificateType=root.certificate_type,
                                        certificate=pem(root.certificate))
        kind = request.payload.get("certificateType")
        if kind != root.certificate_type:
            raise Fail(f"InstallCertificate has certificateType {kind}, not {root.certificate_type}")
        await self.answered(request)
        if _status(request) != "Accepted":
            raise Fail(f"the charge point rejected the InstallCertificate certificate: {self.trust_store.refusal}")
        if not self.trust_store.holds(root.certificate_type, str(request.payload.get("certificate"))):
            raise Fail("InstallCertificate carries another certificate than the configured root certificate")

    async def installed_ids_requested(self, certificate_type: str) -> None:
        """[Make the CSMS ask for the installed ``certificate_type`` certificates]:
        GetInstalledCertificateIds of that type, answered from the store."""
        request = await self.csms_sends("GetInstalledCertificateIds", certificateType=certificate_type)
        kind = request.payload.get("certificateType")
        if kind != certificate_type:
            raise Fail(f"GetInstalledCertificateIds has certificateType {kind}, not {certificate_type}")
        await self.answered(request)

    async def delete_requested(self, root: Root) -> None:
        """[Make the CSMS delete ``root``]: DeleteCertificate with its hash data computed with
        the hashAlgorithm the charge point reported, which the charge point takes (Accepted)."""
        expected = root.hash_data(REPORTED_HASH_ALGORITHM)
        request = await self.csms_sends("DeleteCertificate", certificateHashData=expected.to_json())
        sent = HashData.from_json(request.payload.get("certificateHashData"))
        if sent.hash_algorithm != expected.hash_algorithm:
            raise Fail(f"DeleteCertificate uses hashAlgorithm {sent.hash_algorithm}, not {expected.hash_algorithm} "
                       "that the charge point reported in GetInstalledCertificateIds")
        if wrong := expected.differences(sent):
            raise Fail(f"DeleteCertificate certificateHashData does not name the installed {root.certificate_type}: "
                       f"its {' and '.join(wrong)} {'differs' if len(wrong) == 1 else 'differ'} from the "
                       f"harness's own calculation (sent {sent.shown()}, expected {expected.shown()})")
        await self.answered(request)
        if _status(request) != "Accepted":
            raise Fail(f"DeleteCertificate was answered {_status(request)}")


def _status(request: IncomingCall) -> Any:
    return getattr(request.reply, "payload", {}).get("status")
