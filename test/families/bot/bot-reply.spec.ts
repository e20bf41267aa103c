import { describe, expect, it } from 'vitest';
import { toBotReply } from '../../../src/families/bot/bot-reply.converter.js';
import { MAX_STREAM_CONTENT_BYTES, WeComBotReply, WeComBotStream, WeComReply } from '../../../src/index.js';

describe('WeComBotStream', () => {
  it('accumulates content and reports it in every frame until finish', () => {
    const stream = new WeComBotStream('s1');
    expect(stream.append('a').append('b').frame()).toEqual({ msgtype: 'stream', stream: { id: 's1', finish: false, content: 'ab' } });
    expect(stream.replace('x').finish('y').frame()).toEqual({ msgtype: 'stream', stream: { id: 's1', finish: true, content: 'xy' } });
    expect(() => stream.append('late')).toThrow(/append\(\) after finish\(\)/);
  });

  it('clips a frame to 20480 bytes without splitting a character', () => {
    const stream = new WeComBotStream().append('a').append('中'.repeat(MAX_STREAM_CONTENT_BYTES));
    const { content } = stream.frame().stream;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(MAX_STREAM_CONTENT_BYTES);
    expect(Buffer.byteLength(content)).toBeGreaterThan(MAX_STREAM_CONTENT_BYTES - 3);
    expect(content).not.toContain('\uFFFD');
    expect(stream.content.length).toBe(MAX_STREAM_CONTENT_BYTES + 1);
  });

  it('ends a pumped stream with what arrived when the source fails', async () => {
    async function* failing() {
      yield 'partial';
      throw new Error('model went away');
    }
    const stream = WeComBotStream.from(failing());
    for (let i = 0; i < 10 && !stream.finished; i++) await Promise.resolve();
    expect(stream.frame().stream).toMatchObject({ finish: true, content: 'partial' });
  });
});

describe('bot handler results', () => {
  const message = { msgtype: 'text' };
  const event = { msgtype: 'event', event: { eventtype: 'enter_chat' } };

  it('turns a string into a finished stream for messages and into text for events', () => {
    expect(toBotReply('hi', message)!.toJSON()).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: 'hi' } });
    expect(toBotReply('hi', event)!.toJSON()).toEqual({ msgtype: 'text', text: { content: 'hi' } });
  });

  it('means no reply for nothing', () => {
    for (const nothing of [undefined, null, '']) expect(toBotReply(nothing, message)).toBeUndefined();
  });

  it('refuses an XML reply and other objects with a message that says what to return', () => {
    expect(() => toBotReply(WeComReply.text('x'), message)).toThrow(/WeComBotReply instead/);
    expect(() => toBotReply({ content: 'x' }, message)).toThrow(/WeComBotReply/);
  });

  it('builds the documented reply shapes', () => {
    expect(WeComBotReply.updateTemplateCard({ card_type: 'button_interaction' }, ['u1']).toJSON()).toEqual({
      response_type: 'update_template_card',
      userids: ['u1'],
      template_card: { card_type: 'button_interaction' },
    });
    expect(() => WeComBotReply.templateCard({} as never)).toThrow(/card_type/);
    expect(() => WeComBotReply.text('')).toThrow(/non-empty/);
  });
});
