import './chat-texts.js';
import './call-texts.js';
import { t, translatePage } from './i18n.js';

translatePage();

/**
 * A button that asks the server for a demo and shows the links it answers with.
 * @param links pairs of [the answer's field, the id of the link element that shows it]
 */
function demoButton(buttonId, statusId, endpoint, createdKey, linksId, links) {
  const button = document.getElementById(buttonId);
  const status = document.getElementById(statusId);
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = '';
    try {
      const response = await fetch(endpoint, { method: 'POST' });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const created = await response.json();
      for (const [field, id] of links) {
        const link = document.getElementById(id);
        link.href = created[field];
        link.textContent = created[field];
      }
      document.getElementById(linksId).hidden = false;
      status.textContent = t(createdKey);
      document.getElementById(links[0][1]).focus();
    } catch {
      status.textContent = t('demo.failed');
    } finally {
      button.disabled = false;
    }
  });
}

// The demo therapist's inbox, where the demo's drop-in conversations wait.
document.getElementById('open-inbox').addEventListener('click', async () => {
  const status = document.getElementById('inbox-status');
  try {
    const response = await fetch('/demo/inbox', { method: 'POST' });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    const link = document.getElementById('inbox-link');
    link.href = (await response.json()).inboxUrl;
    link.textContent = t('demo.inboxOpen');
    document.getElementById('inbox-link-box').hidden = false;
    status.textContent = '';
    link.focus();
  } catch {
    status.textContent = t('demo.failed');
  }
});

demoButton('create', 'demo-status', '/demo/session', 'demo.created', 'links',
  [['therapistUrl', 'therapist-link'], ['patientUrl', 'patient-link']]);
demoButton('create-group', 'group-status', '/demo/group', 'demo.groupCreated', 'group-links',
  [['therapistUrl', 'group-therapist-link'], ['patientUrl', 'group-patient-link'],
    ['interpreterUrl', 'group-interpreter-link'], ['relativeUrl', 'group-relative-link']]);
demoButton('create-conversation', 'conversation-status', '/demo/conversation', 'demo.chatCreated', 'conversation-links',
  [['therapistUrl', 'conversation-therapist-link'], ['patientUrl', 'conversation-patient-link']]);
