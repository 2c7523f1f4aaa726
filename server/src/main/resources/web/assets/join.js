// The join page: check → waiting room → call, and the therapist's panel beside it.
// The way through is the server's: this page shows the stage samtal says the person is at.

import { SamtalConnection } from './connection.js';
import { t, translatePage } from './i18n.js';
import { LocalMedia, testNetwork } from './precheck.js';
import { PeerCall } from './peer.js';
import { HostPanel, displayName } from './host.js';
import { mountChatPanel } from './chat-panel.js';
import { RecordingPanel } from './recording.js';

// The token arrives in the fragment, which browsers never send to servers. Take it and clear
// it from the address bar so it does not linger in history or get shared by mistake.
const token = decodeURIComponent(location.hash.slice(1));
if (token) {
  history.replaceState(null, '', location.pathname + location.search);
}
// Diagnostics: /join?ice=relay forces every packet through TURN (tests that TURN works).
const relayOnly = new URLSearchParams(location.search).get('ice') === 'relay';

const $ = (id) => document.getElementById(id);
const screens = ['screen-status', 'screen-check', 'screen-waiting', 'screen-call'];
const media = new LocalMedia();
const participants = new Map();
let connection = null;
let host = null;
let recording = null;
let me = null;
let iceServers = [];
let checked = false;
let inCall = false;
let call = null;
let peerInfo = null;
let statusKey = 'join.connecting';
let statusValues;
let mediaState = { microphone: true, camera: true, audioOnly: false };
let chat = null;

translatePage(() => {
  chat?.refresh();
  setStatus(statusKey, statusValues);
  renderControls();
  renderPeer();
  host?.render();
  recording?.render();
});

function show(screen, headingId) {
  for (const id of screens) {
    $(id).hidden = id !== screen;
  }
  if (headingId) {
    $(headingId).focus();
  }
}

function announce(text) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick, so screen readers read a repeated message again.
  setTimeout(() => { announcer.textContent = text; }, 50);
}

function setStatus(key, values, tone) {
  statusKey = key;
  statusValues = values;
  const status = $('status');
  status.textContent = t(key, values);
  if (tone !== undefined) {
    status.className = `status ${tone}`;
  }
}

function finish(key, tone) {
  leaveCallLocally();
  media.close();
  host?.hide();
  recording?.hide();
  $('main').classList.remove('with-host');
  setStatus(key, undefined, tone ?? '');
  show('screen-status');
  $('status').setAttribute('tabindex', '-1');
  $('status').focus();
  announce(t(key));
}

// ---- the pre-call check ----

async function startCheck(audioOnly) {
  show('screen-check', 'check-heading');
  const outcome = await media.open({ audioOnly });
  $('check-preview').srcObject = media.videoTrack ? media.stream : null;
  $('check-camera-off').hidden = Boolean(media.videoTrack);
  $('check-media-result').textContent = t({
    ok: 'check.mediaOk', 'audio-only': 'check.mediaAudioOnly', denied: 'check.mediaDenied', none: 'check.mediaNone',
  }[outcome]);
  media.startMeter($('mic-level'));
  await media.fillDeviceLists($('camera-select'), $('mic-select'));
  const network = await testNetwork(iceServers);
  $('check-network-result').textContent = t({
    relay: 'check.networkRelay', stun: 'check.networkStun', local: 'check.networkLocal', failed: 'check.networkFailed',
  }[network]);
}

for (const [selectId, kind] of [['camera-select', 'videoinput'], ['mic-select', 'audioinput']]) {
  $(selectId).addEventListener('change', async (event) => {
    const track = await media.use(kind, event.target.value).catch(() => null);
    if (kind === 'videoinput') {
      $('check-preview').srcObject = media.stream;
    } else {
      media.startMeter($('mic-level'));
    }
    if (track && call) {
      await call.replaceTrack(track.kind, track);
    }
  });
}

function continueFromCheck(audioOnly) {
  checked = true;
  media.stopMeter();
  mediaState = {
    microphone: Boolean(media.audioTrack),
    camera: Boolean(media.videoTrack) && !audioOnly,
    audioOnly: audioOnly || !media.videoTrack,
  };
  if (media.videoTrack) {
    media.videoTrack.enabled = mediaState.camera;
  }
  connection.request({ type: 'media.set', ...mediaState }).catch(() => {});
  followStage();
}

$('check-continue').addEventListener('click', () => continueFromCheck(false));
$('check-audio-only').addEventListener('click', () => continueFromCheck(true));

// ---- where the server says we are ----

function followStage() {
  if (!checked || !me) {
    return;
  }
  if (me.stage === 'waiting') {
    leaveCallLocally();
    renderWaiting();
    if ($('screen-waiting').hidden) {
      show('screen-waiting', 'waiting-heading');
      announce(t('join.waitingAnnounce'));
    }
  } else if ((me.stage === 'admitted' || me.stage === 'in_call') && !inCall) {
    enterCall();
  }
}

function renderWaiting() {
  const hostHere = [...participants.values()].some((p) => p.role === 'therapist' && p.presence !== 'left' && p.presence !== 'disconnected');
  $('waiting-host').textContent = t(hostHere ? 'waiting.hostHere' : 'waiting.hostNotYet');
}

function enterCall() {
  inCall = true;
  openChat();
  show('screen-call', 'call-heading');
  $('self-video').srcObject = media.videoTrack ? media.stream : null;
  renderControls();
  renderPeer();
  announce(t('join.inCallAnnounce'));
  connection.request({ type: 'call.join' }).catch(() => {
    inCall = false;
  });
}

function leaveCallLocally() {
  inCall = false;
  closeChat();
  if (call) {
    call.close();
    call = null;
  }
  $('remote-video').srcObject = null;
}

function onCallPeer(info) {
  peerInfo = info;
  if (!inCall) {
    return;
  }
  if (!info.peer) {
    if (call) {
      call.close();
      call = null;
    }
    $('remote-video').srcObject = null;
    renderPeer();
    return;
  }
  if (call && call.epoch === info.epoch && call.peerId === info.peer) {
    if (call.pc.connectionState !== 'connected') {
      call.restartIce(); // back after a reconnect: same peer connection, new network path
    }
    return;
  }
  if (call) {
    call.close();
  }
  call = new PeerCall(connection, { peerId: info.peer, polite: info.polite, epoch: info.epoch },
    iceServers, media.stream ?? new MediaStream(), { relayOnly });
  call.addEventListener('remote', ({ detail }) => {
    $('remote-video').srcObject = detail;
  });
  call.addEventListener('state', ({ detail }) => {
    if (detail === 'connected') {
      banner(null);
    } else if (detail === 'disconnected' || detail === 'failed') {
      banner(t('call.reconnecting'));
    } else if (detail === 'connecting') {
      banner(t('call.connecting'));
    }
  });
  call.addEventListener('quality', ({ detail }) => {
    $('call-quality').textContent = t(`call.quality${detail[0].toUpperCase()}${detail.slice(1)}`);
  });
  renderPeer();
}

function peer() {
  return peerInfo && peerInfo.peer ? participants.get(peerInfo.peer) : null;
}

function renderPeer() {
  const other = inCall ? peer() : null;
  $('remote-empty').hidden = Boolean(other);
  $('remote-label').textContent = other ? displayName(other) : '';
  const off = other && (!other.media?.camera || other.media?.audioOnly || mediaState.audioOnly);
  $('remote-camera-off').hidden = !off;
  $('remote-video').classList.toggle('hidden-video', !other || Boolean(off));
  if (off) {
    const key = other.media?.audioOnly ? 'call.peerAudioOnly' : 'call.peerCameraOff';
    $('remote-camera-off').textContent = t(key, { name: displayName(other) });
  }
  if (other && other.presence === 'reconnecting') {
    banner(t('call.peerReconnecting', { name: displayName(other) }));
  }
}

function banner(text) {
  const element = $('call-banner');
  element.hidden = !text;
  element.textContent = text ?? '';
}

// ---- controls ----

function renderControls() {
  const toggle = (id, pressed, offKey, onKey) => {
    const button = $(id);
    button.setAttribute('aria-pressed', String(pressed));
    button.textContent = t(pressed ? onKey : offKey);
  };
  toggle('toggle-mic', !mediaState.microphone, 'call.mute', 'call.unmute');
  toggle('toggle-camera', !mediaState.camera, 'call.cameraOff', 'call.cameraOn');
  toggle('toggle-audio-only', mediaState.audioOnly, 'call.audioOnly', 'call.audioOnlyOff');
  $('toggle-camera').disabled = !media.videoTrack || mediaState.audioOnly;
  $('toggle-mic').disabled = !media.audioTrack;
  $('self-video').classList.toggle('hidden-video', !mediaState.camera);
}

function changeMedia(change) {
  mediaState = { ...mediaState, ...change };
  if (mediaState.audioOnly) {
    mediaState.camera = false;
  }
  if (media.audioTrack) {
    media.audioTrack.enabled = mediaState.microphone;
  }
  if (media.videoTrack) {
    media.videoTrack.enabled = mediaState.camera;
  }
  renderControls();
  renderPeer();
  connection.request({ type: 'media.set', ...mediaState }).catch(() => {});
}

$('toggle-mic').addEventListener('click', () => changeMedia({ microphone: !mediaState.microphone }));
$('toggle-camera').addEventListener('click', () => changeMedia({ camera: !mediaState.camera }));
$('toggle-audio-only').addEventListener('click', () => changeMedia({
  audioOnly: !mediaState.audioOnly, camera: mediaState.audioOnly && Boolean(media.videoTrack),
}));
$('hang-up').addEventListener('click', () => leave());
$('waiting-leave').addEventListener('click', () => leave());

function leave() {
  $('hang-up').disabled = true;
  connection.leave().catch(() => {}).finally(() => finish('join.leaveConfirm'));
}

// ---- the session's chat: for those let in, beside the call ----

function openChat() {
  if (!chat) {
    const panel = $('chat-panel');
    panel.hidden = false;
    chat = mountChatPanel(panel, connection, { joined: true });
  }
}

function closeChat() {
  if (chat) {
    chat.unmount();
    chat = null;
    $('chat-panel').hidden = true;
  }
}

// ---- the connection ----

function connect() {
  connection = new SamtalConnection(token);
  connection.addEventListener('welcome', ({ detail }) => {
    me = detail.you;
    iceServers = detail.iceServers ?? [];
    participants.clear();
    for (const person of detail.participants) {
      participants.set(person.participantId, person);
    }
    banner(null);
    if (me.role === 'therapist') {
      host ??= new HostPanel($('host-panel'), connection, announce);
      $('main').classList.add('with-host');
      host.show(me, detail.participants, detail.serverTime);
    }
    if (detail.recording) {
      recording ??= new RecordingPanel(connection, participants, announce, displayName);
      recording.welcome(me, detail.recording);
    }
    if (!checked && me.stage === 'in_call') {
      // Back after a reload while in the call: no new check, straight back in.
      checked = true;
      media.open({}).then(() => enterCall());
    } else if (!checked) {
      startCheck(false);
    } else {
      followStage();
    }
  });
  connection.addEventListener('presence', ({ detail }) => {
    const person = detail.participant;
    const before = participants.get(person.participantId);
    participants.set(person.participantId, person);
    host?.update(person);
    recording?.update(person);
    if (me && person.participantId === me.participantId) {
      me = person;
      followStage();
    } else if (peerInfo && person.participantId === peerInfo.peer) {
      if (before && before.presence === 'reconnecting' && person.presence === 'joined') {
        banner(null);
      }
      renderPeer();
    } else if ($('screen-waiting').hidden === false) {
      renderWaiting();
    }
  });
  connection.addEventListener('call.peer', ({ detail }) => onCallPeer(detail));
  connection.addEventListener('signal', ({ detail }) => call?.receive(detail));
  connection.addEventListener('ice.servers', ({ detail }) => {
    iceServers = detail.iceServers ?? [];
    call?.pc.setConfiguration({ iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' });
  });
  connection.addEventListener('session.ending', ({ detail }) => {
    const time = detail.hardStopAt ? new Date(detail.hardStopAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
    const text = time ? t('join.sessionEndingHard', { time }) : t('join.sessionEnding');
    banner(text);
    announce(text);
  });
  connection.addEventListener('session.ended', ({ detail }) => {
    finish(detail.reason === 'scheduled_end' ? 'join.endedByTime' : detail.reason === 'cancelled' ? 'error.session_cancelled' : 'join.endedByHost');
  });
  connection.addEventListener('reconnecting', () => banner(t('call.reconnecting')));
  connection.addEventListener('refused', ({ detail }) => {
    const known = `error.${detail.code}`;
    finish(t(known) !== known ? known : 'error.other', 'warn');
  });
  connection.addEventListener('ended', ({ detail }) => {
    if (detail.code === 4012) {
      finish('join.denied', 'warn');
    } else if (detail.code === 4010) {
      finish('join.replaced', 'warn');
    } else if (detail.code === 1000) {
      finish('join.leaveConfirm');
    } else if (!statusKey.startsWith('error.') && !statusKey.startsWith('join.ended')) {
      finish('join.ended');
    }
  });
  document.addEventListener('visibilitychange', () => {
    const state = document.visibilityState === 'hidden' ? 'away' : 'joined';
    connection.request({ type: 'presence.set', state }).catch(() => {});
  });
  // A network change (Wi-Fi → mobile) is seen here first: restart ICE before the old path dies.
  window.addEventListener('online', () => call?.restartIce());
  connection.connect();
}

// Diagnostics for tests and support: read-only numbers about the call, nothing personal.
window.samtal = {
  callStats: () => (call ? call.summary() : Promise.resolve(null)),
};

if (!token) {
  setStatus('join.noToken', undefined, 'warn');
} else {
  connect();
}
