import type { Answers } from '@survey/questionnaire';
import { backoffDelay } from '../lib/backoff';
import type { Failure, Outcome } from './respondent-api';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; savedAt: string }
  /** No connection: the answers are kept on the device and sent when it returns. */
  | { kind: 'offline' }
  /** The server is busy or failed: retrying. */
  | { kind: 'retrying' }
  /** The server refused the answers (should not happen: the page checks them first). */
  | { kind: 'rejected' };

export interface DraftSaverOptions {
  send(answers: Answers): Promise<Outcome<{ savedAt: string }>>;
  report(state: SaveState): void;
  /** The link stopped taking drafts (submitted, opted out, closed, expired…). */
  stopped(failure: Failure): void;
  /** Unsaved answers, kept on the device until the server has them; null once saved. */
  keep(answers: Answers | null): void;
  debounceMs?: number;
}

/**
 * Saves the answers as the person goes: a short while after the last change, one request at a
 * time, always the latest answers. When the connection is lost it keeps the answers, says so,
 * and retries with growing waits, at once when the browser reports the connection back.
 */
export class DraftSaver {
  private latest: Answers | null = null;
  private changes = 0;
  private savedChanges = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private failures = 0;
  private paused = false;
  private stoppedForGood = false;
  private readonly debounceMs: number;

  constructor(private readonly options: DraftSaverOptions) {
    this.debounceMs = options.debounceMs ?? 800;
    window.addEventListener('online', this.retryNow);
    window.addEventListener('pagehide', this.retryNow);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  get dirty(): boolean {
    return this.changes !== this.savedChanges;
  }

  change(answers: Answers): void {
    if (this.stoppedForGood) return;
    this.latest = answers;
    this.changes++;
    this.options.keep(answers);
    // While offline the message stays: the new answers are kept like the others.
    if (this.failures === 0) this.options.report({ kind: 'saving' });
    this.schedule(this.failures === 0 ? this.debounceMs : undefined);
  }

  /** Stops saving while the answers are being submitted. */
  pause(): void {
    this.paused = true;
    clearTimeout(this.timer);
  }

  resume(): void {
    this.paused = false;
    if (this.dirty) this.schedule(0);
  }

  dispose(): void {
    this.stoppedForGood = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.retryNow);
    window.removeEventListener('pagehide', this.retryNow);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly retryNow = () => {
    if (this.dirty) this.schedule(0);
  };

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') this.retryNow();
  };

  /** Runs the save after `ms`; with no `ms`, keeps the retry already planned. */
  private schedule(ms?: number): void {
    if (ms === undefined && this.timer !== undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.run();
      },
      ms ?? backoffDelay(this.failures),
    );
  }

  private async run(): Promise<void> {
    if (this.paused || this.stoppedForGood || this.inFlight || !this.dirty || !this.latest) return;
    this.inFlight = true;
    const sending = this.changes;
    const outcome = await this.options.send(this.latest);
    this.inFlight = false;
    if (this.stoppedForGood) return;

    if (outcome.ok) {
      this.failures = 0;
      this.savedChanges = Math.max(this.savedChanges, sending);
      if (this.dirty) {
        // Changed while the request was out: save again shortly.
        this.schedule(this.debounceMs);
      } else {
        this.options.keep(null);
        this.options.report({ kind: 'saved', savedAt: outcome.data.savedAt });
      }
      return;
    }
    // Too many requests from this address (someone else's guessing, behind the same office
    // address): the person stays on the survey and the save waits as the server says.
    const failure: Failure =
      outcome.kind === 'link' && outcome.problem === 'throttled'
        ? { kind: 'server', retryAfterMs: outcome.retryAfterMs }
        : outcome;
    switch (failure.kind) {
      case 'network':
      case 'server':
        this.options.report({ kind: failure.kind === 'network' ? 'offline' : 'retrying' });
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            void this.run();
          },
          failure.kind === 'server' && failure.retryAfterMs ? failure.retryAfterMs : backoffDelay(this.failures),
        );
        this.failures++;
        return;
      case 'invalid-answers':
        this.failures = 0;
        this.options.report({ kind: 'rejected' });
        return;
      default:
        this.dispose();
        this.options.stopped(failure);
    }
  }
}
