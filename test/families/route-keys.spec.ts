import { describe, expect, it } from 'vitest';
import type { WeComHandlerMetadata } from '../../src/decorators/wecom-handler-metadata.js';
import { AppFamily } from '../../src/families/app/app.family.js';
import { BotFamily } from '../../src/families/bot/bot.family.js';
import { WeComBotStreamRegistry } from '../../src/families/bot/bot-stream.registry.js';
import { SuiteDataFamily } from '../../src/families/suite-data/suite-data.family.js';
import { SuiteFamily } from '../../src/families/suite/suite.family.js';
import type { WeComSuiteTickets } from '../../src/families/suite/wecom-suite-tickets.service.js';

const app = new AppFamily();
const suiteData = new SuiteDataFamily();
const suite = new SuiteFamily({} as WeComSuiteTickets);
const bot = new BotFamily(new WeComBotStreamRegistry());
const key = (family: { routeOf(m: WeComHandlerMetadata): { key: string } | undefined }, metadata: WeComHandlerMetadata) => family.routeOf(metadata)?.key;

describe('route keys, as each family owns them', () => {
  it('keys an instruction callback by InfoType, then ChangeType, apart from the app event of the same name', () => {
    const suiteForm = suite.routeKeysOf({ SuiteId: 's', InfoType: 'change_contact', ChangeType: 'create_party' });
    const eventForm = app.routeKeysOf({ MsgType: 'event', Event: 'change_contact', ChangeType: 'create_party' });
    expect(suiteForm).toEqual([
      key(suite, { kind: 'info', infoType: 'change_contact', changeType: 'create_party' }),
      key(suite, { kind: 'info', infoType: 'change_contact' }),
    ]);
    expect(suiteForm.some((k) => eventForm.includes(k))).toBe(false);
  });

  it('routes an event-form instruction callback (no InfoType) like an app event', () => {
    expect(suite.routeKeysOf({ MsgType: 'event', Event: 'change_app_admin' })).toEqual([key(suite, { kind: 'event', event: 'change_app_admin' })]);
  });

  it('keys AI bot messages by msgtype and events by event.eventtype, each with its catch-all', () => {
    expect(bot.routeKeysOf({ msgtype: 'text' })).toEqual([key(bot, { kind: 'bot-message', msgtype: 'text' }), key(bot, { kind: 'bot-message' })]);
    expect(bot.routeKeysOf({ msgtype: 'event', event: { eventtype: 'enter_chat' } })).toEqual([
      key(bot, { kind: 'bot-event', eventtype: 'enter_chat' }),
      key(bot, { kind: 'bot-event' }),
    ]);
  });

  it('never routes a bot payload by XML names, nor an XML payload by bot names', () => {
    expect(bot.routeKeysOf({ MsgType: 'text' })).toEqual([]);
    expect(app.routeKeysOf({ msgtype: 'text' })).toEqual([]);
  });

  it('hears only the decorators of its own callbacks', () => {
    const decorators: WeComHandlerMetadata[] = [
      { kind: 'message', msgType: 'text' },
      { kind: 'event', event: 'click' },
      { kind: 'info', infoType: 'suite_ticket' },
      { kind: 'bot-message', msgtype: 'text' },
      { kind: 'bot-event' },
    ];
    const heard = (family: { routeOf(m: WeComHandlerMetadata): unknown }) => decorators.filter((m) => family.routeOf(m) !== undefined).map((m) => m.kind);
    expect(heard(app)).toEqual(['message', 'event']);
    expect(heard(suiteData)).toEqual(['message', 'event']);
    expect(heard(suite)).toEqual(['message', 'event', 'info']);
    expect(heard(bot)).toEqual(['bot-message', 'bot-event']);
  });

  it('names a data callback by its authorising corp, which is its receiveid; the other families have none', () => {
    expect(suiteData.authCorpIdOf('wwcorp')).toBe('wwcorp');
    expect(app.authCorpIdOf('wwcorp')).toBeUndefined();
    expect(suite.authCorpIdOf('suite')).toBeUndefined();
    expect(bot.authCorpIdOf('')).toBeUndefined();
  });
});
