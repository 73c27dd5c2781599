"""Devices: the MQTT bridge."""
