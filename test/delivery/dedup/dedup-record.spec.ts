import { describe, expect, it } from 'vitest';
import { WeComReply } from '../../../src/index.js';
import { decodeRecord, encodeRecord } from '../../../src/delivery/dedup/dedup-record.js';
import { renderReplyXml } from '../../../src/families/app/reply-plaintext.builder.js';

describe('dedup record: the first run\'s result as data', () => {
  const replies: Record<string, WeComReply> = {
    text: WeComReply.text('你好 <b>&</b>'),
    image: WeComReply.image('media-1'),
    voice: WeComReply.voice('media-2'),
    video: WeComReply.video('media-3', 'title'),
    news: WeComReply.news([{ Title: 'a', Url: 'https://x' }, { Title: 'b', Description: 'd' }]),
    updateButton: WeComReply.updateButton('已处理'),
    updateTemplateCard: WeComReply.updateTemplateCard({ CardType: 'text_notice', MainTitle: { Title: 't' }, TaskId: 'x1' }),
    updateTaskCard: WeComReply.updateTaskCard('done'),
  };

  it.each(Object.keys(replies))('a %s reply survives the store and renders to the same XML', (name) => {
    const reply = replies[name];
    const decoded = decodeRecord(encodeRecord({ state: 'done', reply }));
    expect(decoded?.state).toBe('done');
    const restored = (decoded as { reply: WeComReply }).reply;
    expect(restored).toBeInstanceOf(WeComReply);
    const now = Date.UTC(2025, 0, 1);
    expect(renderReplyXml(restored, 'zhangsan', 'ww1', now)).toBe(renderReplyXml(reply, 'zhangsan', 'ww1', now));
  });

  it('tells "no reply" and "still running" apart', () => {
    expect(decodeRecord(encodeRecord({ state: 'done', reply: undefined }))).toEqual({ state: 'done', reply: undefined });
    expect(decodeRecord(encodeRecord({ state: 'pending' }))).toEqual({ state: 'pending', early: false });
  });

  it('carries a claim\'s owner, session and early answer, and reads the first release\'s pending record', () => {
    const claim = { state: 'pending', owner: 'abc.1', session: 'run:7', early: true } as const;
    expect(decodeRecord(encodeRecord(claim))).toEqual(claim);
    expect(decodeRecord('{"v":1,"state":"pending"}')).toEqual({ state: 'pending', early: false });
    // A reader of the first release sees a claim as before: v 1, state pending.
    expect(JSON.parse(encodeRecord(claim))).toMatchObject({ v: 1, state: 'pending' });
  });

  it.each(['', 'not json', '{"v":2,"state":"done"}', '{"v":1,"state":"odd"}', '{"v":1,"state":"done","reply":{"kind":"martian"}}', 'null'])(
    'reads %j as unreadable instead of guessing',
    (value) => {
      expect(decodeRecord(value)).toBeUndefined();
    },
  );
});
