"""The MQTT bridge against real Mosquitto brokers: the machine's own on 1883, and one this
test starts (and restarts) on a free port."""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

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

    def __init__(self, port: int, device_id: str, persistent: bool = False, ca_file=None, password=None):
        """``persistent``: a fixed client id and a broker session that outlives a broker restart;
        ``ca_file``: TLS; ``password``: log in as user ``device_id``."""
        self.id, self.port, self.messages = device_id, port, queue.Queue()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"dev-{device_id}-{uuid.uuid4().hex[:8]}",
                                  clean_session=not persistent)
        if ca_file:
            self.client.tls_set(ca_certs=str(ca_file))
        if password:
            self.client.username_pw_set(device_id, password)
        # an empty payload is a cleared retained state
        self.client.on_message = lambda c, u, m: self.messages.put(
            (m.topic.rsplit("/", 1)[1], json.loads(m.payload) if m.payload else None))
        self.client.on_connect = lambda c, u, f, rc, p=None: c.subscribe(
            [(f"empathic/{device_id}/{kind}", 1) for kind in ("out", "state", "error")])
        self.client.reconnect_delay_set(min_delay=1, max_delay=2)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        deadline = time.time() + 5
        while not self.client.is_connected() and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)  # let the subscription land before the test publishes

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


@pytest.fixture()
def system_bridge(system_broker):
    """Bridges on the shared broker whose persistent sessions are wiped afterwards, so they do not
    keep queueing every later test's messages there."""
    from empathic.iot.mqtt import MqttBridge

    made = []

    def make(agent, **options):
        made.append(MqttBridge("mqtt://127.0.0.1:1883", agent, client_id=f"bridge-{uuid.uuid4().hex[:8]}",
                               **options).start())
        return made[-1]

    yield make
    for bridge in made:
        if bridge.worker_alive:
            bridge.stop()
        wipe = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=bridge.client._client_id.decode(),
                           clean_session=True)
        wipe.connect("127.0.0.1", system_broker)
        wipe.disconnect()


def test_turns_state_and_errors_on_the_running_broker(agent, system_broker, system_bridge):
    bridge = system_bridge(agent)
    device = Device(system_broker, f"car-{uuid.uuid4().hex[:6]}")
    try:
        device.send({"text": "My car broke down again and I'm furious!", "user_id": "driver"})
        out = device.next("out")
        assert out["reply"] and out["reading"]["modality"] == "fused"
        state = device.next("state")
        assert state["user_id"] == "driver" and state["valence"] < 0 and "crisis_level" not in state
        device.send(b"\xff not json")
        assert device.next("error")["error"] == "invalid_input"
        device.send({"text": "hi"})  # no user_id
        assert "user_id" in device.next("error")["detail"]
        device.send({"audio_b64": "%%%", "user_id": "driver"})
        assert "base64" in device.next("error")["detail"]
        device.send({"audio_b64": base64.b64encode(b"RIFF....").decode(), "user_id": "driver"})
        assert device.next("error")["error"] == "consent_required"  # no voice consent for this device's user
        device.send({"user_id": "driver", "modality": "voice", "purpose": "in-car assistant", "granted": True},
                    topic="consent")
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


def retained(port: int, topic: str, wait: float = 1.0):
    """What a new subscriber to ``topic`` is handed at once: the retained message, or None."""
    got: queue.Queue = queue.Queue()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"peek-{uuid.uuid4().hex[:8]}")
    client.on_message = lambda c, u, m: got.put(json.loads(m.payload) if m.retain else "live")
    client.connect("127.0.0.1", port)
    client.subscribe(topic, 1)
    client.loop_start()
    try:
        return got.get(timeout=wait)
    except queue.Empty:
        return None
    finally:
        client.loop_stop()
        client.disconnect()


def test_consent_needs_a_json_bool_and_a_known_modality(agent, system_broker, system_bridge):
    from empathic.iot.mqtt import _internal_user

    bridge = system_bridge(agent)
    device = Device(system_broker, f"cam-{uuid.uuid4().hex[:6]}")
    user = _internal_user(device.id, "li")
    try:
        for bad in ({"granted": "false"}, {"granted": 1}, {}, {"granted": True, "modality": "smell"}):
            device.send({"user_id": "li", "modality": "face", "purpose": "kiosk", "message_id": "c1", **bad},
                        topic="consent")
            error = device.next("error")
            assert error["error"] == "invalid_input" and error["message_id"] == "c1"
        assert agent.store.active_consents(user, "mqtt") == {}  # "false" did not grant
        device.send({"user_id": "li", "modality": "face", "purpose": "kiosk", "granted": True}, topic="consent")
        assert device.next("out") == {"consent": "face", "granted": True}
        assert set(agent.store.active_consents(user, "mqtt")) == {"face"}
        device.send({"user_id": "li", "modality": "face", "granted": False}, topic="consent")
        assert device.next("out")["granted"] is False
        assert agent.store.active_consents(user, "mqtt") == {}
    finally:
        device.close()
        bridge.stop()


def test_retained_state_has_no_crisis_level_and_erasure_clears_it(agent, system_broker, system_bridge):
    from empathic.iot.mqtt import _internal_user, _session_id

    bridge = system_bridge(agent)
    device = Device(system_broker, f"bed-{uuid.uuid4().hex[:6]}")
    try:
        device.send({"text": "I can't go on anymore, I want to end my life.", "user_id": "sam", "message_id": "t1"})
        out = device.next("out")
        assert out["safety"]["level"] != "none" and out["message_id"] == "t1"  # a crisis turn ...
        device.next("state")
        state = retained(system_broker, f"empathic/{device.id}/state")
        assert state["user_id"] == "sam" and state["emotion"]
        assert "crisis_level" not in state and "safety" not in state  # ... leaves no crisis level on the broker
        assert bridge.cache.seen(device.id, "t1") is not None
        device.send({"user_id": "sam", "message_id": "e1"}, topic="erase")
        ack = device.next("out")
        assert ack["erased"] == "sam" and ack["message_id"] == "e1"
        assert ack["counts"]["turns"] == 1 and ack["counts"]["mqtt_messages"] == 1
        assert retained(system_broker, f"empathic/{device.id}/state") is None
        assert agent.store.list_turns(_session_id(device.id, "sam")) == []
        assert agent.store.user_sessions(_internal_user(device.id, "sam"), "mqtt") == []
        assert bridge.cache.seen(device.id, "t1") is None
        device.send({"text": "Hello again", "user_id": "sam", "message_id": "t1"})  # a fresh start, not a replay
        assert device.next("out")["turn"] == 0
    finally:
        device.close()
        bridge.stop()


def test_bridge_answers_through_a_broker_restart_in_the_middle_of_a_batch(agent, own_broker):
    from empathic.iot.mqtt import MqttBridge, _session_id

    port = own_broker["port"]
    bridge = MqttBridge(f"mqtt://127.0.0.1:{port}", agent, client_id="bridge-busy").start()
    device = Device(port, "dash-1", persistent=True)
    for i in range(15):
        device.send({"text": f"Turn {i}: the traffic is awful and I'm late again.", "user_id": "ana",
                     "message_id": f"d-{i}"})
        if i == 8:
            device.send(b"not json")  # an error to publish, most likely while the broker is down
    assert device.next("out", timeout=30)["turn"] == 0
    own_broker["process"].terminate()  # the bridge still holds the rest of the batch
    own_broker["process"].wait(5)
    time.sleep(1.0)
    own_broker["process"] = own_broker["start"]()
    answered, errors, deadline = {"d-0"}, 0, time.time() + 60
    while (len(answered) < 15 or not errors) and time.time() < deadline:
        try:
            kind, body = device.messages.get(timeout=1)
        except queue.Empty:
            continue
        answered |= {body["message_id"]} if kind == "out" else set()
        errors += kind == "error"
    assert answered == {f"d-{i}" for i in range(15)} and errors >= 1  # made while the broker was down, out later
    assert bridge.offline_publishes > 0  # the scenario happened: the bridge published while disconnected
    device.send({"text": "Are you still with me?", "user_id": "ana", "message_id": "d-15"})
    while (out := device.next("out", timeout=30))["message_id"] != "d-15":
        pass  # a republished answer to a redelivered copy may still come first
    assert out["turn"] == 15  # the worker survived and answers new messages
    assert bridge.healthy and bridge.errors == 0
    # the broker redelivered what the bridge had not acknowledged (and may redeliver an acknowledgement
    # lost as it went down); with message ids none ran twice: 16 turns stored, each once
    assert bridge.duplicates >= 1
    texts = [t["user_text"] for t in agent.store.list_turns(_session_id("dash-1", "ana"))]
    assert len(texts) == len(set(texts)) == 16
    device.close()
    bridge.stop()


def _launch_bridge(port: int, database: Path, client_id: str) -> subprocess.Popen:
    import empathic

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(empathic.__file__).parents[1]),
                                                        os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "empathic.cli", "bridge", "mqtt", "--broker",
                                f"mqtt://127.0.0.1:{port}", "--database-url", f"sqlite:///{database}",
                                "--client-id", client_id], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    ready, lines = threading.Event(), []

    def read():
        with process.stdout:
            for line in process.stdout:
                lines.append(line)
                ready.set() if line.startswith("bridging") else None
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120) or process.poll() is not None:
        process.kill()
        process.wait(10)
        raise AssertionError("the bridge did not start:\n" + "".join(lines))
    process.output = lines
    return process


def test_killed_bridge_runs_each_turn_with_a_message_id_exactly_once(own_broker, tmp_path):
    from empathic.iot.mqtt import _session_id
    from empathic.storage.store import Store

    port, database = own_broker["port"], tmp_path / "bridge.db"
    bridges = [_launch_bridge(port, database, "bridge-kill")]
    device = Device(port, "kiosk-1", persistent=True)
    try:
        sent = {f"m-{i:02d}": f"Note {i}: the delivery is late again." for i in range(30)}
        for i, (message_id, text) in enumerate(sent.items()):
            device.send({"text": text, "user_id": f"u{i % 3}", "message_id": message_id})
        answered = set()
        while len(answered) < 4:
            answered.add(device.next("out", timeout=60)["message_id"])
        bridges[0].kill()  # mid-batch: turns done, answered or not, acknowledged or not
        bridges[0].wait(10)
        assert len(answered) < 30
        bridges.append(_launch_bridge(port, database, "bridge-kill"))
        deadline = time.time() + 90
        while answered != set(sent) and time.time() < deadline:
            answered.add(device.next("out", timeout=max(1, deadline - time.time()))["message_id"])
        assert answered == set(sent)
        bridges[1].terminate()
        assert bridges[1].wait(30) == 0  # SIGTERM: a clean stop
    finally:
        device.close()
        for bridge in bridges:
            if bridge.poll() is None:
                bridge.kill()
                bridge.wait(10)
    store = Store(f"sqlite:///{database}")
    stored = [t["user_text"] for u in range(3) for t in store.list_turns(_session_id("kiosk-1", f"u{u}"))]
    assert sorted(stored) == sorted(sent.values())  # every turn once: none lost, none run twice


def test_turn_stored_before_a_crash_is_answered_from_the_database_not_run_again(system_broker, system_bridge,
                                                                                 tmp_path):
    from empathic.conversation.agent import Agent
    from empathic.iot.mqtt import SqlIdempotencyCache, _internal_user, _session_id

    agent = Agent(database_url=f"sqlite:///{tmp_path / 'crash.db'}")
    device_id = f"hall-{uuid.uuid4().hex[:6]}"
    session = _session_id(device_id, "ana")
    # what a bridge killed after storing the turn, before remembering its answer, leaves behind
    cache = SqlIdempotencyCache(agent.store)
    cache.claim(device_id, "m-1", "ana", 0)
    first = agent.respond(session, _internal_user(device_id, "ana"), text="I lost my keys.", tenant="mqtt")
    agent.forget(session)  # the killed bridge's memory is gone; the database holds the turn
    bridge = system_bridge(agent)
    device = Device(system_broker, device_id)
    try:
        device.send({"text": "I lost my keys.", "user_id": "ana", "message_id": "m-1"})
        out = device.next("out")
        assert out["reply"] == first.reply and out["turn"] == 0 and out["message_id"] == "m-1"
        device.send({"text": "Still looking for them.", "user_id": "ana", "message_id": "m-2"})
        second = device.next("out")
        device.send({"text": "Still looking for them.", "user_id": "ana", "message_id": "m-2"})
        assert device.next("out")["reply"] == second["reply"] and second["turn"] == 1
        device.send({"text": "Still looking for them.", "user_id": "ana"})  # no id: a new turn
        assert device.next("out")["turn"] == 2
        assert len(agent.store.list_turns(session)) == 3 and bridge.duplicates == 2
        device.send({"text": "x", "user_id": "ana", "message_id": "m" * 65})
        assert "message_id" in device.next("error")["detail"]
    finally:
        device.close()
        bridge.stop()


def test_memory_cache_is_bounded_and_forgets_a_user():
    from empathic.iot.mqtt import MemoryIdempotencyCache

    cache = MemoryIdempotencyCache(size=2)
    cache.remember("d", "1", {"reply": "a"}, "ana")
    cache.remember("d", "2", {"reply": "b"}, "bo")
    assert cache.seen("d", "1") == {"reply": "a"}  # now the most recent
    cache.remember("d", "3", {"reply": "c"}, "ana")
    assert cache.seen("d", "2") is None and cache.seen("d", "3") == {"reply": "c"}
    assert cache.forget_user("d", "ana") == 2 and cache.seen("d", "1") is None


def test_bridge_command_exits_non_zero_when_the_worker_dies(agent, system_broker, system_bridge):
    from empathic.cli.bridge import supervise

    bridge = system_bridge(agent)
    try:
        stop = threading.Event()
        stop.set()
        assert bridge.healthy and supervise(bridge, stop, interval=0.01) == 0
        bridge._inbox.put(None)  # the worker ends, as if something had killed it
        assert supervise(bridge, threading.Event(), interval=0.05) == 1
        assert not bridge.healthy
    finally:
        bridge.stop()


def _tls_broker(tmp_path, users: dict[str, str]) -> tuple[subprocess.Popen, int, Path]:
    """Mosquitto with TLS, passwords and the ACL block of docs/mqtt.md, on a free port."""
    acl = re.search(r"```acl\n(.*?)```", (Path(__file__).resolve().parents[1] / "docs/mqtt.md").read_text(), re.S)
    (tmp_path / "acl").write_text(acl.group(1))
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    for command in ("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=test-ca",
                    "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1",
                    "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1 "
                    "-extfile san.ext"):
        subprocess.run(["openssl", *command.split()], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "passwd").touch()
    for user, password in users.items():
        subprocess.run(["mosquitto_passwd", "-b", str(tmp_path / "passwd"), user, password], check=True,
                       capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "mosquitto.conf").write_text(
        f"listener {port} 127.0.0.1\nuser root\nallow_anonymous false\npassword_file {tmp_path}/passwd\n"
        f"acl_file {tmp_path}/acl\ncafile {tmp_path}/ca.crt\ncertfile {tmp_path}/server.crt\n"
        f"keyfile {tmp_path}/server.key\n")
    process = subprocess.Popen([MOSQUITTO, "-c", str(tmp_path / "mosquitto.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(100):
        if broker_up(port):
            return process, port, tmp_path / "ca.crt"
        time.sleep(0.05)
    process.kill()
    pytest.skip("mosquitto did not start with TLS")


def test_documented_acl_over_tls_keeps_each_device_to_its_own_topics(agent, tmp_path):
    from empathic.iot.mqtt import MqttBridge, _session_id

    if not shutil.which("openssl") or not shutil.which("mosquitto_passwd"):
        pytest.skip("needs openssl and mosquitto_passwd")
    broker, port, ca = _tls_broker(tmp_path, {"empathic-bridge": "b-secret", "van-1": "v1", "van-2": "v2"})
    bridge = MqttBridge(f"mqtts://127.0.0.1:{port}", agent, client_id="bridge-tls", username="empathic-bridge",
                        password="b-secret", ca_file=str(ca)).start()
    van, intruder = Device(port, "van-1", ca_file=ca, password="v1"), Device(port, "van-2", ca_file=ca, password="v2")
    try:
        van.send({"text": "The heater is broken and I'm freezing.", "user_id": "jo"})
        assert van.next("out")["reply"]
        assert van.next("state")["user_id"] == "jo"
        # van-2 listens on van-1's topics and speaks as van-1's user: the broker lets neither through
        intruder.client.subscribe([(f"empathic/van-1/{kind}", 1) for kind in ("out", "state", "error", "in")])
        intruder.client.publish("empathic/van-1/in", json.dumps({"text": "hi", "user_id": "jo"}), qos=1)
        intruder.client.publish("empathic/van-1/out", json.dumps({"reply": "forged"}), qos=1)
        time.sleep(0.5)
        van.send({"text": "Still freezing.", "user_id": "jo"})
        assert van.next("out")["turn"] == 1  # the intruder's turn never ran
        time.sleep(0.5)
        assert intruder.messages.empty()
        assert all((body or {}).get("reply") != "forged" for _, body in list(van.messages.queue))
        assert len(agent.store.list_turns(_session_id("van-1", "jo"))) == 2
        answers = []  # no account: refused
        anonymous = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="anon")
        anonymous.tls_set(ca_certs=str(ca))
        anonymous.on_connect = lambda c, u, f, rc, p=None: answers.append(rc.is_failure)
        anonymous.connect("127.0.0.1", port)
        for _ in range(20):
            if answers or anonymous.loop(0.1) != mqtt.MQTT_ERR_SUCCESS:
                break
        assert answers == [True]
        anonymous.disconnect()
    finally:
        van.close()
        intruder.close()
        bridge.stop()
        broker.terminate()
        broker.wait(5)
