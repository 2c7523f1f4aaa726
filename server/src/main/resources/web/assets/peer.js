// One RTCPeerConnection to the other person in the call, with the "perfect negotiation" pattern
// (https://www.w3.org/TR/webrtc/#perfect-negotiation-example): samtal tells each side whether it
// is polite, so offers that cross are resolved without glare. ICE is restarted when the network
// changes or after a reconnect, and a connection that does not get through recovers by itself.

const QUALITY_EVERY_MS = 3000;
/**
 * How long a peer connection may be without a working path (not "connected": never connected
 * yet, or dropped) before it is helped along. After one bound it restarts ICE with a fresh offer
 * (a local offer nobody answered is rolled back first); after a second bound it reports 'stuck'
 * and its owner starts a new epoch. The polite side waits half a bound longer before that second
 * step, so the two do not both ask for a new epoch at once.
 */
export const CONNECT_TIMEOUT_MS = 10000;

/**
 * A rough quality hint from a peer connection's stats: 'bad', 'poor' or 'good', by the nominated
 * pair's round-trip time and the packet loss of everything received.
 */
export function qualityOf(stats) {
  let rtt = 0;
  let lost = 0;
  let received = 0;
  stats.forEach((report) => {
    if (report.type === 'candidate-pair' && report.nominated && report.currentRoundTripTime) {
      rtt = report.currentRoundTripTime;
    }
    if (report.type === 'inbound-rtp') {
      lost += report.packetsLost || 0;
      received += report.packetsReceived || 0;
    }
  });
  const loss = received + lost > 0 ? lost / (received + lost) : 0;
  return rtt > 0.6 || loss > 0.1 ? 'bad' : rtt > 0.3 || loss > 0.03 ? 'poor' : 'good';
}

export class PeerCall extends EventTarget {
  /**
   * @param connection the SamtalConnection (signalling goes through samtal)
   * @param peer       { peerId, polite, epoch } from call.peer
   * @param iceServers from welcome / ice.servers
   * @param stream     the local MediaStream
   * @param options    { relayOnly } forces TURN (iceTransportPolicy 'relay')
   */
  constructor(connection, { peerId, polite, epoch }, iceServers, stream, options = {}) {
    super();
    this.connection = connection;
    this.peerId = peerId;
    this.polite = polite;
    this.epoch = epoch;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.settingRemoteAnswer = false;
    this.closed = false;
    this.held = false;
    // After an offer was refused, no new offer goes out by itself (it would be refused again, over
    // and over) until the peer is back or the watch says it is time.
    this.quiet = false;
    // The first offer of a new peer connection comes from the impolite side; the polite side answers.
    // When both offered at once, the polite side's rollback of its very first offer left Chromium
    // gathering no ICE candidates for its answer: both connections stayed "new" (one re-entry in
    // three in a test that reloads one side again and again). Later offers come from either side.
    this.waitingForFirstOffer = polite;
    this.overdueSteps = 0;
    this.watch = null;
    this.pc = new RTCPeerConnection({
      iceServers,
      iceTransportPolicy: options.relayOnly ? 'relay' : 'all',
    });
    this.remoteStream = new MediaStream();
    this.senders = new Map();
    for (const track of stream.getTracks()) {
      this.senders.set(track.kind, this.pc.addTrack(track, stream));
    }
    // Receive audio and video even when we send none (camera off, no camera at all).
    for (const kind of ['audio', 'video']) {
      if (!this.senders.has(kind)) {
        this.pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    this.pc.addEventListener('track', ({ track }) => {
      this.remoteStream.addTrack(track);
      this.emit('remote', this.remoteStream);
    });
    this.pc.addEventListener('negotiationneeded', () => {
      if (!this.waitingForFirstOffer) {
        this.offer();
      }
    });
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate) {
        this.signal({ candidate: candidate.toJSON() });
      }
    });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());
    this.qualityTimer = setInterval(() => this.measure(), QUALITY_EVERY_MS);
    this.startWatch();
  }

  async offer() {
    if (this.closed || this.quiet || this.makingOffer || this.pc.signalingState !== 'stable') {
      return;
    }
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      this.emit('problem', error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** A signal from the peer, relayed by samtal. */
  async receive({ epoch, description, candidate }) {
    if (this.closed || epoch !== this.epoch) {
      return; // for an older peer connection
    }
    try {
      if (description) {
        this.waitingForFirstOffer = false;
        // An answer being applied leaves 'have-local-offer' in a moment: an offer right behind it is no collision.
        const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
        const collision = description.type === 'offer' && !readyForOffer;
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) {
          return;
        }
        this.settingRemoteAnswer = description.type === 'answer';
        try {
          await this.pc.setRemoteDescription(description);
        } finally {
          this.settingRemoteAnswer = false;
        }
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.sendDescription();
        }
      } else if (candidate) {
        try {
          await this.pc.addIceCandidate(candidate);
        } catch (error) {
          if (!this.ignoreOffer) {
            throw error;
          }
        }
      }
    } catch (error) {
      this.emit('problem', error);
    }
  }

  sendDescription() {
    const { type, sdp } = this.pc.localDescription;
    this.signal({ description: { type, sdp } }).then((sent) => {
      if (!sent && type === 'offer') {
        // Refused (the peer is reconnecting, or the epoch moved on): nobody will answer this offer.
        // Take it back, so that the peer's next offer is not mistaken for a collision and ignored.
        this.quiet = true;
        this.rollbackUnanswered();
      }
    });
  }

  /** Sends a signal; resolves whether samtal relayed it. */
  signal(payload) {
    if (this.closed) {
      return Promise.resolve(false);
    }
    return this.connection.request({ type: 'signal', to: this.peerId, epoch: this.epoch, ...payload })
      .then(() => true, () => false);
  }

  async rollbackUnanswered() {
    if (!this.closed && this.pc.signalingState === 'have-local-offer' && !this.makingOffer) {
      try {
        await this.pc.setLocalDescription({ type: 'rollback' });
      } catch (error) {
        this.emit('problem', error);
      }
    }
  }

  /**
   * After a network change or a reconnect: negotiates afresh with new ICE candidates on the same
   * connection. An offer nobody answered is taken back first.
   */
  async restartIce() {
    if (this.closed) {
      return;
    }
    this.quiet = false;
    this.waitingForFirstOffer = false;
    await this.rollbackUnanswered();
    this.pc.restartIce();
    this.offer();
  }

  /** The peer is away from samtal (reconnecting): nothing can get through, so do not count the time. */
  hold() {
    this.held = true;
    this.stopWatch();
  }

  /**
   * Signals get through again (the peer is back, or we are). With {@code negotiate}, a connection
   * without a working path, or one whose offer was refused meanwhile, negotiates again at once.
   * The watch counts from now.
   */
  peerBack(negotiate) {
    this.held = false;
    this.overdueSteps = 0;
    this.stopWatch();
    if (negotiate && (this.pc.connectionState !== 'connected' || this.quiet)) {
      this.restartIce();
    }
    if (this.pc.connectionState !== 'connected') {
      this.startWatch();
    }
  }

  onConnectionState() {
    const state = this.pc.connectionState;
    this.emit('state', state);
    if (state === 'connected') {
      this.overdueSteps = 0;
      this.stopWatch();
    } else {
      this.startWatch();
      if (state === 'failed') {
        this.restartIce();
      }
    }
  }

  startWatch() {
    if (this.watch || this.closed || this.held) {
      return;
    }
    const extra = this.overdueSteps >= 1 && this.polite ? CONNECT_TIMEOUT_MS / 2 : 0;
    this.watch = setTimeout(() => {
      this.watch = null;
      this.overdue();
    }, CONNECT_TIMEOUT_MS + extra);
  }

  stopWatch() {
    clearTimeout(this.watch);
    this.watch = null;
  }

  async overdue() {
    if (this.closed || this.held || this.pc.connectionState === 'connected') {
      return;
    }
    this.overdueSteps += 1;
    if (this.overdueSteps === 1) {
      this.emit('recovering', 'ice-restart');
      await this.restartIce();
    } else {
      this.emit('stuck', this.pc.connectionState);
    }
    this.startWatch();
  }

  /** Replaces the outgoing track of a kind (another camera or microphone), or stops sending it (null). */
  async replaceTrack(kind, track) {
    const sender = this.senders.get(kind);
    if (sender && sender.track !== track && !this.closed) {
      await sender.replaceTrack(track);
    }
  }

  /**
   * Caps the bitrate of the video we send on this connection (in a mesh the same picture goes out
   * once per person, and a phone's uplink and encoder carry all of them); null lifts the cap.
   */
  async limitVideo(maxBitrate) {
    const sender = this.senders.get('video');
    if (!sender || this.closed) {
      return;
    }
    const parameters = sender.getParameters();
    const encoding = parameters.encodings?.[0];
    if (!encoding || (encoding.maxBitrate ?? null) === maxBitrate) {
      return; // not negotiated yet (done again once connected), or as wanted already
    }
    if (maxBitrate) {
      encoding.maxBitrate = maxBitrate;
    } else {
      delete encoding.maxBitrate;
    }
    await sender.setParameters(parameters).catch(() => {});
  }

  /** A rough quality hint from round-trip time and packet loss. */
  async measure() {
    if (this.closed || this.pc.connectionState !== 'connected') {
      return;
    }
    this.emit('quality', qualityOf(await this.pc.getStats()));
  }

  /**
   * Connection state, video frames decoded (received) and encoded (sent), audio packets received,
   * the kind of path in use (host, srflx, relay), our role and epoch.
   */
  async summary() {
    const stats = await this.pc.getStats();
    const result = {
      state: this.pc.connectionState, framesDecoded: 0, framesEncoded: 0, audioPacketsReceived: 0, localCandidateType: null,
      polite: this.polite, epoch: this.epoch,
    };
    const byId = new Map();
    stats.forEach((report) => byId.set(report.id, report));
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') {
        result.framesDecoded += report.framesDecoded || 0;
      }
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        result.audioPacketsReceived += report.packetsReceived || 0;
      }
      if (report.type === 'outbound-rtp' && report.kind === 'video') {
        result.framesEncoded += report.framesEncoded || 0;
      }
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        const pair = byId.get(report.selectedCandidatePairId);
        result.localCandidateType = pair ? byId.get(pair.localCandidateId)?.candidateType ?? null : null;
      }
    });
    return result;
  }

  close() {
    this.closed = true;
    this.stopWatch();
    clearInterval(this.qualityTimer);
    this.pc.close();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
