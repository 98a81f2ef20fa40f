"""Consistency across messages, charge point DUT: faults of the reference charge point that the
extended rules of octt_py/checks catch (strict proofs), and the cases that catch them officially."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_003_CS", "meter_stop_is_session_energy", "Wh is below its meterStart", strict=True),
    Proof("TC_068_CS", "meter_values_session_energy", "Energy.Active.Import.Register goes backwards", strict=True),
    Proof("TC_068_CS", "meter_values_wrong_context",
          "a Sample.Clock value although ClockAlignedDataInterval is 0", strict=True),
    Proof("TC_070_CS", "meter_values_local_transaction_id", "MeterValues has transactionId 1, not the running"),
    Proof("TC_068_CS", "meter_values_local_transaction_id",
          "MeterValues on connector 1 names transactionId 1: no transaction the CSMS numbered", strict=True),
    Proof("TC_070_CS", "meter_values_on_connector_zero", "got instead: MeterValues (connectorId=0"),
    Proof("TC_068_CS", "meter_values_on_connector_zero", "use connectorId 0 (the main meter)", strict=True),
    Proof("TC_039_CS", "offline_messages_stamped_at_send", "before its StartTransaction", strict=True),
    # faulted_without_error_code (the cases' fault) fails TC_041_CS, TC_048_1_CS and TC_050_1_CS
    # officially; strict, the extended rule names it too, before the official step does.
    Proof("TC_041_CS", "faulted_without_error_code",
          "extended consistency nonconformance: StatusNotification Faulted for connector", strict=True),
    Proof("TC_003_CS", "no_preparing_status", "status='Preparing') within"),
    Proof("TC_004_1_CS", "no_preparing_status", "went from Available to Charging (without Preparing first)",
          strict=True),
    # A wait of 4 s (triggered_function_timeout) for what must not come: silence well beyond the
    # 1 s heartbeat interval and its 1 s tolerance.
    Proof("TC_023_4_CS", "heartbeat_stops_after_first", "has sent nothing for",
          pics_overrides={"triggered_function_timeout": 4}, strict=True),
    Proof("TC_003_CS", "clock_ahead", "+300.0 s ahead of the harness's clock", strict=True),
    Proof("TC_001_CS", "security_event_undeclared",
          "sent SecurityEventNotification, a Security message, but the PICS declares no Security profile",
          {"without_profiles": ("Security",)}, strict=True),
    Proof("TC_073_CS", "security_event_vendor_types",
          "SecurityEventNotification type 'AuthorizationKeyChanged' is not a security event of the white paper",
          strict=True),
    Proof("TC_046_1_CS", "reservation_id_missing", "carries no reservationId; reservation", strict=True),
    Proof("TC_057_CS", "tx_profile_replaces_tx_default", "after the TxProfile's 260 s: GetCompositeSchedule",
          strict=True),
    Proof("TC_007_1_CS", "local_pre_authorize_ignored",
          "the charge point sent Authorize for TAG-VALID-1, which its cache holds as Accepted", strict=True),
)
