"""Websocket transport: the harness as CSMS (server) and as charge point (client)."""
