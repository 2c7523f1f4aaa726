// The join page: check → waiting room → call, and the therapist's panel beside it.
// The way through is the server's: this page shows the stage samtal says the person is at.

import { SamtalConnection } from './connection.js';
import { t, translatePage } from './i18n.js';
import { LocalMedia, testNetwork } from './precheck.js';
import { CallScreen } from './call-screen.js';
import { sentences } from './call-news.js';
import { HostPanel, displayName } from './host.js';
import { mountChatPanel } from './chat-panel.js';
import { RecordingPanel } from './recording.js';

// The token arrives in the fragment, which browsers never send to servers. Take it and clear
// it from the address bar so it does not linger in history or get shared by mistake.
const token = decodeURIComponent(location.hash.slice(1));
if (token) {
  history.replaceState(null, '', location.pathname + location.search);
}
// A link pasted into this tab's address bar changes only the fragment, and browsers load nothing
// for that: load the page with it, as if the link had been opened.
window.addEventListener('hashchange', () => {
  if (location.hash.length > 1) {
    location.reload();
  }
});
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
// The check is passed once camera and microphone are open and the person went on (or this tab
// had passed it before a reload): only then does the page follow the server into the call.
let checked = false;
let checking = false;
let inCall = false;
let statusKey = 'join.connecting';
let statusValues;
let chat = null;
let callScreen = null;

translatePage(() => {
  chat?.refresh();
  setStatus(statusKey, statusValues);
  callScreen?.render();
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

let announcing = null;

function announce(text) {
  const announcer = $('announcer');
  if (announcing) {
    announcing.push(text); // said together with what came just before, so neither is lost
    return;
  }
  announcing = [text];
  announcer.textContent = '';
  // A fresh text node after a tick, so screen readers read a repeated message again.
  setTimeout(() => {
    announcer.textContent = sentences(announcing);
    announcing = null;
  }, 50);
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

function setContinue(enabled) {
  $('check-continue').disabled = !enabled;
  $('check-audio-only').disabled = !enabled;
}

async function startCheck() {
  checking = true;
  show('screen-check', 'check-heading');
  // Nobody goes on before camera and microphone are open: what the call shows must be what is sent.
  setContinue(false);
  $('check-media-result').textContent = t('check.mediaStarting');
  // An observer receives and never sends: the camera and microphone are not even opened.
  const outcome = observer() ? media.openNothing() : await media.open({});
  callScreen.watchTracks();
  $('check-preview').srcObject = media.videoTrack ? media.stream : null;
  $('check-camera-off').hidden = Boolean(media.videoTrack);
  $('check-media-result').textContent = t({
    ok: 'check.mediaOk', 'audio-only': 'check.mediaAudioOnly', denied: 'check.mediaDenied', none: 'check.mediaNone',
    observer: 'check.observer',
  }[outcome]);
  setContinue(true);
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
    if (track) {
      track.addEventListener('ended', () => callScreen.apply());
      await callScreen.useTrack(track);
    }
  });
}

function continueFromCheck(audioOnly) {
  if (checked || !media.stream) {
    return; // the buttons are off until the devices are open
  }
  setContinue(false);
  media.stopMeter();
  checked = true;
  callScreen.choose({ microphone: true, camera: !audioOnly, audioOnly });
  followStage();
}

$('check-continue').addEventListener('click', () => continueFromCheck(false));
$('check-audio-only').addEventListener('click', () => continueFromCheck(true));

/** Back after a reload of a tab that had passed the check: the devices again, the same choices, no check. */
async function reopenDevices(wants) {
  checking = true;
  if (observer()) {
    media.openNothing();
  } else {
    await media.open({});
  }
  callScreen.watchTracks();
  checked = true;
  callScreen.choose(wants);
  followStage();
}

function observer() {
  return me?.role === 'observer';
}

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
  announce(t('join.inCallAnnounce'));
  callScreen.enter().then((joined) => {
    if (!joined) {
      inCall = false; // refused (e.g. the call is full): the next change of stage tries again
    }
  });
}

function leaveCallLocally() {
  inCall = false;
  closeChat();
  callScreen?.leave();
}

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
  callScreen = new CallScreen({ connection, media, participants, announce, relayOnly });
  connection.addEventListener('welcome', ({ detail }) => {
    me = detail.you;
    iceServers = detail.iceServers ?? [];
    participants.clear();
    for (const person of detail.participants) {
      participants.set(person.participantId, person);
    }
    callScreen.welcome(me, iceServers);
    if (me.role === 'therapist') {
      host ??= new HostPanel($('host-panel'), connection, announce);
      $('main').classList.add('with-host');
      host.show(me, detail.participants, detail.serverTime);
    }
    if (detail.recording) {
      recording ??= new RecordingPanel(connection, participants, announce, displayName);
      recording.welcome(me, detail.recording);
    }
    if (checked) {
      callScreen.tellSamtal(true); // samtal may have forgotten (after the grace period)
      followStage();
    } else if (!checking) {
      // Back after a reload (or the same link again) in a tab that had passed the check: no new
      // check, the same choices, straight back to where the person was (the call, the waiting room).
      const wants = CallScreen.remembered(me.participantId);
      if (wants) {
        reopenDevices(wants);
      } else {
        startCheck();
      }
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
    } else {
      callScreen.onPresence(person, before);
      if ($('screen-waiting').hidden === false) {
        renderWaiting();
      }
      if (before?.stage === 'in_call' && person.stage !== 'in_call') {
        followStage(); // someone left the call: one refused as full may come in now
      }
    }
  });
  connection.addEventListener('call', ({ detail }) => callScreen.onCall(detail));
  connection.addEventListener('call.peer', ({ detail }) => callScreen.onCallPeer(detail));
  connection.addEventListener('signal', ({ detail }) => callScreen.onSignal(detail));
  connection.addEventListener('ice.servers', ({ detail }) => {
    iceServers = detail.iceServers ?? [];
    callScreen.onIceServers(iceServers);
  });
  connection.addEventListener('session.ending', ({ detail }) => {
    const time = detail.hardStopAt ? new Date(detail.hardStopAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : null;
    const text = time ? t('join.sessionEndingHard', { time }) : t('join.sessionEnding');
    callScreen.onEnding(text);
    announce(text);
  });
  connection.addEventListener('session.ended', ({ detail }) => {
    finish(detail.reason === 'scheduled_end' ? 'join.endedByTime' : detail.reason === 'cancelled' ? 'error.session_cancelled' : 'join.endedByHost');
  });
  connection.addEventListener('reconnecting', () => callScreen.onReconnecting());
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
  // (The connection to samtal reconnects at once by itself, see connection.js.)
  window.addEventListener('online', () => callScreen.onOnline());
  connection.connect();
}

// Diagnostics for tests and support: read-only numbers about the call, nothing personal.
window.samtal = {
  callStats: () => callScreen?.summary() ?? Promise.resolve(null),
};

if (token || SamtalConnection.canResume()) {
  connect(); // a reload has no link any more, but this tab kept where it was
} else {
  setStatus('join.noToken', undefined, 'warn');
}
