"""Security white paper, the charge point's side of the connection: the security profile it
connects with (ws, Basic auth, TLS, client certificate), the AuthorizationKey, and the
configuration rules on changing them (no downgrade, TC_084; a new key reconnects, TC_073; an
upgrade takes effect from the next connection, and a failing connection at the new profile
never falls back to the old one, TC_083).

The test PKI of the run (``pki``) gives it the CentralSystemRootCertificate it trusts and its
charge point certificate (CN = serial number, O = CpoName).

Planted faults served here: ``basic_auth_wrong_username``, ``only_cbc_suites``,
``client_certificate_wrong_cn``, ``downgrade_accepted``, ``authorization_key_not_applied``,
``server_certificate_dates_not_checked``, ``server_hostname_not_checked``,
``security_profile_fallback``, ``security_profile_not_applied``.
"""

from __future__ import annotations

import base64
import functools
import re
import ssl

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from ocpp.v16 import call
from ocpp.v16.enums import ConfigurationStatus

from octt_py.pki.authority import key_pem, new_key, pem
from octt_py.reference.charge_point.base import ChargePointBase
from octt_py.reference.charge_point.clock import format_time, now
from octt_py.reference.charge_point.outbox import Message

_HEX_KEY = re.compile(r"(?:[0-9A-Fa-f]{2}){16,20}")
CBC_ONLY = "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:AES128-SHA256"
X509_V_FLAG_NO_CHECK_TIME = 0x200000  # OpenSSL: skip the validity dates (no trusted clock)


class SecurityBehaviour(ChargePointBase):
    """The security profile and credentials of the connection."""

    _profile_before_upgrade: int | None = None  # what an Accepted upgrade replaced
    _held_events: list[tuple[str, str, str]] | None = None  # (type, timestamp, techInfo) while offline

    def server_certificate_refused(self, why: str) -> None:
        """The Central System's certificate did not verify: the white paper's security event
        InvalidCentralSystemCertificate, held until a connection to a trusted one."""
        if self._held_events is None:
            self._held_events = []
        self._held_events.append(("InvalidCentralSystemCertificate", format_time(now()), why[:255]))

    def report_held_security_events(self) -> None:
        """Registered again: the security events that happened offline go out, in order."""
        held, self._held_events = self._held_events or [], None
        for kind, at, info in held:
            event = call.SecurityEventNotification(type=kind, timestamp=at, tech_info=info or None)
            self.outbox.put(Message("SecurityEventNotification", functools.partial(_same, event)))

    @property
    def security_profile(self) -> int:
        return self.model.config.get_int("SecurityProfile", self.pics.connection.security_profile)

    def security_change(self, key: str, value: str) -> ConfigurationStatus:
        """Whether ChangeConfiguration of a security key is Accepted (it is then stored)."""
        if key == "SecurityProfile":
            wanted = int(value)
            if wanted < self.security_profile and "downgrade_accepted" not in self.faults:
                return ConfigurationStatus.rejected  # white paper: never to a lower profile
            if wanted > 3 or not self.pics.security.supports(wanted):
                return ConfigurationStatus.rejected
            if wanted > self.security_profile:
                self._profile_before_upgrade = self.security_profile
            return ConfigurationStatus.accepted
        if not 16 <= len(_password(value)) <= 20:  # AuthorizationKey: 16 to 20 bytes
            return ConfigurationStatus.rejected
        return ConfigurationStatus.accepted

    def credentials_changed(self, key: str) -> None:
        """A new AuthorizationKey is used from the next connection: drop this one now. A new
        SecurityProfile too, but the Central System resets the charge point for it (TC_083)."""
        if (key == "SecurityProfile" and "security_profile_not_applied" in self.faults
                and self._profile_before_upgrade is not None):
            self.model.config.set("SecurityProfile", str(self._profile_before_upgrade))
        if key == "AuthorizationKey" and self._ws is not None:
            self._spawn(self._ws.close())

    def _act_security_profile(self, profile: int) -> dict[str, object]:
        """The technician configures the charge point at ``profile`` locally; it reconnects."""
        if not isinstance(profile, int) or not self.pics.security.supports(profile):
            raise ValueError(f"security profile {profile!r} is not supported")
        self.model.config.set("SecurityProfile", str(profile))
        self._profile_before_upgrade = None
        if self._ws is not None:
            self._spawn(self._ws.close())
        return {}

    def connection_failed(self) -> None:
        """A connection attempt failed. The white paper allows no way back to a lower profile:
        the charge point keeps trying at the one it was upgraded to (planted fault: it falls
        back to the profile it had before, to stay online)."""
        if "security_profile_fallback" in self.faults and self._profile_before_upgrade is not None:
            self.model.config.set("SecurityProfile", str(self._profile_before_upgrade))
            self._profile_before_upgrade = None

    # -- what the connection uses ---------------------------------------------------------------

    def connection_url(self) -> str:
        secure = self.security_profile >= 2
        base = self.csms_url.replace("wss://", "ws://", 1)
        if secure:
            base = base.replace("ws://", "wss://", 1)
        return f"{base}/{self.charge_point_id}"

    def auth_headers(self) -> dict[str, str]:
        if self.security_profile not in (1, 2):
            return {}
        configured = self.model.config.get("AuthorizationKey")  # a key only with the security profile
        if configured is None or "authorization_key_not_applied" in self.faults:
            configured = self.pics.connection.basic_auth_password
        password = _password(configured)
        user = self.pics.identity.serial_number if "basic_auth_wrong_username" in self.faults else (
            self.charge_point_id)
        return {"Authorization": "Basic " + base64.b64encode(user.encode() + b":" + password).decode()}

    def tls_context(self) -> ssl.SSLContext:
        """Verify the Central System against the CentralSystemRootCertificate (hostname too);
        present the charge point certificate at profile 3."""
        pki = self.pki
        context = ssl.create_default_context(cafile=pki.central_system_root_file if pki else None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if "server_certificate_dates_not_checked" in self.faults:
            context.verify_flags |= X509_V_FLAG_NO_CHECK_TIME
        if "server_hostname_not_checked" in self.faults:
            context.check_hostname = False
        if "only_cbc_suites" in self.faults:
            context.maximum_version = ssl.TLSVersion.TLSv1_2
            context.set_ciphers(CBC_ONLY)
        if self.security_profile == 3 and pki is not None:
            if "client_certificate_wrong_cn" in self.faults:
                cert_file, key_file = self._certificate_named(self.charge_point_id)
            else:
                cert_file, key_file = self.client_certificate_files()
            context.load_cert_chain(cert_file, key_file)
        return context

    def client_certificate_files(self) -> tuple[str, str]:
        """The charge point certificate and key files it presents at profile 3."""
        assert self.pki is not None
        return self.pki.charge_point.cert_file, self.pki.charge_point.key_file

    def _certificate_named(self, common_name: str) -> tuple[str, str]:
        """A charge point certificate from the same CA with another CN (planted fault)."""
        assert self.pki is not None
        key = new_key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.pics.security.cpo_name or "CPO")])
        certificate = self.pki.central_system_root.issue(subject, key.public_key(),
                                                         usage=(ExtendedKeyUsageOID.CLIENT_AUTH,))
        cert_file, key_file = self.pki.folder / "cp-wrong-cn.pem", self.pki.folder / "cp-wrong-cn.key"
        cert_file.write_text(pem(certificate))
        key_file.write_text(key_pem(key))
        return str(cert_file), str(key_file)


def _same(event: call.SecurityEventNotification) -> call.SecurityEventNotification:
    return event


def _password(value: str) -> bytes:
    """The AuthorizationKey as the white paper writes it: hex (32 to 40 characters) for 16 to 20
    bytes; otherwise the characters themselves."""
    return bytes.fromhex(value) if _HEX_KEY.fullmatch(value) else value.encode()
