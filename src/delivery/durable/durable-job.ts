import type { InboundCallback } from '../../families/inbound-callback.js';
import { callbackType } from '../../observability/callback-type.js';
import type { PreparedReply } from './durable-reply.sender.js';

/**
 * What a durable job holds: the decrypted plaintext and the context fields, never the parsed payload
 * (docs/ARCHITECTURE.md, "The seam"). A worker parses the plaintext again with the app's family, so
 * its handlers see exactly what inline handlers see. Versioned, so that a job queued by an older
 * release is still read (or refused clearly) after an upgrade.
 */
export interface DurableJobData {
  readonly v: 1;
  readonly app: string;
  /** The dedup key: the job id is derived from it (durableJobId). */
  readonly key: string;
  /** `callbackType(payload)`, for listings and metrics; no ids, no content. */
  readonly type: string;
  /** `ctx.rawXml`: the decrypted plaintext (XML, or JSON for AI bots). */
  readonly plaintext: string;
  readonly receiveId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
  readonly authCorpId?: string;
  /** When the request path queued it (ms since the epoch). */
  readonly enqueuedAt: number;
  /** W3C trace context of the request, when OpenTelemetry is in use. */
  readonly trace?: Record<string, string>;
  /**
   * Set once the handlers have succeeded and returned a reply that still has to be sent: a retry then
   * only sends it, and never runs the handlers a second time for a failed send.
   */
  readonly reply?: PreparedReply;
}

export function encodeJob(key: string, inbound: InboundCallback, trace: Record<string, string> | undefined): DurableJobData {
  const { ctx } = inbound;
  return {
    v: 1,
    app: inbound.app.name,
    key,
    type: callbackType(inbound.payload),
    plaintext: ctx.rawXml,
    receiveId: ctx.receiveId,
    timestamp: ctx.timestamp,
    nonce: ctx.nonce,
    signature: ctx.signature,
    ...(ctx.authCorpId !== undefined ? { authCorpId: ctx.authCorpId } : {}),
    enqueuedAt: Date.now(),
    ...(trace ? { trace } : {}),
  };
}

/** Checks a job's data before use: a job from an unknown release, or edited by hand, fails clearly. */
export function readJob(data: unknown): DurableJobData {
  const job = data as Partial<DurableJobData> | null;
  if (!job || typeof job !== 'object' || job.v !== 1) {
    throw new TypeError(`not a nestjs-wecom durable job of version 1 (v = ${JSON.stringify(job && (job as { v?: unknown }).v)})`);
  }
  for (const field of ['app', 'key', 'type', 'plaintext', 'receiveId', 'timestamp', 'nonce', 'signature'] as const) {
    if (typeof job[field] !== 'string') throw new TypeError(`durable job without "${field}"`);
  }
  return job as DurableJobData;
}

/**
 * The job id of a callback: its dedup key, so that WeCom's retry of a queued callback adds nothing
 * (BullMQ keeps the first job). BullMQ refuses ids that contain ":" or read as an integer, and dedup
 * keys are `<app>:msg:<MsgId>`; so ":" and "%" are escaped (reversibly) and the id gets a prefix.
 */
export function durableJobId(key: string): string {
  return `wecom-${key.replaceAll('%', '%25').replaceAll(':', '%3A')}`;
}

/** The dedup key back from a job id. */
export function dedupKeyOfJobId(jobId: string): string | undefined {
  if (!jobId.startsWith('wecom-')) return undefined;
  return jobId.slice('wecom-'.length).replaceAll('%3A', ':').replaceAll('%25', '%');
}
