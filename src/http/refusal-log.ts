import { clip } from '../errors/input-excerpt.js';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import type { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** Each refusal kind (app and errcode) logs this many in full per window, then counts. */
export const REFUSALS_LOGGED_PER_WINDOW = 10;
export const REFUSAL_WINDOW_MS = 60_000;

const CODE_NAMES = new Map<number, string>(Object.entries(WeComErrorCode).map(([name, code]) => [code, name]));

interface Window {
  readonly app: string;
  readonly errcode: number;
  readonly start: number;
  logged: number;
  suppressed: number;
}

/**
 * The warnings for refused callbacks, bounded: anyone can send refusals (10,000 bad signatures wrote
 * 3.8 MB of warnings), so each kind, per app and errcode, logs its first 10 in full in a window of a
 * minute, then only counts, and one summary line per kind reports the rest when its window ends:
 * "[hr] 9990 more refusals of kind -40001 (ValidateSignatureError) in the last 60 s". A message is
 * never longer than a few hundred characters.
 */
export class RefusalLog {
  private readonly windows = new Map<string, Window>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly logger: { warn(message: string): void },
    private readonly burst = REFUSALS_LOGGED_PER_WINDOW,
    private readonly windowMs = REFUSAL_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  refused(app: string, what: string, error: WeComProtocolError): void {
    const key = `${app}\u0000${error.errcode}`;
    const now = this.now();
    let window = this.windows.get(key);
    if (window && now - window.start >= this.windowMs) {
      this.close(key, window);
      window = undefined;
    }
    if (!window) {
      window = { app, errcode: error.errcode, start: now, logged: 0, suppressed: 0 };
      this.windows.set(key, window);
    }
    if (window.logged < this.burst) {
      window.logged++;
      const more = window.logged === this.burst ? ` (further refusals of this kind are counted and summarised every ${this.windowMs / 1000} s)` : '';
      this.logger.warn(`[${app}] ${what} refused (${error.errcode}): ${clip(error.message, 400)}${more}`);
      return;
    }
    window.suppressed++;
    this.timer ??= setInterval(() => this.closeExpired(), this.windowMs).unref();
  }

  /** Writes every pending summary now (shutdown). */
  flush(): void {
    for (const [key, window] of this.windows) this.close(key, window);
    this.stopTimer();
  }

  private closeExpired(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.close(key, window);
    if (![...this.windows.values()].some((window) => window.suppressed > 0)) this.stopTimer();
  }

  private close(key: string, window: Window): void {
    this.windows.delete(key);
    if (window.suppressed === 0) return;
    const seconds = Math.round(Math.min(this.now() - window.start, this.windowMs) / 1000);
    this.logger.warn(
      `[${window.app}] ${window.suppressed} more refusals of kind ${window.errcode} (${CODE_NAMES.get(window.errcode) ?? 'refusal'}) ` +
        `in the last ${seconds} s, after the ${window.logged} logged above`,
    );
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
