// One RTCPeerConnection to the other person in the call, with the "perfect negotiation" pattern
// (https://www.w3.org/TR/webrtc/#perfect-negotiation-example): samtal tells each side whether it
// is polite, so offers that cross are resolved without glare. ICE is restarted when the network
// changes or after a reconnect.

const QUALITY_EVERY_MS = 3000;

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
    this.closed = false;
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
    this.pc.addEventListener('negotiationneeded', () => this.negotiate());
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate) {
        this.signal({ candidate: candidate.toJSON() });
      }
    });
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());
    this.qualityTimer = setInterval(() => this.measure(), QUALITY_EVERY_MS);
  }

  async negotiate() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.signal({ description: { type: this.pc.localDescription.type, sdp: this.pc.localDescription.sdp } });
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
        const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) {
          return;
        }
        await this.pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.signal({ description: { type: this.pc.localDescription.type, sdp: this.pc.localDescription.sdp } });
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

  signal(payload) {
    this.connection.request({ type: 'signal', to: this.peerId, epoch: this.epoch, ...payload }).catch(() => {
      // the peer is reconnecting or the epoch moved on: the next negotiation carries what matters
    });
  }

  /** After a network change or a reconnect: new ICE candidates on the same connection. */
  restartIce() {
    if (!this.closed) {
      this.pc.restartIce();
    }
  }

  onConnectionState() {
    const state = this.pc.connectionState;
    this.emit('state', state);
    if (state === 'failed') {
      this.restartIce();
    }
  }

  /** Replaces the outgoing track of a kind (another camera or microphone), or stops sending it (null). */
  async replaceTrack(kind, track) {
    const sender = this.senders.get(kind);
    if (sender) {
      await sender.replaceTrack(track);
    }
  }

  /** A rough quality hint from round-trip time and packet loss. */
  async measure() {
    if (this.closed || this.pc.connectionState !== 'connected') {
      return;
    }
    const stats = await this.pc.getStats();
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
    const quality = rtt > 0.6 || loss > 0.1 ? 'bad' : rtt > 0.3 || loss > 0.03 ? 'poor' : 'good';
    this.emit('quality', quality);
  }

  /** Connection state, decoded video frames, the kind of path in use (host, srflx, relay) and our role. */
  async summary() {
    const stats = await this.pc.getStats();
    const result = { state: this.pc.connectionState, framesDecoded: 0, localCandidateType: null, polite: this.polite };
    const byId = new Map();
    stats.forEach((report) => byId.set(report.id, report));
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') {
        result.framesDecoded += report.framesDecoded || 0;
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
    clearInterval(this.qualityTimer);
    this.pc.close();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
