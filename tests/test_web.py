"""The web app in a real browser: Debian's Chromium driven by Playwright, with Chromium's fake
microphone and camera fed from files. Screenshots of the main states go to artifacts/screenshots/."""

from __future__ import annotations

import io
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from conftest import LiveServer

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def media(tmp_path_factory, shared_data):
    """A WAV of speech then silence (looped by Chromium), and an MJPEG of a face."""
    from PIL import Image
    from scipy.signal import resample_poly

    from empathic.datasets.fer import load_fer
    from empathic.voice.audio import load_audio

    folder = tmp_path_factory.mktemp("media")
    speech = load_audio(shared_data / "ravdess" / "Actor_14" / "03-01-03-02-01-01-14.flac")  # happy
    samples = np.concatenate([speech, np.zeros(16000 * 3, np.float32)])
    samples = resample_poly(samples, 3, 1)  # 48 kHz, what Chromium's fake capture expects
    with wave.open(str(folder / "speech.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    faces, labels = load_fer("public_test")
    happy = faces[labels == 3][1]
    frame = np.full((480, 640, 3), 110, np.uint8)
    frame[100:340, 200:440] = np.asarray(Image.fromarray(happy).resize((240, 240)))[:, :, None]
    buffer = io.BytesIO()
    Image.fromarray(frame).save(buffer, "JPEG", quality=90)
    (folder / "face.mjpeg").write_bytes(buffer.getvalue() * 30)
    return folder


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    from empathic.service.app import Settings, create_app

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}", no_auth=True))
    server = LiveServer(app)
    yield server, app
    server.stop()


@pytest.fixture(scope="module")
def browser(media):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={media / 'speech.wav'}",
            f"--use-file-for-fake-video-capture={media / 'face.mjpeg'}", "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()


def start(page, base: str, user: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Your name or id").fill(user)
    page.get_by_role("button", name="Start conversation").click()
    sync_api.expect(page.locator("#status")).to_contain_text("Connected", timeout=20_000)


def test_text_conversation_transparency_and_feedback(browser, app_server):
    server, app = app_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start(page, server.base, "reader")
    page.screenshot(path=str(SHOTS / "1-started.png"), full_page=True)
    message = page.get_by_label("Your message")
    message.fill("My order is late AGAIN and nobody answers my emails. I'm really annoyed.")
    message.press("Enter")  # keyboard only
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(1, timeout=20_000)
    sync_api.expect(page.locator("#strategy")).not_to_have_text("-")
    sync_api.expect(page.locator('.meter[data-modality="fused"] .top')).not_to_have_text("-")
    assert page.locator("#valence-line").get_attribute("points")
    page.locator("#why-summary").click()
    sync_api.expect(page.locator("#evidence li").first).to_contain_text("text:")
    page.screenshot(path=str(SHOTS / "2-text-turn-with-explanation.png"), full_page=True)
    page.get_by_role("button", name="Helpful", exact=True).click()
    sync_api.expect(page.locator("#status")).to_contain_text("feedback was recorded")
    feedback = app.state.store.list_feedback("reader", "local")
    assert feedback and feedback[0]["thumbs"] == 1
    unlabelled = page.evaluate("""[...document.querySelectorAll('input, select')].filter(
        el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.id)""")
    assert unlabelled == []
    page.close()


def test_consent_toggles_gate_microphone_and_camera(browser, app_server):
    server, app = app_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start(page, server.base, "talker")
    mic, camera = page.locator("#mic"), page.locator("#camera")
    sync_api.expect(mic).to_be_disabled()
    sync_api.expect(camera).to_be_disabled()
    page.get_by_label("Voice").check()
    sync_api.expect(mic).to_be_enabled()
    assert "voice" in app.state.store.active_consents("talker", "local")
    mic.click()
    sync_api.expect(mic).to_have_attribute("aria-pressed", "true")
    sync_api.expect(page.locator("#messages li.user")).to_have_count(1, timeout=60_000)  # the spoken turn
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(1, timeout=60_000)
    sync_api.expect(page.locator('.meter[data-modality="voice"] .top')).not_to_have_text("-")
    page.screenshot(path=str(SHOTS / "3-spoken-turn.png"), full_page=True)
    page.get_by_label("Voice").uncheck()
    sync_api.expect(mic).to_be_disabled()
    sync_api.expect(mic).to_have_attribute("aria-pressed", "false")
    assert "voice" not in app.state.store.active_consents("talker", "local")
    page.get_by_label("Face").check()
    camera.click()
    sync_api.expect(page.locator('.meter[data-modality="face"] .top')).to_contain_text("happy", timeout=30_000)
    page.screenshot(path=str(SHOTS / "4-camera-reading.png"), full_page=True)
    page.close()


def test_phone_sized_screen(browser, app_server):
    server, _ = app_server
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    start(page, server.base, "phone")
    page.get_by_label("Your message").fill("I passed my exam!")
    page.get_by_role("button", name="Send").click()
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(1, timeout=20_000)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(SHOTS / "5-phone.png"), full_page=True)
    page.close()


def test_the_app_reconnects_after_a_dropped_connection(browser, app_server):
    server, _ = app_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start(page, server.base, "reconnecter")
    page.evaluate("state.ws.close()")  # as a network blip or a server restart would
    sync_api.expect(page.locator("#status")).to_contain_text("reconnecting", timeout=10_000)
    sync_api.expect(page.locator("#status")).to_contain_text("Connected", timeout=20_000)
    assert page.evaluate("state.ws.readyState") == 1
    message = page.get_by_label("Your message")
    message.fill("Still there? I was cut off.")
    message.press("Enter")
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(1, timeout=20_000)
    page.close()


def test_the_app_shows_the_language_each_turn_was_read_in(browser, app_server):
    server, _ = app_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start(page, server.base, "lectora")
    message = page.get_by_label("Your message")
    message.fill("Estoy muy triste, mi abuela murió ayer.")
    message.press("Enter")
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(1, timeout=20_000)
    sync_api.expect(page.locator("#language")).to_have_text("Spanish (es)")
    sync_api.expect(page.locator('.meter[data-modality="text"] .top')).to_contain_text("written in Spanish (es)")
    sync_api.expect(page.locator("#messages li.agent").first).to_have_attribute("lang", "es")
    message.fill("Ich bin heute so müde und traurig.")  # the next turn, in German: the reading follows it
    message.press("Enter")
    sync_api.expect(page.locator("#messages li.agent")).to_have_count(2, timeout=20_000)
    sync_api.expect(page.locator("#language")).to_have_text("German (de)")
    sync_api.expect(page.locator("#messages li.agent").last).to_have_attribute("lang", "de")
    page.screenshot(path=str(SHOTS / "6-detected-language.png"), full_page=True)
    page.close()
