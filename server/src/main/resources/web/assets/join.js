import { SamtalConnection } from './connection.js';
import { t, translatePage } from './i18n.js';

// The token arrives in the fragment, which browsers never send to servers. Take it and clear
// it from the address bar so it does not linger in history or get shared by mistake.
const token = decodeURIComponent(location.hash.slice(1));
if (token) {
  history.replaceState(null, '', location.pathname);
}

const statusEl = document.getElementById('status');
const peopleCard = document.getElementById('people-card');
const peopleEl = document.getElementById('people');
const leaveButton = document.getElementById('leave');
const participants = new Map();
let me = null;
let statusKey = 'join.connecting';

translatePage(render);

function setStatus(key, tone) {
  statusKey = key;
  statusEl.textContent = t(key);
  statusEl.className = `status ${tone ?? ''}`;
}

function render() {
  setStatus(statusKey, statusEl.className.replace('status', '').trim());
  peopleEl.replaceChildren();
  for (const person of participants.values()) {
    const item = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'who';
    // Names come from other people: always text, never HTML.
    who.textContent = person.name || t(`role.${person.role}`);
    const detail = document.createElement('span');
    detail.className = 'presence';
    const you = me && person.participantId === me.participantId ? ` (${t('join.you')})` : '';
    detail.textContent = `${you} — ${t(`role.${person.role}`)}, ${t(`presence.${person.presence}`)}`;
    item.append(who, detail);
    peopleEl.append(item);
  }
}

if (!token) {
  setStatus('join.noToken', 'warn');
} else {
  const connection = new SamtalConnection(token);

  connection.addEventListener('welcome', ({ detail }) => {
    me = detail.you;
    participants.clear();
    for (const person of detail.participants) {
      participants.set(person.participantId, person);
    }
    peopleCard.hidden = false;
    leaveButton.hidden = false;
    setStatus('join.joined', 'ok');
    render();
  });
  connection.addEventListener('presence', ({ detail }) => {
    participants.set(detail.participant.participantId, detail.participant);
    render();
  });
  connection.addEventListener('reconnecting', () => setStatus('join.reconnecting', 'warn'));
  connection.addEventListener('refused', ({ detail }) => {
    const known = `error.${detail.code}`;
    setStatus(t(known) !== known ? known : 'error.other', 'warn');
  });
  connection.addEventListener('ended', ({ detail }) => {
    leaveButton.hidden = true;
    if (detail.code === 4010) {
      setStatus('join.replaced', 'warn');
    } else if (detail.code === 1000) {
      setStatus('join.left');
    } else if (statusKey.startsWith('error.')) {
      // keep the reason the join was refused
    } else {
      setStatus('join.ended');
    }
  });
  connection.addEventListener('session.ended', () => setStatus('join.ended'));

  leaveButton.addEventListener('click', () => {
    leaveButton.disabled = true;
    connection.leave().catch(() => {});
  });
  document.addEventListener('visibilitychange', () => {
    const state = document.visibilityState === 'hidden' ? 'away' : 'joined';
    connection.request({ type: 'presence.set', state }).catch(() => {});
  });
  connection.connect();
}
