// The samtal WebSocket protocol for browsers: hello, requests with acks, events, and reconnects
// with the resume token so that a dropped network is a pause, not a goodbye.

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];
// Close codes after which reconnecting would fail the same way (docs/protocol.md).
const FINAL_CLOSE_CODES = new Set([1000, 4000, 4001, 4008, 4010, 4011, 4012]);
const RESUME_KEY = 'samtal.resume';

export class SamtalConnection extends EventTarget {
  constructor(joinToken) {
    super();
    this.joinToken = joinToken;
    this.nextId = 1;
    this.pending = new Map();
    this.lastSeq = null;
    this.attempt = 0;
    this.closedForGood = false;
    this.resume = loadResume(joinToken);
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    this.socket = socket;
    socket.addEventListener('open', () => this.sayHello());
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(event));
  }

  sayHello() {
    const hello = this.resume
      ? { type: 'hello', resume: this.resume, lastSeq: this.lastSeq ?? undefined, client: 'samtal-web' }
      : { type: 'hello', token: this.joinToken, client: 'samtal-web' };
    this.request(hello).then((welcome) => {
      this.attempt = 0;
      this.keepResume(welcome.resumeToken);
      this.lastSeq = welcome.seq;
      this.startHeartbeat(welcome.heartbeatSeconds);
      this.emit('welcome', welcome);
    }).catch((error) => {
      if (this.resume && this.joinToken && error.code !== 'session_ended' && error.code !== 'session_cancelled') {
        // The resume token is no longer good (expired): the server closes; try the link instead.
        this.resume = null;
        this.retryWithLink = true;
        forgetResume();
        return;
      }
      this.closedForGood = true;
      this.emit('refused', error);
    });
  }

  request(message) {
    const id = `w${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
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
    for (const { reject } of this.pending.values()) {
      reject({ code: 'unavailable', message: 'connection closed' });
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
    setTimeout(() => this.connect(), delay);
  }

  startHeartbeat(seconds) {
    clearInterval(this.heartbeat);
    // Browsers answer server pings on their own but cannot see them; this ping lets us notice a
    // dead connection (its ack never comes) and keeps proxies from idling the socket out.
    this.heartbeat = setInterval(() => {
      const timer = setTimeout(() => this.socket.close(4999, 'no answer'), seconds * 1000);
      this.request({ type: 'ping' }).then(() => clearTimeout(timer), () => clearTimeout(timer));
    }, seconds * 1000);
  }

  keepResume(token) {
    this.resume = token;
    try {
      sessionStorage.setItem(RESUME_KEY, JSON.stringify({ token, link: fingerprint(this.joinToken) }));
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

// A reload of the page reuses the resume token, so single-use links survive F5.
function loadResume(joinToken) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(RESUME_KEY) || 'null');
    return saved && saved.link === fingerprint(joinToken) ? saved.token : null;
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
