"""Root certificates the harness installs on a charge point (InstallCertificate, TC_075_x and
TC_076, both sides): each made fresh for the case, so the harness knows it and its issuer and
computes its hash data itself."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509

from octt_py.pki.authority import Authority
from octt_py.pki.hashdata import HashData, hash_data

CENTRAL_SYSTEM_ROOT = "CentralSystemRootCertificate"
MANUFACTURER_ROOT = "ManufacturerRootCertificate"
CERTIFICATE_TYPES = (CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT)  # CertificateUseEnumType


@dataclass(frozen=True)
class Root:
    """A root certificate with the certificate of its issuer (itself when self-signed): what
    its hash data is computed from."""

    certificate_type: str
    certificate: x509.Certificate
    issuer: x509.Certificate

    def hash_data(self, algorithm: str = "SHA256") -> HashData:
        return hash_data(self.certificate, self.issuer, algorithm)


def new_root(certificate_type: str, signed_by: Authority | None = None) -> Root:
    """A fresh CA certificate of ``certificate_type``: self-signed, or signed by ``signed_by``
    (a new CentralSystemRootCertificate under AdditionalRootCertificateCheck)."""
    authority = Authority.create(f"octt-py new {certificate_type}", issuer=signed_by)
    return Root(certificate_type, authority.certificate,
                signed_by.certificate if signed_by else authority.certificate)


def is_ca(certificate: x509.Certificate) -> bool:
    """Whether basicConstraints makes ``certificate`` a CA (what a root store takes)."""
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False
