"""The reference CSMS as a process: OCPP-J websocket endpoint plus control API.

The websocket side follows OCPP-J 1.6 §3: the charge point connects to
``ws://host:port<path>/<chargePointId>`` offering subprotocol ``ocpp1.6``; a handshake without it
is completed without a Sec-WebSocket-Protocol header and the connection closed at once (§3.1.2,
TC_088); with a password configured, HTTP Basic credentials ``<chargePointId>:<password>`` are
required (security profile 1, TC_085). A charge point the CSMS upgraded to a higher security
profile is refused (HTTP 403) at any lower one from then on (TC_083).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import ssl
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote

from cryptography import x509
from cryptography.x509.oid import NameOID
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.frames import CloseCode
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from octt_py.files import FileServers, shown_url
from octt_py.pics import Pics
from octt_py.pki import TestPki
from octt_py.reference.control import ControlServer
from octt_py.reference.csms.central_system import CentralSystem
from octt_py.reference.csms.faults import CSMS_FAULTS
from octt_py.reference.faults import FaultSwitches

SUBPROTOCOL = Subprotocol("ocpp1.6")
CRASH_WINDOW = 1.0  # fault crash_on_same_id_reconnect: seconds after a drop
CLOSE_TIMEOUT = 2.0  # keep stop() short when a charge point never answers our close frame
FIRMWARE_NAME = "octt-reference.bin"


class ReferenceCsms:
    """A conformant OCPP 1.6-J Central System with planted faults and a control API.

    ``async with ReferenceCsms(pics) as csms:`` or ``start()`` / ``stop()``.
    """

    def __init__(
        self,
        pics: Pics,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Iterable[str] = (),
        control_port: int = 0,
        pki: TestPki | None = None,
    ) -> None:
        self.pics = pics
        self.pki = pki
        self.faults = FaultSwitches(CSMS_FAULTS, faults)
        self.central_system = CentralSystem(pics, self.faults, pki)
        self._host = host
        self._port = port
        path = pics.connection.path.strip("/")
        self._path = f"/{path}" if path else ""
        self._server: Server | None = None
        self._tls_server: Server | None = None
        self._tls_port = 0
        self._crashed = False
        self._control = ControlServer(
            self.central_system.perform, self.state, self.faults, host, control_port
        )
        # The CSMS hosts the firmware it hands out and takes diagnostics uploads itself, on
        # the schemes the charge point declares: firmware over HTTP, uploads over FTP when it
        # has both, so both protocols get exercised.
        schemes = pics.capabilities.firmware_url_schemes
        self._firmware_scheme = "ftp" if "ftp" in schemes and "http" not in schemes else "http"
        self._upload_scheme = "http" if "http" in schemes and "ftp" not in schemes else "ftp"
        self.files = FileServers(schemes=("http", "ftp"), host=host, firmware_name=FIRMWARE_NAME)

    @property
    def url(self) -> str:
        """Where charge points connect, without the trailing ``/<chargePointId>``."""
        if not self._port:
            raise RuntimeError("reference CSMS not started")
        return f"ws://{self._host}:{self._port}{self._path}"

    @property
    def tls_url(self) -> str | None:
        """Where charge points connect with TLS (security profiles 2 and 3), when it serves it."""
        if not self._tls_port:
            return None
        return f"wss://{self._host}:{self._tls_port}{self._path}"

    @property
    def control_url(self) -> str:
        return self._control.url

    async def start(self) -> None:
        self._server = await serve(
            self._handle,
            self._host,
            self._port,
            select_subprotocol=_select_subprotocol,
            process_request=self._process_request,
            close_timeout=CLOSE_TIMEOUT,
        )
        self._port = int(self._server.sockets[0].getsockname()[1])
        if self.pki is not None:
            self._tls_server = await serve(
                self._handle, self._host, 0, select_subprotocol=_select_subprotocol,
                process_request=self._process_request, close_timeout=CLOSE_TIMEOUT,
                ssl=tls_context(self.pki, self.faults),
            )
            self._tls_port = int(self._tls_server.sockets[0].getsockname()[1])
        await self._control.start()
        await self.files.start()
        self.central_system.firmware_location = self.files.firmware_url(self._firmware_scheme)
        self.central_system.upload_location = self.files.upload_url(self._upload_scheme)

    async def stop(self) -> None:
        """Close every connection, the listening sockets and the file servers."""
        await self._control.close()
        await self.files.close()
        for server in (self._server, self._tls_server):
            if server is not None:
                server.close()
                await server.wait_closed()
        self._server = self._tls_server = None
        await self.central_system.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def state(self) -> dict[str, Any]:
        listening = self._server is not None and self._server.is_serving()
        return {
            "url": self.url if self._port else None,
            "listening": listening,
            "crashed": self._crashed,
            "faults": self.faults.active(),
            **self.central_system.snapshot(),
            "files": self._files_state(),
        }

    def _files_state(self) -> dict[str, Any]:
        """Where the CSMS hosts firmware and takes uploads, and every transfer so far."""
        if not self.files.running:
            return {"running": False, "transfers": []}
        return {
            "running": True,
            "firmware_location": shown_url(self.central_system.firmware_location),
            "upload_location": shown_url(self.central_system.upload_location),
            "firmware_sha256": self.files.firmware_sha256,
            "transfers": [
                {
                    "direction": t.direction,
                    "protocol": t.protocol,
                    "path": t.path,
                    "size": t.size,
                    "sha256": t.sha256,
                    "peer": t.peer,
                    "ok": t.ok,
                    "error": t.error,
                }
                for t in self.files.transfers
            ],
        }

    def _charge_point_id(self, path: str) -> str | None:
        """``<path>/<chargePointId>`` -> the id; None for any other path."""
        path = path.split("?", 1)[0]
        prefix = self._path + "/"
        if not path.startswith(prefix):
            return None
        charge_point_id = unquote(path[len(prefix) :])
        if not charge_point_id or "/" in charge_point_id:
            return None
        return charge_point_id

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        charge_point_id = self._charge_point_id(request.path)
        if charge_point_id is None:
            return connection.respond(
                HTTPStatus.NOT_FOUND, f"connect to {self._path}/<chargePointId>\n"
            )
        certificate = client_certificate(connection)
        incoming = 3 if certificate is not None else 2 if connection.transport.get_extra_info("ssl_object") else 1
        required = self.central_system.record(charge_point_id).security_profile
        if incoming < required:  # upgraded: never again at the old profile (white paper, TC_083)
            return connection.respond(HTTPStatus.FORBIDDEN, f"security profile {required} required\n")
        if certificate is not None:  # security profile 3: the certificate is the credential
            return self._check_client_certificate(connection, charge_point_id, certificate)
        password = self.central_system.basic_auth_password
        if not password or "ignores_basic_auth" in self.faults:
            return None
        credentials = _basic_credentials(request.headers.get("Authorization"))
        if (
            credentials is not None
            and credentials[0] == charge_point_id
            and hmac.compare_digest(credentials[1], _key_bytes(password))
        ):
            return None
        response = connection.respond(
            HTTPStatus.UNAUTHORIZED, "HTTP Basic authentication as <chargePointId> required\n"
        )
        response.headers["WWW-Authenticate"] = 'Basic realm="OCPP", charset="UTF-8"'
        return response

    def _check_client_certificate(
        self, connection: ServerConnection, charge_point_id: str, certificate: x509.Certificate
    ) -> Response | None:
        """The TLS handshake verified the chain; planted fault: the CN must be the id."""
        if "client_certificate_cn_must_be_id" in self.faults:
            names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            if not names or names[0].value != charge_point_id:
                return connection.respond(HTTPStatus.FORBIDDEN, "certificate CN is not the charge point id\n")
        return None

    async def _handle(self, websocket: ServerConnection) -> None:
        assert websocket.request is not None  # the handshake is complete
        charge_point_id = self._charge_point_id(websocket.request.path)
        assert charge_point_id is not None  # _process_request refused every other path
        if websocket.subprotocol is None and "accepts_any_subprotocol" not in self.faults:
            await websocket.close(CloseCode.PROTOCOL_ERROR, "subprotocol ocpp1.6 required")
            return
        if "crash_on_same_id_reconnect" in self.faults and self.central_system.recently_connected(
            charge_point_id, CRASH_WINDOW
        ):
            self._crashed = True
            assert self._server is not None
            self._server.close()  # stops listening and drops every connection, this one too
            return
        await self.central_system.serve(charge_point_id, websocket)


def _select_subprotocol(
    connection: ServerConnection, offered: Sequence[Subprotocol]
) -> Subprotocol | None:
    """``ocpp1.6`` if offered; otherwise no subprotocol, and _handle closes the connection."""
    return SUBPROTOCOL if SUBPROTOCOL in offered else None


def tls_context(pki: TestPki, faults: FaultSwitches) -> ssl.SSLContext:
    """TLS 1.2 and 1.3 with an EC and an RSA server certificate, so that both pairs of suites
    of the white paper work (ECDHE_ECDSA and static RSA AES-GCM), and client certificates from
    the CentralSystemRootCertificate asked for (optional: profile 2 has none)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(pki.server.cert_file, pki.server.key_file)
    rsa = pki.server_rsa
    context.load_cert_chain(rsa.cert_file, rsa.key_file)
    if "no_static_rsa_suites" not in faults:
        context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20:AES128-GCM-SHA256:AES256-GCM-SHA384")
    context.verify_mode = ssl.CERT_OPTIONAL
    context.load_verify_locations(pki.central_system_root_file)
    return context


def client_certificate(connection: ServerConnection) -> x509.Certificate | None:
    ssl_object = connection.transport.get_extra_info("ssl_object")
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    return x509.load_der_x509_certificate(der) if der else None


def _basic_credentials(header: str | None) -> tuple[str, bytes] | None:
    """(user, password bytes) of a Basic Authorization header."""
    if header is None:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, separator, password = base64.b64decode(encoded.strip(), validate=True).partition(b":")
        name = user.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (name, password) if separator else None


def _key_bytes(password: str) -> bytes:
    """White paper AuthorizationKey: 32 to 40 hex characters stand for 16 to 20 bytes."""
    if re.fullmatch(r"(?:[0-9A-Fa-f]{2}){16,20}", password):
        return bytes.fromhex(password)
    return password.encode()
