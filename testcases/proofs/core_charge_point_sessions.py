"""Core profile, charge point DUT, sessions, reset and unlock cases (TC_004_2 … TC_031): faults of
the reference charge point."""

from testcases.proofs.proof import Proof

FIXED_CABLE = {"fixed_cable": True}
NO_LOCK = {"connector_lock": False}

PROOFS: tuple[Proof, ...] = (
    Proof("TC_004_2_CS", "connection_timeout_ignored",
          "expected StatusNotification (connectorId=2, status='Available') within 2 s"),
    # Configuration states really write each key (case.configuration-not-applied).
    Proof("TC_004_2_CS", "change_configuration_not_stored",
          "ChangeConfiguration ConnectionTimeOut = 2 was answered Accepted, but GetConfiguration then reads", strict=True),
    Proof("TC_023_4_CS", "change_configuration_not_stored",
          "ChangeConfiguration LocalPreAuthorize = false was answered Accepted, but GetConfiguration then reads",
          strict=True),
    Proof("TC_005_1_CS", "ev_disconnect_wrong_reason", "has reason Local, not EVDisconnected"),
    Proof("TC_005_2_CS", "ev_disconnect_wrong_reason", "has reason Local, not EVDisconnected"),
    Proof("TC_005_2_CS", "ev_disconnect_wrong_reason", "has reason Local, not EVDisconnected", FIXED_CABLE),
    Proof("TC_005_3_CS", "ev_disconnect_always_stops", "expected StatusNotification (connectorId=2, status='SuspendedEV')"),
    Proof("TC_005_3_CS", "ev_disconnect_always_stops", "expected StatusNotification (connectorId=2, status='SuspendedEV')",
          FIXED_CABLE),
    Proof("TC_068_CS", "stop_by_any_id_tag", "the DUT sent StopTransaction, which it must not send here"),
    # One reader for both connectors: the second tag may start on the other connector.
    Proof("TC_068_CS", "stop_by_any_id_tag", "the DUT sent StopTransaction, which it must not send here",
          {"rfid_readers": 1}),
    Proof("TC_069_CS", "stop_ignores_parent_id_tag", "expected Authorize (idTag='TAG-VALID-2')"),
    Proof("TC_007_2_CS", "local_pre_authorize_ignored", "the DUT sent Authorize, which it must not send here"),
    Proof("TC_061_1_CS", "cache_not_cleared", "expected Authorize (idTag='TAG-VALID-1')"),
    Proof("TC_061_2_CS", "cache_not_cleared", "expected Authorize (idTag='TAG-VALID-1')"),
    Proof("TC_011_1_CS", "remote_start_rejected", "answered RemoteStartTransaction with Rejected"),
    # The connector rotation: cases on connector 2 catch a charge point that only serves connector 1.
    Proof("TC_010_CS", "remote_start_first_free_connector", "expected StartTransaction (connectorId=2"),
    Proof("TC_003_CS", "start_transaction_connector_one", "expected StartTransaction (connectorId=2"),
    Proof("TC_004_1_CS", "start_transaction_connector_one", "expected StartTransaction (connectorId=2"),
    Proof("TC_011_2_CS", "connection_timeout_ignored", "expected StatusNotification (connectorId=1, status='Available')"),
    Proof("TC_013_CS", "availability_not_persisted", "after the reboot connector 2 reports Available, not Unavailable"),
    Proof("TC_013_CS", "silent_on_reset", "no reply to Reset"),
    Proof("TC_014_CS", "availability_not_persisted", "after the reboot connector 1 reports Available, not Unavailable"),
    Proof("TC_014_CS", "silent_on_reset", "no reply to Reset"),
    Proof("TC_015_CS", "reset_stop_wrong_reason", "has reason Other, not HardReset"),
    Proof("TC_016_CS", "reset_stop_wrong_reason", "has reason Other, not SoftReset"),
    Proof("TC_017_1_CS", "unlock_idle_fails", "answered UnlockConnector with UnlockFailed, not Unlocked"),
    Proof("TC_017_1_CS", "lockless_unlock_accepted", "answered UnlockConnector with Unlocked, not NotSupported (the PICS "
          "declares no connector lock", NO_LOCK),
    Proof("TC_017_2_CS", "fixed_cable_unlock_accepted", "answered UnlockConnector with Unlocked, not NotSupported",
          FIXED_CABLE),
    Proof("TC_018_1_CS", "unlock_keeps_transaction", "expected StopTransaction"),
    # A socket without a lock answers NotSupported (and keeps the session).
    Proof("TC_018_1_CS", "lockless_unlock_accepted", "answered UnlockConnector with Unlocked, not NotSupported (the PICS "
          "declares no connector lock", NO_LOCK),
    Proof("TC_018_2_CS", "fixed_cable_unlock_accepted", "answered UnlockConnector with Unlocked, not NotSupported",
          FIXED_CABLE),
    Proof("TC_023_4_CS", "authorize_status_ignored", "the DUT sent StartTransaction, which it must not send here"),
    Proof("TC_023_4_CS", "skip_authorize", "expected Authorize (idTag='TAG-INVALID')"),
    Proof("TC_023_5_CS", "authorize_status_ignored", "the DUT sent StartTransaction, which it must not send here"),
    Proof("TC_024_CS", "lock_failure_ignored", "status='Faulted', errorCode='ConnectorLockFailure'"),
    Proof("TC_026_CS", "remote_start_busy_accepted", "with Accepted, not Rejected"),
    Proof("TC_027_CS", "remote_start_connector_zero_accepted", "for connectorId 0 with Accepted, not Rejected"),
    Proof("TC_028_CS", "remote_stop_any_transaction", "with Accepted, not Rejected"),
    Proof("TC_030_CS", "unlock_failure_hidden", "answered UnlockConnector with Unlocked although unlocking failed"),
    Proof("TC_031_CS", "unlock_unknown_connector_unlocked", "with Unlocked, not NotSupported"),
)
