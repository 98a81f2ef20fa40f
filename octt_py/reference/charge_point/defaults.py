"""The reference charge point's own PICS, used when no PICS file is given."""

from __future__ import annotations

from octt_py.pics import Capabilities, Connection, Identity, Pics, Profile, SutSide

ALL_PROFILES = frozenset({
    Profile.CORE,
    Profile.FIRMWARE_MANAGEMENT,
    Profile.LOCAL_AUTH_LIST_MANAGEMENT,
    Profile.RESERVATION,
    Profile.SMART_CHARGING,
    Profile.REMOTE_TRIGGER,
})


def reference_pics(charge_point_id: str = "CP001", connectors: int = 1,
                   csms_url: str = "ws://127.0.0.1:9000/ocpp") -> Pics:
    return Pics(
        side=SutSide.CHARGE_POINT,
        identity=Identity(
            vendor="octt-py",
            model="ReferenceCP",
            serial_number="REF-0001",
            software_version="1.0.0",
            charge_point_id=charge_point_id,
        ),
        profiles=ALL_PROFILES,
        connection=Connection(csms_url=csms_url),
        capabilities=Capabilities(connectors=connectors),
        source="octt_py.reference.charge_point.defaults",
    )
