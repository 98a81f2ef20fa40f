"""The reference charge point: a conformant OCPP 1.6-J charge point simulator with planted
faults. It is the harness's default device under test and the oracle of every charge-point
case's self-test.

Modules: ``model`` (state, status derivation), ``configuration``, ``authorization``,
``smart_charging``, ``metering`` (pure parts); ``outbox`` (ordered, persistent CALL sending),
``link`` (one OCPP-J connection and the answers to CSMS messages), ``product`` (the charge point,
its control actions) composed of one class per feature profile: ``base`` (shared state, tasks),
``sessions`` and ``connection`` (Core), ``firmware``, ``reservation``, ``remote_trigger``;
``transfer`` (firmware/diagnostics files), ``faults``, ``cli``.
"""

from octt_py.reference.charge_point.defaults import reference_pics
from octt_py.reference.charge_point.faults import FAULTS
from octt_py.reference.charge_point.product import ReferenceChargePoint

__all__ = ["FAULTS", "ReferenceChargePoint", "reference_pics"]
