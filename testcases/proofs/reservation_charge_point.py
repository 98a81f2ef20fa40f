"""Reservation profile, charge point DUT: faults of the reference charge point."""

from testcases.proofs.proof import Proof

PROOFS: tuple[Proof, ...] = (
    Proof("TC_046_1_CS", "reservation_id_missing", "StartTransaction on the reserved connector has reservationId None"),
    Proof("TC_046_1_CS", "reservation_ignores_id_tag", "the DUT sent Authorize, which it must not send here"),
    Proof("TC_046_2_CS", "reservation_id_missing", "and reservationId None; the reservation is"),
    Proof("TC_046_2_CS", "remote_start_first_free_connector", "expected StartTransaction (connectorId=2)"),
    Proof("TC_047_CS", "reservation_never_expires", "expected StatusNotification (connectorId=1, status='Available')"),
    Proof("TC_048_1_CS", "reservation_accepts_faulted", "ReserveNow for connector 2 was answered Accepted, not Faulted"),
    Proof("TC_048_1_CS", "faulted_without_error_code",
          "expected StatusNotification (connectorId=2, status='Faulted', errorCode other than NoError)"),
    Proof("TC_048_2_CS", "reservation_accepts_occupied", "ReserveNow for connector 2 was answered Accepted, not Occupied"),
    Proof("TC_048_3_CS", "reservation_accepts_unavailable",
          "ReserveNow for connector 1 was answered Accepted, not Unavailable"),
    Proof("TC_048_4_CS", "reservation_refusal_ignored", "ReserveNow for connector 2 was answered Accepted, not Rejected"),
    Proof("TC_049_CS", "reservation_id_missing", "StartTransaction for the reserved id tag has reservationId None"),
    Proof("TC_050_1_CS", "reservation_accepts_faulted", "ReserveNow for connector 0 was answered Accepted, not Faulted"),
    Proof("TC_050_1_CS", "faulted_without_error_code",
          "expected StatusNotification (connectorId=0, status='Faulted', errorCode other than NoError)"),
    Proof("TC_050_2_CS", "reservation_accepts_occupied", "ReserveNow for connector 0 was answered Accepted, not Occupied"),
    Proof("TC_050_3_CS", "reservation_accepts_unavailable",
          "ReserveNow for connector 0 was answered Accepted, not Unavailable"),
    Proof("TC_050_4_CS", "reservation_refusal_ignored", "ReserveNow for connector 0 was answered Accepted, not Rejected"),
    Proof("TC_051_CS", "cancel_reservation_kept", "expected StatusNotification (connectorId=1, status='Available')"),
    Proof("TC_051_CS", "second_reservation_accepted",
          "extended protocol nonconformance: a second ReserveNow (reservationId", strict=True),
    Proof("TC_052_CS", "cancel_reservation_any_id", "which the charge point does not hold, was answered Accepted"),
    Proof("TC_053_1_CS", "reservation_ignores_parent_id_tag", "expected Authorize (idTag='TAG-VALID-2')"),
    Proof("TC_053_1_CS", "reservation_id_missing", "StartTransaction on the reserved connector has reservationId None"),
    Proof("TC_053_2_CS", "reservation_id_missing", "StartTransaction on the reserved connector has reservationId None"),
)
