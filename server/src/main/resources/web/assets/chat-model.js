// What the chat panel knows about one conversation: messages by sequence number, members and
// their receipts, what this member has read, and messages still on their way. No DOM here.

export class ChatModel {
  constructor() {
    this.conversation = null;
    this.me = null;
    this.messages = new Map(); // seq -> message view
    this.members = new Map(); // memberId -> member view (with deliveredSeq, readSeq)
    this.pending = new Map(); // idempotencyKey -> { text, state: 'sending' | 'waiting' | 'checking' }
    this.top = 0; // every message up to here (from where we started) is loaded
    this.historyStart = 1;
    this.moreOlder = false;
    this.myRead = 0;
    this.myDelivered = 0;
    this.unseenOlderUnread = 0;
  }

  /** Takes the answer to chat.subscribe. afterSeq: what was asked for (null: the newest page). */
  subscribed(result, afterSeq) {
    this.conversationChanged(result.conversation);
    this.me = result.memberId;
    this.myRead = Math.max(this.myRead, result.readSeq);
    this.myDelivered = Math.max(this.myDelivered, result.deliveredSeq);
    this.historyStart = result.historyStart;
    if (afterSeq == null) {
      this.messages.clear();
      this.moreOlder = result.more;
      this.top = result.conversation.lastSeq;
    } else {
      this.top = Math.max(afterSeq, result.historyStart - 1);
    }
    this.add(result.messages);
    const loadedUnread = this.othersAfter(this.myRead);
    this.unseenOlderUnread = Math.max(0, result.unread - loadedUnread);
  }

  conversationChanged(view) {
    this.conversation = view;
    this.members.clear();
    for (const member of view.members) {
      this.members.set(member.memberId, member);
    }
  }

  /** Adds messages (from a page, an event or an ack); returns those that were new. */
  add(list) {
    const added = [];
    for (const message of list) {
      if (!this.messages.has(message.seq)) {
        this.messages.set(message.seq, message);
        added.push(message);
      }
      if (message.idempotencyKey) {
        this.pending.delete(message.idempotencyKey);
      }
    }
    while (this.messages.has(this.top + 1)) {
      this.top += 1;
    }
    return added;
  }

  olderPage(page) {
    this.moreOlder = page.more;
    this.historyStart = page.historyStart;
    this.add(page.messages);
  }

  oldestLoaded() {
    let oldest = null;
    for (const seq of this.messages.keys()) {
      oldest = oldest == null || seq < oldest ? seq : oldest;
    }
    return oldest;
  }

  sorted() {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  receipt(memberId, deliveredSeq, readSeq) {
    const member = this.members.get(memberId);
    if (member) {
      member.deliveredSeq = Math.max(member.deliveredSeq, deliveredSeq);
      member.readSeq = Math.max(member.readSeq, readSeq);
    }
    if (memberId === this.me) {
      this.readUpTo(readSeq);
      this.myDelivered = Math.max(this.myDelivered, deliveredSeq);
    }
  }

  readUpTo(seq) {
    if (seq > this.myRead) {
      this.myRead = seq;
      this.unseenOlderUnread = 0;
    }
  }

  othersAfter(seq) {
    let count = 0;
    for (const message of this.messages.values()) {
      if (message.seq > seq && message.sender.memberId !== this.me) {
        count += 1;
      }
    }
    return count;
  }

  unread() {
    return this.othersAfter(this.myRead) + this.unseenOlderUnread;
  }

  isMine(message) {
    return message.sender.memberId === this.me;
  }

  /** How far one of my messages has come: 'sent', 'delivered', or 'read' with who read it. */
  statusOf(message) {
    const readers = [];
    let delivered = false;
    for (const member of this.members.values()) {
      if (member.memberId === this.me) {
        continue;
      }
      if (member.readSeq >= message.seq) {
        readers.push(member);
      } else if (member.deliveredSeq >= message.seq) {
        delivered = true;
      }
    }
    if (readers.length > 0) {
      return { state: 'read', readers };
    }
    return { state: delivered ? 'delivered' : 'sent', readers };
  }

  isClosed() {
    return this.conversation != null && this.conversation.status === 'closed';
  }
}
