// The peer connections of a call without a bridge: one PeerCall (peer.js) per link samtal lists in
// `call` (docs/protocol.md, "Calls of many"), keyed by the peer. Two people are a mesh of one link.
//
// Reconciling with samtal's list: a link with a new epoch is closed and made again, a peer no longer
// listed is closed, an unchanged link is kept as it is (its media keeps flowing while others come
// and go).

import { receivedLevel } from './speaker.js';

export class MeshLinks {
  /** @param makeCall (link) → a new PeerCall for { peer, polite, epoch } */
  constructor(makeCall) {
    this.makeCall = makeCall;
    this.calls = new Map();
  }

  /**
   * Makes the peer connections match {@code links}. Returns which were made anew, which were kept
   * (the caller negotiates again on kept ones after a reconnect) and the peers whose connection closed.
   */
  reconcile(links) {
    const wanted = new Map(links.map((link) => [link.peer, link]));
    const closed = [];
    for (const [peer, call] of this.calls) {
      const link = wanted.get(peer);
      if (!link || link.epoch !== call.epoch) {
        call.close();
        this.calls.delete(peer);
        closed.push(peer);
      }
    }
    const made = [];
    const kept = [];
    for (const link of links) {
      const call = this.calls.get(link.peer);
      if (call) {
        kept.push(call);
      } else {
        const fresh = this.makeCall(link);
        this.calls.set(link.peer, fresh);
        made.push(fresh);
      }
    }
    return { made, kept, closed };
  }

  /** A signal from a peer, for that peer's connection (an older epoch's is dropped by the PeerCall). */
  receive(signal) {
    this.calls.get(signal.from)?.receive(signal);
  }

  get(peer) {
    return this.calls.get(peer) ?? null;
  }

  get size() {
    return this.calls.size;
  }

  all() {
    return [...this.calls.values()];
  }

  /** Closes every peer connection; returns whose they were. */
  closeAll() {
    const closed = [...this.calls.keys()];
    for (const call of this.calls.values()) {
      call.close();
    }
    this.calls.clear();
    return closed;
  }

  /** The level of what each peer's connection plays now, for the speaker highlight. */
  levels() {
    const levels = new Map();
    for (const [peer, call] of this.calls) {
      if (!call.closed && call.pc.connectionState === 'connected') {
        levels.set(peer, receivedLevel(call.pc));
      }
    }
    return levels;
  }

  /**
   * What the page reads out for tests and support (nothing personal): per peer, frames decoded and
   * audio packets received; with one link, that link's state, epoch, role and path, as a call of
   * two always had.
   */
  async summary(topology) {
    const entries = await Promise.all(this.all().map(async (call) => [call.peerId, await call.summary()]));
    const result = {
      topology, state: 'new', framesDecoded: 0, framesEncoded: 0, byParticipant: {}, audioPacketsByParticipant: {},
      links: {}, epoch: null, polite: null, localCandidateType: null,
    };
    for (const [peer, one] of entries) {
      result.framesDecoded += one.framesDecoded;
      result.framesEncoded += one.framesEncoded;
      result.byParticipant[peer] = one.framesDecoded;
      result.audioPacketsByParticipant[peer] = one.audioPacketsReceived;
      result.links[peer] = { state: one.state, epoch: one.epoch, polite: one.polite, localCandidateType: one.localCandidateType };
    }
    if (entries.length === 1) {
      Object.assign(result, entries[0][1], { topology, byParticipant: result.byParticipant,
        audioPacketsByParticipant: result.audioPacketsByParticipant, links: result.links });
    } else if (entries.length > 1) {
      const states = entries.map(([, one]) => one.state);
      result.state = states.every((state) => state === 'connected') ? 'connected'
        : states.find((state) => state !== 'connected');
    }
    return result;
  }
}
