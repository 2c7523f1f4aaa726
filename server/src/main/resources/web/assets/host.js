// The therapist's panel: who waits and for how long, who is in, and the buttons to admit, turn
// away, send back and end. Names come from other people: they are always set as text.

import { t } from './i18n.js';
import './call-texts.js';

const REFRESH_MS = 30000;

export class HostPanel {
  constructor(root, connection, announce) {
    this.root = root;
    this.connection = connection;
    this.announce = announce;
    this.waitingList = root.querySelector('#host-waiting');
    this.participantList = root.querySelector('#host-participants');
    this.empty = root.querySelector('#host-waiting-empty');
    this.people = new Map();
    this.me = null;
    this.clockOffset = 0;
    this.timer = setInterval(() => this.render(), REFRESH_MS);
    this.wireEnd();
  }

  show(me, participants, serverTime) {
    this.me = me;
    this.clockOffset = serverTime ? Date.parse(serverTime) - Date.now() : 0;
    this.people.clear();
    for (const person of participants) {
      this.people.set(person.participantId, person);
    }
    this.root.hidden = false;
    this.render();
  }

  update(person) {
    const before = this.people.get(person.participantId);
    this.people.set(person.participantId, person);
    if (person.stage === 'waiting' && person.presence === 'joined' && (!before || before.stage !== 'waiting')) {
      this.announce(t('host.arrived', { name: displayName(person) }));
    }
    this.render();
  }

  render() {
    if (this.root.hidden) {
      return;
    }
    const focused = document.activeElement && this.root.contains(document.activeElement) ? document.activeElement.id : null;
    const waiting = [...this.people.values()].filter((p) => p.stage === 'waiting' && p.presence !== 'left');
    const inside = [...this.people.values()].filter((p) => p.stage === 'admitted' || p.stage === 'in_call');
    this.empty.hidden = waiting.length > 0;
    this.waitingList.replaceChildren(...waiting.map((p) => this.waitingItem(p)));
    this.participantList.replaceChildren(...inside.map((p) => this.participantItem(p)));
    if (focused) {
      const again = document.getElementById(focused);
      (again ?? this.root.querySelector('h2')).focus?.();
    }
  }

  waitingItem(person) {
    const item = document.createElement('li');
    const who = text('span', 'who', displayName(person));
    const since = person.waitingSince ? Date.parse(person.waitingSince) : Date.now() + this.clockOffset;
    const minutes = Math.floor((Date.now() + this.clockOffset - since) / 60000);
    const detail = text('span', 'presence', ` — ${roleAnd(person)}${minutes < 1 ? t('host.waitedNow') : t('host.waitedMinutes', { n: minutes })}`);
    const admit = button(`admit-${person.participantId}`, t('host.admit'), t('host.admitLabel', { name: displayName(person) }), '');
    admit.addEventListener('click', () => this.act('participant.admit', person, admit));
    const deny = button(`deny-${person.participantId}`, t('host.deny'), t('host.denyLabel', { name: displayName(person) }), 'secondary');
    deny.addEventListener('click', () => this.act('participant.deny', person, deny));
    const actions = document.createElement('span');
    actions.className = 'row-actions';
    actions.append(admit, deny);
    item.append(who, detail, actions);
    return item;
  }

  participantItem(person) {
    const item = document.createElement('li');
    const you = this.me && person.participantId === this.me.participantId ? ` (${t('join.you')})` : '';
    item.append(text('span', 'who', displayName(person)),
      text('span', 'presence', `${you} — ${roleAnd(person)}${t(`stage.${person.stage}`)}, ${t(`presence.${person.presence}`)}`));
    if (person.stage === 'in_call') {
      item.append(text('span', 'media', mediaText(person)));
    }
    if (person.role !== 'therapist') {
      const back = button(`back-${person.participantId}`, t('host.sendBack'), t('host.sendBackLabel', { name: displayName(person) }), 'secondary');
      back.addEventListener('click', () => this.act('participant.send_back', person, back));
      const actions = document.createElement('span');
      actions.className = 'row-actions';
      actions.append(back);
      item.append(actions);
    }
    return item;
  }

  act(type, person, control) {
    control.disabled = true;
    this.connection.request({ type, participantId: person.participantId })
      .catch((error) => {
        // e.g. consent_required: the person has not said yes to the recording that runs
        const key = `error.${error.code}`;
        this.announce(t(key) !== key ? t(key) : t('error.other'));
      })
      .finally(() => {
        control.disabled = false;
        this.root.querySelector('#host-heading').focus?.();
      });
  }

  wireEnd() {
    const end = this.root.querySelector('#end-session');
    const confirm = this.root.querySelector('#end-confirm');
    const cancel = this.root.querySelector('#end-cancel');
    const asking = (yes) => {
      end.hidden = yes;
      confirm.hidden = !yes;
      cancel.hidden = !yes;
      (yes ? confirm : end).focus();
    };
    end.addEventListener('click', () => asking(true));
    cancel.addEventListener('click', () => asking(false));
    confirm.addEventListener('click', () => {
      confirm.disabled = true;
      this.connection.request({ type: 'session.end' }).catch(() => {
        confirm.disabled = false;
      });
    });
  }

  hide() {
    clearInterval(this.timer);
    this.root.hidden = true;
  }
}

export function displayName(person) {
  return person.name || t(`role.${person.role}`);
}

/** What someone in the call sends, in words ("mikrofon på, kamera av"; "bara ljud, mikrofon av"). */
export function mediaText(person) {
  if (person.role === 'observer') {
    return t('media.observer');
  }
  const media = person.media ?? {};
  const microphone = t(media.microphone ? 'media.micOn' : 'media.micOff');
  return media.audioOnly
    ? `${t('media.audioOnly')}, ${microphone}`
    : `${microphone}, ${t(media.camera ? 'media.cameraOn' : 'media.cameraOff')}`;
}

/** "Patient, " beside a name; nothing for someone without one, whose role already stands as their name. */
function roleAnd(person) {
  return person.name ? `${t(`role.${person.role}`)}, ` : '';
}

function text(tag, className, content) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = content;
  return element;
}

function button(id, label, accessibleName, className) {
  const element = document.createElement('button');
  element.type = 'button';
  element.id = id;
  element.className = className;
  element.textContent = label;
  element.setAttribute('aria-label', accessibleName);
  return element;
}
