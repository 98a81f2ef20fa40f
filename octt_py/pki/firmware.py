"""Signed firmware (white paper edition 4, SignedUpdateFirmware): the signature a Central System
puts in ``firmware.signature`` and how a charge point checks it.

The signature is computed over the whole firmware file with SHA-256 by the key of the firmware
signing certificate, and travels base64-encoded: ECDSA (DER) for an EC key, RSASSA-PSS (MGF1
SHA-256, salt of the digest's length) for an RSA key. The signing certificate must chain up to
an installed ManufacturerRootCertificate; ``signing_certificate_problem`` says why one does not.
"""

from __future__ import annotations

import base64
import binascii
import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from octt_py.pki.authority import PrivateKey
from octt_py.pki.inspect import issued_by, load_pem_chain

_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def sign_firmware(key: PrivateKey, image: bytes) -> str:
    """``firmware.signature`` for ``image``: base64 of the signature over SHA-256 of the file."""
    if isinstance(key, rsa.RSAPrivateKey):
        raw = key.sign(image, _PSS, hashes.SHA256())
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        raw = key.sign(image, ec.ECDSA(hashes.SHA256()))
    else:
        raise TypeError(f"a firmware signing key is RSA or EC, not {type(key).__name__}")
    return base64.b64encode(raw).decode()


def firmware_signature_valid(certificate: x509.Certificate, image: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the signing certificate's signature over ``image``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        public = certificate.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(raw, image, _PSS, hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(raw, image, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def signing_certificate_problem(text: str, roots: list[x509.Certificate]) -> tuple[x509.Certificate | None, str]:
    """The signing certificate of ``text`` (PEM) and "" when it is valid now and issued by one
    of ``roots`` (the installed ManufacturerRootCertificates); else what is wrong with it."""
    try:
        certificate = load_pem_chain(text)[0]
    except ValueError as exc:
        return None, f"the signingCertificate is not a PEM X.509 certificate ({exc})"
    now = datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        return certificate, "the signingCertificate is not valid now"
    if not any(issued_by(certificate, root) for root in roots):
        return certificate, "the signingCertificate is not issued by an installed ManufacturerRootCertificate"
    return certificate, ""
