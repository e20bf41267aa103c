import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { OnWeComBotEvent, OnWeComBotMessage, type BotTemplateCardEvent, type BotTextMessage } from '../src/index.js';

/** The AI bot patterns: a welcome, a streamed answer, and a card click. */
@Injectable()
export class SampleBot {
  /** First entry of the day: a string is the welcome text. */
  @OnWeComBotEvent('enter_chat')
  welcome(): string {
    return '你好! Ask me anything.';
  }

  /**
   * An async generator is a streamed answer: the first chunk goes out at once, and WeCom's refresh
   * polls get the rest as it arrives (the pauses stand for a model that is still thinking).
   */
  @OnWeComBotMessage('text')
  async *answer(message: BotTextMessage): AsyncGenerator<string> {
    yield `You said: ${message.text.content}\n\n`;
    for (const word of ['This', ' answer', ' arrives', ' in', ' pieces.']) {
      await sleep(150);
      yield word;
    }
  }

  /** A click on a template card's button: nothing to reply, just record it. */
  @OnWeComBotEvent('template_card_event')
  clicked(event: BotTemplateCardEvent): void {
    void event.event.template_card_event?.event_key;
  }
}
