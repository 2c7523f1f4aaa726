// Who is speaking in a call without a bridge (the bridge says it on its channel): from the level of
// the sound that arrives from each person. RTCRtpReceiver.getSynchronizationSources() gives the level
// of the latest packet played, without getStats: cheap enough to ask a few times a second.

const EVERY_MS = 300;
/** audioLevel is linear, 0 … 1; below this it is room noise, not speech (about −34 dBov). */
const SPEECH_LEVEL = 0.02;
const SMOOTHING = 0.35;
/** Another person must be the loudest this long before the highlight moves, so it does not flicker. */
const HOLD_MS = 1200;

export class LevelSpeaker {
  /**
   * @param levels    () → Map of participant id → the latest level of their sound (0 … 1)
   * @param onSpeaker called with a participant id when the speaker changes
   */
  constructor(levels, onSpeaker) {
    this.levels = levels;
    this.onSpeaker = onSpeaker;
    this.smoothed = new Map();
    this.speaker = null;
    this.candidate = null;
    this.candidateSince = 0;
    this.timer = null;
  }

  start() {
    this.timer ??= setInterval(() => this.tick(), EVERY_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.smoothed.clear();
    this.speaker = null;
    this.candidate = null;
  }

  tick() {
    const now = performance.now();
    const levels = this.levels();
    for (const id of this.smoothed.keys()) {
      if (!levels.has(id)) {
        this.smoothed.delete(id);
      }
    }
    let loudest = null;
    let loudestLevel = SPEECH_LEVEL;
    for (const [id, level] of levels) {
      const value = (this.smoothed.get(id) ?? 0) * (1 - SMOOTHING) + level * SMOOTHING;
      this.smoothed.set(id, value);
      if (value > loudestLevel) {
        loudest = id;
        loudestLevel = value;
      }
    }
    if (loudest === null || loudest === this.speaker) {
      this.candidate = null; // silence keeps the last speaker, as the bridge does
      return;
    }
    if (this.candidate !== loudest) {
      this.candidate = loudest;
      this.candidateSince = now;
    }
    if (this.speaker === null || now - this.candidateSince >= HOLD_MS) {
      this.speaker = loudest;
      this.candidate = null;
      this.onSpeaker(loudest);
    }
  }
}

/** The level of the sound a peer connection plays, from its audio receiver (0 when none has come). */
export function receivedLevel(pc) {
  for (const receiver of pc.getReceivers()) {
    if (receiver.track?.kind === 'audio') {
      const sources = receiver.getSynchronizationSources();
      return sources.length > 0 ? sources[0].audioLevel ?? 0 : 0;
    }
  }
  return 0;
}
