// The call screen: my microphone and camera as they really are, the peer connection to the other
// person (helped along when it does not get through), what the other person chose (camera off,
// sound only, microphone off), the controls and the banner. The screen never says more than is
// true: a microphone is "on" only while a live track is on, and the other side is told the same.

import { t } from './i18n.js';
import { PeerCall } from './peer.js';
import { displayName } from './host.js';

const $ = (id) => document.getElementById(id);
// What this tab chose (sound only, microphone off ...), so that a reload goes on the same way.
const CHOICE_KEY = 'samtal.call';

export class CallScreen {
  /**
   * @param connection   the session connection
   * @param media        the LocalMedia (precheck.js)
   * @param participants the page's map of participant id → participant (kept up to date by join.js)
   * @param announce     says something through the page's live region
   * @param relayOnly    every packet through TURN (diagnostics: /join?ice=relay)
   */
  constructor({ connection, media, participants, announce, relayOnly }) {
    this.connection = connection;
    this.media = media;
    this.participants = participants;
    this.announce = announce;
    this.relayOnly = relayOnly;
    this.wants = { microphone: true, camera: true, audioOnly: false };
    this.told = null; // the media state samtal was last told
    this.me = null;
    this.active = false; // this page is in the call
    this.call = null;
    this.peerInfo = null;
    this.iceServers = [];
    this.socketDown = false;
    this.recovering = false;
    this.endingText = null;
    $('toggle-mic').addEventListener('click', () => this.choose({ microphone: !this.state().microphone }));
    $('toggle-camera').addEventListener('click', () => this.choose({ camera: !this.state().camera }));
    $('toggle-audio-only').addEventListener('click', () => this.choose(this.wants.audioOnly
      ? { audioOnly: false, camera: true } : { audioOnly: true }));
  }

  /** What this tab chose before a reload, for this participant; null if nothing. */
  static remembered(participantId) {
    try {
      const saved = JSON.parse(sessionStorage.getItem(CHOICE_KEY) || 'null');
      return saved && saved.participantId === participantId ? saved.wants : null;
    } catch {
      return null;
    }
  }

  // ---- my media ----

  /**
   * What I send, from the real tracks: the microphone is on only with a live microphone track that
   * is not muted, the camera only with a live camera track, switched on, and not sound only.
   */
  state() {
    const live = (track) => Boolean(track) && track.readyState === 'live';
    return {
      microphone: live(this.media.audioTrack) && this.wants.microphone,
      camera: live(this.media.videoTrack) && this.wants.camera && !this.wants.audioOnly,
      audioOnly: this.wants.audioOnly,
    };
  }

  /** My video goes out only with my camera on and neither of us on sound only. */
  sendsVideo() {
    const other = this.peer();
    return this.state().camera && !other?.media?.audioOnly;
  }

  /** Changes what I want (microphone, camera, sound only) and makes it so, here, in the call and at samtal. */
  choose(change) {
    this.wants = { ...this.wants, ...change };
    this.apply();
  }

  /** Brings the tracks, the call's senders, the screen and samtal in line with {@link #state}. */
  apply() {
    const state = this.state();
    if (this.media.audioTrack) {
      this.media.audioTrack.enabled = state.microphone;
    }
    if (this.media.videoTrack) {
      this.media.videoTrack.enabled = state.camera;
    }
    this.call?.replaceTrack('video', this.sendsVideo() ? this.media.videoTrack : null).catch(() => {});
    this.render();
    this.tellSamtal(false);
    try {
      if (this.me) {
        sessionStorage.setItem(CHOICE_KEY, JSON.stringify({ participantId: this.me.participantId, wants: this.wants }));
      }
    } catch {
      // storage unavailable: a reload starts with the check again
    }
  }

  /** Sends media.set when what samtal knows differs (always after a welcome: it may have forgotten). */
  tellSamtal(always) {
    const state = this.state();
    const told = this.told;
    if (!always && told && told.microphone === state.microphone && told.camera === state.camera
        && told.audioOnly === state.audioOnly) {
      return;
    }
    this.told = state;
    this.connection.request({ type: 'media.set', ...state }).catch(() => {
      this.told = null;
    });
  }

  /** A track that ends by itself (a camera unplugged) is off from then on. */
  watchTracks() {
    for (const track of this.media.stream?.getTracks() ?? []) {
      track.addEventListener('ended', () => this.apply());
    }
  }

  // ---- the call ----

  welcome(me, iceServers) {
    this.me = me;
    this.iceServers = iceServers;
    this.socketDown = false;
    this.reach(false); // the call.peer that follows a welcome says whether to negotiate again
    this.render();
  }

  /** Enters the call: a fresh peer connection comes with the call.peer that answers call.join. */
  enter() {
    this.active = true;
    $('self-video').srcObject = this.media.videoTrack ? this.media.stream : null;
    this.apply();
    return this.connection.request({ type: 'call.join' }).then(() => true, () => {
      this.active = false;
      return false;
    });
  }

  leave() {
    this.active = false;
    this.recovering = false;
    this.closeCall();
  }

  closeCall() {
    if (this.call) {
      this.call.close();
      this.call = null;
    }
    $('remote-video').srcObject = null;
  }

  peer() {
    return this.peerInfo && this.peerInfo.peer ? this.participants.get(this.peerInfo.peer) ?? null : null;
  }

  onCallPeer(info) {
    this.peerInfo = info;
    if (!this.active) {
      return;
    }
    if (!info.peer) {
      this.recovering = false;
      this.closeCall();
      this.render();
      return;
    }
    if (this.call && this.call.epoch === info.epoch && this.call.peerId === info.peer) {
      // The same epoch again, after a reconnect: keep the connection; negotiate again if it has no path.
      this.reach(true);
      return;
    }
    this.closeCall();
    const call = new PeerCall(this.connection, { peerId: info.peer, polite: info.polite, epoch: info.epoch },
      this.iceServers, this.media.stream ?? new MediaStream(), { relayOnly: this.relayOnly });
    this.call = call;
    call.addEventListener('remote', ({ detail }) => {
      $('remote-video').srcObject = detail;
    });
    call.addEventListener('state', ({ detail }) => {
      if (detail === 'connected') {
        this.recovering = false;
      }
      this.renderBanner();
    });
    call.addEventListener('recovering', () => {
      this.recovering = true;
      this.renderBanner();
    });
    call.addEventListener('stuck', () => {
      // Still no path after an ICE restart: a new epoch, a fresh peer connection on both sides.
      this.recovering = true;
      this.renderBanner();
      this.connection.request({ type: 'call.join' }).catch(() => {});
    });
    call.addEventListener('quality', ({ detail }) => {
      $('call-quality').textContent = t(`call.quality${detail[0].toUpperCase()}${detail.slice(1)}`);
    });
    call.replaceTrack('video', this.sendsVideo() ? this.media.videoTrack : null).catch(() => {});
    this.reach(false);
    this.render();
  }

  onSignal(signal) {
    this.call?.receive(signal);
  }

  onIceServers(iceServers) {
    this.iceServers = iceServers;
    this.call?.pc.setConfiguration({ iceServers, iceTransportPolicy: this.relayOnly ? 'relay' : 'all' });
  }

  /** This page's connection to samtal dropped: nothing gets through until the welcome. */
  onReconnecting() {
    this.socketDown = true;
    this.reach(false);
    this.renderBanner();
  }

  /** Someone's presence or media changed (join.js has updated the participants map). */
  onPresence(person, before) {
    if (!this.peerInfo || person.participantId !== this.peerInfo.peer) {
      return;
    }
    if (this.active && before) {
      this.announcePeerMedia(person, before);
    }
    const wasAway = before && before.presence === 'reconnecting';
    this.reach(wasAway && person.presence !== 'reconnecting');
    // The other side chose sound only (or stopped): my video stops (or starts) going out.
    this.call?.replaceTrack('video', this.sendsVideo() ? this.media.videoTrack : null).catch(() => {});
    this.render();
  }

  reachable() {
    const other = this.peer();
    return !this.socketDown && Boolean(other) && (other.presence === 'joined' || other.presence === 'away');
  }

  /** Pauses the call's watch while signals cannot get through; with {@code negotiate}, restarts it with a fresh offer. */
  reach(negotiate) {
    if (!this.call) {
      return;
    }
    if (!this.reachable()) {
      this.call.hold();
    } else if (this.call.held || negotiate) {
      this.call.peerBack(negotiate);
    }
  }

  announcePeerMedia(person, before) {
    const now = person.media ?? {};
    const was = before.media ?? {};
    const name = displayName(person);
    const said = [];
    if (now.audioOnly !== was.audioOnly) {
      said.push(t(now.audioOnly ? 'call.peerAudioOnly' : 'call.peerAudioOnlyOff', { name }));
    } else if (now.camera !== was.camera && !now.audioOnly) {
      said.push(t(now.camera ? 'call.peerCameraOn' : 'call.peerCameraOff', { name }));
    }
    if (now.microphone !== was.microphone) {
      said.push(t(now.microphone ? 'call.peerUnmuted' : 'call.peerMuted', { name }));
    }
    if (said.length > 0) {
      this.announce(said.join(' '));
    }
  }

  // ---- the banner ----

  onEnding(text) {
    this.endingText = text;
    this.renderBanner();
  }

  /** One line at the top of the call, the most pressing first; nothing when all is well. */
  renderBanner() {
    const other = this.active ? this.peer() : null;
    const state = this.call?.pc.connectionState;
    let text = null;
    if (this.socketDown) {
      text = t('call.reconnecting');
    } else if (other && other.presence === 'reconnecting') {
      text = t('call.peerReconnecting', { name: displayName(other) });
    } else if (this.call && this.recovering) {
      text = t('call.recovering');
    } else if (this.call && (state === 'disconnected' || state === 'failed')) {
      text = t('call.reconnecting');
    } else if (this.call && (state === 'new' || state === 'connecting')) {
      text = t('call.connecting');
    } else {
      text = this.endingText;
    }
    const element = $('call-banner');
    if (element.textContent !== (text ?? '')) {
      element.textContent = text ?? '';
    }
    element.hidden = !text;
  }

  // ---- what the screen shows ----

  render() {
    this.renderControls();
    this.renderPeer();
    this.renderBanner();
  }

  renderControls() {
    const state = this.state();
    const toggle = (id, pressed, offKey, onKey) => {
      const button = $(id);
      button.setAttribute('aria-pressed', String(pressed));
      button.textContent = t(pressed ? onKey : offKey);
    };
    toggle('toggle-mic', !state.microphone, 'call.mute', 'call.unmute');
    toggle('toggle-camera', !state.camera, 'call.cameraOff', 'call.cameraOn');
    toggle('toggle-audio-only', state.audioOnly, 'call.audioOnly', 'call.audioOnlyOff');
    const live = (track) => Boolean(track) && track.readyState === 'live';
    $('toggle-camera').disabled = !live(this.media.videoTrack) || state.audioOnly;
    $('toggle-mic').disabled = !live(this.media.audioTrack);
    // What I see of myself is what goes out.
    $('self-video').classList.toggle('hidden-video', !this.sendsVideo());
  }

  renderPeer() {
    const other = this.active ? this.peer() : null;
    $('remote-empty').hidden = Boolean(other);
    $('remote-label').textContent = other ? displayName(other) : '';
    let offKey = null;
    if (other) {
      if (this.state().audioOnly) {
        offKey = 'call.youAudioOnly';
      } else if (other.media?.audioOnly) {
        offKey = 'call.peerAudioOnly';
      } else if (other.media && !other.media.camera) {
        offKey = 'call.peerCameraOff';
      }
    }
    const name = other ? displayName(other) : '';
    $('remote-camera-off').hidden = !offKey;
    $('remote-camera-off').textContent = offKey ? t(offKey, { name }) : '';
    $('remote-video').classList.toggle('hidden-video', !other || Boolean(offKey));
    const muted = Boolean(other) && other.media?.microphone === false;
    $('remote-muted').hidden = !muted;
    $('remote-muted').textContent = muted ? t('call.peerMuted', { name }) : '';
  }
}
