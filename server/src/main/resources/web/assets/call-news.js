// What the call screen says through the page's live region about the others: who came into the
// call and who left (with their role: "Tolken Ali har kommit in i samtalet."), and what they chose
// (camera off, sound only, microphone off).

import { t } from './i18n.js';
import './call-texts.js';
import { displayName } from './host.js';

export class CallNews {
  /**
   * @param participants the page's map of participant id → participant
   * @param announce     says something through the page's live region
   */
  constructor(participants, announce) {
    this.participants = participants;
    this.announce = announce;
    this.known = null; // the others in the call as last told, null before the first description
    this.unnamed = new Set(); // came in before samtal told us who they are: said once it does
  }

  /** The others in the call now: says who came and who left (the first time: who is already there). */
  members(others) {
    const before = this.known;
    this.known = new Set(others);
    if (before === null) {
      const here = others.map((id) => this.participants.get(id)).filter(Boolean);
      if (here.length > 1) {
        this.announce(t('call.alreadyHere', { names: here.map(who).join(', ') }));
      }
      return;
    }
    const said = [];
    for (const id of others.filter((one) => !before.has(one))) {
      const person = this.participants.get(id);
      if (person) {
        said.push(t('call.joinedCall', { who: who(person) }));
      } else {
        this.unnamed.add(id);
      }
    }
    for (const id of [...before].filter((one) => !this.known.has(one))) {
      this.unnamed.delete(id);
      const person = this.participants.get(id);
      said.push(t('call.leftCall', { who: person ? who(person) : t('call.someone') }));
    }
    if (said.length > 0) {
      this.announce(said.join(' '));
    }
  }

  /** Someone in the call changed their presence or media (or samtal just told us who they are). */
  presence(person, before) {
    if (this.unnamed.delete(person.participantId)) {
      this.announce(t('call.joinedCall', { who: who(person) }));
    } else if (before) {
      this.media(person, before);
    }
  }

  media(person, before) {
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
      this.announce(sentences(said));
    }
  }

  reset() {
    this.known = null;
    this.unnamed.clear();
  }
}

/** Several things said as one text, each ending as a sentence ("… av kameran. … av mikrofonen"). */
export function sentences(texts) {
  return texts.length === 1 ? texts[0] : texts.map((text) => (/[.!?…]$/.test(text) ? text : `${text}.`)).join(' ');
}

/** "Tolken Ali", "Behandlaren Tove": the role and the name, as said at the start of a sentence. */
export function who(person) {
  return t(`who.${person.role}`, { name: person.name ?? '' }).trim();
}
