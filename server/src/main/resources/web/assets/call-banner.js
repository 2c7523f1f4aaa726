// The call's lines of status: the banner at the top (the most pressing first; nothing when all is
// well) and the hint about the connection under the pictures (the worst of the connections).

import { t } from './i18n.js';
import './call-texts.js';
import { displayName } from './host.js';

const QUALITY_ORDER = ['good', 'poor', 'bad'];

export class CallBanner {
  /**
   * @param banner  the banner element (a polite live region)
   * @param quality the element for the connection hint
   */
  constructor(banner, quality) {
    this.banner = banner;
    this.quality = quality;
    this.endingText = null; // the booked time ends soon
    this.refusal = null; // the key of why call.join was refused (the call is full)
    this.qualities = new Map(); // by connection: a peer's id, or 'bridge'
  }

  /**
   * @param socketDown the page's connection to samtal dropped
   * @param active     the page is in the call
   * @param away       someone in the call who is reconnecting, or null
   * @param links      the connections' status (CallLinks.status())
   */
  render({ socketDown, active, away, links }) {
    let text = null;
    if (socketDown) {
      text = t('call.reconnecting');
    } else if (this.refusal && !active) {
      text = t(this.refusal);
    } else if (away) {
      text = t('call.peerReconnecting', { name: displayName(away) });
    } else if (links.recovering) {
      text = t('call.recovering');
    } else if (links.bridge === 'unavailable') {
      text = t('call.bridgeUnavailable');
    } else if (links.switching || links.bridge === 'connecting' || (links.bridge === 'ready' && !links.any)) {
      text = t('call.switching');
    } else if (links.lost) {
      text = t('call.reconnecting');
    } else if (links.connecting) {
      text = t('call.connecting');
    } else {
      text = this.endingText;
    }
    if (this.banner.textContent !== (text ?? '')) {
      this.banner.textContent = text ?? '';
    }
    this.banner.hidden = !text;
  }

  /** A connection's hint ('good', 'poor', 'bad'): the worst of them is shown. */
  setQuality(source, quality) {
    this.qualities.set(source, quality);
    this.renderQuality();
  }

  /** Forgets the hints of connections that are gone ({@code current}: whether a source still is). */
  keepQualities(current) {
    for (const source of this.qualities.keys()) {
      if (!current(source)) {
        this.qualities.delete(source);
      }
    }
    this.renderQuality();
  }

  renderQuality() {
    const worst = [...this.qualities.values()].reduce((a, b) => (QUALITY_ORDER.indexOf(b) > QUALITY_ORDER.indexOf(a) ? b : a), null);
    this.quality.textContent = worst ? t(`call.quality${worst[0].toUpperCase()}${worst.slice(1)}`) : '';
  }
}
