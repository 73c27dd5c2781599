"""``empathic bridge mqtt``: answer devices over an MQTT broker."""

from __future__ import annotations

import logging
import threading


def register(sub) -> None:
    p = sub.add_parser("bridge", help="connect devices to the agent")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    mqtt = kinds.add_parser("mqtt", help="devices publish to empathic/<device>/in and get empathic/<device>/out")
    mqtt.add_argument("--broker", default="mqtt://127.0.0.1:1883")
    mqtt.add_argument("--database-url", default="sqlite:///empathic.db")
    mqtt.add_argument("--preset", default="default")
    mqtt.add_argument("--client-id", default="empathic-bridge", help="fixed, so the broker keeps the session")
    mqtt.set_defaults(handler=run_mqtt)


def run_mqtt(args) -> int:
    from empathic.conversation.agent import Agent
    from empathic.iot.mqtt import MqttBridge

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    bridge = MqttBridge(args.broker, Agent(preset=args.preset, database_url=args.database_url),
                        client_id=args.client_id).start()
    print(f"bridging {args.broker}: empathic/<device>/in -> empathic/<device>/out (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    finally:
        bridge.stop()
    return 0
