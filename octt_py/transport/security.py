"""OCPP 1.6 security profiles as transport options (Security whitepaper, edition 2).

Profile 0: plain ws. 1: ws + HTTP Basic auth. 2: wss (server certificate) + Basic auth.
3: wss with client certificates. The harness builds its TLS contexts and Basic-auth header from
the PICS so that the security cases can be built on the same transport later.
"""

from __future__ import annotations

import base64
import ssl

from octt_py.pics import Connection

SUBPROTOCOL = "ocpp1.6"


def basic_auth_header(charge_point_id: str, password: str) -> str:
    token = base64.b64encode(f"{charge_point_id}:{password}".encode()).decode()
    return f"Basic {token}"


def server_ssl_context(connection: Connection) -> ssl.SSLContext | None:
    """TLS for the harness as CSMS: profile 2 and 3; profile 3 also asks for a client certificate."""
    if connection.security_profile < 2:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(connection.tls_cert_file, connection.tls_key_file)
    if connection.security_profile == 3:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(connection.tls_ca_file)
    return context


def client_ssl_context(connection: Connection) -> ssl.SSLContext | None:
    """TLS for the harness as charge point: verify the CSMS; profile 3 presents a client certificate."""
    if connection.security_profile < 2:
        return None
    context = ssl.create_default_context(cafile=connection.tls_ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if connection.security_profile == 3:
        context.load_cert_chain(connection.tls_cert_file, connection.tls_key_file)
    return context
