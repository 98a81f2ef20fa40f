"""The charge point's configuration as the checks know it: the PICS's declaration, then every
value the charge point reported (GetConfiguration.conf) or accepted (ChangeConfiguration
Accepted), and the heartbeat interval a BootNotification.conf Accepted gave."""

from __future__ import annotations

from octt_py.checks.base import Seen
from octt_py.pics import Pics


class Configuration:
    def __init__(self, pics: Pics) -> None:
        self._values = {key.lower(): item.value for key, item in pics.configuration.items()}

    def get(self, key: str) -> str | None:
        return self._values.get(key.lower())

    def number(self, key: str) -> int:
        """An integer key's value; 0 when unknown or not a number."""
        try:
            return int(float((self.get(key) or "0").strip()))
        except ValueError:
            return 0

    def items(self, key: str) -> list[str]:
        """A comma-separated list key's entries (e.g. the measurands of MeterValuesSampledData)."""
        return [part.strip() for part in (self.get(key) or "").split(",") if part.strip()]

    def learn(self, seen: Seen) -> None:
        """Take what an exchange says about the configuration."""
        answer = seen.answer or {}
        action, payload = seen.action, seen.payload
        if action == "ChangeConfiguration" and not seen.by_dut and answer.get("status") == "Accepted":
            key, value = payload.get("key"), payload.get("value")
            if isinstance(key, str) and isinstance(value, str):
                self._values[key.lower()] = value
        elif action == "GetConfiguration" and not seen.by_dut:
            for item in answer.get("configurationKey") or ():
                if isinstance(item, dict) and isinstance(item.get("key"), str) and "value" in item:
                    self._values[item["key"].lower()] = str(item["value"])
        elif action == "BootNotification" and seen.by_dut and answer.get("status") == "Accepted":
            interval = answer.get("interval")
            if isinstance(interval, int) and interval > 0:  # §4.2: the charge point adjusts to it
                self._values["heartbeatinterval"] = str(interval)
