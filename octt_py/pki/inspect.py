"""Reading certificates a DUT presents or sends, and judging them by the white paper's rules.

Everything a DUT sends is hostile: a certificate that does not parse is a finding, never an
exception that escapes. ``describe`` is the evidence a case records (subject, issuer, serial,
validity, key, SAN, signature algorithm); the ``problems_*`` functions say, in one line each,
what breaks a rule.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, padding, rsa
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID

MIN_RSA_BITS = 2048  # white paper: RSA or DSA keys of at least 2048 bits
MIN_EC_BITS = 224  # and elliptic-curve keys of at least 224 bits


def key_description(key: Any) -> tuple[str, int]:
    """("RSA", 2048), ("EC secp256r1", 256) ...; ("unknown", 0) for other key types."""
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.curve.key_size
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size
    return type(key).__name__, 0


def key_problem(key: Any) -> str | None:
    kind, bits = key_description(key)
    if kind in ("RSA", "DSA") and bits < MIN_RSA_BITS:
        return f"its {kind} key has {bits} bits; at least {MIN_RSA_BITS} are required"
    if kind.startswith("EC") and bits < MIN_EC_BITS:
        return f"its EC key has {bits} bits; at least {MIN_EC_BITS} are required"
    if bits == 0:
        return f"its key is of type {kind}, neither RSA, DSA nor EC"
    return None


def common_name(name: x509.Name) -> str | None:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else None


def organization(name: x509.Name) -> str | None:
    values = name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(values[0].value) if values else None


def subject_alt_names(certificate: x509.Certificate) -> list[str]:
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return [str(value) for value in extension.value.get_values_for_type(x509.DNSName)] + [
        str(value) for value in extension.value.get_values_for_type(x509.IPAddress)
    ]


def signature_algorithm(certificate: x509.Certificate) -> str:
    oid = certificate.signature_algorithm_oid
    if oid == SignatureAlgorithmOID.RSASSA_PSS:
        return "RSASSA-PSS"
    return getattr(oid, "_name", oid.dotted_string)


RSA_PSS_RULE = "certificate.rsa-pss-signature"  # OCTT 1.6 takes SHA256withRSA or ECDSA, not RSASSA-PSS


def pss_signed(certificate: x509.Certificate | x509.CertificateSigningRequest, what: str) -> str | None:
    """An extended finding's message when ``certificate`` (or a CSR) is signed with RSASSA-PSS:
    valid X.509, but a public report of a CSMS certification says the real OCTT only takes
    SHA256withRSA, so a vendor should expect its run to fail there."""
    if certificate.signature_algorithm_oid != SignatureAlgorithmOID.RSASSA_PSS:
        return None
    return (f"{what} is signed with RSASSA-PSS; the OCTT is documented to accept only "
            "SHA256withRSA, so the official run would likely reject it")


def describe(certificate: x509.Certificate) -> dict[str, Any]:
    """The evidence a case records about a certificate."""
    kind, bits = key_description(certificate.public_key())
    return {
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "serial_number": format(certificate.serial_number, "x"),
        "not_before": certificate.not_valid_before_utc.isoformat(),
        "not_after": certificate.not_valid_after_utc.isoformat(),
        "key": f"{kind} {bits} bits",
        "san": subject_alt_names(certificate),
        "signature_algorithm": signature_algorithm(certificate),
    }


def shown(evidence: dict[str, Any]) -> str:
    """One line of certificate evidence for the trace."""
    san = ", ".join(evidence["san"]) or "none"
    return (f"subject {evidence['subject']}; issuer {evidence['issuer']}; serial "
            f"{evidence['serial_number']}; valid {evidence['not_before']} to {evidence['not_after']}; "
            f"key {evidence['key']}; SAN {san}; signed {evidence['signature_algorithm']}")


def validity_problem(certificate: x509.Certificate, at: datetime.datetime | None = None) -> str | None:
    moment = at or datetime.datetime.now(datetime.UTC)
    if moment < certificate.not_valid_before_utc:
        return f"it is not valid before {certificate.not_valid_before_utc.isoformat()}"
    if moment > certificate.not_valid_after_utc:
        return f"it expired on {certificate.not_valid_after_utc.isoformat()}"
    return None


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key made ``certificate``'s signature (the name must match too)."""
    if certificate.issuer != issuer.subject:
        return False
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def load_pem_chain(text: str) -> list[x509.Certificate]:
    """The certificates of a PEM string, leaf first; ValueError with a reason if it is not one."""
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ValueError("it is not PEM: no -----BEGIN CERTIFICATE----- block")
    try:
        certificates = x509.load_pem_x509_certificates(text.encode())
    except ValueError as exc:
        raise ValueError(f"it is not a PEM X.509 certificate chain ({exc})") from None
    return certificates


# -- certificate signing requests (SignCertificate) ---------------------------------------------


def csr_problems(text: str, serial_number: str, cpo_name: str) -> tuple[x509.CertificateSigningRequest | None, list[str]]:
    """Parse a SignCertificate.req csr (PEM PKCS#10) and check it as the white paper asks: its
    signature proves the key, CN is the charge point's serial number, O is CpoName, and the key
    is long enough. Returns the CSR (None if it does not parse) and the problems found."""
    try:
        csr = x509.load_pem_x509_csr(text.encode())
    except ValueError as exc:
        return None, [f"the csr is not a PEM PKCS#10 certificate signing request ({exc})"]
    problems = []
    if not csr.is_signature_valid:
        problems.append("the csr's signature does not match its public key")
    if (cn := common_name(csr.subject)) != serial_number:
        problems.append(f"the csr's CN is {cn!r}, not the charge point's serial number {serial_number!r}")
    if cpo_name and (org := organization(csr.subject)) != cpo_name:
        problems.append(f"the csr's O is {org!r}, not CpoName {cpo_name!r}")
    if (problem := key_problem(csr.public_key())) is not None:
        problems.append(f"the csr's key: {problem}")
    return csr, problems


def chain_problems(text: str, public_key: Any, serial_number: str,
                   roots: list[x509.Certificate]) -> list[str]:
    """CertificateSigned as a charge point checks it before installing it: a PEM X.509 chain,
    leaf first; the leaf for the key of the CSR (``public_key``) with CN = the charge point's
    serial number; every certificate within its validity dates and issued by the next, the last
    by one of ``roots`` (the CentralSystemRootCertificates the charge point trusts)."""
    try:
        certificates = load_pem_chain(text)
        leaf_key = certificates[0].public_key()
    except (ValueError, IndexError, UnsupportedAlgorithm) as exc:
        return [f"the certificateChain is unusable: {exc or 'no certificate'}"]
    leaf, problems = certificates[0], []
    if leaf_key != public_key:
        problems.append("the signed certificate is not for the key of the CSR the charge point sent")
    if (cn := common_name(leaf.subject)) != serial_number:
        problems.append(f"the signed certificate's CN is {cn!r}, not the charge point's serial number {serial_number!r}")
    for position, certificate in enumerate(certificates, 1):
        if (problem := validity_problem(certificate)) is not None:
            problems.append(f"certificate {position} of the chain: {problem}")
    for position, (certificate, issuer) in enumerate(itertools.pairwise(certificates), 1):
        if not issued_by(certificate, issuer):
            problems.append(f"certificate {position} of the chain is not issued by certificate {position + 1}")
    last = certificates[-1]
    if not any(last == root or issued_by(last, root) for root in roots):
        problems.append(f"the chain does not lead to a CentralSystemRootCertificate the charge point trusts "
                        f"(its last certificate's issuer is {last.issuer.rfc4514_string()[:120]})")
    return problems


# -- signed firmware ----------------------------------------------------------------------------


def verify_signature(certificate: x509.Certificate, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` over ``data`` verifies with the certificate's key, SHA256 (ECDSA,
    or RSA PKCS#1 v1.5 as OCTT signs)."""
    key = certificate.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True
