"""Where the planted certificate-management faults of the reference CSMS bend an operator's
InstallCertificate, GetInstalledCertificateIds or DeleteCertificate before it goes out (TC_075_x,
TC_076), and the signature of a SignedUpdateFirmware (TC_080). The CSMS knows the root certificates it installed from its own InstallCertificate
CALLs; a faulty DeleteCertificate recomputes the hash data of the one the request names."""

from __future__ import annotations

import base64
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from octt_py.pki.hashdata import HASH_ALGORITHMS, HashData, cert_id, hash_data
from octt_py.pki.inspect import issued_by, load_pem_chain
from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT
from octt_py.reference.csms.outbox import CsmsCall
from octt_py.reference.faults import FaultSwitches


def deviate_certificates(faults: FaultSwitches, action: str, payload: dict[str, Any], sent: list[CsmsCall]) -> None:
    """Bend ``payload`` as the switched-on faults say; ``sent``: the CSMS's CALLs to this
    charge point so far."""
    if "install_certificate_without_pem_armour" in faults and action == "InstallCertificate":
        lines = str(payload["certificate"]).splitlines()
        payload["certificate"] = "".join(line for line in lines if not line.startswith("-----"))
    if "firmware_signature_reencoded" in faults and action == "SignedUpdateFirmware":
        firmware = payload["firmware"]  # its signature base64-encoded once more, as stored text
        firmware["signature"] = base64.b64encode(str(firmware["signature"]).encode()).decode()
    if "installed_ids_type_fixed" in faults and action == "GetInstalledCertificateIds":
        payload["certificateType"] = CENTRAL_SYSTEM_ROOT
    if action == "DeleteCertificate" and ("delete_certificate_sha256_only" in faults
                                          or "delete_certificate_key_hash_over_spki" in faults):
        named = HashData.from_json(payload["certificateHashData"])
        found = _named(named, _installed(sent))
        if found is None:
            return
        certificate, issuer = found
        algorithm = "SHA256" if "delete_certificate_sha256_only" in faults else named.hash_algorithm
        data = hash_data(certificate, issuer, algorithm)
        if "delete_certificate_key_hash_over_spki" in faults:
            spki = issuer.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
            data = cert_id(certificate.issuer.public_bytes(), spki, certificate.serial_number, algorithm)
        payload["certificateHashData"] = data.to_json()


def _installed(sent: list[CsmsCall]) -> list[x509.Certificate]:
    found = []
    for call in sent:
        if call.action == "InstallCertificate":
            try:
                found += load_pem_chain(str(call.payload.get("certificate", "")))
            except ValueError:
                continue
    return found


def _named(named: HashData, installed: list[x509.Certificate]) -> tuple[x509.Certificate, x509.Certificate] | None:
    """The installed certificate ``named`` names, with its issuer."""
    if named.hash_algorithm not in HASH_ALGORITHMS:
        return None
    for certificate in installed:
        issuer = next((c for c in installed if issued_by(certificate, c)), certificate)
        if hash_data(certificate, issuer, named.hash_algorithm).same_certificate(named):
            return certificate, issuer
    return None
