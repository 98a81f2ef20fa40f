"""OCPP 1.6 security profiles as transport options (security white paper).

Profile 0: plain ws. 1: ws + HTTP Basic auth. 2: wss (server certificate) + Basic auth.
3: wss with client certificates. The harness builds its TLS contexts and Basic-auth header from
the PICS, and the security cases change them as they go (``ServerSecurity``, ``ClientSecurity``).
"""

from __future__ import annotations

import base64
import re
import ssl
from dataclasses import dataclass, field

from octt_py.pics import Connection

SUBPROTOCOL = "ocpp1.6"
_HEX_KEY = re.compile(r"(?:[0-9A-Fa-f]{2}){16,20}")


def authorization_key(password: str) -> bytes:
    """The Basic-auth password's bytes. As the OCTT reads a configured BasicAuthPassword
    (TC_085): 32 to 40 hexadecimal characters are the hex representation of a 16 to 20 byte
    key; anything else is the password itself, in UTF-8."""
    if _HEX_KEY.fullmatch(password):
        return bytes.fromhex(password)
    return password.encode()


def basic_auth_header(charge_point_id: str, password: str) -> str:
    token = base64.b64encode(charge_point_id.encode() + b":" + authorization_key(password)).decode()
    return f"Basic {token}"


def server_ssl_context(cert_file: str, key_file: str, client_ca_file: str = "") -> ssl.SSLContext:
    """TLS for the harness as CSMS: TLS 1.2 or above, the given server certificate; with
    ``client_ca_file`` (profile 3) a client certificate chaining to it is required."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_file, key_file)
    if client_ca_file:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca_file)
    return context


@dataclass(frozen=True)
class ClientSecurity:
    """How the harness, as charge point, connects: profile, Basic-auth password, the CA it
    trusts for the CSMS's certificate and its own certificate for profile 3."""

    profile: int
    password: str = field(default="", repr=False)
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    basic_auth: bool = True  # False: no Authorization header at all (TC_085_CSMS)

    @classmethod
    def of(cls, connection: Connection) -> ClientSecurity:
        return cls(connection.security_profile, connection.basic_auth_password,
                   connection.tls_ca_file, connection.tls_cert_file, connection.tls_key_file)

    def context(self) -> ssl.SSLContext | None:
        """Verify the CSMS (hostname included); profile 3 presents a client certificate."""
        if self.profile < 2:
            return None
        context = ssl.create_default_context(cafile=self.ca_file or None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.profile == 3:
            context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def headers(self, charge_point_id: str) -> dict[str, str]:
        if self.profile in (1, 2) and self.basic_auth:
            return {"Authorization": basic_auth_header(charge_point_id, self.password)}
        return {}
