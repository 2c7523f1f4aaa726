// The call screen: my microphone and camera as they really are, the other people in tiles (what
// they chose: camera off, sound only, microphone off; who is speaking), the connections to them
// (call-links.js: peer connections or the bridge, as samtal says), who comes and goes, the controls
// and the banner. The screen never says more than is true: a microphone is "on" only while a live
// track is on, and the others are told the same.

import { t } from './i18n.js';
import './call-texts.js';
import { CallLinks } from './call-links.js';
import { Tiles } from './tiles.js';
import { CallNews } from './call-news.js';
import { CallBanner } from './call-banner.js';

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
    this.wants = { microphone: true, camera: true, audioOnly: false };
    this.told = null; // the media state samtal was last told
    this.me = null;
    this.active = false; // this page is in the call
    this.view = null; // samtal's latest description of the call
    this.sawCallEvents = false; // samtal speaks `call`: `call.peer` only repeats it for two
    this.negotiateNext = false; // the first description after a welcome: kept connections negotiate again
    this.news = new CallNews(participants, announce);
    this.socketDown = false;
    this.banner = new CallBanner($('call-banner'), $('call-quality'));
    this.links = new CallLinks(connection, this, { relayOnly });
    this.tiles = new Tiles($('tiles'), $('call-empty'));
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

  /** An observer receives and never sends. */
  observer() {
    return this.me?.role === 'observer';
  }

  /**
   * What I send, from the real tracks: the microphone is on only with a live microphone track that
   * is not muted, the camera only with a live camera track, switched on, and not sound only.
   */
  state() {
    const live = (track) => Boolean(track) && track.readyState === 'live' && !this.observer();
    return {
      microphone: live(this.media.audioTrack) && this.wants.microphone,
      camera: live(this.media.videoTrack) && this.wants.camera && !this.wants.audioOnly,
      audioOnly: this.wants.audioOnly,
    };
  }

  /** The others in the call, in the order they came in. */
  others() {
    const mine = this.me?.participantId;
    return (this.view?.members ?? []).filter((id) => id !== mine);
  }

  audioOnly(id) {
    return Boolean(this.participants.get(id)?.media?.audioOnly);
  }

  // What call-links.js asks: what goes out, and to whom.
  outgoing() {
    return this.observer() ? new MediaStream() : this.media.stream ?? new MediaStream();
  }

  videoTrack() {
    return this.media.videoTrack;
  }

  /** My video goes to someone only with my camera on and neither of us on sound only. */
  sendsVideoTo(id) {
    return this.state().camera && !this.audioOnly(id);
  }

  /** Through the bridge my video goes to everyone or no one (those on sound only ask it for none). */
  sendsVideo() {
    return this.state().camera;
  }

  sendsAudio() {
    return !this.observer() && Boolean(this.media.audioTrack);
  }

  receivesVideo() {
    return !this.state().audioOnly;
  }

  /** Whether signals reach this person now (not while they, or we, are reconnecting). */
  reachable(id) {
    const other = this.participants.get(id);
    return !this.socketDown && Boolean(other) && (other.presence === 'joined' || other.presence === 'away');
  }

  /** Whether anyone gets my picture now: what I see of myself is what goes out. */
  seen() {
    const others = this.others();
    return this.state().camera && (others.length === 0 || others.some((id) => !this.audioOnly(id)));
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
    this.links.applySending();
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

  /** Another camera or microphone chosen during the call. */
  async useTrack(track) {
    if (!this.observer()) {
      await this.links.replaceTrack(track.kind, track);
    }
    this.apply();
  }

  // ---- the call ----

  welcome(me, iceServers) {
    this.me = me;
    this.links.setIceServers(iceServers);
    this.socketDown = false;
    this.negotiateNext = true; // the `call` that follows a welcome says whether to negotiate again
    this.links.reachAll(false);
    this.render();
  }

  /** Enters the call: fresh connections come with the `call` that answers call.join. */
  enter() {
    this.active = true;
    this.banner.refusal = null;
    $('self-video').srcObject = this.media.videoTrack && !this.observer() ? this.media.stream : null;
    this.apply();
    return this.connection.request({ type: 'call.join' }).then(() => true, (error) => {
      this.active = false;
      this.banner.refusal = error?.code === 'call_full' ? 'error.call_full' : null;
      if (this.banner.refusal) {
        this.announce(t(this.banner.refusal));
      }
      this.renderBanner();
      return false;
    });
  }

  leave() {
    this.active = false;
    this.links.close();
    this.tiles.clear();
    this.news.reset();
    this.banner.keepQualities(() => false);
    this.view = null;
  }

  /** samtal's description of the call: who is in it and how media flows. */
  onCall(view) {
    this.sawCallEvents = true;
    this.view = view;
    this.follow();
  }

  /** A call of two as samtal described it before `call` (and still does, beside it). */
  onCallPeer(info) {
    if (this.sawCallEvents) {
      return; // `call` says it all; a peer-less call.peer here may mean the call grew, not that it ended
    }
    const mine = this.me?.participantId;
    this.view = {
      topology: 'p2p',
      members: info.peer ? [mine, info.peer] : [mine],
      links: info.peer ? [{ peer: info.peer, polite: info.polite, epoch: info.epoch }] : [],
    };
    this.follow();
  }

  follow() {
    if (!this.active || !this.view) {
      return;
    }
    const negotiate = this.negotiateNext;
    this.negotiateNext = false;
    this.links.follow(this.view, negotiate);
    const others = this.others();
    this.tiles.sync(others);
    this.news.members(others);
    const bridged = this.view.topology === 'bridge';
    this.banner.keepQualities((source) => (source === 'bridge' ? bridged : !bridged && others.includes(source)));
    this.render();
  }

  onSignal(signal) {
    if (this.active) {
      this.links.receive(signal);
    }
  }

  onIceServers(iceServers) {
    this.links.setIceServers(iceServers);
  }

  /** The network is back (the browser says so): new paths for the peer connections. */
  onOnline() {
    if (this.active && !this.socketDown) {
      this.links.restartIce();
    }
  }

  /** This page's connection to samtal dropped: nothing gets through until the welcome. */
  onReconnecting() {
    this.socketDown = true;
    this.links.reachAll(false);
    this.renderBanner();
  }

  /** Someone's presence or media changed (join.js has updated the participants map). */
  onPresence(person, before) {
    const id = person.participantId;
    if (!this.active || !this.others().includes(id)) {
      return;
    }
    this.news.presence(person, before);
    const wasAway = before && before.presence === 'reconnecting';
    this.links.reachPeer(id, wasAway && person.presence !== 'reconnecting');
    // They chose sound only (or stopped): my video to them stops (or starts) going out.
    this.links.applySending();
    this.render();
  }

  // What call-links.js tells.
  onStream(id, stream) {
    this.tiles.setStream(id, stream);
  }

  onSpeaker(id) {
    this.tiles.setSpeaker(id);
  }

  onQuality(quality, source) {
    this.banner.setQuality(source, quality);
  }

  changed() {
    this.render();
  }

  /** A connection that does not get through: call.join again gives fresh ones (new epochs). */
  rejoin() {
    if (this.active && !this.socketDown) {
      this.connection.request({ type: 'call.join' }).catch(() => {});
    }
  }

  /** The read-out for tests and support (window.samtal.callStats()); null outside a call. */
  summary() {
    return this.active ? this.links.summary() : Promise.resolve(null);
  }

  // ---- the banner ----

  onEnding(text) {
    this.banner.endingText = text;
    this.renderBanner();
  }

  renderBanner() {
    const away = this.active ? this.others().map((id) => this.participants.get(id)).find((p) => p?.presence === 'reconnecting') : null;
    this.banner.render({ socketDown: this.socketDown, active: this.active, away, links: this.links.status() });
  }

  // ---- what the screen shows ----

  render() {
    this.renderControls();
    this.tiles.render(this.participants, {
      iAmAudioOnly: this.state().audioOnly,
      linkState: (id) => this.links.linkState(id),
    });
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
    const live = (track) => Boolean(track) && track.readyState === 'live' && !this.observer();
    $('toggle-camera').disabled = !live(this.media.videoTrack) || state.audioOnly;
    $('toggle-mic').disabled = !live(this.media.audioTrack);
    // An observer has nothing to turn on: only sound only (no video to them) is theirs to choose.
    $('toggle-camera').hidden = this.observer();
    $('toggle-mic').hidden = this.observer();
    // What I see of myself is what goes out.
    const seen = this.seen();
    $('self-video').classList.toggle('hidden-video', !seen);
    let selfNote = null;
    if (this.observer()) {
      selfNote = 'call.selfObserver';
    } else if (!seen) {
      selfNote = state.audioOnly ? 'call.selfAudioOnly' : state.camera ? 'call.selfNotSent' : 'call.selfCameraOff';
    }
    $('self-off').hidden = !selfNote;
    $('self-off').textContent = selfNote ? t(selfNote) : '';
  }
}
