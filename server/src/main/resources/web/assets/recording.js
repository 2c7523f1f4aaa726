// Recording, seen from one person's screen: the indicator (what the recorder confirmed, the same
// for everyone), who has said yes, the consent question with a real "No", one-click withdraw, and
// for those who may, asking for a recording and stopping it. The server decides everything; this
// page only shows its state and sends the person's own answers.

import { t, language } from './i18n.js';

const $ = (id) => document.getElementById(id);

// What the recorder reported, in words. Anything not idle or paused may be recording: shown as on.
const RECORDER_KEYS = {
  starting: 'recording.starting', recording: 'recording.on', pausing: 'recording.pausing', paused: 'recording.paused',
  resuming: 'recording.resuming', stopping: 'recording.stopping',
};
const MAY_BE_RECORDING = new Set(['starting', 'recording', 'pausing', 'resuming', 'stopping']);

export class RecordingPanel {
  /**
   * @param connection  the session connection
   * @param participants the page's map of participant id → participant (kept up to date by join.js)
   * @param announce    says something through the page's live region
   * @param nameOf      a participant's display name
   */
  constructor(connection, participants, announce, nameOf) {
    this.connection = connection;
    this.participants = participants;
    this.announce = announce;
    this.nameOf = nameOf;
    this.prompts = new Map(); // subject id → prompt message, while unanswered
    this.state = null;
    this.me = null;
    connection.addEventListener('recording', ({ detail }) => this.changed(detail));
    connection.addEventListener('recording.prompt', ({ detail }) => this.asked(detail));
    $('consent-yes').addEventListener('click', () => this.answer('give'));
    $('consent-no').addEventListener('click', () => this.answer('refuse'));
    $('recording-withdraw').addEventListener('click', () => this.send({ decision: 'withdraw' }, $('recording-withdraw')));
    $('recording-reopen').addEventListener('click', () => this.send({ decision: 'reopen' }, $('recording-reopen')));
    $('recording-request').addEventListener('click', () => this.confirming(true));
    $('recording-request-cancel').addEventListener('click', () => this.confirming(false));
    $('recording-request-confirm').addEventListener('click', () => this.request());
    $('recording-stop').addEventListener('click', () => this.request('recording.stop'));
  }

  /** A (re)connect: the snapshot in welcome is the truth; questions are sent again after it. */
  welcome(me, snapshot) {
    this.me = me;
    this.state = snapshot;
    this.prompts.clear();
    $('recording-bar').hidden = false;
    this.render();
  }

  /** Someone's presence or consent changed (join.js has updated the participants map). */
  update(person) {
    if (this.me && person.participantId === this.me.participantId) {
      this.me = person;
    }
    for (const subject of [...this.prompts.keys()]) {
      if (subject === person.participantId && !this.stillAsked(subject)) {
        this.prompts.delete(subject);
      }
    }
    this.render();
  }

  changed(event) {
    const before = this.state;
    this.state = { ...this.state, phase: event.phase, recorder: event.recorder, requestedBy: event.requestedBy, reason: event.reason };
    this.render();
    if (!before || before.recorder !== event.recorder || before.phase !== event.phase) {
      this.announce(this.statusText());
    }
  }

  asked(prompt) {
    this.prompts.set(prompt.participantId, prompt);
    this.render();
    $('consent-heading').focus();
    this.announce(t('consent.announce'));
  }

  stillAsked(subject) {
    const person = this.participants.get(subject);
    const consent = person?.consent;
    if (!consent) {
      return true;
    }
    return subject === this.me?.participantId && !this.prompts.get(subject)?.asGuardian
      ? consent.status === 'asked' : consent.guardian === 'asked';
  }

  /** The session is over for this page. */
  hide() {
    this.prompts.clear();
    $('recording-bar').hidden = true;
    $('consent-prompt').hidden = true;
  }

  // ---- what the person does ----

  answer(decision) {
    const [subject, prompt] = this.prompts.entries().next().value ?? [];
    if (!prompt) {
      return;
    }
    const message = { decision };
    if (prompt.asGuardian) {
      message.participantId = subject;
    }
    if (decision === 'give') {
      message.textVersion = prompt.consentText.version;
    }
    this.send(message, decision === 'give' ? $('consent-yes') : $('consent-no')).then((ok) => {
      if (ok) {
        this.prompts.delete(subject);
        this.render();
        $('recording-status').setAttribute('tabindex', '-1');
        $('recording-status').focus();
      }
    });
  }

  send(fields, control) {
    control.disabled = true;
    return this.connection.request({ type: 'recording.consent', ...fields })
      .then(() => true, (error) => {
        this.announce(t(`error.${error.code}`) !== `error.${error.code}` ? t(`error.${error.code}`) : t('error.other'));
        return false;
      })
      .finally(() => { control.disabled = false; });
  }

  confirming(yes) {
    $('recording-confirm').hidden = !yes;
    $('recording-request').hidden = yes;
    if (yes) {
      $('recording-confirm-text').textContent = textOf(this.state.consentText);
      $('recording-request-confirm').focus();
    } else {
      $('recording-request').focus();
    }
  }

  request(type = 'recording.request') {
    const message = type === 'recording.request' ? { type, textVersion: this.state.consentText.version } : { type };
    this.connection.request(message).catch((error) => {
      const key = `error.${error.code}`;
      this.announce(t(key) !== key ? t(key) : t('error.other'));
    }).finally(() => {
      $('recording-confirm').hidden = true;
      this.render();
    });
  }

  // ---- what the screen shows ----

  statusText() {
    const { phase, recorder, reason } = this.state;
    if (RECORDER_KEYS[recorder]) {
      return t(RECORDER_KEYS[recorder]);
    }
    if (phase === 'awaiting_consent') {
      return t('recording.awaiting');
    }
    if (phase === 'off' && reason !== 'refused' && reason !== 'withdrawn' && this.someoneSaysNo(true)) {
      // A no stands, whatever else ended the last request: a no that comes after a failed start
      // changes no recording state, and the last reason would still say the start failed.
      return t('recording.off.refused');
    }
    const why = reason ? `recording.off.${reason}` : null;
    return why && t(why) !== why ? t(why) : t('recording.off');
  }

  /**
   * Whether someone let in has said no, or a guardian has for them. Then no request can stand, and
   * asking is refused (consent_refused) until that person changes it or is no longer let in; only
   * the asker's own no does not count there ({@code countMyOwn} false), as asking is their yes.
   * Everyone may see everyone who is let in, so this page knows it as well as the server.
   */
  someoneSaysNo(countMyOwn) {
    const no = (status) => status === 'refused' || status === 'withdrawn';
    return [...this.participants.values()].some((p) => p.consent
      && (p.stage === 'admitted' || p.stage === 'in_call')
      && (no(p.consent.guardian) || (no(p.consent.status) && (countMyOwn || p.participantId !== this.me?.participantId))));
  }

  render() {
    if (!this.state) {
      return;
    }
    const { phase, recorder, youMayRequest } = this.state;
    const status = $('recording-status');
    status.textContent = this.statusText();
    status.classList.toggle('on', MAY_BE_RECORDING.has(recorder));
    const mine = this.me?.consent?.status;
    $('recording-withdraw').hidden = mine !== 'given';
    $('recording-reopen').hidden = mine !== 'refused' && mine !== 'withdrawn';
    const refused = this.someoneSaysNo(false);
    $('recording-request').hidden = !youMayRequest || phase !== 'off' || refused || !$('recording-confirm').hidden;
    $('recording-refused-note').hidden = !youMayRequest || phase !== 'off' || !refused;
    if (refused && !$('recording-confirm').hidden) {
      $('recording-confirm').hidden = true; // a no came while the asker was reading: there is nothing to ask
    }
    $('recording-stop').hidden = !youMayRequest || (phase === 'off' && recorder === 'idle');
    this.renderPeople(phase);
    this.renderPrompt();
  }

  renderPeople(phase) {
    const list = $('recording-people');
    const people = [...this.participants.values()].filter((p) => p.consent && (p.stage === 'admitted' || p.stage === 'in_call'));
    list.hidden = phase === 'off' || people.length === 0;
    list.replaceChildren(...people.map((person) => {
      const item = document.createElement('li');
      const who = person.participantId === this.me?.participantId ? t('recording.you') : this.nameOf(person);
      let text = `${who}: ${t(`consent.${person.consent.status}`)}`;
      if (person.consent.guardian) {
        text += ` (${t('consent.guardianPart')}: ${t(`consent.${person.consent.guardian}`)})`;
      }
      item.textContent = text;
      return item;
    }));
  }

  renderPrompt() {
    const [subject, prompt] = this.prompts.entries().next().value ?? [];
    $('consent-prompt').hidden = !prompt;
    if (!prompt) {
      return;
    }
    const person = this.participants.get(subject);
    $('consent-heading').textContent = prompt.asGuardian
      ? t('consent.headingGuardian', { name: person ? this.nameOf(person) : '' }) : t('consent.heading');
    $('consent-for').textContent = prompt.asGuardian ? t('consent.asGuardian') : '';
    $('consent-for').hidden = !prompt.asGuardian;
    $('consent-text').textContent = textOf(prompt.consentText);
  }
}

/** The consent text in the page's language, Swedish when there is none in it. */
function textOf(consentText) {
  return consentText?.text?.[language()] ?? consentText?.text?.sv ?? '';
}
