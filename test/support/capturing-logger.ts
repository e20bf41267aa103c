import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what was logged, so specs can assert on the module's log lines. */
export class CapturingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log(message: unknown) {
    this.push('log', message);
  }
  warn(message: unknown) {
    this.push('warn', message);
  }
  error(message: unknown) {
    this.push('error', message);
  }
  debug(message: unknown) {
    this.push('debug', message);
  }
  verbose(message: unknown) {
    this.push('verbose', message);
  }
  messages(level: string): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
  private push(level: string, message: unknown) {
    this.lines.push({ level, message: String(message) });
  }
}
