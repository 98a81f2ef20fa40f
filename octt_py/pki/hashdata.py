"""Certificate hash data (CertificateHashDataType) of GetInstalledCertificateIds and
DeleteCertificate, computed in one place for both sides of the harness.

The white paper follows OCSP's CertID (RFC 6960 section 4.1.1): ``issuerNameHash`` is the hash
of the DER of the issuer's distinguished name (the certificate's issuer field),
``issuerKeyHash`` the hash of the issuer's public key bits (the value of the subjectPublicKey
BIT STRING, not the whole SubjectPublicKeyInfo), ``serialNumber`` the certificate's serial
number. Hashes are written as lowercase hex; the serial number as hex without leading zeros,
lowercase (OCPP 2.0.1's convention, which the white paper leaves open); comparisons ignore the
case of hex digits and leading zeros, since the white paper fixes neither.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HASH_ALGORITHMS = ("SHA256", "SHA384", "SHA512")  # HashAlgorithmEnumType


@dataclass(frozen=True)
class HashData:
    """CertificateHashDataType of the white paper: the certificate's issuer and serial number."""

    hash_algorithm: str
    issuer_name_hash: str
    issuer_key_hash: str
    serial_number: str

    def to_json(self) -> dict[str, str]:
        return {"hashAlgorithm": self.hash_algorithm, "issuerNameHash": self.issuer_name_hash,
                "issuerKeyHash": self.issuer_key_hash, "serialNumber": self.serial_number}

    @classmethod
    def from_json(cls, data: Any) -> HashData:
        """Whatever a DUT sent, read leniently: missing fields are empty strings."""
        fields = data if isinstance(data, dict) else {}
        return cls(str(fields.get("hashAlgorithm", "")), str(fields.get("issuerNameHash", "")).lower(),
                   str(fields.get("issuerKeyHash", "")).lower(), str(fields.get("serialNumber", "")).lower())

    def differences(self, other: HashData) -> list[str]:
        """The fields in which ``other`` differs, compared as ``same_certificate`` does."""
        pairs = (("hashAlgorithm", self.hash_algorithm, other.hash_algorithm),
                 ("issuerNameHash", self.issuer_name_hash.lower(), other.issuer_name_hash.lower()),
                 ("issuerKeyHash", self.issuer_key_hash.lower(), other.issuer_key_hash.lower()),
                 ("serialNumber", self.serial_number.lower().lstrip("0"), other.serial_number.lower().lstrip("0")))
        return [name for name, mine, theirs in pairs if mine != theirs]

    def same_certificate(self, other: HashData) -> bool:
        """Equal up to the case of the hex digits and leading zeros of the serial number."""
        return not self.differences(other)

    def shown(self) -> str:
        return (f"{self.hash_algorithm} issuerNameHash {self.issuer_name_hash[:16]}..., issuerKeyHash "
                f"{self.issuer_key_hash[:16]}..., serialNumber {self.serial_number}")


def subject_public_key(certificate: x509.Certificate) -> bytes:
    """The value of the certificate's subjectPublicKey BIT STRING (what OCSP hashes)."""
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    _, body = _der_item(spki, 0)  # SubjectPublicKeyInfo ::= SEQUENCE {
    algorithm_end, _ = _der_item(spki, body)  # algorithm AlgorithmIdentifier,
    _, bits = _der_item(spki, algorithm_end)  # subjectPublicKey BIT STRING }
    return spki[bits + 1:]  # after the unused-bits octet (always 0 for a key)


def _der_item(der: bytes, at: int) -> tuple[int, int]:
    """(end, start of contents) of the DER item at ``at`` (definite lengths only, as DER is)."""
    length, start = der[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, start = int.from_bytes(der[start:start + count], "big"), start + count
    return start + length, start


def cert_id(issuer_name: bytes, issuer_key: bytes, serial_number: int | str,
            algorithm: str = "SHA256") -> HashData:
    """The hash data of the given bytes: the one computation everything else goes through."""
    digest = algorithm.lower()
    serial = format(serial_number, "x") if isinstance(serial_number, int) else serial_number
    return HashData(algorithm, hashlib.new(digest, issuer_name).hexdigest(),
                    hashlib.new(digest, issuer_key).hexdigest(), serial)


def hash_data(certificate: x509.Certificate, issuer: x509.Certificate | None = None,
              algorithm: str = "SHA256") -> HashData:
    """The correct hash data of ``certificate``; ``issuer`` is its issuer's certificate (the
    certificate itself for a self-signed root)."""
    if algorithm not in HASH_ALGORITHMS:
        raise ValueError(f"hashAlgorithm {algorithm!r} is none of {', '.join(HASH_ALGORITHMS)}")
    return cert_id(certificate.issuer.public_bytes(), subject_public_key(issuer or certificate),
                   certificate.serial_number, algorithm)
