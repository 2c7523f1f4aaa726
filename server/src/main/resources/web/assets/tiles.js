// The other people of the call, one tile each: their picture (or their initials while there is
// none), their name and role, what they chose (camera off, sound only, microphone off) and who is
// speaking. Tiles are keyed by participant, not by connection: a new peer connection, a move to the
// bridge and back, keep the tile where it is and only give it a new stream.
//
// In a call of two the one tile keeps the ids the page always had (remote-video, remote-label,
// remote-camera-off, remote-muted) and the long sentences over the picture ("Pim deltar med bara
// ljud. Ni hör varandra men ser inte varandra."); with more, each tile has short notes under its
// name ("Kameran är av"), where they have room to grow with the text size.

import { t } from './i18n.js';
import { displayName } from './host.js';

const LEGACY_IDS = { video: 'remote-video', label: 'remote-label', off: 'remote-camera-off', muted: 'remote-muted' };

export class Tiles {
  /**
   * @param root  the grid the tiles go in
   * @param empty what shows while nobody else is in the call
   */
  constructor(root, empty) {
    this.root = root;
    this.empty = empty;
    this.tiles = new Map();
    this.streams = new Map(); // by participant, also one that came before their tile
    this.speaker = null;
    this.counter = 0;
  }

  /** The people to show, in the order they came into the call (myself left out). */
  sync(participantIds) {
    const wanted = new Set(participantIds);
    for (const [id, tile] of this.tiles) {
      if (!wanted.has(id)) {
        tile.video.srcObject = null;
        tile.figure.remove();
        this.tiles.delete(id);
        this.streams.delete(id);
      }
    }
    for (const id of participantIds) {
      if (!this.tiles.has(id)) {
        this.tiles.set(id, this.createTile(id));
        if (this.streams.has(id)) {
          this.setStream(id, this.streams.get(id));
        }
      }
    }
    // In order without moving a tile that is already in place (a moved <video> may pause).
    let previous = null;
    for (const id of participantIds) {
      const figure = this.tiles.get(id).figure;
      const expected = previous ? previous.nextElementSibling : this.root.firstElementChild;
      if (figure !== expected) {
        if (previous) {
          previous.after(figure);
        } else {
          this.root.prepend(figure);
        }
      }
      previous = figure;
    }
    this.assignIds();
  }

  ids() {
    return [...this.tiles.keys()];
  }

  get size() {
    return this.tiles.size;
  }

  /**
   * What we receive from this person (the stream of a peer connection, or theirs from the bridge);
   * null when the connection that carried it closed.
   */
  setStream(participantId, stream) {
    if (stream) {
      this.streams.set(participantId, stream);
    } else {
      this.streams.delete(participantId);
    }
    const tile = this.tiles.get(participantId);
    if (!tile) {
      return;
    }
    if (tile.video.srcObject !== stream) {
      tile.video.srcObject = stream;
      stream?.addEventListener('addtrack', ({ track }) => this.watchTrack(tile, track));
    }
    // A peer connection adds its tracks to the stream itself (no addtrack event), one by one.
    stream?.getTracks().forEach((track) => this.watchTrack(tile, track));
    this.renderPicture(tile);
  }

  watchTrack(tile, track) {
    if (track.kind === 'video' && !tile.watched.has(track)) {
      tile.watched.add(track);
      for (const event of ['mute', 'unmute', 'ended']) {
        track.addEventListener(event, () => this.renderPicture(tile));
      }
      this.renderPicture(tile);
    }
  }

  /** Who speaks now (null: nobody, or not known). */
  setSpeaker(participantId) {
    if (this.speaker === participantId) {
      return;
    }
    this.speaker = participantId;
    this.renderSpeaker();
  }

  /**
   * Fills every tile from what samtal said about the person.
   * @param participants the page's map of participant id → participant
   * @param context      { iAmAudioOnly, linkState(id) → 'connected' | 'connecting' | null }
   */
  render(participants, context) {
    this.empty.hidden = this.tiles.size > 0;
    this.root.classList.toggle('many', this.tiles.size > 1);
    for (const [id, tile] of this.tiles) {
      this.renderTile(tile, participants.get(id), context);
    }
    this.renderSpeaker();
  }

  renderTile(tile, person, { iAmAudioOnly, linkState }) {
    const one = this.tiles.size === 1;
    const name = person ? displayName(person) : t('call.someone');
    const media = person?.media ?? {};
    const observer = person?.role === 'observer';
    tile.label.textContent = name;
    // The role beside the name, unless the role is all the name there is.
    const role = person && person.name ? t(`role.${person.role}`) : '';
    tile.roleText.textContent = role;
    tile.role.hidden = !role;
    tile.initials.textContent = initials(person);

    let off = null;
    if (person?.presence === 'reconnecting') {
      off = one ? null : t('tile.reconnecting');
    } else if (observer) {
      off = t(one ? 'call.observerPeer' : 'tile.observer', { name });
    } else if (iAmAudioOnly) {
      off = t(one ? 'call.youAudioOnly' : 'tile.youAudioOnly');
    } else if (media.audioOnly) {
      off = t(one ? 'call.peerAudioOnly' : 'tile.audioOnly', { name });
    } else if (person && media.camera === false) {
      off = t(one ? 'call.peerCameraOff' : 'tile.cameraOff', { name });
    } else if (!one && linkState(tile.id) === 'connecting') {
      off = t('tile.connecting');
    }
    tile.off.hidden = !off;
    tile.off.textContent = off ?? '';
    const home = one ? tile.placeholder : tile.notes;
    if (tile.off.parentElement !== home) {
      home.prepend(tile.off);
    }
    tile.videoOff = Boolean(off) || !person;

    const muted = Boolean(person) && !observer && media.microphone === false;
    tile.muted.hidden = !muted;
    tile.muted.textContent = muted ? t(one ? 'call.peerMuted' : 'tile.muted', { name }) : '';
    tile.figure.classList.toggle('observer', observer);
    this.renderPicture(tile);
  }

  /** The picture shows only while a picture comes; otherwise the initials (and the note, if any). */
  renderPicture(tile) {
    const stream = tile.video.srcObject;
    const flowing = Boolean(stream) && stream.getVideoTracks().some((track) => track.readyState === 'live' && !track.muted);
    const showVideo = flowing && !tile.videoOff;
    tile.video.classList.toggle('hidden-video', !showVideo);
    tile.placeholder.hidden = showVideo;
  }

  renderSpeaker() {
    const present = this.speaker && this.tiles.has(this.speaker) ? this.speaker : null;
    // On a phone the featured tile is the large one: the speaker, or the first to come in.
    const featured = present ?? this.tiles.keys().next().value ?? null;
    for (const [id, tile] of this.tiles) {
      const speaking = id === present && this.tiles.size > 1;
      tile.figure.classList.toggle('speaking', speaking);
      tile.figure.classList.toggle('featured', id === featured);
      tile.speaking.hidden = !speaking;
      tile.speaking.textContent = speaking ? t('tile.speaking') : '';
    }
  }

  /** Ids for the label of each tile's video; a lone tile keeps the page's old ones (remote-…). */
  assignIds() {
    const one = this.tiles.size === 1;
    for (const tile of this.tiles.values()) {
      const id = (part) => (one ? LEGACY_IDS[part] : `tile-${tile.number}-${part}`);
      tile.video.id = id('video');
      tile.label.id = id('label');
      tile.off.id = id('off');
      tile.muted.id = id('muted');
      tile.video.setAttribute('aria-labelledby', tile.label.id);
    }
  }

  createTile(id) {
    this.counter += 1;
    const figure = element('figure', 'tile remote');
    const frame = element('div', 'frame');
    const video = element('video', '');
    video.autoplay = true;
    video.playsInline = true;
    const placeholder = element('div', 'placeholder');
    const initialsBox = element('span', 'initials');
    initialsBox.setAttribute('aria-hidden', 'true');
    const off = element('p', 'off-note');
    placeholder.append(initialsBox, off);
    const speaking = element('span', 'speaking-badge');
    speaking.hidden = true;
    frame.append(video, placeholder, speaking);
    const caption = element('figcaption', 'caption');
    const label = element('span', 'who');
    const role = element('span', 'role');
    const roleText = element('span', '');
    const comma = element('span', 'visually-hidden');
    comma.textContent = ', ';
    role.append(comma, roleText);
    caption.append(label, role);
    const muted = element('p', 'media-note');
    muted.hidden = true;
    const notes = element('div', 'notes');
    notes.append(muted);
    figure.append(frame, caption, notes);
    figure.dataset.participant = id;
    return {
      id, number: this.counter, figure, video, placeholder, initials: initialsBox, off, speaking, label, role, roleText,
      notes, muted, watched: new WeakSet(), videoOff: true,
    };
  }

  clear() {
    this.sync([]);
    this.streams.clear();
    this.speaker = null;
  }
}

/** Up to two letters from the name ("Ali Hassan" → "AH"); the role's first letter without one. */
function initials(person) {
  const source = person?.name?.trim() || (person ? t(`role.${person.role}`) : '?');
  const words = source.split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((word) => [...word][0].toUpperCase()).join('');
}

function element(tag, className) {
  const made = document.createElement(tag);
  if (className) {
    made.className = className;
  }
  return made;
}
