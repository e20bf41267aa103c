import type { BotStreamFrame } from './wecom-bot-stream.js';

/** Objects, the id and the Map and order slots of one kept stream, measured roughly after GC. */
export const STREAM_OVERHEAD_BYTES = 400;

/** V8 keeps a string in one byte per character when it can, otherwise two. */
export function contentBytes(content: string): number {
  return /^[\x00-\xff]*$/.test(content) ? content.length : 2 * content.length;
}

/** The heap a kept frame holds, estimated. */
export function frameBytes(frame: BotStreamFrame): number {
  return STREAM_OVERHEAD_BYTES + frame.stream.id.length + contentBytes(frame.stream.content);
}
