"""Security white paper, CSMS DUT: faults of the reference CSMS."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_073_CSMS", "authorization_key_not_stored", "the CSMS refused the new AuthorizationKey: HTTP 401"),
    Proof("TC_079_CSMS", "log_status_not_implemented", "LogStatusNotification answered with CALLERROR"),
    Proof("TC_079_CSMS", "get_log_diagnostics_type", "GetLog asks for logType DiagnosticsLog, not SecurityLog"),
    Proof("TC_083_CSMS", "accepts_old_profile_after_upgrade",
          "after upgrading the charge point to security profile 2 the CSMS still accepted a connection at "
          "security profile 1"),
    Proof("TC_083_CSMS", "accepts_old_profile_after_upgrade",
          "after upgrading the charge point to security profile 3 the CSMS still accepted a connection at "
          "security profile 2", {"security_profile": 2}),
    Proof("TC_083_CSMS", "change_configuration_wrong_value", "not SecurityProfile to 2"),
    Proof("TC_083_CSMS", "reset_wrong_type", "the CSMS sent Reset Soft, not Hard"),
    Proof("TC_085_CSMS", "ignores_basic_auth", "the CSMS upgraded a connection without an Authorization header"),
    Proof("TC_086_CSMS", "no_static_rsa_suites", "the CSMS does not support TLS_RSA_WITH_AES_128_GCM_SHA256"),
    Proof("TC_087_CSMS", "client_certificate_cn_must_be_id",
          "the CSMS refused the charge point with a valid client certificate: HTTP 403"),
    Proof("TC_088_CSMS", "accepts_any_subprotocol", "the CSMS kept a connection that offered only ocpp0.1"),
    Proof("TC_074_CSMS", "signs_with_wrong_ca", "the chain does not lead to a CentralSystemRootCertificate"),
    Proof("TC_074_CSMS", "returns_certificate_on_file", "not for the key of the CSR"),
    Proof("TC_077_CSMS", "security_event_2_0_1_names_only", "SecurityEventNotification answered with CALLERROR"),
    Proof("TC_078_CSMS", "security_event_2_0_1_names_only", "SecurityEventNotification answered with CALLERROR"),
)
