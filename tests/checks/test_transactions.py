"""The transaction and connector ledger, fed synthetic conversations."""

from __future__ import annotations

from .conftest import Conversation, booted, register, stamp, started, stopped


def meter_values(cp: Conversation, *values: dict, t: float, transaction_id: int | None = 7, connector: int = 1):
    payload = {"connectorId": connector, "meterValue": list(values)}
    if transaction_id is not None:
        payload["transactionId"] = transaction_id
    return cp.dut("MeterValues", payload, {}, t=t)


def test_a_consistent_transaction_has_no_finding(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=1000)
    meter_values(charge_point, register(1010, 2), t=2)
    meter_values(charge_point, register(1020, 3), t=3)
    stopped(charge_point, t=4, meter_stop=1030, transactionData=[register(1000, 1, "Transaction.Begin")])
    assert charge_point.rules() == []


def test_meter_stop_below_meter_start(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=2_500_000)
    stop = stopped(charge_point, t=4, meter_stop=1_250_003)
    [finding] = charge_point.trace.findings
    assert (finding.rule, finding.frame, finding.extended, finding.severity) == (
        "meter.stop-below-start", stop.frame, True, "error")
    assert finding.message == (
        "StopTransaction for transaction 7: meterStop 1250003 Wh is below its meterStart 2500000 Wh")


def test_a_register_that_restarts_from_zero_is_reported_once_per_connector(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=2_500_000)
    meter_values(charge_point, register(4, 2), t=2)
    meter_values(charge_point, register(8, 3), t=3)
    [finding] = charge_point.findings("meter.register-decreased")
    assert finding.message == (
        "connector 1's Energy.Active.Import.Register goes backwards: MeterValues (Sample.Periodic) reads"
        " 4 Wh at 12:00:02, the earlier meterStart at 12:00:01 read 2.5e+06 Wh")


def test_the_register_is_judged_in_time_order_and_across_transactions(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=1000)
    meter_values(charge_point, register(1020, 3), t=3.5)
    meter_values(charge_point, register(1010, 2), t=3.6)  # queued earlier sample, sent later: fine
    stopped(charge_point, t=4, meter_stop=1030)
    assert charge_point.rules() == []
    started(charge_point, t=5, transaction_id=8, meter_start=0)  # a new meter? no: a reset register
    assert charge_point.rules() == ["meter.register-decreased"]


def test_kwh_registers_are_converted(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=1000)
    meter_values(charge_point, register(1.01, 2, unit="kWh"), t=2)
    assert charge_point.rules() == []


def test_meter_values_and_stop_before_the_start_are_out_of_order(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=10)
    meter_values(charge_point, register(1000, 9), t=11)
    assert charge_point.findings("time.transaction-order")[0].message == (
        "MeterValues of transaction 7 is stamped 12:00:09.000, before its StartTransaction (-1.0 s)")
    meter_values(charge_point, register(1010, 12), t=12)
    stopped(charge_point, t=13, meter_stop=1020, timestamp=stamp(11.5))
    assert charge_point.findings("time.transaction-order")[-1].message == (
        "StopTransaction of transaction 7 is stamped before its meter values (-0.5 s from the latest)")


def test_transaction_ids_must_be_the_csms_s_and_open(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, transaction_id=7)
    meter_values(charge_point, register(1000, 2), t=2, transaction_id=3)
    meter_values(charge_point, register(1000, 2), t=2, transaction_id=7, connector=2)
    stopped(charge_point, t=3)
    stopped(charge_point, t=4)
    assert [f.message for f in charge_point.findings("transaction.unknown-id")] == [
        "MeterValues on connector 1 names transactionId 3: no transaction the CSMS numbered in a StartTransaction.conf",
        "MeterValues on connector 2 names transactionId 7: transaction 7 runs on connector 1",
        "StopTransaction names transactionId 7: transaction 7 was already stopped",
    ]


def test_a_stop_sent_again_after_a_connection_loss_is_not_a_second_stop(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    stopped(charge_point, t=2)
    charge_point.reconnect(3)
    stopped(charge_point, t=3.1, timestamp=stamp(2))
    assert charge_point.rules() == []


def test_a_stop_answered_with_a_callerror_leaves_the_transaction_open(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1)
    charge_point.dut("StopTransaction", {"transactionId": 7, "meterStop": 1100, "timestamp": stamp(2)}, None, t=2)
    stopped(charge_point, t=3, timestamp=stamp(2))
    assert charge_point.rules() == []


def test_connector_zero_takes_no_transaction(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, connector=0)
    meter_values(charge_point, register(1000, 2), t=2, connector=0)
    meter_values(charge_point, register(5000, 2), t=2, connector=0, transaction_id=None)  # the main meter
    assert [f.message for f in charge_point.findings("transaction.connector-zero")] == [
        ("StartTransaction for TAG-VALID-1 uses connectorId 0, the charge point as a whole; a transaction"
        " takes place on a connector (connectorId > 0)"),
        ("MeterValues for transaction 7 use connectorId 0 (the main meter); a transaction's meter values"
        " belong to its connector"),
    ]


def reserve(cp: Conversation, t: float, connector: int = 1, reservation_id: int = 42, answer: str = "Accepted") -> None:
    cp.harness("ReserveNow", {"connectorId": connector, "expiryDate": stamp(t + 60), "idTag": "TAG-VALID-1",
                              "reservationId": reservation_id}, {"status": answer}, t=t)


def test_a_start_on_a_reservation_carries_its_id(charge_point: Conversation) -> None:
    booted(charge_point)
    reserve(charge_point, 1)
    started(charge_point, t=2)
    assert [f.message for f in charge_point.findings("reservation.id-missing")] == [
        ("StartTransaction on connector 1 for TAG-VALID-1 carries no reservationId; reservation 42"
        " (ReserveNow Accepted, connector 1) was made for that id tag"),
    ]


def test_reservations_that_ended_or_were_refused_ask_for_nothing(charge_point: Conversation) -> None:
    booted(charge_point)
    reserve(charge_point, 1, answer="Occupied")
    reserve(charge_point, 2, reservation_id=43)
    charge_point.harness("CancelReservation", {"reservationId": 43}, {"status": "Accepted"}, t=3)
    reserve(charge_point, 4, reservation_id=44)
    charge_point.dut("StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available",
                                            "timestamp": stamp(5)}, {}, t=5)  # expired
    started(charge_point, t=6)
    reserve(charge_point, 7, connector=0, reservation_id=45)
    started(charge_point, t=8, transaction_id=8, connector=2, reservationId=45)
    assert charge_point.rules() == []


def test_a_reservation_id_nobody_accepted(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, reservationId=99)
    assert charge_point.findings("reservation.id-missing")[0].message == (
        "StartTransaction on connector 1 carries reservationId 99, which is no reservation the charge point accepted")


def offline_and_back(cp: Conversation, *, lost: float, back: float) -> None:
    cp.step(lost)
    cp.reconnect(back)


def test_a_replay_stamped_after_the_reconnect_was_stamped_when_sent(charge_point: Conversation) -> None:
    booted(charge_point)  # its StatusNotifications teach the charge point's clock: no offset
    offline_and_back(charge_point, lost=1, back=5)
    started(charge_point, t=5.3, timestamp=stamp(5.3))  # after its StatusNotification burst, say
    stopped(charge_point, t=5.35, timestamp=stamp(5.35))
    assert [f.message for f in charge_point.findings("time.offline-stamped-at-send")] == [
        ("StartTransaction replayed after the reconnect is stamped 12:00:05.300, +0.3 s after the connection"
        " came back (on the charge point's clock): it went out when the connection came back, but happened"
        " while offline; queued messages keep the time of their event"),
        ("StopTransaction replayed after the reconnect is stamped 12:00:05.350, +0.3 s after the connection"
        " came back (on the charge point's clock): it went out when the connection came back, but happened"
        " while offline; queued messages keep the time of their event"),
    ]


def test_an_immediate_replay_is_too_close_to_the_reconnect_to_tell(charge_point: Conversation) -> None:
    booted(charge_point)
    offline_and_back(charge_point, lost=1, back=5)
    started(charge_point, t=5.002, timestamp=stamp(5.002))
    assert charge_point.rules() == []


def test_honest_replays_live_stops_and_reboots_are_not_judged(charge_point: Conversation) -> None:
    booted(charge_point)
    offline_and_back(charge_point, lost=1, back=5)
    started(charge_point, t=5.02, timestamp=stamp(2))
    stopped(charge_point, t=5.05, timestamp=stamp(4.99))
    started(charge_point, t=5.1, transaction_id=8, connector=2, timestamp=stamp(3))
    stopped(charge_point, t=5.2, transaction_id=8, timestamp=stamp(5.2), reason="DeAuthorized")
    charge_point.step(6)
    started(charge_point, t=6.1, transaction_id=9, timestamp=stamp(6.1), meter_start=1100)  # the harness caused it
    charge_point.reconnect(8)
    booted(charge_point, t=8.01)
    started(charge_point, t=8.2, transaction_id=10, connector=2, timestamp=stamp(8.2), meter_start=1100)
    assert charge_point.findings("time.offline-stamped-at-send") == []


def test_one_reading_step_apart_is_the_same_register_rounded(charge_point: Conversation) -> None:
    booted(charge_point)
    started(charge_point, t=1, meter_start=1000)
    meter_values(charge_point, register(1071, 2), t=2)  # rounded
    meter_values(charge_point, register(1.08, 2.5, unit="kWh"), t=2.5)  # 10 Wh steps
    stopped(charge_point, t=3, meter_stop=1070)  # truncated, and within 10 Wh of "1.08 kWh"
    assert charge_point.rules() == []


def test_a_transaction_from_before_the_run_is_not_judged(charge_point: Conversation) -> None:
    booted(charge_point)
    meter_values(charge_point, register(1000, 1), t=1, transaction_id=4711)
    stopped(charge_point, t=2, transaction_id=4711)
    assert charge_point.rules() == []
