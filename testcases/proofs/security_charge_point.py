"""Security white paper, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_073_CS", "authorization_key_not_applied", "is not the configured AuthorizationKey"),
    Proof("TC_079_CS", "security_log_empty", "the security log the charge point uploaded to"),
    Proof("TC_079_CS", "log_status_wrong_request_id", "LogStatusNotification Uploading carries requestId 1, not the"),
    Proof("TC_083_CS", "security_profile_fallback",
          "after the upgrade to security profile 2 the charge point fell back: it reconnected with a connection "
          "that was not TLS"),
    # Upgrading 2 -> 3, after RenewChargePointCertificate.
    Proof("TC_083_CS", "security_profile_not_applied",
          "after the upgrade to security profile 3 the charge point did not boot: its reconnection failed (TLS "
          "handshake failed: [SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE]", {"security_profile": 2}),
    Proof("TC_084_CS", "downgrade_accepted", "was answered Accepted, not Rejected"),
    # Connected at profile 0 first, so the wrong credentials show when the case moves it to 1.
    Proof("TC_085_CS", "basic_auth_wrong_username", "is not the charge point id", {"security_profile": 0}),
    Proof("TC_086_CS", "only_cbc_suites", "the charge point does not offer (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    Proof("TC_087_CS", "client_certificate_wrong_cn", "not the charge point's serial number"),
    Proof("TC_078_CS", "server_certificate_dates_not_checked", "the charge point accepted an expired server certificate"),
    Proof("TC_078_CS", "server_hostname_not_checked",
          "the charge point accepted a server certificate for another host name"),
)
