// How chat things look: one message, and what the reader is told to expect. Every text from
// people (messages, names) is set with textContent: it is shown as text, never run as HTML.

import { fill } from './chat-texts.js';
import { language, t } from './i18n.js';

export function renderMessage(message, model, status) {
  const pending = message.pendingKey != null;
  const mine = pending || model.isMine(message);
  const item = document.createElement('li');
  item.className = `chat-msg ${mine ? 'mine' : 'theirs'}${pending ? ' pending' : ''}`;
  if (!pending) {
    item.dataset.seq = String(message.seq);
  }
  const meta = document.createElement('p');
  meta.className = 'chat-meta';
  const who = document.createElement('span');
  who.className = 'chat-who';
  who.textContent = mine ? t('chat.you') : senderLabel(message.sender);
  meta.append(who);
  if (!pending) {
    const time = document.createElement('time');
    time.dateTime = message.sentAt;
    time.textContent = ` ${formatTime(message.sentAt)}`;
    meta.append(time);
  }
  const text = document.createElement('p');
  text.className = 'chat-text';
  text.textContent = message.text;
  item.append(meta, text);
  if (status) {
    const line = document.createElement('p');
    line.className = 'chat-status';
    line.textContent = statusText(status);
    item.append(line);
  }
  return item;
}

function senderLabel(sender) {
  const role = t(`role.${sender.role}`);
  return sender.name ? `${sender.name} (${role.toLowerCase()})` : role;
}

function statusText(status) {
  switch (status.state) {
    case 'sending': return t('chat.sending');
    case 'waiting': return t('chat.waiting');
    case 'checking': return t('chat.checking');
    case 'delivered': return t('chat.delivered');
    case 'read': {
      const names = status.readers.map((m) => m.name || t(`role.${m.role}`)).join(', ');
      return names ? fill(t('chat.readBy'), { names }) : t('chat.read');
    }
    default: return t('chat.sent');
  }
}

function formatTime(iso) {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  const format = today ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(language(), format).format(date);
}

/**
 * The reply-time line, whether the clinic is open now, and where to turn when it cannot wait.
 * The care team sees it in short, as what the patient is told.
 */
export function renderExpectations(expectations, forTeam) {
  if (!expectations) {
    return [];
  }
  if (expectations.mode === 'live') {
    return [paragraph('chat-expect-live', t('chat.live'))];
  }
  if (forTeam) {
    const told = renderExpectations(expectations, false).filter((part) => part.tagName === 'P' && part.className !== 'chat-expect-note');
    const summary = told.map((part) => part.textContent).join(' ');
    return summary ? [paragraph('chat-expect-team', `${t('chat.teamNote')} ${summary}`)] : [];
  }
  const parts = [];
  const reply = expectations.replyWithin;
  if (reply) {
    const key = `chat.replyWithin.${reply.unit}${reply.amount === 1 ? '.one' : ''}`;
    parts.push(paragraph('chat-expect-reply', fill(t(key), { amount: reply.amount })));
  }
  parts.push(paragraph('chat-expect-note', t('chat.notLive')));
  if (expectations.staffedNow === true) {
    parts.push(paragraph('chat-expect-open', t('chat.staffedNow')));
  } else if (expectations.staffedNow === false) {
    let text = t('chat.closedNow');
    if (expectations.nextStaffedAt) {
      const zone = expectations.staffedHours ? expectations.staffedHours.zone : undefined;
      text += ` ${fill(t('chat.opensAt'), { when: whenOpening(new Date(expectations.nextStaffedAt), zone) })}`;
    }
    parts.push(paragraph('chat-expect-closed', text));
  }
  const urgent = expectations.urgentHelp || {};
  const help = urgent[language()] || urgent.sv;
  if (help) {
    const box = document.createElement('div');
    box.className = `chat-urgent${expectations.staffedNow === true ? '' : ' emphasis'}`;
    const heading = document.createElement('h3');
    heading.textContent = t('chat.urgent');
    box.append(heading, paragraph('chat-urgent-text', help));
    parts.push(box);
  }
  return parts;
}

/** "i dag 08:00", "i morgon 08:00" or "måndag 08:00", in the clinic's own time zone (its hours are stated in it). */
function whenOpening(date, zone) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat(language(), { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(date);
  const now = new Date();
  if (day(date) === day(now)) {
    return `${t('chat.today')} ${time}`;
  }
  if (day(date) === day(new Date(now.getTime() + 24 * 3600 * 1000))) {
    return `${t('chat.tomorrow')} ${time}`;
  }
  const weekday = new Intl.DateTimeFormat(language(), { timeZone: zone, weekday: 'long' }).format(date);
  return `${weekday} ${time}`;
}

function paragraph(className, text) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

/** The panel's elements, labelled in the current language (relabel() again after a switch). */
export function build(container, heading) {
  const id = `chat-${Math.random().toString(36).slice(2, 8)}`;
  const section = el('section', 'chat');
  section.setAttribute('aria-labelledby', `${id}-title`);
  const title = el('h2', 'chat-title');
  title.id = `${id}-title`;
  title.hidden = !heading;
  const expectations = el('div', 'chat-expectations');
  const older = el('button', 'secondary chat-older');
  older.type = 'button';
  const notice = el('p', 'chat-notice');
  notice.hidden = true;
  // The live region wraps the list: role="log" on the <ol> itself would take away its list semantics.
  const scroller = el('div', 'chat-log');
  scroller.setAttribute('role', 'log');
  scroller.setAttribute('aria-live', 'polite');
  scroller.setAttribute('tabindex', '0');
  const log = el('ol', 'chat-list');
  scroller.append(log);
  const typing = el('p', 'chat-typing');
  typing.setAttribute('aria-live', 'polite');
  const state = el('p', 'chat-state');
  state.hidden = true;
  const form = el('form', 'chat-compose');
  const label = el('label', 'chat-label');
  label.htmlFor = `${id}-input`;
  const input = el('textarea', 'chat-input');
  input.id = `${id}-input`;
  input.rows = 3;
  input.setAttribute('aria-describedby', `${id}-hint ${id}-count`);
  const hint = el('p', 'chat-hint');
  hint.id = `${id}-hint`;
  const count = el('p', 'chat-count');
  count.id = `${id}-count`;
  count.setAttribute('aria-live', 'polite');
  const send = el('button', 'chat-send');
  send.type = 'submit';
  const error = el('p', 'chat-error');
  error.setAttribute('role', 'alert');
  form.append(label, input, hint, count, send);
  section.append(title, expectations, older, notice, scroller, typing, state, form, error);
  container.replaceChildren(section);
  const ui = { title, expectations, older, notice, scroller, log, typing, state, form, input, hint, count, send, error };
  ui.relabel = () => {
    title.textContent = t('chat.title');
    older.textContent = t('chat.older');
    label.textContent = t('chat.label');
    hint.textContent = t('chat.hint');
    send.textContent = t('chat.send');
  };
  ui.relabel();
  return ui;
}

function el(tag, className) {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}

/** The panel brings its own stylesheet, so mounting it takes no changes to the page's head. */
export function ensureStylesheet() {
  if (!document.querySelector('link[data-chat-style]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/assets/chat.css';
    link.dataset.chatStyle = 'yes';
    document.head.append(link);
  }
}
