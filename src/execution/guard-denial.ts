import { ForbiddenException } from '@nestjs/common';

/**
 * A guard of a WeCom handler returned false: the handler is skipped, as if it had not matched.
 * A ForbiddenException, as Nest throws for any denial, so filters see what they see everywhere else;
 * the invoker tells it apart from a ForbiddenException that a guard or handler throws itself.
 */
export class WeComGuardDenial extends ForbiddenException {
  constructor() {
    super('Forbidden resource');
  }
}
