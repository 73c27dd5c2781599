// empathic live demo: plain JavaScript, no build step. Integrators can copy it as is.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { key: "", user: "", session: null, ws: null, audio: null, camera: null, trajectory: [] };

function headers() {
  const h = { "Content-Type": "application/json" };
  if (state.key) h.Authorization = "Bearer " + state.key;
  return h;
}

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: headers(), body: body ? JSON.stringify(body) : undefined });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || data.error || response.statusText);
  return data;
}

function status(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function addMessage(kind, text, turn) {
  const item = document.createElement("li");
  item.className = kind;
  const body = document.createElement("p");
  body.textContent = text;
  body.style.margin = "0";
  item.appendChild(body);
  if (kind === "agent" && turn !== undefined) item.appendChild(feedbackButtons(turn));
  $("messages").appendChild(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function feedbackButtons(turn) {
  const box = document.createElement("div");
  box.className = "feedback";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "Was this reply helpful?");
  for (const [label, thumbs] of [["Helpful", 1], ["Not helpful", -1]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", async () => {
      try {
        await api("POST", "/v1/feedback", { session_id: state.session, turn, thumbs });
        box.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        status("Thanks, your feedback was recorded.");
      } catch (error) { status("Feedback failed: " + error.message, true); }
    });
    box.appendChild(button);
  }
  return box;
}

// "Spanish (es)": the browser names the language the words were read as (ISO 639-1 from the reading)
function languageName(code) {
  if (!code) return "";
  try {
    return `${new Intl.DisplayNames(["en"], { type: "language" }).of(code)} (${code})`;
  } catch (error) { return code; }
}

function showReading(modality, reading) {
  const meter = document.querySelector(`.meter[data-modality="${modality}"]`);
  if (!meter) return;
  const written = reading && reading.language ? `; written in ${languageName(reading.language)}` : "";
  meter.querySelector(".top").textContent = reading
    ? `${reading.top} (valence ${reading.valence.toFixed(2)}, arousal ${reading.arousal.toFixed(2)}${written})` : "no reading";
  meter.querySelector("meter").value = reading ? reading.confidence : 0;
}

function drawTrajectory() {
  const points = state.trajectory.slice(-30);
  if (points.length === 1) points.push(points[0]);  // one turn: a short flat segment, not an invisible dot
  const step = points.length > 1 ? 300 / (points.length - 1) : 0;
  const line = (pick) => points.map((p, i) => `${(i * step).toFixed(1)},${(50 - pick(p) * 45).toFixed(1)}`).join(" ");
  $("valence-line").setAttribute("points", line((p) => p[0]));
  $("arousal-line").setAttribute("points", line((p) => p[1] * 2 - 1));
  const last = points[points.length - 1];
  if (last) $("trajectory-caption").setAttribute("data-latest", `valence ${last[0].toFixed(2)}, arousal ${last[1].toFixed(2)}`);
}

function explain(result) {
  const fused = result.reading;
  $("why-summary").textContent = `Why the assistant thinks you feel ${fused.top}`;
  const list = $("evidence");
  list.replaceChildren();
  for (const [modality, reading] of Object.entries(result.readings)) {
    const item = document.createElement("li");
    const reasons = reading.evidence.filter((e) => e.weight > 0).slice(0, 3)
      .map((e) => e.kind === "token" ? `the word "${e.name}"` : e.detail || e.name).join("; ");
    item.textContent = `${modality}: ${reading.top} (${Math.round(reading.confidence * 100)}% confident)` +
      (reasons ? ` because ${reasons}` : "");
    list.appendChild(item);
  }
  for (const e of fused.evidence.filter((e) => e.kind === "cue")) {
    const item = document.createElement("li");
    item.textContent = e.detail;
    list.appendChild(item);
  }
}

function onTurn(result) {
  for (const notice of result.notices || []) addMessage("notice", notice);
  // crisis replies are reviewed templates, not something to rate: no feedback buttons
  const reply = addMessage("agent", result.reply, result.source === "crisis" ? undefined : result.turn);
  if (result.language) reply.lang = result.language;  // screen readers speak the reply in its own language
  for (const [modality, reading] of Object.entries(result.readings)) showReading(modality, reading);
  showReading("fused", result.reading);
  state.trajectory.push([result.reading.valence, result.reading.arousal]);
  drawTrajectory();
  const tone = result.plan.tone;
  $("strategy").textContent = result.plan.strategy;
  $("tone").textContent = `warmth ${tone.warmth.toFixed(1)}, formality ${tone.formality.toFixed(1)}, ` +
    `energy ${tone.energy.toFixed(1)}, ${tone.length}`;
  $("trend").textContent = result.state.escalating ? "frustration rising" :
    result.state.deescalating ? "calming down" : "steady";
  const detected = (result.readings.text || result.reading).language;
  $("language").textContent = !detected ? "-" : languageName(detected) +
    (result.language && result.language !== detected ? `; replying in ${languageName(result.language)}` : "");
  explain(result);
}

function onEvent(event) {
  if (event.type === "turn") onTurn(event.result);
  else if (event.type === "emotion") showReading(event.modality, event.reading);
  else if (event.type === "transcript") {
    if (event.final) { $("partial").textContent = ""; addMessage("user", "(spoken) " + event.text); }
    else $("partial").textContent = event.text + " ...";
  } else if (event.type === "crisis") {
    const item = addMessage("notice", "You matter. Help is available right now: " +
      event.resources.map((r) => `${r.name} ${r.contact || ""}`).join("; "));
    item.setAttribute("role", "alert");
  } else if (event.type === "error") status(`${event.error}: ${event.detail}`, true);
  else if (event.type === "ready") status("Connected. Say how things are going.");
}

// Close codes 4000 + HTTP status are final (bad key, no session, ended, erased); anything else
// (a restart, a network blip) reconnects with backoff to the same session.
const FINAL_CLOSE = { 4401: "The API key was refused.", 4404: "This session no longer exists.",
  4409: "This session has ended. Start again for a new one.", 4410: "Your data was erased. Start again for a new session." };

function connect(attempt = 0) {
  const url = new URL(`/v1/sessions/${state.session}/stream`, location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url);  // the key goes in the first message, never in the URL (proxies log URLs)
  state.ws = ws;
  ws.binaryType = "arraybuffer";
  ws.onopen = () => { ws.send(JSON.stringify({ type: "auth", key: state.key })); attempt = 0; };
  ws.onmessage = (message) => onEvent(JSON.parse(message.data));
  ws.onclose = (event) => {
    if (state.ws !== ws) return;  // replaced by a newer connection
    if (FINAL_CLOSE[event.code]) { status(FINAL_CLOSE[event.code], true); state.ws = null; return; }
    const delay = Math.min(10000, 500 * 2 ** attempt);
    status(`Connection lost; reconnecting in ${Math.round(delay / 1000)} s ...`, true);
    setTimeout(() => { if (state.ws === ws) connect(attempt + 1); }, delay);
  };
}

function sendBinary(kind, bytes) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  if (state.ws.bufferedAmount > 2_000_000) return;  // the network is behind: skip rather than pile up
  const frame = new Uint8Array(bytes.byteLength + 1);
  frame[0] = kind;
  frame.set(new Uint8Array(bytes), 1);
  state.ws.send(frame);
}

async function toggleMicrophone() {
  const button = $("mic");
  if (state.audio) {
    state.audio.stream.getTracks().forEach((t) => t.stop());
    state.audio.context.close();
    state.audio = null;
    state.ws.send(JSON.stringify({ type: "end_of_speech" }));
    button.textContent = "Start microphone";
    button.setAttribute("aria-pressed", "false");
    return;
  }
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(4096, 1, 1);
  processor.onaudioprocess = (e) => {
    const input = e.inputBuffer.getChannelData(0);
    const ratio = context.sampleRate / 16000;
    const pcm = new Int16Array(Math.floor(input.length / ratio));
    for (let i = 0; i < pcm.length; i++) {
      const s = Math.max(-1, Math.min(1, input[Math.floor(i * ratio)]));
      pcm[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
    }
    sendBinary(1, pcm.buffer);
  };
  source.connect(processor);
  processor.connect(context.destination);
  state.audio = { stream, context };
  button.textContent = "Stop microphone";
  button.setAttribute("aria-pressed", "true");
}

async function toggleCamera() {
  const button = $("camera");
  const video = $("preview");
  if (state.camera) {
    clearInterval(state.camera.timer);
    state.camera.stream.getTracks().forEach((t) => t.stop());
    state.camera = null;
    video.hidden = true;
    button.textContent = "Start camera";
    button.setAttribute("aria-pressed", "false");
    return;
  }
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const canvas = document.createElement("canvas");
  canvas.width = 640;
  canvas.height = 480;
  const timer = setInterval(() => {
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(async (blob) => blob && sendBinary(2, await blob.arrayBuffer()), "image/jpeg", 0.8);
  }, 500);
  state.camera = { stream, timer };
  button.textContent = "Stop camera";
  button.setAttribute("aria-pressed", "true");
}

async function setConsent(modality, on) {
  const path = `/v1/users/${encodeURIComponent(state.user)}/consents/${modality}`;
  try {
    if (on) await api("PUT", path, { purpose: "live conversation in the web app", retention_days: 30 });
    else await api("DELETE", path);
  } catch (error) {
    $("consent-" + modality).checked = !on;
    status(`Consent for ${modality} could not be changed: ${error.message}`, true);
    return;
  }
  const button = $(modality === "voice" ? "mic" : "camera");
  button.disabled = !on;
  if (!on && (modality === "voice" ? state.audio : state.camera)) await (modality === "voice" ? toggleMicrophone() : toggleCamera());
  status(on ? `Emotion recognition from your ${modality} is on.` : `Emotion recognition from your ${modality} is off.`);
}

$("start-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  state.key = $("api-key").value.trim();
  state.user = $("user-id").value.trim();
  try {
    const session = await api("POST", "/v1/sessions", { user_id: state.user, preset: $("preset").value });
    state.session = session.id;
    const consents = (await api("GET", `/v1/users/${encodeURIComponent(state.user)}/consents`)).consents;
    for (const modality of ["voice", "face"]) {
      $("consent-" + modality).checked = modality in consents;
      $(modality === "voice" ? "mic" : "camera").disabled = !(modality in consents);
    }
  } catch (error) { status("Could not start: " + error.message, true); return; }
  $("chat").hidden = false;
  $("insight").hidden = false;
  $("start-form").hidden = true;
  $("setup-title").textContent = `Talking as ${state.user}`;
  connect();
  $("message").focus();
});

$("message-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("message").value.trim();
  if (!text || !state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  addMessage("user", text);
  state.ws.send(JSON.stringify({ type: "text", text }));
  $("message").value = "";
});

$("mic").addEventListener("click", () => toggleMicrophone().catch((e) => status("Microphone: " + e.message, true)));
$("camera").addEventListener("click", () => toggleCamera().catch((e) => status("Camera: " + e.message, true)));
$("consent-voice").addEventListener("change", (e) => setConsent("voice", e.target.checked));
$("consent-face").addEventListener("change", (e) => setConsent("face", e.target.checked));
