// The care team's inbox: the staff member's conversations (unread, oldest unanswered), the queue
// of anonymous drop-in conversations (take one: colleagues see it is taken), and the open
// conversation with its chat, a closing code, handing over, and offering a video visit.

import { SamtalConnection } from './connection.js';
import { mountChatPanel } from './chat-panel.js';
import './chat-texts.js';
import './inbox-texts.js';
import { language, t, translatePage } from './i18n.js';

const KEY = 'samtal.inbox';
const POLL_MS = 5000;
const $ = (id) => document.getElementById(id);

// The token arrives in the fragment; keep it for this tab (a reload goes on) and clear the address bar.
let token = decodeURIComponent(location.hash.slice(1));
if (token) {
  sessionStorage.setItem(KEY, token);
  history.replaceState(null, '', location.pathname);
} else {
  token = sessionStorage.getItem(KEY) ?? '';
}

let overview = null;
let problem = null;
let openId = null;
let panel = null;
let connection = null;

translatePage(render);

function age(since) {
  const minutes = Math.max(0, Math.floor((Date.parse(overview.now) - Date.parse(since)) / 60000));
  if (minutes < 60) {
    return t('inbox.minutes', { n: minutes });
  }
  return minutes < 48 * 60 ? t('inbox.hours', { n: Math.floor(minutes / 60) }) : t('inbox.days', { n: Math.floor(minutes / 1440) });
}

function showProblem(error) {
  problem = error;
  const el = $('problem');
  el.hidden = !error;
  if (error) {
    const key = `inbox.error.${error.code}`;
    el.textContent = t(key) !== key ? t(key) : (error.message || t('inbox.error.other'));
  }
}

async function call(path, body) {
  const response = await fetch(`/inbox/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw json.error ?? { code: 'other' };
  }
  return json;
}

function button(label, onClick, extra) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  Object.assign(b, extra ?? {});
  b.addEventListener('click', onClick);
  return b;
}

function render() {
  showProblem(problem);
  if (!overview) {
    return;
  }
  $('queue-empty').hidden = overview.queue.length > 0;
  $('queue').replaceChildren(...overview.queue.map((item) => {
    const li = document.createElement('li');
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = item.entryTitle;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = t('inbox.waited', { age: age(item.waitingSince) });
    what.append(meta);
    li.append(what);
    if (item.takenByYou) {
      li.append(button(t('inbox.open'), () => open(item.conversationId, item.entryTitle), { className: 'secondary' }));
    } else if (item.takenBy != null) {
      const taken = document.createElement('span');
      taken.className = 'meta';
      taken.textContent = t('inbox.takenBy', { name: item.takenBy || t('inbox.someone') });
      li.append(taken);
    } else {
      li.append(button(t('inbox.claim'), () => claim(item), { className: 'claim' }));
    }
    li.dataset.conversation = item.conversationId;
    return li;
  }));
  $('mine-empty').hidden = overview.conversations.length > 0;
  $('mine').replaceChildren(...overview.conversations.map((c) => {
    const li = document.createElement('li');
    li.dataset.conversation = c.conversationId;
    const what = document.createElement('span');
    what.className = 'what';
    const others = c.with.map((w) => (w.anonymous ? t('inbox.anonymous') : t(`role.${w.role}`))).join(', ');
    what.textContent = `${c.title || t('conversation.title')}${others ? ` — ${others}` : ''}`;
    const meta = document.createElement('span');
    meta.className = 'meta';
    const parts = [c.unread > 0 ? t('inbox.unread', { count: c.unread }) : t('inbox.noUnread')];
    if (c.oldestUnansweredAt) {
      parts.push(t('inbox.unanswered', { age: age(c.oldestUnansweredAt) }));
    }
    if (c.status === 'closed') {
      parts.push(t('inbox.closed'));
    }
    meta.textContent = parts.join(' · ');
    what.append(meta);
    li.append(what, button(t('inbox.open'), () => open(c.conversationId, c.title), { className: 'secondary open' }));
    return li;
  }));
  const select = $('closing-code');
  const chosen = select.value;
  select.replaceChildren(new Option(t('inbox.noCode'), ''),
    ...overview.closingCodes.map((code) => new Option(code.label[language()] ?? code.label.sv ?? code.code, code.code)));
  select.value = chosen;
  if (panel) {
    panel.refresh();
  }
}

async function refresh() {
  try {
    overview = await call('overview');
    if (problem && problem.code !== 'conflict') {
      problem = null;
    }
  } catch (error) {
    problem = error;
  }
  render();
}

async function claim(item) {
  try {
    await call(`conversations/${item.conversationId}/claim`, {});
    await refresh();
    await open(item.conversationId, item.entryTitle);
  } catch (error) {
    showProblem(error);
    await refresh();
  }
}

async function open(id, title) {
  try {
    const opened = await call(`conversations/${id}/open`, {});
    if (connection) {
      panel.unmount();
      connection.leave().catch(() => {});
    }
    openId = id;
    $('open-heading').textContent = title || t('conversation.title');
    $('open-card').hidden = false;
    $('visit-link-box').hidden = true;
    const isDropIn = overview.conversations.some((c) => c.conversationId === id && c.dropIn)
      || overview.queue.some((q) => q.conversationId === id);
    $('offer-visit').hidden = !isDropIn;
    connection = new SamtalConnection(opened.token);
    panel = mountChatPanel($('chat'), connection, { heading: false });
    connection.connect();
    $('open-heading').focus();
  } catch (error) {
    showProblem(error);
  }
}

$('offer-visit').addEventListener('click', async () => {
  try {
    const offer = await call(`conversations/${openId}/offer-visit`, {});
    $('visit-link').href = offer.url;
    $('visit-link-box').hidden = false;
    $('status').textContent = t('inbox.visitOffered');
  } catch (error) {
    showProblem(error);
  }
});

$('close-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const code = $('closing-code').value;
    await call(`conversations/${openId}/close`, code ? { closingCode: code } : {});
    $('status').textContent = t('inbox.closedDone');
    await refresh();
  } catch (error) {
    showProblem(error);
  }
});

$('hand-over-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const to = $('hand-to').value.trim();
    await call(`conversations/${openId}/hand-over`, to ? { toRef: to } : {});
    panel.unmount();
    connection.leave().catch(() => {});
    connection = null;
    panel = null;
    $('open-card').hidden = true;
    $('status').textContent = t('inbox.handedOver');
    await refresh();
  } catch (error) {
    showProblem(error);
  }
});

if (!token) {
  showProblem({ code: 'unauthorized' });
} else {
  $('status').textContent = t('inbox.loading');
  refresh().then(() => { $('status').textContent = ''; });
  setInterval(refresh, POLL_MS);
}
