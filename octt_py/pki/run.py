"""The test PKI of one run, and the PICS connection it fills in.

When the PICS supports the security profile and leaves the certificates to the harness
(``[security] certificates = "generate"``), the run gets a fresh :class:`TestPki` and the
PICS's TLS files point into it: as CSMS the harness presents the server certificate and checks
client certificates against the CentralSystemRootCertificate; as charge point it trusts that
root and presents the charge point certificate.
"""

from __future__ import annotations

import dataclasses

from octt_py.pics import Pics, Profile, SutSide
from octt_py.pki.authority import TestPki


def generated_pki(pics: Pics) -> TestPki | None:
    """A new test PKI for ``pics``'s run, or None when the lab brings its own certificates."""
    if Profile.SECURITY not in pics.profiles or pics.security.certificates != "generate":
        return None
    host = pics.connection.listen_host if pics.side is SutSide.CHARGE_POINT else "127.0.0.1"
    if host in ("", "0.0.0.0", "::"):
        host = "localhost"
    return TestPki(host, pics.identity.serial_number or pics.identity.charge_point_id,
                   pics.security.cpo_name)


def with_pki(pics: Pics, pki: TestPki) -> Pics:
    """``pics`` with its TLS files taken from ``pki``."""
    if pics.side is SutSide.CHARGE_POINT:
        own = pki.server
    else:
        own = pki.charge_point
    connection = dataclasses.replace(pics.connection, tls_ca_file=pki.central_system_root_file,
                                     tls_cert_file=own.cert_file, tls_key_file=own.key_file)
    return dataclasses.replace(pics, connection=connection)
