// The call through a Jitsi Videobridge: one RTCPeerConnection to the bridge. samtal writes the
// offers (docs/protocol.md, "Calls of many"): sections 0 and 1 carry our own audio and video both
// ways; every further section carries one source of someone else, its msid naming them. We answer
// each offer (again when someone joins or leaves), and keep the bridge channel (colibri-ws) open:
// it is where we ask for video at all (the bridge forwards none until we send
// ReceiverVideoConstraints) and where the bridge says who is speaking.

import { CONNECT_TIMEOUT_MS, qualityOf } from './peer.js';

const GATHERING_MS = 2000;
const QUALITY_EVERY_MS = 3000;
const CHANNEL_RETRY_MS = 2000;
const SPEAKER_HEIGHT = 720;
const OTHERS_HEIGHT = 360;

export class BridgeCall extends EventTarget {
  /**
   * @param connection the SamtalConnection (offers and answers go through samtal)
   * @param call       { epoch, channel } from the `call` event
   * @param iceServers from welcome / ice.servers
   * @param stream     the local MediaStream (empty for an observer, who sends nothing)
   * @param options    { sendAudio, sendVideo, receiveVideo, relayOnly }
   */
  constructor(connection, { epoch, channel }, iceServers, stream, options = {}) {
    super();
    this.connection = connection;
    this.epoch = epoch;
    this.channelUrl = channel;
    this.stream = stream;
    this.options = { sendAudio: true, sendVideo: true, receiveVideo: true, ...options };
    this.closed = false;
    this.speaker = null;
    this.answered = false;
    this.answeredVersion = -1;
    this.answersTaken = 0; // answers samtal accepted (for the read-out)
    this.watch = null;
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
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState());
    this.qualityTimer = setInterval(() => this.measure(), QUALITY_EVERY_MS);
    this.openChannel();
  }

  /**
   * An offer from samtal for this epoch. Offers are answered one at a time, in order; one already
   * answered (samtal sends the latest again after a reconnect) needs no answer.
   */
  receive({ epoch, description }) {
    if (this.closed || epoch !== this.epoch || !description || description.type !== 'offer') {
      return;
    }
    this.answering = this.answering.then(() => this.answer(description)).catch((error) => this.emit('problem', error));
  }

  async answer(offer) {
    const version = offerVersion(offer.sdp);
    if (this.closed || (version !== null && version <= this.answeredVersion)) {
      return;
    }
    await this.pc.setRemoteDescription(offer);
    const [audio, video] = this.ownTransceivers();
    await this.attach(audio, 'audio', this.options.sendAudio);
    await this.attach(video, 'video', this.options.sendVideo);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    if (this.closed) {
      return;
    }
    this.answered = true;
    this.answeredVersion = version ?? this.answeredVersion;
    this.signal({ description: { type: 'answer', sdp: this.pc.localDescription.sdp } }).then((taken) => {
      this.answersTaken += taken ? 1 : 0;
    });
    this.startWatch();
  }

  ownTransceivers() {
    const byMid = (mid) => this.pc.getTransceivers().find((t) => t.mid === mid);
    return [byMid('0'), byMid('1')];
  }

  /**
   * Our own section of a kind: both ways whenever we have a track of that kind (turning the camera
   * off only takes the track away, and on again puts it back, with no offer needed), receive-only
   * without one (no camera; an observer).
   */
  async attach(transceiver, kind, send) {
    if (!transceiver) {
      return;
    }
    const own = this.stream.getTracks().find((t) => t.kind === kind) ?? null;
    const track = send ? own : null;
    if (transceiver.sender.track !== track) {
      await transceiver.sender.replaceTrack(track);
    }
    if (own) {
      transceiver.sender.setStreams?.(this.stream);
    }
    transceiver.direction = own ? 'sendrecv' : 'recvonly';
  }

  /** Waits until ICE gathering completes (or a short while): the answer then carries our candidates. */
  gathered() {
    if (this.pc.iceGatheringState === 'complete') {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        if (this.pc.iceGatheringState === 'complete') {
          finish();
        }
      };
      const finish = () => {
        clearTimeout(timer);
        this.pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      };
      const timer = setTimeout(finish, GATHERING_MS);
      this.pc.addEventListener('icegatheringstatechange', done);
    });
  }

  /** Sends sound and video, or stops (microphone gone, camera off, sound only): only the tracks change. */
  async setSending({ audio, video }) {
    this.options = { ...this.options, sendAudio: audio, sendVideo: video };
    const [audioSection, videoSection] = this.ownTransceivers();
    for (const [section, kind, send] of [[audioSection, 'audio', audio], [videoSection, 'video', video]]) {
      const own = this.stream.getTracks().find((t) => t.kind === kind) ?? null;
      const track = send ? own : null;
      if (section && section.direction === 'sendrecv' && section.sender.track !== track && !this.closed) {
        await section.sender.replaceTrack(track);
      }
    }
  }

  /** Whether we want anyone's video (not on sound only): asked on the bridge channel. */
  receiveVideo(wanted) {
    if (this.options.receiveVideo !== wanted) {
      this.options = { ...this.options, receiveVideo: wanted };
      this.sendConstraints();
    }
  }

  /** Another camera or microphone (the stream holds it already). */
  async replaceTrack(kind, track) {
    const transceiver = this.ownTransceivers()[kind === 'audio' ? 0 : 1];
    const sending = kind === 'audio' ? this.options.sendAudio : this.options.sendVideo;
    if (transceiver && transceiver.direction === 'sendrecv' && sending) {
      await transceiver.sender.replaceTrack(track);
    }
  }

  /** Sends a signal to the bridge through samtal; resolves whether samtal took it. */
  signal(payload) {
    return this.connection.request({ type: 'signal', to: 'bridge', epoch: this.epoch, ...payload }).then(() => true, (error) => {
      this.emit('problem', error);
      return false;
    });
  }

  // ---- a connection that does not get through ----

  onConnectionState() {
    const state = this.pc.connectionState;
    this.emit('state', state);
    if (state === 'connected') {
      this.stopWatch();
    } else if (state === 'failed') {
      this.stopWatch();
      this.emit('stuck', state); // a fresh connection (call.join: a new epoch) is the way back
    } else {
      this.startWatch();
    }
  }

  /** Not connected within the bound after an answer (or after losing its path): the owner starts anew. */
  startWatch() {
    if (this.watch || this.closed || !this.answered || this.pc.connectionState === 'connected') {
      return;
    }
    this.watch = setTimeout(() => {
      this.watch = null;
      if (!this.closed && this.pc.connectionState !== 'connected') {
        this.emit('stuck', this.pc.connectionState);
      }
    }, CONNECT_TIMEOUT_MS * 2);
  }

  stopWatch() {
    clearTimeout(this.watch);
    this.watch = null;
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
      if (!this.closed && socket === this.channel) {
        this.channelTimer = setTimeout(() => this.openChannel(), CHANNEL_RETRY_MS);
      }
    });
  }

  /**
   * What video we want: everyone (lastN -1), the speaker sharp and the others small; or none at all
   * on sound only (lastN 0). The bridge's default is no video until a receiver says this.
   */
  sendConstraints() {
    if (!this.channel || this.channel.readyState !== WebSocket.OPEN) {
      return;
    }
    const constraints = {};
    if (this.speaker && this.options.receiveVideo) {
      constraints[`${this.speaker}-v0`] = { maxHeight: SPEAKER_HEIGHT };
    }
    this.channel.send(JSON.stringify({
      colibriClass: 'ReceiverVideoConstraints',
      lastN: this.options.receiveVideo ? -1 : 0,
      defaultConstraints: { maxHeight: this.options.receiveVideo ? OTHERS_HEIGHT : 0 },
      constraints,
    }));
  }

  /** A rough quality hint from round-trip time and packet loss. */
  async measure() {
    if (this.closed || this.pc.connectionState !== 'connected') {
      return;
    }
    this.emit('quality', qualityOf(await this.pc.getStats()));
  }

  /**
   * Connection state, the version of the offer answered last and how many answers samtal took, decoded video frames and received
   * audio packets per participant, frames encoded (for tests and support; nothing personal).
   */
  async summary() {
    const stats = await this.pc.getStats();
    const result = {
      topology: 'bridge', state: this.pc.connectionState, epoch: this.epoch, answeredVersion: this.answeredVersion,
      answersTaken: this.answersTaken, framesDecoded: 0, framesEncoded: 0, byParticipant: {}, audioPacketsByParticipant: {},
    };
    const owners = this.owners();
    const add = (map, owner, n) => {
      map[owner] = (map[owner] || 0) + n;
    };
    stats.forEach((report) => {
      if (report.type === 'outbound-rtp' && report.kind === 'video') {
        result.framesEncoded += report.framesEncoded || 0;
      }
      if (report.type !== 'inbound-rtp') {
        return;
      }
      const owner = owners.get(report.mid) ?? owners.get(report.trackIdentifier) ?? null;
      if (report.kind === 'video') {
        result.framesDecoded += report.framesDecoded || 0;
        if (owner) {
          add(result.byParticipant, owner, report.framesDecoded || 0);
        }
      } else if (report.kind === 'audio' && owner) {
        add(result.audioPacketsByParticipant, owner, report.packetsReceived || 0);
      }
    });
    return result;
  }

  /** Whose each section is, by mid and by the receiving track's id, from the offer's msid lines. */
  owners() {
    const owners = new Map();
    const sections = (this.pc.remoteDescription?.sdp ?? '').split('\r\nm=');
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.mid === null || Number(transceiver.mid) < 2) {
        continue;
      }
      const section = sections.find((s) => s.includes(`\r\na=mid:${transceiver.mid}\r\n`));
      const msid = section && !section.includes('\r\na=inactive') ? section.match(/\r\na=msid:(\S+) /) : null;
      if (msid) {
        owners.set(transceiver.mid, msid[1]);
        owners.set(transceiver.receiver.track.id, msid[1]);
      }
    }
    return owners;
  }

  close() {
    this.closed = true;
    this.stopWatch();
    clearInterval(this.qualityTimer);
    clearTimeout(this.channelTimer);
    this.channel?.close();
    this.pc.close();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The version on an offer's o= line (samtal counts it up for each new offer on a connection). */
function offerVersion(sdp) {
  const origin = /^o=\S+ \S+ (\d+) /m.exec(sdp ?? '');
  return origin ? Number(origin[1]) : null;
}
