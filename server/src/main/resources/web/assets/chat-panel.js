// The chat panel: mount it into any page that has a SamtalConnection (the call page, the
// conversation page). It follows the connection's conversation, shows the messages as plain text
// (never HTML), sends what is written with an idempotency key so nothing is stored twice, resends
// after a reconnect, sends receipts, shows typing, reply-time expectations and the unread count.
//
//   import { mountChatPanel } from '/assets/chat-panel.js';
//   const chat = mountChatPanel(document.getElementById('chat'), connection, { badge: document.getElementById('chat-badge') });
//
// Mount it before connection.connect(); if the welcome has already come, pass { joined: true }.
// Messages count as read only while the panel is visible; call shown() when revealing it.

import './chat-texts.js';
import { fill } from './chat-texts.js';
import { ChatModel } from './chat-model.js';
import { t } from './i18n.js';
import { build, ensureStylesheet, renderExpectations, renderMessage } from './chat-view.js';

const MAX_CHARS = 4000;
const TYPING_EVERY_MS = 3000;
const MARK_EVERY_MS = 1000;

/**
 * @param container  element to fill (its content is replaced)
 * @param connection a SamtalConnection from connection.js
 * @param options    { badge: element showing the unread count, onUnread(count), heading: true,
 *                     joined: true if the connection's welcome has already come,
 *                     onConversation(view, myMemberId): told whenever the conversation or receipts change }
 * @returns { unmount(), unread(), focus(), shown(), refresh() }
 */
// How often an open panel asks who is there now.
const PRESENCE_MS = 15000;

function paragraphOf(className, text) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

export function mountChatPanel(container, connection, options = {}) {
  ensureStylesheet();
  const model = new ChatModel();
  const ui = build(container, options.heading !== false);
  const timers = new Set();
  let subscribed = false;
  let revoked = false;
  let lostWhileAway = false;
  let lastTyping = 0;
  let markTimer = null;
  let typingTimer = null;
  let presence = null;
  let presenceTimer = null;

  function later(fn, ms) {
    const id = setTimeout(() => { timers.delete(id); fn(); }, ms);
    timers.add(id);
    return id;
  }

  function visible() {
    return document.visibilityState === 'visible' && container.offsetParent !== null;
  }

  // ---- following the conversation

  async function subscribe() {
    subscribed = false;
    const afterSeq = model.me == null ? null : model.top;
    try {
      const result = await connection.request(afterSeq == null ? { type: 'chat.subscribe' } : { type: 'chat.subscribe', afterSeq });
      model.subscribed(result, afterSeq);
      subscribed = true;
      lostWhileAway = afterSeq != null && result.recovered === false;
      let more = afterSeq != null && result.more;
      while (more) {
        const page = await connection.request({ type: 'chat.history', afterSeq: model.top, limit: 100 });
        model.add(page.messages);
        more = page.more;
      }
      render();
      resendPending();
      scheduleMark();
      askPresence();
    } catch (error) {
      showError(error);
    }
  }

  // Who is there now: asked after subscribing and every PRESENCE_MS while the panel is open. The
  // answer says only who is online now; nobody is told when anyone was last there.
  async function askPresence() {
    clearTimeout(presenceTimer);
    try {
      presence = await connection.request({ type: 'chat.presence' });
      render();
    } catch {
      // not now (reconnecting): the next round asks again
    }
    presenceTimer = later(askPresence, PRESENCE_MS);
  }

  function presenceLine(forTeam) {
    if (!presence) {
      return null;
    }
    if (forTeam) {
      const others = (presence.online ?? []).filter((id) => id !== model.me)
        .map((id) => model.members.get(id)).filter(Boolean)
        .map((m) => m.name || t(`role.${m.role}`));
      return paragraphOf('chat-online', others.length ? fill(t('chat.onlineNow'), { names: others.join(', ') }) : t('chat.nobodyOnline'));
    }
    if (presence.teamOnline === true) {
      return paragraphOf('chat-team-online', t('chat.teamOnline'));
    }
    if (presence.teamOnline === false) {
      return paragraphOf('chat-team-offline', t('chat.teamOffline'));
    }
    return null;
  }

  // After (re)subscribing, everything not yet acked goes again: the idempotency key makes sure
  // the server stores each message once, however many times it is sent.
  function resendPending() {
    for (const [key, item] of model.pending) {
      transmit(key, item.text);
    }
  }

  function online() {
    return subscribed && connection.socket != null && connection.socket.readyState === WebSocket.OPEN;
  }

  const handlers = {
    welcome: () => subscribe(),
    reconnecting: () => {
      subscribed = false;
      for (const item of model.pending.values()) {
        item.state = 'waiting';
      }
      render();
    },
    'chat.message': ({ detail }) => {
      // Writing marks everything up to the message read: its writer's receipts are its seq.
      model.receipt(detail.message.sender.memberId, detail.message.seq, detail.message.seq);
      const added = model.add([detail.message]);
      if (added.length > 0) {
        ui.typing.textContent = '';
        render();
        scheduleMark();
        askPresence(); // someone wrote: they may have just come
      }
    },
    'chat.receipt': ({ detail }) => {
      model.receipt(detail.memberId, detail.deliveredSeq, detail.readSeq);
      render();
      if (detail.memberId !== model.me) {
        askPresence(); // someone read: they are there
      }
    },
    'chat.typing': ({ detail }) => {
      ui.typing.textContent = fill(t('chat.typing'), { name: detail.name || t(`role.${detail.role}`) });
      clearTimeout(typingTimer);
      typingTimer = later(() => { ui.typing.textContent = ''; }, detail.expiresInMs);
    },
    'chat.updated': ({ detail }) => {
      model.conversationChanged(detail.conversation);
      render();
    },
    'chat.revoked': ({ detail }) => {
      revoked = true;
      ui.state.textContent = t(`chat.revoked.${detail.reason}`);
      ui.state.hidden = false;
      render();
    },
  };
  for (const [type, handler] of Object.entries(handlers)) {
    connection.addEventListener(type, handler);
  }
  const onVisibility = () => scheduleMark();
  document.addEventListener('visibilitychange', onVisibility);

  // ---- receipts

  function scheduleMark() {
    if (markTimer != null || !subscribed) {
      return;
    }
    markTimer = later(() => {
      markTimer = null;
      const read = visible() ? model.top : null;
      if (model.top <= model.myDelivered && (read == null || read <= model.myRead)) {
        return;
      }
      const mark = { type: 'chat.mark', deliveredSeq: model.top };
      if (read != null) {
        mark.readSeq = read;
      }
      connection.request(mark).then((result) => {
        model.myDelivered = result.deliveredSeq;
        model.readUpTo(result.readSeq);
        updateBadge();
      }, () => {});
    }, MARK_EVERY_MS);
  }

  // ---- writing

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.input.value;
    if (text.trim() === '') {
      showError({ code: 'message_empty' });
      return;
    }
    if ([...text].length > MAX_CHARS) {
      showError({ code: 'message_too_long' });
      return;
    }
    const key = crypto.randomUUID();
    model.pending.set(key, { text, state: 'sending' });
    ui.input.value = '';
    updateCount();
    render();
    transmit(key, text);
    ui.input.focus();
  });

  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });

  ui.input.addEventListener('input', () => {
    updateCount();
    const now = Date.now();
    if (subscribed && now - lastTyping > TYPING_EVERY_MS && ui.input.value.trim() !== '') {
      lastTyping = now;
      connection.request({ type: 'chat.typing' }).catch(() => {});
    }
  });

  function transmit(key, text) {
    const item = model.pending.get(key);
    if (!item) {
      return;
    }
    if (!online()) {
      item.state = 'waiting'; // sent as soon as the connection is back
      return;
    }
    item.state = 'sending';
    connection.request({ type: 'chat.send', idempotencyKey: key, text }).then((result) => {
      model.pending.delete(key);
      model.add([result.message]);
      model.readUpTo(result.message.seq);
      ui.error.textContent = '';
      render();
    }, (error) => {
      if (error.code === 'outcome_unknown') {
        // The server could not learn whether it was stored (or no reply came): the same key again
        // finds out, and stores it once at most. Never shown as "not sent".
        item.state = 'checking';
        item.tries = (item.tries || 0) + 1;
        later(() => transmit(key, text), Math.min(15000, 1000 * 2 ** Math.min(item.tries - 1, 4)));
      } else if (error.code === 'unavailable') {
        // The connection closed (resent after the reconnect), or the server cannot take it just now.
        item.state = 'waiting';
        later(() => transmit(key, text), error.retryAfterMs || 2000);
      } else if (error.code === 'rate_limited') {
        item.state = 'waiting';
        showError(error);
        later(() => transmit(key, text), error.retryAfterMs || 2000);
      } else {
        model.pending.delete(key);
        if (ui.input.value === '') {
          ui.input.value = text; // give the text back so nothing written is lost
          updateCount();
        }
        showError(error);
      }
      render();
    });
  }

  function showError(error) {
    const key = `chat.error.${error.code}`;
    ui.error.textContent = t(key) !== key ? t(key) : t('chat.error.other');
  }

  function updateCount() {
    const used = [...ui.input.value].length;
    ui.count.textContent = used > MAX_CHARS * 0.8 ? fill(t('chat.count'), { count: used, max: MAX_CHARS }) : '';
  }

  // ---- showing

  ui.older.addEventListener('click', async () => {
    const oldest = model.oldestLoaded();
    if (oldest == null) {
      return;
    }
    ui.older.disabled = true;
    try {
      model.olderPage(await connection.request({ type: 'chat.history', beforeSeq: oldest, limit: 50 }));
      render();
    } catch (error) {
      showError(error);
    } finally {
      ui.older.disabled = false;
    }
  });

  function render() {
    const conversation = model.conversation;
    if (conversation && options.onConversation) {
      options.onConversation(conversation, model.me);
    }
    const mine = model.members.get(model.me);
    const forTeam = mine != null && mine.role === 'therapist';
    const told = conversation ? renderExpectations(conversation.expectations, forTeam) : [];
    const here = presenceLine(forTeam);
    if (here) {
      // Next to the reply-time promise: whether the answer may come now.
      told.splice(told.length > 0 && told[0].classList.contains('chat-expect-reply') ? 1 : 0, 0, here);
    }
    ui.expectations.replaceChildren(...told);
    const closed = model.isClosed();
    if (closed && !revoked) {
      ui.state.textContent = t('chat.closed');
    }
    ui.state.hidden = !(closed || revoked);
    ui.input.disabled = closed || revoked;
    ui.send.disabled = closed || revoked;
    ui.older.hidden = !model.moreOlder;
    // Say plainly why the history starts where it does: retention removed the older messages, or
    // (session chat) the reader joined later.
    const oldest = model.oldestLoaded();
    const atStart = !model.moreOlder && (oldest == null || oldest === model.historyStart);
    const trimmed = conversation != null && model.historyStart > 1 && atStart;
    const byRetention = conversation != null && conversation.purgedThroughSeq + 1 >= model.historyStart;
    ui.notice.hidden = !(trimmed || lostWhileAway);
    ui.notice.textContent = byRetention || lostWhileAway ? t('chat.purged') : t('chat.notVisible');
    const items = model.sorted();
    const lastMine = [...items].reverse().find((m) => model.isMine(m));
    const rows = items.map((m) => renderMessage(m, model, m === lastMine ? model.statusOf(m) : null));
    for (const [key, item] of model.pending) {
      rows.push(renderMessage({ pendingKey: key, text: item.text }, model, { state: item.state }));
    }
    if (rows.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'chat-empty';
      empty.textContent = subscribed ? t('chat.empty') : t('chat.loading');
      rows.push(empty);
    }
    const atBottom = ui.scroller.scrollHeight - ui.scroller.scrollTop - ui.scroller.clientHeight < 40;
    ui.log.replaceChildren(...rows);
    if (atBottom) {
      ui.scroller.scrollTop = ui.scroller.scrollHeight;
    }
    updateBadge();
  }

  function updateBadge() {
    const count = model.unread();
    const label = count === 1 ? t('chat.unreadOne') : fill(t('chat.unread'), { count });
    if (options.badge) {
      options.badge.textContent = count > 99 ? '99+' : String(count);
      options.badge.hidden = count === 0;
      options.badge.setAttribute('aria-label', label);
    }
    if (options.onUnread) {
      options.onUnread(count);
    }
  }

  render();
  if (options.joined) {
    subscribe();
  }
  return {
    unmount() {
      for (const [type, handler] of Object.entries(handlers)) {
        connection.removeEventListener(type, handler);
      }
      document.removeEventListener('visibilitychange', onVisibility);
      timers.forEach(clearTimeout);
      connection.request({ type: 'chat.unsubscribe' }).catch(() => {});
      container.replaceChildren();
    },
    unread: () => model.unread(),
    focus: () => ui.input.focus(),
    /** Call when the page shows a panel it had hidden: what is on screen now counts as read. */
    shown: () => scheduleMark(),
    /** Re-renders in the current language (after the language switch). */
    refresh() {
      ui.relabel();
      render();
    },
  };
}
