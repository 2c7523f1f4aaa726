// Every text of the browser client, in Swedish (the default) and English. Plain language: short
// sentences, everyday words.

const TEXTS = {
  sv: {
    'app.title': 'Samtal',
    'lang.switch': 'English',
    'join.connecting': 'Ansluter …',
    'join.joined': 'Du är med i samtalet.',
    'join.reconnecting': 'Anslutningen bröts. Vi försöker igen …',
    'join.ended': 'Samtalet är slut.',
    'join.left': 'Du har lämnat samtalet.',
    'join.replaced': 'Du har öppnat samtalet på en annan enhet eller flik.',
    'join.noToken': 'Länken saknar inbjudan. Öppna länken du fick från vården igen.',
    'join.refused': 'Det gick inte att ansluta.',
    'join.participants': 'Deltagare',
    'join.leave': 'Lämna samtalet',
    'join.you': 'du',
    'presence.joined': 'är här',
    'presence.away': 'är borta en stund',
    'presence.reconnecting': 'återansluter …',
    'presence.disconnected': 'har tappat anslutningen',
    'presence.left': 'har lämnat',
    'role.therapist': 'Behandlare',
    'role.patient': 'Patient',
    'role.guardian': 'Vårdnadshavare',
    'role.relative': 'Närstående',
    'role.interpreter': 'Tolk',
    'role.guest': 'Gäst',
    'role.observer': 'Observatör',
    'role.bot': 'Tjänst',
    'error.token_expired': 'Länken har gått ut. Be om en ny länk.',
    'error.token_replayed': 'Länken har redan använts. Be om en ny länk.',
    'error.session_ended': 'Samtalet är redan avslutat.',
    'error.session_cancelled': 'Samtalet är inställt.',
    'error.session_not_open_yet': 'Samtalet har inte öppnat än. Försök igen en stund före utsatt tid.',
    'error.session_full': 'Samtalet är fullt.',
    'error.session_not_found': 'Vi hittar inte samtalet. Kontrollera länken.',
    'error.other': 'Något gick fel. Försök igen eller kontakta din vårdgivare.',
    'demo.title': 'Prova samtal',
    'demo.intro': 'Skapa ett demosamtal och öppna de två länkarna i var sin flik: en för behandlaren och en för patienten.',
    'demo.create': 'Skapa demosamtal',
    'demo.therapist': 'Länk för behandlaren',
    'demo.patient': 'Länk för patienten',
    'demo.created': 'Demosamtalet är skapat.',
    'demo.failed': 'Det gick inte att skapa ett demosamtal.',
  },
  en: {
    'app.title': 'Samtal',
    'lang.switch': 'Svenska',
    'join.connecting': 'Connecting …',
    'join.joined': 'You are in the session.',
    'join.reconnecting': 'The connection dropped. Trying again …',
    'join.ended': 'The session has ended.',
    'join.left': 'You have left the session.',
    'join.replaced': 'You opened the session on another device or tab.',
    'join.noToken': 'The link has no invitation in it. Open the link from your care provider again.',
    'join.refused': 'Could not connect.',
    'join.participants': 'Participants',
    'join.leave': 'Leave the session',
    'join.you': 'you',
    'presence.joined': 'is here',
    'presence.away': 'is away for a moment',
    'presence.reconnecting': 'is reconnecting …',
    'presence.disconnected': 'lost the connection',
    'presence.left': 'has left',
    'role.therapist': 'Therapist',
    'role.patient': 'Patient',
    'role.guardian': 'Guardian',
    'role.relative': 'Relative',
    'role.interpreter': 'Interpreter',
    'role.guest': 'Guest',
    'role.observer': 'Observer',
    'role.bot': 'Service',
    'error.token_expired': 'The link has expired. Ask for a new one.',
    'error.token_replayed': 'The link has already been used. Ask for a new one.',
    'error.session_ended': 'The session has already ended.',
    'error.session_cancelled': 'The session is cancelled.',
    'error.session_not_open_yet': 'The session is not open yet. Try again shortly before the booked time.',
    'error.session_full': 'The session is full.',
    'error.session_not_found': 'We cannot find the session. Check the link.',
    'error.other': 'Something went wrong. Try again or contact your care provider.',
    'demo.title': 'Try samtal',
    'demo.intro': 'Create a demo session and open the two links in separate tabs: one for the therapist and one for the patient.',
    'demo.create': 'Create demo session',
    'demo.therapist': 'Link for the therapist',
    'demo.patient': 'Link for the patient',
    'demo.created': 'The demo session is ready.',
    'demo.failed': 'Could not create a demo session.',
  },
};

const KEY = 'samtal.lang';

/** Adds texts of another part of the client (e.g. chat-texts.js): { sv: {...}, en: {...} }. */
export function addTexts(more) {
  for (const [lang, texts] of Object.entries(more)) {
    Object.assign(TEXTS[lang], texts);
  }
}

export function language() {
  const saved = localStorage.getItem(KEY);
  return saved === 'en' || saved === 'sv' ? saved : 'sv';
}

export function t(key) {
  return TEXTS[language()][key] ?? TEXTS.sv[key] ?? key;
}

/** Fills every element with data-t with its text, and wires the language switch. */
export function translatePage(onSwitch) {
  document.documentElement.lang = language();
  for (const element of document.querySelectorAll('[data-t]')) {
    element.textContent = t(element.dataset.t);
  }
  const toggle = document.getElementById('language');
  if (toggle && !toggle.dataset.wired) {
    toggle.dataset.wired = 'yes';
    toggle.addEventListener('click', () => {
      localStorage.setItem(KEY, language() === 'sv' ? 'en' : 'sv');
      translatePage(onSwitch);
      if (onSwitch) {
        onSwitch();
      }
    });
  }
}
