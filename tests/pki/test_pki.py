"""The run's test PKI and the certificate checks built on it."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import CertificateBuilder
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from octt_py.pki import INVALID_SERVER_VARIANTS, TestPki, hash_data
from octt_py.pki.authority import new_key, pem
from octt_py.pki.hashdata import HashData
from octt_py.pki.inspect import (
    chain_problems,
    common_name,
    csr_problems,
    issued_by,
    key_problem,
    organization,
    pss_signed,
    validity_problem,
)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    made = TestPki("csms.example", "SERIAL-1", "ACME CPO")
    yield made  # type: ignore[misc]
    made.close()


def test_the_valid_certificates_follow_the_white_paper(pki: TestPki) -> None:
    root = pki.central_system_root.certificate
    assert issued_by(pki.server.certificate, root)
    assert common_name(pki.server.certificate.subject) == "csms.example"
    assert common_name(pki.charge_point.certificate.subject) == "SERIAL-1"
    assert organization(pki.charge_point.certificate.subject) == "ACME CPO"
    assert issued_by(pki.firmware_signing.certificate, pki.manufacturer_root.certificate)
    assert key_problem(pki.server.certificate.public_key()) is None
    assert validity_problem(pki.server.certificate) is None


def test_each_invalid_variant_breaks_its_rule(pki: TestPki) -> None:
    root = pki.central_system_root.certificate
    broken = {name: pki.invalid_server(name).certificate for name in INVALID_SERVER_VARIANTS}
    assert "expired" in (validity_problem(broken["expired"]) or "")
    assert "not valid before" in (validity_problem(broken["not_yet_valid"]) or "")
    assert not issued_by(broken["wrong_ca"], root)
    assert not issued_by(broken["self_signed"], root) and issued_by(broken["self_signed"], broken["self_signed"])
    assert common_name(broken["wrong_name"].subject) != "csms.example"
    assert "1024 bits" in (key_problem(broken["rsa_1024"].public_key()) or "")
    usage = broken["wrong_key_usage"].extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH not in list(usage)


def test_hash_data_is_the_ocsp_cert_id_and_ignores_hex_case(pki: TestPki) -> None:
    data = hash_data(pki.manufacturer_root.certificate)
    assert data.hash_algorithm == "SHA256" and len(data.issuer_name_hash) == 64
    shouted = HashData.from_json({**data.to_json(), "issuerKeyHash": data.issuer_key_hash.upper()})
    assert shouted.same_certificate(data)
    assert not hash_data(pki.central_system_root.certificate).same_certificate(data)


def test_hash_data_equals_the_ocsp_cert_id_for_every_algorithm_and_key_type(pki: TestPki) -> None:
    from cryptography.x509 import ocsp

    from octt_py.pki.hashdata import HASH_ALGORITHMS

    leaf, root = pki.server_rsa.certificate, pki.central_system_root.certificate
    for certificate, issuer in ((root, root), (leaf, root), (pki.server.certificate, root)):
        for algorithm in HASH_ALGORITHMS:
            request = ocsp.OCSPRequestBuilder().add_certificate(
                certificate, issuer, getattr(hashes, algorithm)()).build()
            data = hash_data(certificate, issuer, algorithm)
            assert (data.issuer_name_hash, data.issuer_key_hash) == (
                request.issuer_name_hash.hex(), request.issuer_key_hash.hex())
            assert data.serial_number == format(request.serial_number, "x")
    rsa_root = x509.load_pem_x509_certificate(pki.server_rsa.certificate.public_bytes(Encoding.PEM))
    assert len(hash_data(rsa_root, rsa_root, "SHA512").issuer_key_hash) == 128


def test_a_csr_is_checked_for_cn_o_key_and_signature(pki: TestPki) -> None:
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "OTHER"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ACME CPO")])
    text = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256()).public_bytes(
        Encoding.PEM).decode()
    _, problems = csr_problems(text, "SERIAL-1", "ACME CPO")
    assert problems == ["the csr's CN is 'OTHER', not the charge point's serial number 'SERIAL-1'"]
    assert csr_problems("not a csr", "SERIAL-1", "")[1][0].startswith("the csr is not a PEM PKCS#10")


def test_an_rsa_pss_signature_is_named_for_the_extended_finding(pki: TestPki) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    template = pki.server.certificate
    pss = (CertificateBuilder().subject_name(template.subject).issuer_name(template.subject)
           .public_key(key.public_key()).serial_number(1).not_valid_before(template.not_valid_before_utc)
           .not_valid_after(template.not_valid_after_utc)
           .sign(key, hashes.SHA256(), rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), 32)))
    assert "RSASSA-PSS" in (pss_signed(pss, "the server certificate") or "")
    assert pss_signed(pki.server.certificate, "the server certificate") is None


def test_a_signed_chain_is_checked_as_a_charge_point_installs_it(pki: TestPki) -> None:
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SERIAL-1")])
    roots = [pki.central_system_root.certificate]
    signed = pki.central_system_root.issue(subject, key.public_key(), usage=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    assert chain_problems(pem(signed), key.public_key(), "SERIAL-1", roots) == []
    (other_ca,) = chain_problems(pem(pki.other_root.issue(subject, key.public_key())), key.public_key(), "SERIAL-1",
                                 roots)
    assert "does not lead to a CentralSystemRootCertificate" in other_ca
    (other_key,) = chain_problems(pem(signed), new_key().public_key(), "SERIAL-1", roots)
    assert "not for the key of the CSR" in other_key
    (wrong_cn,) = chain_problems(pem(signed), key.public_key(), "SERIAL-2", roots)
    assert "not the charge point's serial number 'SERIAL-2'" in wrong_cn
    assert chain_problems("not a certificate", key.public_key(), "SERIAL-1", roots)[0].startswith(
        "the certificateChain is unusable")


def test_a_new_root_signed_by_the_installed_one_hashes_that_issuer(pki: TestPki) -> None:
    """AdditionalRootCertificateCheck: the new CentralSystemRootCertificate is issued by the
    installed one, so its issuerKeyHash is that root's key, not its own."""
    from octt_py.pki.inspect import issued_by
    from octt_py.pki.roots import CENTRAL_SYSTEM_ROOT, is_ca, new_root

    own = new_root(CENTRAL_SYSTEM_ROOT)
    crossed = new_root(CENTRAL_SYSTEM_ROOT, signed_by=pki.central_system_root)
    assert is_ca(own.certificate) and is_ca(crossed.certificate)
    assert issued_by(crossed.certificate, pki.central_system_root.certificate)
    assert crossed.hash_data().issuer_key_hash == hash_data(pki.central_system_root.certificate).issuer_key_hash
    assert own.hash_data() == hash_data(own.certificate)
