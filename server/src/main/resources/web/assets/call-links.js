// How media flows in the call, as samtal describes it in `call` (docs/protocol.md, "Calls of
// many"): peer connections to each other person (p2p, mesh: MeshLinks) or one connection to the
// bridge (BridgeCall). This follows each description, keeps what did not change, and says who is
// speaking. What to send, and to whom, is the owner's (the call screen's) to say.

import { PeerCall } from './peer.js';
import { BridgeCall } from './bridge-call.js';
import { MeshLinks } from './mesh.js';
import { LevelSpeaker } from './speaker.js';

/** Signals that came before the connection they are for (an offer just ahead of its `call`): kept a moment. */
const EARLY_SIGNALS = 64;
/** The most video sent on each peer connection of a mesh (bits per second): the same picture goes out to each. */
const MESH_VIDEO_BITRATE = 500000;

export class CallLinks {
  /**
   * @param connection the SamtalConnection
   * @param owner      the call screen: outgoing(), videoTrack(), sendsVideoTo(peer), sendsVideo(),
   *                   sendsAudio(), receivesVideo(), reachable(peer), onStream(participant, stream),
   *                   onSpeaker(participant), onQuality(quality, source), changed(), rejoin()
   * @param options    { relayOnly }
   */
  constructor(connection, owner, { relayOnly }) {
    this.connection = connection;
    this.owner = owner;
    this.relayOnly = relayOnly;
    this.iceServers = [];
    this.view = null;
    this.bridge = null;
    this.switching = false;
    this.early = [];
    this.mesh = new MeshLinks((link) => this.makePeerCall(link));
    this.levels = new LevelSpeaker(() => this.mesh.levels(), (id) => owner.onSpeaker(id));
  }

  get topology() {
    return this.view?.topology ?? null;
  }

  /**
   * Follows samtal's description of the call ({ topology, members, links, bridge }). With
   * {@code negotiateKept} (the first description after a reconnect), kept peer connections without
   * a working path negotiate again.
   */
  follow(view, negotiateKept) {
    const before = this.view?.topology ?? null;
    const changed = before !== null && before !== view.topology;
    this.view = view;
    if (view.topology === 'bridge') {
      if (this.mesh.size > 0) {
        this.switching = true;
        this.mesh.closeAll().forEach((peer) => this.owner.onStream(peer, null));
        this.levels.stop();
        this.owner.onSpeaker(null); // the bridge says who speaks from now on
      }
      this.followBridge(view.bridge ?? { state: 'connecting' });
    } else {
      if (this.bridge) {
        this.switching = true;
        this.closeBridge();
      }
      const had = new Set(this.mesh.calls.keys());
      const recovering = new Set(this.mesh.all().filter((call) => call.recovering).map((call) => call.peerId));
      const { made, kept, closed } = this.mesh.reconcile(view.links ?? []);
      closed.forEach((peer) => this.owner.onStream(peer, null));
      // A link made anew because the old one was stuck is still being recovered until it connects.
      made.forEach((call) => {
        call.recovering = recovering.has(call.peerId);
      });
      // Back to two from more: the pair gets a fresh connection of its own, "kopplar om" meanwhile.
      this.switching ||= changed && made.some((call) => had.has(call.peerId));
      kept.forEach((call) => this.reach(call, negotiateKept));
      made.forEach((call) => this.reach(call, false));
      if (this.mesh.size > 0) {
        this.levels.start();
      } else {
        this.levels.stop();
      }
    }
    this.settle();
    this.applySending();
  }

  followBridge(bridge) {
    if (this.bridge && (this.bridge.epoch !== bridge.epoch || bridge.state === 'unavailable')) {
      this.closeBridge();
    }
    if (bridge.state === 'ready' && !this.bridge) {
      this.bridge = this.makeBridgeCall(bridge);
      this.deliverEarly();
    }
  }

  /** A signal from a peer or from the bridge, for the connection of its epoch. */
  receive(signal) {
    if (signal.from === 'bridge' ? this.bridge?.epoch === signal.epoch : this.mesh.get(signal.from)?.epoch === signal.epoch) {
      (signal.from === 'bridge' ? this.bridge : this.mesh).receive(signal);
      return;
    }
    this.early.push(signal);
    if (this.early.length > EARLY_SIGNALS) {
      this.early.shift();
    }
  }

  deliverEarly() {
    const waiting = this.early;
    this.early = [];
    for (const signal of waiting) {
      const target = signal.from === 'bridge' ? this.bridge : this.mesh.get(signal.from);
      if (target && target.epoch === signal.epoch) {
        target.receive(signal);
      } else if (target === null || target === undefined || signal.epoch > target.epoch) {
        this.early.push(signal); // perhaps for a connection still to come
      }
    }
  }

  makePeerCall(link) {
    const call = new PeerCall(this.connection, { peerId: link.peer, polite: link.polite, epoch: link.epoch },
      this.iceServers, this.owner.outgoing(), { relayOnly: this.relayOnly });
    call.recovering = false;
    call.addEventListener('remote', ({ detail }) => this.owner.onStream(link.peer, detail));
    call.addEventListener('state', ({ detail }) => {
      if (detail === 'connected') {
        call.recovering = false;
        call.limitVideo(this.mesh.size > 1 ? MESH_VIDEO_BITRATE : null);
      }
      this.settle();
      this.owner.changed();
    });
    call.addEventListener('recovering', () => {
      call.recovering = true;
      this.owner.changed();
    });
    call.addEventListener('stuck', () => {
      // Still no path after an ICE restart: a new epoch, fresh peer connections on both sides.
      call.recovering = true;
      this.owner.changed();
      this.owner.rejoin();
    });
    call.addEventListener('quality', ({ detail }) => this.owner.onQuality(detail, link.peer));
    queueMicrotask(() => this.deliverEarly());
    return call;
  }

  makeBridgeCall(bridge) {
    const call = new BridgeCall(this.connection, bridge, this.iceServers, this.owner.outgoing(), {
      sendAudio: this.owner.sendsAudio(), sendVideo: this.owner.sendsVideo(), receiveVideo: this.owner.receivesVideo(),
      relayOnly: this.relayOnly,
    });
    call.addEventListener('track', ({ detail }) => this.owner.onStream(detail.participantId, detail.stream));
    call.addEventListener('speaker', ({ detail }) => this.owner.onSpeaker(detail));
    call.addEventListener('state', () => {
      this.settle();
      this.owner.changed();
    });
    call.addEventListener('stuck', () => this.owner.rejoin());
    call.addEventListener('quality', ({ detail }) => this.owner.onQuality(detail, 'bridge'));
    return call;
  }

  closeBridge() {
    if (this.bridge) {
      this.bridge.close();
      this.bridge = null;
      this.view?.members?.forEach((id) => this.owner.onStream(id, null));
      this.owner.onSpeaker(null); // the bridge said who spoke; nobody says it now
    }
  }

  /** "Kopplar om" ends when every connection of the new way is up. */
  settle() {
    const pcs = this.connections();
    if (this.switching && pcs.length > 0 && pcs.every((pc) => pc.connectionState === 'connected')) {
      this.switching = false;
    }
  }

  connections() {
    return this.bridge ? [this.bridge.pc] : this.mesh.all().map((call) => call.pc);
  }

  /** Brings what goes out on every connection in line with what the owner says. */
  applySending() {
    const video = this.owner.videoTrack();
    const cap = this.mesh.size > 1 ? MESH_VIDEO_BITRATE : null;
    for (const call of this.mesh.all()) {
      call.replaceTrack('video', this.owner.sendsVideoTo(call.peerId) ? video : null).catch(() => {});
      call.limitVideo(cap);
    }
    if (this.bridge) {
      this.bridge.setSending({ audio: this.owner.sendsAudio(), video: this.owner.sendsVideo() }).catch(() => {});
      this.bridge.receiveVideo(this.owner.receivesVideo());
    }
  }

  /** Another camera or microphone. */
  async replaceTrack(kind, track) {
    for (const call of this.mesh.all()) {
      if (kind === 'audio' || this.owner.sendsVideoTo(call.peerId)) {
        await call.replaceTrack(kind, track);
      }
    }
    await this.bridge?.replaceTrack(kind, track);
  }

  /** Pauses a peer connection's watch while signals cannot reach its peer; with {@code negotiate}, a fresh offer. */
  reach(call, negotiate) {
    if (!this.owner.reachable(call.peerId)) {
      call.hold();
    } else if (call.held || negotiate) {
      call.peerBack(negotiate);
    }
  }

  reachAll(negotiate) {
    this.mesh.all().forEach((call) => this.reach(call, negotiate));
  }

  reachPeer(peer, negotiate) {
    const call = this.mesh.get(peer);
    if (call) {
      this.reach(call, negotiate);
    }
  }

  /** A network change: new ICE candidates on every peer connection that can negotiate now. */
  restartIce() {
    for (const call of this.mesh.all()) {
      if (this.owner.reachable(call.peerId)) {
        call.restartIce();
      }
    }
  }

  setIceServers(iceServers) {
    this.iceServers = iceServers;
    for (const pc of this.connections()) {
      pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
    }
  }

  /** What the banner needs to know. */
  status() {
    const pcs = this.connections();
    const states = pcs.map((pc) => pc.connectionState);
    return {
      any: pcs.length > 0,
      recovering: this.mesh.all().some((call) => call.recovering),
      bridge: this.topology === 'bridge' ? this.view.bridge?.state ?? 'connecting' : null,
      switching: this.switching,
      lost: states.some((state) => state === 'disconnected' || state === 'failed'),
      connecting: states.length > 0 && states.every((state) => state === 'new' || state === 'connecting'),
    };
  }

  /** Whether the connection carrying a person's media is up ('connected'), coming ('connecting') or not ours to say (null). */
  linkState(peer) {
    const call = this.mesh.get(peer);
    if (!call) {
      return null;
    }
    return call.pc.connectionState === 'connected' ? 'connected' : 'connecting';
  }

  /** The read-out for tests and support; null while there is no connection. */
  summary() {
    if (this.bridge) {
      return this.bridge.summary();
    }
    return this.mesh.size > 0 ? this.mesh.summary(this.topology) : Promise.resolve(null);
  }

  close() {
    this.mesh.closeAll();
    this.closeBridge();
    this.levels.stop();
    this.view = null;
    this.switching = false;
    this.early = [];
  }
}
