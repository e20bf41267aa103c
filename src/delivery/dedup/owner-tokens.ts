import { randomBytes } from 'node:crypto';

/**
 * Owner tokens for claims: unique per run across every replica, cheap to make (a random prefix per
 * process, then a counter), so a run can recognise its own claim in a compare-and-set.
 */
export class OwnerTokens {
  private readonly prefix = randomBytes(9).toString('base64url');
  private sequence = 0;

  next(): string {
    return `${this.prefix}.${(++this.sequence).toString(36)}`;
  }
}
