import { describe, expect, it } from 'vitest';
import { routeKeyOf, routeKeysOf } from '../../src/routing/route-key.js';

describe('route keys of the callback families', () => {
  it('keys an instruction callback by InfoType, then ChangeType, apart from the app event of the same name', () => {
    const suiteForm = routeKeysOf({ SuiteId: 's', InfoType: 'change_contact', ChangeType: 'create_party' }, 'suite');
    const eventForm = routeKeysOf({ MsgType: 'event', Event: 'change_contact', ChangeType: 'create_party' }, 'app');
    expect(suiteForm).toEqual([
      routeKeyOf({ kind: 'info', infoType: 'change_contact', changeType: 'create_party' }).key,
      routeKeyOf({ kind: 'info', infoType: 'change_contact' }).key,
    ]);
    expect(suiteForm.some((key) => eventForm.includes(key))).toBe(false);
  });

  it('routes an event-form instruction callback (no InfoType) like an app event', () => {
    expect(routeKeysOf({ MsgType: 'event', Event: 'change_app_admin' }, 'suite')).toEqual([routeKeyOf({ kind: 'event', event: 'change_app_admin' }).key]);
  });

  it('keys AI bot messages by msgtype and events by event.eventtype, each with its catch-all', () => {
    expect(routeKeysOf({ msgtype: 'text' }, 'bot')).toEqual([
      routeKeyOf({ kind: 'bot-message', msgtype: 'text' }).key,
      routeKeyOf({ kind: 'bot-message' }).key,
    ]);
    expect(routeKeysOf({ msgtype: 'event', event: { eventtype: 'enter_chat' } }, 'bot')).toEqual([
      routeKeyOf({ kind: 'bot-event', eventtype: 'enter_chat' }).key,
      routeKeyOf({ kind: 'bot-event' }).key,
    ]);
  });

  it('never routes a bot payload by XML names, nor an XML payload by bot names', () => {
    expect(routeKeysOf({ MsgType: 'text' }, 'bot')).toEqual([]);
    expect(routeKeysOf({ msgtype: 'text' }, 'app')).toEqual([]);
  });
});
