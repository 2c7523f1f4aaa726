// The pre-call check: camera preview, microphone level, device choice, and a network test
// against the STUN/TURN servers samtal gave us. Everything stays on this device.

const DEVICE_KEY = 'samtal.devices';
const NETWORK_TEST_MS = 5000;

/** Local camera and microphone, with the choice of devices kept for the next visit. */
export class LocalMedia {
  constructor() {
    this.stream = null;
    this.meterStop = null;
  }

  /** Opens camera and microphone (or what there is). Returns 'ok', 'audio-only', 'denied' or 'none'. */
  async open({ audioOnly = false } = {}) {
    const saved = loadDevices();
    const audio = saved.mic ? { deviceId: { ideal: saved.mic } } : true;
    const video = audioOnly ? false : (saved.camera ? { deviceId: { ideal: saved.camera } } : true);
    this.close();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio, video });
      return this.stream.getVideoTracks().length > 0 ? 'ok' : 'audio-only';
    } catch (error) {
      if (error && error.name === 'NotAllowedError') {
        return 'denied';
      }
      if (!audioOnly) {
        try {
          this.stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
          return 'audio-only';
        } catch {
          // no microphone either
        }
      }
      this.stream = new MediaStream();
      return 'none';
    }
  }

  /** Opens nothing (an observer sends nothing): an empty stream. Returns 'observer'. */
  openNothing() {
    this.close();
    this.stream = new MediaStream();
    return 'observer';
  }

  /** Switches to another camera or microphone. */
  async use(kind, deviceId) {
    const saved = loadDevices();
    saved[kind === 'videoinput' ? 'camera' : 'mic'] = deviceId;
    saveDevices(saved);
    const constraints = kind === 'videoinput'
      ? { video: { deviceId: { exact: deviceId } } }
      : { audio: { deviceId: { exact: deviceId } } };
    const fresh = await navigator.mediaDevices.getUserMedia(constraints);
    const track = kind === 'videoinput' ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
    const old = kind === 'videoinput' ? this.stream.getVideoTracks()[0] : this.stream.getAudioTracks()[0];
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(track);
    return track;
  }

  get audioTrack() {
    return this.stream ? this.stream.getAudioTracks()[0] ?? null : null;
  }

  get videoTrack() {
    return this.stream ? this.stream.getVideoTracks()[0] ?? null : null;
  }

  /** Lists cameras and microphones into the two selects (labels are known once access was granted). */
  async fillDeviceLists(cameraSelect, micSelect) {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select, kind, current) => {
      select.replaceChildren();
      const matching = devices.filter((d) => d.kind === kind);
      matching.forEach((device, index) => {
        const option = document.createElement('option');
        option.value = device.deviceId;
        option.textContent = device.label || `${kind === 'videoinput' ? '📷' : '🎤'} ${index + 1}`;
        option.selected = current && current.getSettings().deviceId === device.deviceId;
        select.append(option);
      });
      select.disabled = matching.length < 2;
    };
    fill(cameraSelect, 'videoinput', this.videoTrack);
    fill(micSelect, 'audioinput', this.audioTrack);
  }

  /** Drives a <meter> from the microphone's level until stopped. */
  startMeter(meter) {
    this.stopMeter();
    const track = this.audioTrack;
    if (!track) {
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) {
        peak = Math.max(peak, Math.abs(sample - 128));
      }
      meter.value = Math.min(100, Math.round((peak / 128) * 200));
    }, 100);
    this.meterStop = () => {
      clearInterval(timer);
      context.close().catch(() => {});
    };
  }

  stopMeter() {
    if (this.meterStop) {
      this.meterStop();
      this.meterStop = null;
    }
  }

  close() {
    this.stopMeter();
    if (this.stream) {
      this.stream.getTracks().forEach((track) => track.stop());
      this.stream = null;
    }
  }
}

/**
 * Gathers ICE candidates against the configured servers: 'relay' if TURN answered, 'stun' if
 * STUN did, 'local' if only this device's own addresses were found, 'failed' otherwise.
 */
export async function testNetwork(iceServers) {
  let pc;
  try {
    pc = new RTCPeerConnection({ iceServers });
    pc.createDataChannel('check');
    const found = new Set();
    const done = new Promise((resolve) => {
      const timer = setTimeout(resolve, NETWORK_TEST_MS);
      pc.addEventListener('icecandidate', (event) => {
        if (!event.candidate) {
          clearTimeout(timer);
          resolve();
        } else if (event.candidate.type) {
          found.add(event.candidate.type);
        }
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    if (found.has('relay')) {
      return 'relay';
    }
    if (found.has('srflx')) {
      return 'stun';
    }
    return found.size > 0 ? 'local' : 'failed';
  } catch {
    return 'failed';
  } finally {
    if (pc) {
      pc.close();
    }
  }
}

function loadDevices() {
  try {
    return JSON.parse(localStorage.getItem(DEVICE_KEY) || '{}');
  } catch {
    return {};
  }
}

function saveDevices(devices) {
  try {
    localStorage.setItem(DEVICE_KEY, JSON.stringify(devices));
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
}
