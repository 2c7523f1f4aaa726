import './chat-texts.js';
import { t, translatePage } from './i18n.js';

translatePage();

/** A button that asks the server for a demo and shows the two links it answers with. */
function demoButton(buttonId, statusId, endpoint, createdKey, linksId, therapistLinkId, patientLinkId) {
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
      for (const [id, url] of [[therapistLinkId, created.therapistUrl], [patientLinkId, created.patientUrl]]) {
        const link = document.getElementById(id);
        link.href = url;
        link.textContent = url;
      }
      document.getElementById(linksId).hidden = false;
      status.textContent = t(createdKey);
      document.getElementById(therapistLinkId).focus();
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

demoButton('create', 'demo-status', '/demo/session', 'demo.created', 'links', 'therapist-link', 'patient-link');
demoButton('create-conversation', 'conversation-status', '/demo/conversation', 'demo.chatCreated', 'conversation-links',
  'conversation-therapist-link', 'conversation-patient-link');
