"""``empathic bridge mqtt``: answer devices over an MQTT broker."""

from __future__ import annotations

import logging
import os
import signal
import threading

log = logging.getLogger(__name__)


def register(sub) -> None:
    p = sub.add_parser("bridge", help="connect devices to the agent")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    mqtt = kinds.add_parser("mqtt", help="devices publish to empathic/<device>/in and get empathic/<device>/out")
    mqtt.add_argument("--broker", default="mqtt://127.0.0.1:1883", help="mqtt://host:port, or mqtts:// for TLS")
    mqtt.add_argument("--ca-file", help="CA certificate that signed the broker's (mqtts://); default: the system's")
    mqtt.add_argument("--database-url", default="sqlite:///empathic.db")
    mqtt.add_argument("--preset", default="default")
    mqtt.add_argument("--tenant", default="mqtt", help="tenant the device users belong to (default: the reserved "
                      "'mqtt'; name an API tenant to let it export and erase them over HTTP)")
    mqtt.add_argument("--client-id", default="empathic-bridge", help="fixed, so the broker keeps the session")
    mqtt.add_argument("--heartbeat", type=float, default=60.0, help="seconds between status log lines")
    mqtt.set_defaults(handler=run_mqtt)


def run_mqtt(args) -> int:
    from empathic.conversation.agent import Agent
    from empathic.iot.mqtt import MqttBridge

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    # credentials from the environment, not arguments, which other local users can read in ps
    bridge = MqttBridge(args.broker, Agent(preset=args.preset, database_url=args.database_url),
                        client_id=args.client_id, heartbeat_s=args.heartbeat, ca_file=args.ca_file, tenant=args.tenant,
                        username=os.environ.get("EMPATHIC_MQTT_USERNAME"),
                        password=os.environ.get("EMPATHIC_MQTT_PASSWORD")).start()
    print(f"bridging {args.broker}: empathic/<device>/in -> empathic/<device>/out (Ctrl-C to stop)", flush=True)
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():  # signals can only be set there
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        return supervise(bridge, stop)
    except KeyboardInterrupt:
        return 0
    finally:
        bridge.stop()


def supervise(bridge, stop: threading.Event, interval: float = 1.0) -> int:
    """0 once asked to stop; 1 if the worker died, so a supervisor (systemd, k8s) restarts the bridge
    instead of it looking alive while answering nothing."""
    while not stop.wait(interval):
        if not bridge.worker_alive:
            log.error("the bridge worker stopped (last error: %s); exiting", bridge.last_error)
            return 1
    return 0
