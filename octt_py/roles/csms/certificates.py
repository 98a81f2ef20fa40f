"""Security white paper, certificate management of the charge point (TC_075_1_CS, TC_075_2_CS,
TC_076_CS): InstallCertificate, GetInstalledCertificateIds, DeleteCertificate.

The harness installs root certificates it has just made, so it knows each one and its issuer:
it checks the hash data the charge point reports against its own calculation
(``octt_py.pki.hashdata``, with the hashAlgorithm the charge point chose), and deletes by hash
data of its own calculation. What a case installed is deleted again after it (``restore_idle``).
"""

from __future__ import annotations

from octt_py.pki.authority import pem
from octt_py.pki.hashdata import HASH_ALGORITHMS, HashData
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, Root, new_root
from octt_py.roles.csms.security import SecuritySteps
from octt_py.verdict import Fail, NotApplicable


class CertificateSteps(SecuritySteps):
    _installed_roots: list[Root] | None = None  # what the cases installed, deleted after them

    def new_root(self, certificate_type: str) -> Root:
        """A new root certificate of ``certificate_type``: a fresh self-signed CA, except a
        CentralSystemRootCertificate for a charge point with AdditionalRootCertificateCheck,
        which the white paper wants signed by the installed one (the run's)."""
        if certificate_type == CENTRAL_SYSTEM_ROOT and self.pics.security.additional_root_certificate_check:
            if self.pki is None:
                raise NotApplicable("AdditionalRootCertificateCheck: a new CentralSystemRootCertificate must be "
                                    "signed by the installed one, whose key the run has not (certificates = files)")
            return new_root(certificate_type, signed_by=self.pki.central_system_root)
        return new_root(certificate_type)

    async def install_certificate(self, root: Root, step: str) -> None:
        """InstallCertificate of ``root`` (PEM), answered Accepted."""
        self.step(f"{step}. InstallCertificate certificateType {root.certificate_type}, answered Accepted")
        if self._installed_roots is None:
            self._installed_roots = []
        self._installed_roots.append(root)
        reply = await self.cp.call("InstallCertificate", {"certificateType": root.certificate_type,
                                                          "certificate": pem(root.certificate)})
        status = reply.payload.get("status")
        if status != "Accepted":
            raise Fail(f"InstallCertificate {root.certificate_type} was answered {status}, not Accepted")

    async def installed_certificate_ids(self, certificate_type: str, step: str) -> list[HashData]:
        """GetInstalledCertificateIds for ``certificate_type``: the hash data listed (none when
        NotFound)."""
        self.step(f"{step}. GetInstalledCertificateIds certificateType {certificate_type}")
        reply = await self.cp.call("GetInstalledCertificateIds", {"certificateType": certificate_type}, causes=False)
        if reply.payload.get("status") != "Accepted":
            return []
        return [HashData.from_json(item) for item in reply.payload.get("certificateHashData") or []]

    async def lists_installed(self, root: Root, step: str) -> HashData:
        """GetInstalledCertificateIds lists ``root``, its hash data as the harness computes it
        with the hashAlgorithm the charge point reported; that hash data is returned."""
        listed = await self.installed_certificate_ids(root.certificate_type, step)
        for data in listed:
            if data.hash_algorithm in HASH_ALGORITHMS and data.same_certificate(root.hash_data(data.hash_algorithm)):
                return data
        raise Fail(f"GetInstalledCertificateIds {root.certificate_type} does not list the installed certificate: "
                   + _why_not(root, listed))

    async def delete_certificate(self, root: Root, algorithm: str, step: str) -> None:
        """DeleteCertificate of ``root`` by the harness's hash data with ``algorithm``, Accepted."""
        self.step(f"{step}. DeleteCertificate with the hash data of the installed certificate ({algorithm}), "
                  "answered Accepted")
        reply = await self.cp.call("DeleteCertificate", {"certificateHashData": root.hash_data(algorithm).to_json()})
        status = reply.payload.get("status")
        if status != "Accepted":
            raise Fail(f"DeleteCertificate was answered {status}, not Accepted")
        if self._installed_roots and root in self._installed_roots:
            self._installed_roots.remove(root)

    async def no_longer_lists(self, root: Root, step: str) -> None:
        """GetInstalledCertificateIds no longer lists ``root`` (by the harness's hash data)."""
        for data in await self.installed_certificate_ids(root.certificate_type, step):
            if data.hash_algorithm in HASH_ALGORITHMS and data.same_certificate(root.hash_data(data.hash_algorithm)):
                raise Fail(f"GetInstalledCertificateIds {root.certificate_type} still lists the deleted certificate "
                           f"({data.shown()})")

    async def restore_idle(self) -> list[str]:
        """Also: the root certificates the case installed are deleted again."""
        left: list[str] = []
        while self._installed_roots and self.cp.connected:
            root = self._installed_roots.pop()
            try:
                reply = await self.cp.call("DeleteCertificate", {"certificateHashData": root.hash_data().to_json()})
            except Fail as exc:
                left.append(f"the {root.certificate_type} the case installed was not deleted: {exc.reason}")
                continue
            if reply.payload.get("status") not in ("Accepted", "NotFound"):
                left.append(f"the {root.certificate_type} the case installed was not deleted: "
                            f"DeleteCertificate answered {reply.payload.get('status')}")
        return left + await super().restore_idle()


def _why_not(root: Root, listed: list[HashData]) -> str:
    """What differs between the hash data listed and the harness's own calculation."""
    wanted = root.hash_data()
    if not listed:
        return f"none of that type is listed (expected {wanted.shown()})"
    for data in listed:
        if "serialNumber" in data.differences(wanted):
            continue
        if data.hash_algorithm not in HASH_ALGORITHMS:
            return f"its hashAlgorithm {data.hash_algorithm!r} is none of {', '.join(HASH_ALGORITHMS)}"
        own = root.hash_data(data.hash_algorithm)
        wrong = own.differences(data)
        return (f"its serial number is listed, but its {' and '.join(wrong)} "
                f"{'differs' if len(wrong) == 1 else 'differ'} from the harness's own calculation "
                f"(issuerNameHash: hash of the DER issuer name; issuerKeyHash: hash of the issuer's public key "
                f"bits, as OCSP's CertID): listed {data.shown()}, expected {own.shown()}")
    return f"no listed hash data has its serial number {wanted.serial_number} (listed {len(listed)})"
