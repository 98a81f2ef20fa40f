"""octt-py: an open conformance test harness for OCPP 1.6 JSON (OCPP-J)."""

__version__ = "0.1.0"
