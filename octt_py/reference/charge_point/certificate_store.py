"""Security white paper, certificate management of the reference charge point: the root
certificates it keeps (InstallCertificate), reports (GetInstalledCertificateIds) and deletes
(DeleteCertificate); TC_075_x and TC_076.

The store starts with the run's CentralSystemRootCertificate and ManufacturerRootCertificate
(the test PKI's, when there is one) and survives reboots. Its rules, from the white paper:

- InstallCertificate takes one PEM X.509 CA certificate that is valid now; anything else is
  Rejected, and so is a certificate beyond CertificateStoreMaxLength. With
  AdditionalRootCertificateCheck a new CentralSystemRootCertificate must be signed by an
  installed one (the old one stays, as the white paper's fallback, until deleted).
- GetInstalledCertificateIds reports SHA256 hash data (``octt_py.pki.hashdata``), NotFound when
  none of the type is installed.
- DeleteCertificate finds the certificate by hash data with the request's hashAlgorithm;
  the CentralSystemRootCertificate its TLS connection relies on is not deleted (Failed).

Planted faults served here: ``certificate_key_hash_over_spki``, ``single_trust_store``,
``delete_certificate_kept``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from ocpp.routing import on
from ocpp.v16 import call_result
from ocpp.v16.enums import Action

from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.pki.hashdata import HASH_ALGORITHMS, HashData, cert_id, hash_data
from octt_py.pki.inspect import issued_by, load_pem_chain
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT, is_ca
from octt_py.reference.faults import FaultSwitches

if TYPE_CHECKING:
    from octt_py.reference.charge_point.product import ReferenceChargePoint



@dataclass(frozen=True)
class Installed:
    certificate_type: str
    certificate: x509.Certificate


class RootStore:
    """The root certificates of one charge point, oldest first."""

    def __init__(self, faults: FaultSwitches, max_length: int, additional_check: bool) -> None:
        self.faults = faults
        self.max_length = max_length
        self.additional_check = additional_check
        self.entries: list[Installed] = []
        self.in_use: x509.Certificate | None = None  # the CentralSystemRoot its TLS trusts

    def install(self, certificate_type: str, text: str) -> str:
        if "single_trust_store" in self.faults:
            certificate_type = CENTRAL_SYSTEM_ROOT
        try:
            certificate = load_pem_chain(text)[0]
        except ValueError:
            return "Rejected"
        now = datetime.datetime.now(datetime.UTC)
        if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc) or not is_ca(certificate):
            return "Rejected"
        if any(e.certificate == certificate and e.certificate_type == certificate_type for e in self.entries):
            return "Accepted"  # installed already: nothing changes
        if len(self.entries) >= self.max_length:
            return "Rejected"
        if (certificate_type == CENTRAL_SYSTEM_ROOT and self.additional_check
                and not any(issued_by(certificate, e.certificate) for e in self.of_type(certificate_type))):
            return "Rejected"
        self.entries.append(Installed(certificate_type, certificate))
        return "Accepted"

    def of_type(self, certificate_type: str) -> list[Installed]:
        return [e for e in self.entries if e.certificate_type == certificate_type]

    def hash_data(self, certificate: x509.Certificate, algorithm: str = "SHA256") -> HashData:
        """This charge point's hash data of ``certificate`` (the faults bend the input)."""
        issuer = self._issuer(certificate)
        if "certificate_key_hash_over_spki" in self.faults:
            spki = issuer.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
            return cert_id(certificate.issuer.public_bytes(), spki, certificate.serial_number, algorithm)
        return hash_data(certificate, issuer, algorithm)

    def ids(self, certificate_type: str) -> list[dict[str, str]]:
        return [self.hash_data(e.certificate).to_json() for e in self.of_type(certificate_type)]

    def delete(self, wanted: HashData) -> str:
        if wanted.hash_algorithm not in HASH_ALGORITHMS:
            return "Failed"
        for entry in self.entries:
            if self.hash_data(entry.certificate, wanted.hash_algorithm).same_certificate(wanted):
                if entry.certificate_type == CENTRAL_SYSTEM_ROOT and entry.certificate == self.in_use:
                    return "Failed"  # white paper: not the root the connection relies on
                if "delete_certificate_kept" not in self.faults:
                    self.entries.remove(entry)
                return "Accepted"
        return "NotFound"

    def _issuer(self, certificate: x509.Certificate) -> x509.Certificate:
        if certificate.issuer == certificate.subject:
            return certificate
        for entry in self.entries:
            if issued_by(certificate, entry.certificate):
                return entry.certificate
        return certificate  # unknown issuer: cannot happen for what install accepted


class CertificateStoreBehaviour:
    """The product's root store, made on first use from the run's test PKI. A mixin of
    ``ReferenceChargePoint`` that imports nothing of it, since ``link`` needs it too."""

    pics: Pics
    pki: TestPki | None
    faults: FaultSwitches
    _root_store: RootStore | None = None

    @property
    def root_store(self) -> RootStore:
        if self._root_store is None:
            security = self.pics.security
            store = RootStore(self.faults, security.certificate_store_max_length,
                              security.additional_root_certificate_check)
            if self.pki is not None:
                store.entries += [Installed(CENTRAL_SYSTEM_ROOT, self.pki.central_system_root.certificate),
                                  Installed(MANUFACTURER_ROOT, self.pki.manufacturer_root.certificate)]
                store.in_use = self.pki.central_system_root.certificate
            self._root_store = store
        return self._root_store


class CertificateStoreHandlers:
    """The ``Link`` handlers of the three messages (mixed into ``link.Link``)."""

    cp: ReferenceChargePoint

    @on(Action.install_certificate)
    def on_install_certificate(self, certificate_type: str, certificate: str,
                               **_: Any) -> call_result.InstallCertificate:
        return call_result.InstallCertificate(self.cp.root_store.install(certificate_type, certificate))

    @on(Action.get_installed_certificate_ids)
    def on_get_installed_certificate_ids(self, certificate_type: str,
                                         **_: Any) -> call_result.GetInstalledCertificateIds:
        found = self.cp.root_store.ids(certificate_type)
        if not found:
            return call_result.GetInstalledCertificateIds("NotFound")
        return call_result.GetInstalledCertificateIds("Accepted", certificate_hash_data=[
            {"hash_algorithm": d["hashAlgorithm"], "issuer_name_hash": d["issuerNameHash"],
             "issuer_key_hash": d["issuerKeyHash"], "serial_number": d["serialNumber"]} for d in found])

    @on(Action.delete_certificate)
    def on_delete_certificate(self, certificate_hash_data: dict[str, Any],
                              **_: Any) -> call_result.DeleteCertificate:
        wanted = {"hashAlgorithm": certificate_hash_data.get("hash_algorithm"),
                  "issuerNameHash": certificate_hash_data.get("issuer_name_hash"),
                  "issuerKeyHash": certificate_hash_data.get("issuer_key_hash"),
                  "serialNumber": certificate_hash_data.get("serial_number")}
        return call_result.DeleteCertificate(self.cp.root_store.delete(HashData.from_json(wanted)))
