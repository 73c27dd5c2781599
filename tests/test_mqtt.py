"""The MQTT bridge against real Mosquitto brokers: the machine's own on 1883, and one this
test starts (and restarts) on a free port."""

from __future__ import annotations

import base64
import json
import queue
import shutil
import socket
import subprocess
import time
import uuid

import pytest

mqtt = pytest.importorskip("paho.mqtt.client")
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def broker_up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class Device:
    """A test device: publishes to empathic/<id>/in, collects out / state / error messages."""

    def __init__(self, port: int, device_id: str):
        self.id, self.port, self.messages = device_id, port, queue.Queue()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"dev-{uuid.uuid4().hex[:8]}")
        self.client.on_message = lambda c, u, m: self.messages.put((m.topic.rsplit("/", 1)[1], json.loads(m.payload)))
        self.client.connect("127.0.0.1", port)
        self.client.subscribe([(f"empathic/{device_id}/{kind}", 1) for kind in ("out", "state", "error")])
        self.client.loop_start()

    def send(self, payload, topic: str = "in") -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.client.publish(f"empathic/{self.id}/{topic}", body, qos=1).wait_for_publish(5)

    def next(self, kind: str, timeout: float = 30.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                topic, body = self.messages.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if topic == kind:
                return body
        raise AssertionError(f"no {kind} message within {timeout} s")

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture(scope="module")
def agent():
    from empathic.conversation.agent import Agent

    return Agent(database_url="sqlite:///:memory:")


@pytest.fixture()
def system_broker():
    if not broker_up(1883):
        pytest.skip("no MQTT broker on 127.0.0.1:1883")
    return 1883


def test_turns_state_and_errors_on_the_running_broker(agent, system_broker):
    from empathic.iot.mqtt import MqttBridge

    bridge = MqttBridge("mqtt://127.0.0.1:1883", agent, client_id=f"bridge-{uuid.uuid4().hex[:8]}").start()
    device = Device(system_broker, f"car-{uuid.uuid4().hex[:6]}")
    try:
        device.send({"text": "My car broke down again and I'm furious!", "user_id": "driver"})
        out = device.next("out")
        assert out["reply"] and out["reading"]["modality"] == "fused"
        state = device.next("state")
        assert state["user_id"] == "driver" and state["valence"] < 0
        device.send(b"\xff not json")
        assert device.next("error")["error"] == "invalid_input"
        device.send({"text": "hi"})  # no user_id
        assert "user_id" in device.next("error")["detail"]
        device.send({"audio_b64": "%%%", "user_id": "driver"})
        assert "base64" in device.next("error")["detail"]
        device.send({"audio_b64": base64.b64encode(b"RIFF....").decode(), "user_id": "driver"})
        assert device.next("error")["error"] == "consent_required"  # no voice consent for this device's user
        device.send({"user_id": "driver", "modality": "voice", "purpose": "in-car assistant"}, topic="consent")
        assert device.next("out")["consent"] == "voice"
        device.send({"audio_b64": base64.b64encode(b"RIFF....").decode(), "user_id": "driver"})
        assert device.next("error")["error"] == "invalid_input"  # consented now; the audio itself is broken
        other = Device(system_broker, f"robot-{uuid.uuid4().hex[:6]}")
        other.send({"text": "What a lovely morning!", "user_id": "driver"})
        assert other.next("out")["reading"]["valence"] > 0  # per-device sessions: no crossing
        other.close()
    finally:
        device.close()
        bridge.stop()


@pytest.fixture()
def own_broker(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nuser root\npersistence true\n"
                      f"persistence_location {tmp_path}/\nautosave_interval 1\n")

    def start():
        process = subprocess.Popen([MOSQUITTO, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if broker_up(port):
                return process
            time.sleep(0.05)
        process.kill()
        pytest.skip("mosquitto did not start")

    handle = {"process": start(), "port": port, "start": start}
    yield handle
    handle["process"].terminate()
    handle["process"].wait(5)


def test_bridge_survives_a_broker_restart_without_losing_messages(agent, own_broker):
    from empathic.iot.mqtt import MqttBridge

    port = own_broker["port"]
    bridge = MqttBridge(f"mqtt://127.0.0.1:{port}", agent, client_id="bridge-restart").start()
    device = Device(port, "speaker-1")
    device.send({"text": "Hello there", "user_id": "kim"})
    assert device.next("out")["reply"]
    device.close()
    time.sleep(1.2)  # let the broker save its sessions
    own_broker["process"].terminate()
    own_broker["process"].wait(5)
    own_broker["process"] = own_broker["start"]()
    handled = bridge.handled
    device = Device(port, "speaker-1")
    device.send({"text": "I'm back, and honestly a bit worried.", "user_id": "kim"})
    out = device.next("out", timeout=40)  # the bridge reconnected by itself and answered
    assert out["reply"]
    for _ in range(50):  # counted once its acknowledgement is sent, just after the answer
        if bridge.handled == handled + 1:
            break
        time.sleep(0.05)
    assert bridge.handled == handled + 1
    bridge.stop()
    # while the bridge is away, the broker queues for its persistent session; nothing is lost
    device.send({"text": "Are you still there?", "user_id": "kim"})
    bridge = MqttBridge(f"mqtt://127.0.0.1:{port}", agent, client_id="bridge-restart").start()
    assert device.next("out", timeout=30)["reply"]
    device.close()
    bridge.stop()
