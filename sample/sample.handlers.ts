import { Injectable, Logger } from '@nestjs/common';
import {
  OnWeComEvent,
  OnWeComMessage,
  WeComReply,
  type ChangeContactCreateUser,
  type EnterAgentEvent,
  type TextMessage,
  type WeComContext,
} from '../src/index.js';

/** The patterns a team copies: an echo, a welcome, and a contact-sync listener. */
@Injectable()
export class SampleHandlers {
  private readonly logger = new Logger('SampleHandlers');

  /** A returned string becomes an encrypted text reply. */
  @OnWeComMessage('text')
  echo(message: TextMessage): string {
    return `echo: ${message.Content}`;
  }

  /** Greets a member who opens the app. */
  @OnWeComEvent('enter_agent')
  welcome(event: EnterAgentEvent): WeComReply {
    return WeComReply.text(`Welcome, ${event.FromUserName}!`);
  }

  /** Every contact change: no reply, just keep your directory in sync. */
  @OnWeComEvent('change_contact')
  contactChanged(event: { ChangeType?: string; UserID?: string; Id?: string }, ctx: WeComContext): void {
    this.logger.log(`[${ctx.app}] contact change ${event.ChangeType} ${event.UserID ?? event.Id ?? ''}`.trim());
  }

  /** A more specific listener runs too, and gets the typed payload. */
  @OnWeComEvent('change_contact', 'create_user')
  userCreated(event: ChangeContactCreateUser): void {
    this.logger.log(`new member ${event.UserID} (${event.Name ?? 'no name'}) in departments ${event.Department ?? '-'}`);
  }
}
