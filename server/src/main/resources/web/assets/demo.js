import { t, translatePage } from './i18n.js';

translatePage();

const button = document.getElementById('create');
const status = document.getElementById('demo-status');

button.addEventListener('click', async () => {
  button.disabled = true;
  status.textContent = '';
  try {
    const response = await fetch('/demo/session', { method: 'POST' });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    const session = await response.json();
    for (const [id, url] of [['therapist-link', session.therapistUrl], ['patient-link', session.patientUrl]]) {
      const link = document.getElementById(id);
      link.href = url;
      link.textContent = url;
    }
    document.getElementById('links').hidden = false;
    status.textContent = t('demo.created');
    document.getElementById('therapist-link').focus();
  } catch {
    status.textContent = t('demo.failed');
  } finally {
    button.disabled = false;
  }
});
