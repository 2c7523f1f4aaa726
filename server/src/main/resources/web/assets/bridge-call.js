// The call through a Jitsi Videobridge: one RTCPeerConnection to the bridge. samtal writes the
// offers (docs/protocol.md, "Calls of many"): sections 0 and 1 carry our own audio and video both
// ways; every further section carries one source of someone else, its msid naming them. We answer
// each offer (again when someone joins or leaves), and keep the bridge channel (colibri-ws) open:
// it is where we ask for video at all (the bridge forwards none until we send
// ReceiverVideoConstraints) and where the bridge says who is speaking.

const GATHERING_MS = 2000;
const QUALITY_EVERY_MS = 3000;
const SPEAKER_HEIGHT = 720;
const OTHERS_HEIGHT = 360;

export class BridgeCall extends EventTarget {
  /**
   * @param connection the SamtalConnection (offers and answers go through samtal)
   * @param call       { epoch, channel } from the `call` event
   * @param iceServers from welcome / ice.servers
   * @param stream     the local MediaStream
   * @param options    { sendAudio, sendVideo, relayOnly }
   */
  constructor(connection, { epoch, channel }, iceServers, stream, options = {}) {
    super();
    this.connection = connection;
    this.epoch = epoch;
    this.channelUrl = channel;
    this.stream = stream;
    this.options = { sendAudio: true, sendVideo: true, ...options };
    this.closed = false;
    this.speaker = null;
    this.answering = Promise.resolve();
    this.pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: options.relayOnly ? 'relay' : 'all', bundlePolicy: 'max-bundle' });
    this.pc.addEventListener('track', ({ track, streams, transceiver }) => {
      const mid = Number(transceiver.mid);
      if (mid < 2 || !streams[0]) {
        return; // sections 0 and 1 carry the bridge's feedback, not a person
      }
      this.emit('track', { participantId: streams[0].id, track, stream: streams[0] });
    });
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && this.answered) {
        this.signal({ candidate: candidate.toJSON() }); // late ones; the answer carried those gathered in time
      }
    });
    this.pc.addEventListener('connectionstatechange', () => this.emit('state', this.pc.connectionState));
    this.qualityTimer = setInterval(() => this.measure(), QUALITY_EVERY_MS);
    this.openChannel();
  }

  /** An offer (or a candidate) from samtal for this epoch. Offers are answered one at a time, in order. */
  receive({ epoch, description }) {
    if (this.closed || epoch !== this.epoch || !description || description.type !== 'offer') {
      return;
    }
    this.answering = this.answering.then(() => this.answer(description)).catch((error) => this.emit('problem', error));
  }

  async answer(offer) {
    await this.pc.setRemoteDescription(offer);
    const [audio, video] = this.pc.getTransceivers().filter((t) => t.mid === '0' || t.mid === '1')
      .sort((a, b) => Number(a.mid) - Number(b.mid));
    await this.attach(audio, 'audio', this.options.sendAudio);
    await this.attach(video, 'video', this.options.sendVideo);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    this.answered = true;
    this.signal({ description: { type: 'answer', sdp: this.pc.localDescription.sdp } });
  }

  async attach(transceiver, kind, send) {
    if (!transceiver) {
      return;
    }
    const track = send ? this.stream.getTracks().find((t) => t.kind === kind) ?? null : null;
    if (transceiver.sender.track !== track) {
      await transceiver.sender.replaceTrack(track);
    }
    if (track) {
      transceiver.sender.setStreams?.(this.stream);
    }
    transceiver.direction = track ? 'sendrecv' : 'recvonly';
  }

  /** Waits until ICE gathering completes (or a short while): the answer then carries our candidates. */
  gathered() {
    if (this.pc.iceGatheringState === 'complete') {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, GATHERING_MS);
      this.pc.addEventListener('icegatheringstatechange', () => {
        if (this.pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** Sends video again, or stops (camera off, sound only): renegotiation is samtal's, so only the track changes. */
  async setSending({ audio, video }) {
    this.options = { ...this.options, sendAudio: audio, sendVideo: video };
    const byMid = (mid) => this.pc.getTransceivers().find((t) => t.mid === mid);
    const audioTrack = audio ? this.stream.getAudioTracks()[0] ?? null : null;
    const videoTrack = video ? this.stream.getVideoTracks()[0] ?? null : null;
    await byMid('0')?.sender.replaceTrack(audioTrack);
    await byMid('1')?.sender.replaceTrack(videoTrack);
  }

  /** Another camera or microphone. */
  async replaceTrack(kind, track) {
    const transceiver = this.pc.getTransceivers().find((t) => t.mid === (kind === 'audio' ? '0' : '1'));
    if (transceiver && transceiver.direction === 'sendrecv') {
      await transceiver.sender.replaceTrack(track);
    }
  }

  signal(payload) {
    this.connection.request({ type: 'signal', to: 'bridge', epoch: this.epoch, ...payload }).catch((error) => {
      this.emit('problem', error);
    });
  }

  // ---- the bridge channel ----

  openChannel() {
    if (!this.channelUrl || this.closed) {
      return;
    }
    const socket = new WebSocket(this.channelUrl);
    this.channel = socket;
    socket.addEventListener('open', () => this.sendConstraints());
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.colibriClass === 'DominantSpeakerEndpointChangeEvent' && !message.silence) {
        this.speaker = message.dominantSpeakerEndpoint;
        this.sendConstraints();
        this.emit('speaker', this.speaker);
      }
    });
    socket.addEventListener('close', () => {
      if (!this.closed) {
        this.channelTimer = setTimeout(() => this.openChannel(), 2000);
      }
    });
  }

  /**
   * What video we want: everyone (lastN -1), the speaker sharp and the others small. The bridge's
   * default is no video at all until a receiver says this.
   */
  sendConstraints() {
    if (!this.channel || this.channel.readyState !== WebSocket.OPEN) {
      return;
    }
    const constraints = {};
    if (this.speaker) {
      constraints[`${this.speaker}-v0`] = { maxHeight: SPEAKER_HEIGHT };
    }
    this.channel.send(JSON.stringify({
      colibriClass: 'ReceiverVideoConstraints',
      lastN: -1,
      defaultConstraints: { maxHeight: OTHERS_HEIGHT },
      constraints,
    }));
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
    this.emit('quality', rtt > 0.6 || loss > 0.1 ? 'bad' : rtt > 0.3 || loss > 0.03 ? 'poor' : 'good');
  }

  /** Connection state and decoded video frames per participant (for tests and support; nothing personal). */
  async summary() {
    const stats = await this.pc.getStats();
    const result = { state: this.pc.connectionState, framesDecoded: 0, byParticipant: {}, topology: 'bridge' };
    const midOf = new Map(this.pc.getTransceivers().map((t) => [t.mid, t]));
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') {
        result.framesDecoded += report.framesDecoded || 0;
        const transceiver = midOf.get(report.mid);
        const owner = transceiver?.receiver?.track ? this.ownerOf(transceiver) : null;
        if (owner) {
          result.byParticipant[owner] = (result.byParticipant[owner] || 0) + (report.framesDecoded || 0);
        }
      }
    });
    return result;
  }

  ownerOf(transceiver) {
    const sdp = this.pc.remoteDescription?.sdp ?? '';
    const section = sdp.split('\r\nm=').find((s) => s.includes(`\r\na=mid:${transceiver.mid}\r\n`));
    const msid = section?.match(/\r\na=msid:(\S+) /);
    return msid ? msid[1] : null;
  }

  close() {
    this.closed = true;
    clearInterval(this.qualityTimer);
    clearTimeout(this.channelTimer);
    this.channel?.close();
    this.pc.close();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
