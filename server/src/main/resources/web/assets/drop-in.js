// The drop-in page: anyone may write to a care team without logging in. Before writing it says who
// answers, when, and where to turn if it cannot wait. The first message starts an anonymous
// conversation; this browser keeps its return key (localStorage, this entry only) and the person
// is shown a return code to come back from another device. Nothing identifying is in the address.

import { SamtalConnection } from './connection.js';
import { mountChatPanel } from './chat-panel.js';
import { renderExpectations } from './chat-view.js';
import './chat-texts.js';
import './drop-in-texts.js';
import { language, t, translatePage } from './i18n.js';

const entry = location.pathname.split('/').filter(Boolean)[1] ?? '';
const STORE = `samtal.dropin.${entry}`;
const $ = (id) => document.getElementById(id);
let about = null;
let problem = null;
let statusKey = 'dropin.loading';
let code = null;
let panel = null;

translatePage(render);

function saved() {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? 'null');
  } catch {
    return null;
  }
}

function setStatus(key) {
  statusKey = key;
  $('status').textContent = key ? t(key) : '';
}

function showProblem(error) {
  problem = error;
  const el = $('problem');
  if (!error) {
    el.hidden = true;
    el.textContent = '';
    return;
  }
  const key = `dropin.error.${error.code}`;
  const minutes = Math.max(1, Math.ceil((error.retryAfterMs ?? 60000) / 60000));
  el.textContent = t(key) !== key ? t(key, { minutes }) : t('dropin.error.other');
  el.hidden = false;
}

function text(pair) {
  return pair ? (pair[language()] ?? pair.sv) : '';
}

function render() {
  setStatus(statusKey);
  showProblem(problem);
  if (!about) {
    return;
  }
  $('entry-title').textContent = text(about.title);
  document.title = text(about.title);
  $('answered-by').textContent = text(about.answeredBy);
  $('expectations').replaceChildren(...renderExpectations(about.expectations, false));
  $('where-to-turn').replaceChildren(...about.whereToTurn.map((place) => {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = place.name;
    item.append(name);
    if (place.phone) {
      const call = document.createElement('a');
      call.href = `tel:${place.phone.replaceAll(' ', '')}`;
      call.textContent = t('dropin.phone', { phone: place.phone });
      if (place.phone === place.name) {
        name.replaceChildren(call); // "112": the number is the name
      } else {
        item.append(' — ', call);
      }
    }
    const said = text({ sv: place.sv, en: place.en });
    if (said) {
      item.append(`. ${said}`);
    }
    if (place.url) {
      const link = document.createElement('a');
      link.href = place.url;
      link.rel = 'noreferrer';
      link.textContent = place.url.replace(/^https?:\/\//, '');
      item.append(' ', link);
    }
    return item;
  }));
  $('help-card').hidden = about.whereToTurn.length === 0;
  if (code) {
    $('my-code').textContent = code;
  }
  if (panel) {
    panel.refresh();
  }
}

async function call(action, body) {
  const response = await fetch(`/drop-in/${encodeURIComponent(entry)}/${action}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw json.error ?? { code: 'other' };
  }
  return json;
}

function openChat(admission) {
  for (const id of ['start-card', 'return-card']) {
    $(id).hidden = true;
  }
  if (admission.returnCode) {
    code = admission.returnCode;
    $('my-code').textContent = code;
    $('code-card').hidden = false;
  }
  $('chat-card').hidden = false;
  const connection = new SamtalConnection(admission.token);
  panel = mountChatPanel($('chat'), connection, { heading: false });
  connection.addEventListener('welcome', () => {
    setStatus('dropin.connected');
    checkVisit();
  });
  connection.addEventListener('chat.message', () => checkVisit());
  connection.addEventListener('reconnecting', () => setStatus('dropin.reconnecting'));
  connection.addEventListener('refused', () => setStatus('dropin.ended'));
  connection.addEventListener('ended', () => setStatus('dropin.ended'));
  connection.connect();
}

// A video visit the care team offered shows as a button (its link is minted for this person only).
async function checkVisit() {
  const kept = saved();
  if (!kept) {
    return;
  }
  try {
    const visit = await call('visit', kept);
    $('visit-button').href = visit.url;
    $('visit-box').hidden = false;
  } catch {
    // none offered (not_found), or not reachable now: nothing to show
  }
}

async function start(event) {
  event.preventDefault();
  const message = $('first-message').value;
  if (!message.trim()) {
    showProblem({ code: 'message_empty' });
    $('first-message').focus();
    return;
  }
  showProblem(null);
  $('start').disabled = true;
  setStatus('dropin.sending');
  try {
    const admission = await call('start', { text: message });
    localStorage.setItem(STORE, JSON.stringify({ returnKey: admission.returnKey }));
    setStatus('');
    openChat(admission);
    $('code-heading').focus();
  } catch (error) {
    setStatus('');
    showProblem(error);
  } finally {
    $('start').disabled = false;
  }
}

async function comeBack(how) {
  const admission = await call('return', how);
  if (how.returnCode) {
    localStorage.setItem(STORE, JSON.stringify({ returnCode: admission.returnCode }));
  }
  openChat(admission);
}

async function byCode(event) {
  event.preventDefault();
  showProblem(null);
  $('come-back').disabled = true;
  try {
    await comeBack({ returnCode: $('return-code').value });
  } catch (error) {
    showProblem(error);
    $('return-code').focus();
  } finally {
    $('come-back').disabled = false;
  }
}

async function load() {
  try {
    about = await call('about');
  } catch (error) {
    setStatus('');
    showProblem(error.code === 'not_found' ? error : { code: 'other' });
    return;
  }
  setStatus('');
  $('about-card').hidden = false;
  render();
  const kept = saved();
  if (kept && (kept.returnKey || kept.returnCode)) {
    try {
      await comeBack(kept);
      return;
    } catch (error) {
      if (error.code === 'return_code_unknown' || error.code === 'drop_in_blocked') {
        localStorage.removeItem(STORE);
      }
      showProblem(error);
    }
  }
  $('start-card').hidden = false;
  $('return-card').hidden = false;
}

$('code-heading').tabIndex = -1;
$('start-form').addEventListener('submit', start);
$('return-form').addEventListener('submit', byCode);
$('forget').addEventListener('click', () => {
  localStorage.removeItem(STORE);
  sessionStorage.removeItem('samtal.resume');
  location.reload();
});
load();
