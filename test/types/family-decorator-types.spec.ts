import { describe, expect, it } from 'vitest';
import {
  OnWeComBotEvent,
  OnWeComBotMessage,
  OnWeComInfo,
  type BotEnterChatEvent,
  type BotTextMessage,
  type CreateAuthInfo,
  type SuiteChangeContactCreateUser,
  type SuiteTicketInfo,
} from '../../src/index.js';

// Compile-time checks: `npm test` runs tsc over this file, so each @ts-expect-error must stay an error.
class Typed {
  @OnWeComInfo('suite_ticket')
  ticket(payload: SuiteTicketInfo) {
    return payload.SuiteTicket;
  }

  @OnWeComInfo('change_contact', 'create_user')
  created(payload: SuiteChangeContactCreateUser) {
    return payload.UserID;
  }

  // @ts-expect-error: a suite_ticket payload is not a create_auth payload
  @OnWeComInfo('suite_ticket')
  wrongInfo(payload: CreateAuthInfo) {
    return payload.AuthCode;
  }

  @OnWeComBotMessage('text')
  text(message: BotTextMessage) {
    return message.text.content;
  }

  // @ts-expect-error: an image message is not a text message
  @OnWeComBotMessage('image')
  wrongMessage(message: BotTextMessage) {
    return message.text.content;
  }

  @OnWeComBotEvent('enter_chat')
  enter(event: BotEnterChatEvent) {
    return event.event.eventtype;
  }

  @OnWeComInfo('some_future_info_type')
  future(payload: Record<string, unknown>) {
    return payload.InfoType;
  }
}

describe('family decorators', () => {
  it('store their routes so that they stack', () => {
    const routes = Reflect.getMetadata(OnWeComInfo.KEY, Typed.prototype.ticket);
    expect(routes).toEqual([{ kind: 'info', infoType: 'suite_ticket', changeType: undefined, app: undefined }]);
    expect(Reflect.getMetadata(OnWeComBotEvent.KEY, Typed.prototype.enter)).toEqual([{ kind: 'bot-event', eventtype: 'enter_chat', app: undefined }]);
  });
});
