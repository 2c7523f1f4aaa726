// The samtal WebSocket protocol for browsers: hello, requests with acks, events, and reconnects
// with the resume token so that a dropped network is a pause, not a goodbye.

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
// When the browser says the network is back and the socket still looks open, a ping must be
// answered within this time, or the socket is taken for dead and replaced at once.
const ONLINE_PROBE_MS = 3000;
// Close codes after which reconnecting would fail the same way (docs/protocol.md).
const FINAL_CLOSE_CODES = new Set([1000, 4000, 4001, 4008, 4010, 4011, 4012]);
const RESUME_KEY = 'samtal.resume';
// A request that gets no reply within this time fails with 'outcome_unknown' (docs/protocol.md):
// whether it took effect is not known, and sending it again (a chat message with the same
// idempotency key) finds out. Longer than any answer that waits for the store or the audit trail.
// A page may set globalThis.SAMTAL_REQUEST_TIMEOUT_MS before this module loads (tests do).
const REQUEST_TIMEOUT_MS = Number(globalThis.SAMTAL_REQUEST_TIMEOUT_MS) || 30000;

export class SamtalConnection extends EventTarget {
  /**
   * @param joinToken the link's token, or '' when the page was reloaded (the link is gone from the
   *                  address bar): then the resume token this tab kept for this page is used
   */
  constructor(joinToken) {
    super();
    this.joinToken = joinToken;
    this.nextId = 1;
    this.pending = new Map();
    this.lastSeq = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.closedForGood = false;
    const saved = loadResume();
    this.link = joinToken ? fingerprint(joinToken) : saved?.link ?? '';
    this.resume = saved && saved.link === this.link ? saved.token : null;
    // The network is gone (no Wi-Fi, a tunnel): the socket is dead even if it does not know yet.
    // When it is back, reconnect now, not when the backoff says.
    window.addEventListener('offline', () => this.networkGone());
    window.addEventListener('online', () => this.networkBack());
  }

  /** Whether this tab kept a resume token for this page (a reload can go on without the link). */
  static canResume() {
    return loadResume() != null;
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    this.socket = socket;
    this.welcomed = false;
    // Only the current socket speaks: one given up for dead may still deliver its close late.
    socket.addEventListener('open', () => socket === this.socket && this.sayHello());
    socket.addEventListener('message', (event) => socket === this.socket && this.receive(event.data));
    socket.addEventListener('close', (event) => socket === this.socket && this.closed(event));
  }

  /**
   * Gives up on a socket that stopped answering. Closing a socket whose network is gone can take a
   * minute to report, so it is treated as closed now and a new one follows the usual backoff.
   */
  abandon(socket) {
    if (socket !== this.socket || socket.readyState === WebSocket.CLOSED) {
      return;
    }
    this.socket = null;
    try {
      socket.close(4999, 'no answer');
    } catch {
      // already closing
    }
    this.closed({ code: 4999, reason: 'no answer' });
  }

  sayHello() {
    const hello = this.resume
      ? { type: 'hello', resume: this.resume, lastSeq: this.lastSeq ?? undefined, client: 'samtal-web' }
      : { type: 'hello', token: this.joinToken, client: 'samtal-web' };
    this.request(hello).then((welcome) => {
      this.welcomed = true;
      this.attempt = 0;
      this.keepResume(welcome.resumeToken);
      this.lastSeq = welcome.seq;
      this.startHeartbeat(welcome.heartbeatSeconds);
      this.emit('welcome', welcome);
    }).catch((error) => {
      if (error.code === 'unavailable' || error.closed) {
        return; // the socket closed before the answer, or the server is going away: its close brings a retry
      }
      if (this.resume && this.joinToken && error.code !== 'session_ended' && error.code !== 'session_cancelled') {
        // The resume token is no longer good (expired): the server closes; try the link instead.
        this.resume = null;
        this.retryWithLink = true;
        forgetResume();
        return;
      }
      if (this.resume) {
        forgetResume(); // refused for good: a reload must not try it again
      }
      this.closedForGood = true;
      this.emit('refused', error);
    });
  }

  request(message) {
    const id = `w${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const open = this.socket && this.socket.readyState === WebSocket.OPEN;
      if (!open || (message.type !== 'hello' && !this.welcomed)) {
        // Nothing would carry it (or samtal would refuse it before the welcome, and close): say so at once.
        reject({ code: 'unavailable', message: 'not connected' });
        return;
      }
      const timer = setTimeout(() => {
        if (this.pending.get(id)?.timer === timer) {
          this.pending.delete(id);
          reject({ code: 'outcome_unknown', message: 'no reply' });
        }
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ ...message, id });
    });
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const waiting = message.id != null ? this.pending.get(message.id) : undefined;
    if (waiting && (message.type === 'ack' || message.type === 'welcome' || message.type === 'error')) {
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.type === 'error') {
        waiting.reject(message);
      } else {
        waiting.resolve(message.type === 'ack' ? message.result : message);
      }
      return;
    }
    if (message.type === 'resume.token') {
      this.keepResume(message.token);
      return;
    }
    if (typeof message.seq === 'number') {
      this.lastSeq = Math.max(this.lastSeq ?? 0, message.seq);
    }
    this.emit(message.type, message);
  }

  closed(event) {
    clearInterval(this.heartbeat);
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      // Closed before the reply: the server may have done it (docs/protocol.md, "What an outcome means").
      reject({ code: 'outcome_unknown', closed: true, message: 'connection closed' });
    }
    this.pending.clear();
    if (this.retryWithLink) {
      this.retryWithLink = false;
      this.connect();
      return;
    }
    if (this.closedForGood || FINAL_CLOSE_CODES.has(event.code)) {
      this.closedForGood = true;
      forgetResume();
      this.emit('ended', { code: event.code, reason: event.reason });
      return;
    }
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)];
    this.attempt += 1;
    this.emit('reconnecting', { code: event.code, inMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** The browser's {@code offline} event: stop waiting for a socket that cannot answer, and say so. */
  networkGone() {
    if (!this.closedForGood && this.socket) {
      this.abandon(this.socket);
    }
  }

  /**
   * The browser's {@code online} event. A reconnect waiting for its backoff goes now; a socket that
   * still looks open may have died with the network unnoticed, so it must answer a ping quickly.
   */
  networkBack() {
    if (this.closedForGood) {
      return;
    }
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) {
      if (!this.welcomed) {
        return; // saying hello: nothing else may be sent before the welcome
      }
      const timer = setTimeout(() => this.abandon(socket), ONLINE_PROBE_MS);
      this.request({ type: 'ping' }).then(() => clearTimeout(timer), () => clearTimeout(timer));
      return;
    }
    if (socket && socket.readyState === WebSocket.CONNECTING) {
      // An attempt begun while offline: start afresh on the network that is there now.
      this.socket = null;
      try {
        socket.close();
      } catch {
        // never opened
      }
    }
    this.attempt = 0;
    this.connect();
  }

  startHeartbeat(seconds) {
    clearInterval(this.heartbeat);
    // Browsers answer server pings on their own but cannot see them; this ping lets us notice a
    // dead connection (its ack never comes) and keeps proxies from idling the socket out.
    this.heartbeat = setInterval(() => {
      const socket = this.socket;
      const timer = setTimeout(() => this.abandon(socket), seconds * 1000);
      this.request({ type: 'ping' }).then(() => clearTimeout(timer), () => clearTimeout(timer));
    }, seconds * 1000);
  }

  keepResume(token) {
    this.resume = token;
    try {
      sessionStorage.setItem(RESUME_KEY, JSON.stringify({ token, link: this.link, page: location.pathname }));
    } catch {
      // storage may be unavailable (private mode); reconnects within this page still work
    }
  }

  leave() {
    this.closedForGood = true;
    return this.request({ type: 'leave' }).finally(forgetResume);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

// A reload of the page reuses the resume token, so single-use links survive F5. It is kept per
// tab (sessionStorage) and per page, with the end of the link it came from: opening another link
// in the tab starts afresh with that link.
function loadResume() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(RESUME_KEY) || 'null');
    return saved && saved.token && saved.page === location.pathname ? saved : null;
  } catch {
    return null;
  }
}

function forgetResume() {
  try {
    sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // nothing stored
  }
}

function fingerprint(token) {
  return token ? token.slice(-16) : '';
}
