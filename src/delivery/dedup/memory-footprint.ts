import { WeComBotReply } from '../../families/bot/wecom-bot-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { DedupRecord } from './dedup-record.js';

/**
 * Heap estimates for the memory store's byte bound. They need not be exact, only proportional and on
 * the safe side: the constants are calibrated against the heap measured after GC through the real
 * callback path (`npm run faults -- --rows=memory-store`), which they slightly over-count.
 *
 * One entry: its Entry object, its Map slot, its write-log slot, the key string, the record and the
 * reply object; the reply's strings are counted by length.
 */
export const MEMORY_ENTRY_OVERHEAD_BYTES = 320;

const OBJECT_BYTES = 32;
const STRING_HEADER_BYTES = 16;
/** Deep enough for every reply the builders make (news articles, template cards), bounded for safety. */
const MAX_DEPTH = 6;

/** V8 stores a string in one byte per character when it can, otherwise two. */
export function approximateStringBytes(text: string): number {
  return STRING_HEADER_BYTES + (ONE_BYTE.test(text) ? text.length : 2 * text.length);
}

const ONE_BYTE = /^[\x00-\xff]*$/;

export function approximateRecordBytes(record: DedupRecord): number {
  if (record.state === 'pending') return OBJECT_BYTES + (record.owner ? approximateStringBytes(record.owner) : 0);
  return OBJECT_BYTES + (record.reply ? approximateReplyBytes(record.reply) : 0);
}

function approximateReplyBytes(reply: HandlerReply): number {
  return OBJECT_BYTES + approximateValueBytes(reply instanceof WeComBotReply ? reply.toJSON() : reply.fields, 0);
}

function approximateValueBytes(value: unknown, depth: number): number {
  if (typeof value === 'string') return approximateStringBytes(value);
  if (typeof value !== 'object' || value === null) return 8;
  if (depth >= MAX_DEPTH) return OBJECT_BYTES;
  let bytes = OBJECT_BYTES;
  if (Array.isArray(value)) {
    for (const item of value) bytes += 8 + approximateValueBytes(item, depth + 1);
  } else {
    for (const key in value) bytes += 16 + approximateValueBytes((value as Record<string, unknown>)[key], depth + 1);
  }
  return bytes;
}
