"""A test PKI made fresh for each run: certificate authorities, the certificates the security
cases present, and the invalid variants they present on purpose.

Nothing of it is checked in: every key is generated when a run starts and lives in a temporary
folder (``TestPki.folder``) that is removed when the run ends. Keys are EC P-256 (the white
paper allows EC >= 224 bits and RSA >= 2048 bits; EC keys take no time to generate), except
the one variant that must be a short RSA key.

What the security white paper asks of each certificate:

- CentralSystemRootCertificate: a CA, signs the CSMS's server certificate and, in this PKI, the
  charge point certificates (the harness plays the CSMS and its Certificate Authority Server);
- the server certificate: CN and subjectAltName for the host the charge point connects to;
- ManufacturerRootCertificate and the firmware-signing certificate it issues;
- the charge point certificate: CN = the charge point's serial number, O = CpoName.
"""

from __future__ import annotations

import datetime
import ipaddress
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from octt_py.secrets import RUN as RUN_SECRETS

PrivateKey = CertificateIssuerPrivateKeyTypes
VALIDITY = datetime.timedelta(days=30)

INVALID_SERVER_VARIANTS = (
    "expired", "not_yet_valid", "wrong_ca", "wrong_name", "rsa_1024", "self_signed",
    "wrong_key_usage",
)  # fmt: skip
"""The invalid server certificates a case can present (TC_078_CS): each breaks one rule a
charge point must check before it trusts a Central System."""


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def key_pem(key: PrivateKey) -> str:
    """The key as PKCS#8 PEM; the run's secrets registry knows it from now on."""
    text = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    RUN_SECRETS.add(text)
    return text


def _name(common_name: str, organization: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class Authority:
    """A CA: its key and self-signed certificate."""

    key: PrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(cls, common_name: str, organization: str = "octt-py test PKI",
               issuer: Authority | None = None) -> Authority:
        """A new CA, self-signed unless ``issuer`` signs it (a root signed by the root it
        follows, as AdditionalRootCertificateCheck asks of a new CentralSystemRootCertificate)."""
        key = new_key()
        name = _name(common_name, organization)
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer.certificate.subject if issuer else name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(minutes=5))
            .not_valid_after(_now() + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, key_cert_sign=True, crl_sign=True,
                    content_commitment=False, key_encipherment=False, data_encipherment=False,
                    key_agreement=False, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        )
        return cls(key, builder.sign(issuer.key if issuer else key, hashes.SHA256()))

    def issue(
        self,
        subject: x509.Name,
        public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
        **options: Any,
    ) -> x509.Certificate:
        """An end-entity certificate for ``public_key``, signed with SHA256 by this CA."""
        return end_entity(subject, public_key, self.certificate.subject, self.key, **options)

    def sign_csr(self, csr: x509.CertificateSigningRequest) -> x509.Certificate:
        """CertificateSigned for a charge point's CSR: its subject and key, client auth."""
        return self.issue(csr.subject, csr.public_key(),  # type: ignore[arg-type]
                          usage=(ExtendedKeyUsageOID.CLIENT_AUTH,))


def end_entity(
    subject: x509.Name,
    public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
    issuer: x509.Name,
    signing_key: PrivateKey,
    *,
    usage: tuple[x509.ObjectIdentifier, ...] = (ExtendedKeyUsageOID.SERVER_AUTH,),
    hosts: tuple[str, ...] = (),
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    code_signing: bool = False,
) -> x509.Certificate:
    """An end-entity certificate signed with SHA256 by ``signing_key`` in the name of ``issuer``:
    the extended key usages ``usage``, the subjectAltNames ``hosts``, 30 days from ``not_before``
    (five minutes ago) unless ``not_after`` says otherwise."""
    begins = not_before or _now() - datetime.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(begins)
        .not_valid_after(not_after or begins + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=False, crl_sign=False,
                content_commitment=code_signing, key_encipherment=False,
                data_encipherment=False, key_agreement=not code_signing,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(list(usage)), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if hosts:
        builder = builder.add_extension(x509.SubjectAlternativeName([_general_name(h) for h in hosts]),
                                        critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _general_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


@dataclass(frozen=True)
class Credential:
    """A certificate with its key, and the PEM files a TLS context loads them from."""

    certificate: x509.Certificate
    key: PrivateKey
    cert_file: str
    key_file: str


class TestPki:
    """Everything the security cases present, generated on creation, kept in ``folder``.

    ``host`` is what the server certificate names (CN and SAN, with ``localhost`` and
    127.0.0.1 beside it for loopback); ``serial_number`` and ``cpo_name`` go into the charge
    point certificate. ``close()`` removes the folder and the keys in it.
    """

    __test__ = False  # not a pytest class, whatever its name says

    def __init__(self, host: str, serial_number: str, cpo_name: str) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="octt-pki-")
        self.folder = Path(self._folder.name)
        self.host = host
        self.serial_number = serial_number
        self.cpo_name = cpo_name
        self.central_system_root = Authority.create("octt-py CentralSystemRootCertificate")
        self.manufacturer_root = Authority.create("octt-py ManufacturerRootCertificate")
        self.other_root = Authority.create("octt-py unrelated CA")  # signs the wrong_ca variant
        self.central_system_root_file = self._write("central-system-root.pem", pem(self.central_system_root.certificate))
        self.manufacturer_root_file = self._write("manufacturer-root.pem", pem(self.manufacturer_root.certificate))
        hosts = tuple(dict.fromkeys((host, "localhost", "127.0.0.1")))
        self.server = self._credential("server", self.central_system_root, _name(host), hosts=hosts)
        self.charge_point = self._credential(
            "charge-point", self.central_system_root, _name(serial_number, cpo_name),
            usage=(ExtendedKeyUsageOID.CLIENT_AUTH,),
        )
        self.firmware_signing = self._credential(
            "firmware-signing", self.manufacturer_root, _name("octt-py firmware signing", "octt-py"),
            usage=(ExtendedKeyUsageOID.CODE_SIGNING,), code_signing=True,
        )
        self._hosts = hosts
        self._invalid: dict[str, Credential] = {}
        self._server_rsa: Credential | None = None

    @property
    def server_rsa(self) -> Credential:
        """The server certificate again with an RSA 2048 key, made once when first asked for:
        a CSMS needs one for the white paper's TLS_RSA_WITH_AES_*_GCM suites (TC_086_CSMS)."""
        if self._server_rsa is None:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self._server_rsa = self._credential("server-rsa", self.central_system_root, _name(self.host),
                                                hosts=self._hosts, key=key)
        return self._server_rsa

    def invalid_server(self, variant: str) -> Credential:
        """The server certificate broken in one way (``INVALID_SERVER_VARIANTS``), made once."""
        if variant not in INVALID_SERVER_VARIANTS:
            raise ValueError(f"no invalid server certificate variant {variant!r}")
        if variant not in self._invalid:
            self._invalid[variant] = self._make_invalid(variant)
        return self._invalid[variant]

    def _make_invalid(self, variant: str) -> Credential:
        root, name, hosts = self.central_system_root, _name(self.host), self._hosts
        label = f"server-{variant}"
        if variant == "expired":
            long_ago = _now() - datetime.timedelta(days=60)
            return self._credential(label, root, name, hosts=hosts, not_before=long_ago,
                                    not_after=long_ago + VALIDITY)
        if variant == "not_yet_valid":
            return self._credential(label, root, name, hosts=hosts,
                                    not_before=_now() + datetime.timedelta(days=10))
        if variant == "wrong_ca":
            return self._credential(label, self.other_root, name, hosts=hosts)
        if variant == "wrong_name":
            return self._credential(label, root, _name("not-the-csms.invalid"), hosts=("not-the-csms.invalid",))
        if variant == "rsa_1024":
            short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
            return self._credential(label, root, name, hosts=hosts, key=short)
        if variant == "wrong_key_usage":
            return self._credential(label, root, name, hosts=hosts, usage=(ExtendedKeyUsageOID.CODE_SIGNING,))
        # self_signed: its own issuer, signed with its own key, trusted by nobody
        key = new_key()
        return self._store(label, end_entity(name, key.public_key(), name, key, hosts=hosts), key)

    def _credential(
        self, label: str, issuer: Authority, subject: x509.Name, *, key: PrivateKey | None = None, **options: object
    ) -> Credential:
        own = key or new_key()
        certificate = issuer.issue(subject, own.public_key(), **options)  # type: ignore[arg-type]
        return self._store(label, certificate, own)

    def _store(self, label: str, certificate: x509.Certificate, key: PrivateKey) -> Credential:
        cert_file = self._write(f"{label}.pem", pem(certificate))
        key_file = self._write(f"{label}.key", key_pem(key))
        return Credential(certificate, key, cert_file, key_file)

    def _write(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text)
        path.chmod(0o600)
        return str(path)

    def close(self) -> None:
        self._folder.cleanup()
