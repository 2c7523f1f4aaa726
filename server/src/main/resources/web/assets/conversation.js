// The page for a care conversation: a patient (or guardian) and the care team write to each other
// over days. The patient's view leads with what to expect (when an answer comes, where to turn if
// it cannot wait); the care team's view also shows who has read what.

import { SamtalConnection } from './connection.js';
import { mountChatPanel } from './chat-panel.js';
import './chat-texts.js';
import { t, translatePage } from './i18n.js';

// The token arrives in the fragment, which browsers never send to servers. Take it and clear it
// from the address bar so it does not linger in history or get shared by mistake.
const token = decodeURIComponent(location.hash.slice(1));
if (token) {
  history.replaceState(null, '', location.pathname);
}
// A link pasted into this tab's address bar changes only the fragment: load the page with it.
window.addEventListener('hashchange', () => {
  if (location.hash.length > 1) {
    location.reload();
  }
});

const statusEl = document.getElementById('status');
const titleEl = document.getElementById('conversation-title');
const chatCard = document.getElementById('chat-card');
const membersCard = document.getElementById('members-card');
const membersEl = document.getElementById('members');
let statusKey = 'conversation.connecting';
let statusTone = '';
let conversation = null;
let me = null;
let panel = null;

translatePage(() => {
  setStatus(statusKey, statusTone);
  renderMembers();
  if (panel) {
    panel.refresh();
  }
});

function setStatus(key, tone) {
  statusKey = key;
  statusTone = tone ?? '';
  const text = t(key);
  statusEl.textContent = text !== key ? text : t('error.other');
  statusEl.className = `status ${statusTone}`;
}

function renderMembers() {
  if (!conversation) {
    return;
  }
  titleEl.textContent = conversation.title || t('conversation.title');
  document.title = titleEl.textContent;
  const therapistView = document.body.dataset.role === 'therapist';
  membersCard.hidden = false;
  membersEl.replaceChildren(...conversation.members.map((member) => {
    const item = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = member.name || t(`role.${member.role}`); // text, never HTML
    const detail = document.createElement('span');
    detail.className = 'presence';
    let text = ` — ${t(`role.${member.role}`)}`;
    if (member.memberId === me) {
      text = ` (${t('join.you')})${text}`;
    } else if (therapistView && conversation.lastSeq > 0) {
      text += member.readSeq >= conversation.lastSeq ? `, ${t('chat.read').toLowerCase()}` : '';
    }
    detail.textContent = text;
    item.append(who, detail);
    return item;
  }));
}

if (!token && !SamtalConnection.canResume()) {
  setStatus('conversation.noToken', 'warn');
} else {
  // Without the link (a reload), the connection goes on with the resume token this tab kept.
  const connection = new SamtalConnection(token);
  panel = mountChatPanel(document.getElementById('chat'), connection, {
    badge: document.getElementById('unread'),
    heading: false,
    onConversation: (view, memberId) => {
      conversation = view;
      me = memberId;
      renderMembers();
    },
  });
  connection.addEventListener('welcome', ({ detail }) => {
    document.body.dataset.role = detail.you.role === 'therapist' ? 'therapist' : 'patient';
    chatCard.hidden = false;
    setStatus('conversation.connected', 'ok');
  });
  connection.addEventListener('reconnecting', () => setStatus('conversation.reconnecting', 'warn'));
  connection.addEventListener('refused', ({ detail }) => setStatus(`error.${detail.code}`, 'warn'));
  connection.addEventListener('chat.revoked', ({ detail }) => setStatus(`chat.revoked.${detail.reason}`, 'warn'));
  connection.addEventListener('ended', ({ detail }) => {
    if (detail.code === 4010) {
      setStatus('conversation.replaced', 'warn');
    } else if (!statusKey.startsWith('error.') && !statusKey.startsWith('chat.revoked')) {
      setStatus('conversation.ended', 'warn');
    }
  });
  connection.connect();
}
