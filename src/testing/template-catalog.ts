import {
  EVENT_TEMPLATES,
  INFO_TEMPLATES,
  MESSAGE_TEMPLATES,
  type CallbackSender,
} from './callback-templates.js';

/** The three callback families of PROTOCOL.md §4.0: messages (MsgType), events (Event), instruction callbacks (InfoType). */
export type CallbackKind = 'message' | 'event' | 'info';

/** One template, found by name, with everything the renderer needs to write the header. */
export interface ResolvedTemplate {
  readonly kind: CallbackKind;
  /** MsgType, Event or InfoType, spelt as WeCom sends it (`LOCATION`). */
  readonly type: string;
  readonly changeType?: string;
  readonly sender: CallbackSender;
  readonly agentId: boolean;
  /** Instruction callbacks only: the receiver element and whether AuthCorpId is sent. */
  readonly receiver?: 'SuiteId' | 'ServiceCorpId';
  readonly authCorpId?: boolean;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A name that no template carries; the message lists what exists. */
export class UnknownTemplateError extends Error {
  override readonly name = 'UnknownTemplateError';
}

interface AnyTemplate {
  sender?: CallbackSender;
  agentId?: boolean;
  receiver?: 'SuiteId' | 'ServiceCorpId';
  authCorpId?: boolean;
  body?: Readonly<Record<string, unknown>>;
  changeTypes?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  defaultChangeType?: string;
}

const TABLES: Record<CallbackKind, Readonly<Record<string, AnyTemplate>>> = {
  message: Object.fromEntries(Object.entries(MESSAGE_TEMPLATES).map(([type, body]) => [type, { sender: 'member', agentId: true, body }])),
  event: EVENT_TEMPLATES,
  info: INFO_TEMPLATES,
};

const KIND_WORD: Record<CallbackKind, string> = { message: 'message type', event: 'event', info: 'InfoType' };

/**
 * The template of `type` (and `changeType`) in one family. Names are matched exactly, then
 * case-insensitively, as the router does (`location` finds `LOCATION`). Families with a closed
 * ChangeType list need one of them; the open-ended ones (meeting_change, doc_change …) take any.
 */
export function findTemplate(kind: CallbackKind, type: string, changeType?: string): ResolvedTemplate {
  const table = TABLES[kind];
  const canonical = type in table ? type : Object.keys(table).find((name) => name.toLowerCase() === type.toLowerCase());
  if (canonical === undefined) {
    const names = Object.keys(table);
    const close = names.filter((name) => editDistance(name.toLowerCase(), type.toLowerCase()) <= 2);
    const hint = close.length > 0 ? ` Did you mean ${close.map((name) => `"${name}"`).join(' or ')}?` : '';
    throw new UnknownTemplateError(`no ${KIND_WORD[kind]} "${type}" in the callback catalog (docs/PROTOCOL.md §4).${hint} Known: ${names.join(', ')}.`);
  }
  const template = table[canonical];
  const header = {
    kind,
    type: canonical,
    sender: template.sender ?? 'none',
    agentId: template.agentId ?? false,
    receiver: template.receiver,
    authCorpId: template.authCorpId,
  };
  if (template.changeTypes) {
    const known = Object.keys(template.changeTypes);
    if (changeType === undefined || !(changeType in template.changeTypes)) {
      const problem = changeType === undefined ? 'needs a ChangeType' : `has no ChangeType "${changeType}"`;
      throw new UnknownTemplateError(`${canonical} ${problem}; one of: ${known.join(', ')}.`);
    }
    return { ...header, changeType, body: template.changeTypes[changeType] };
  }
  if (changeType !== undefined && template.defaultChangeType === undefined) {
    throw new UnknownTemplateError(`${canonical} has no ChangeType; drop "${changeType}".`);
  }
  return { ...header, changeType: changeType ?? template.defaultChangeType, body: template.body ?? {} };
}

/** Every template as `kind type [changeType]`, for `nestjs-wecom templates` and for the tests. */
export function listTemplates(): Array<{ kind: CallbackKind; type: string; changeType?: string }> {
  const all: Array<{ kind: CallbackKind; type: string; changeType?: string }> = [];
  for (const kind of Object.keys(TABLES) as CallbackKind[]) {
    for (const [type, template] of Object.entries(TABLES[kind])) {
      if (template.changeTypes) {
        for (const changeType of Object.keys(template.changeTypes)) all.push({ kind, type, changeType });
      } else {
        all.push({ kind, type, changeType: template.defaultChangeType });
      }
    }
  }
  return all;
}

/** Levenshtein distance, for "did you mean" on a misspelt name (a few dozen short names: no need to be clever). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
