/**
 * Shapes shared by every decrypted callback (PROTOCOL.md §4.0), as parseCallbackXml produces them:
 * WeCom's own element names, every leaf a string exactly as sent (`CreateTime` '1348831860',
 * `MsgId` beyond 2^53, `AgentID` '1000002'), every repeated element (§4 `*`) an array.
 *
 * Required fields are the ones WeCom always sends and the router dispatches on; everything else is
 * optional, because field availability depends on permissions and on the app type (§4.3 notes).
 * Caveat: an element WeCom sends empty parses as '' even where a type declares a nested object
 * (e.g. `<SelectedItems></SelectedItems>`); the types describe the populated form.
 */

/** Fields of every app callback: messages and events of self-built, third-party and 代开发 apps. */
export interface WeComAppCallbackBase {
  /** The CorpID receiving the callback. */
  ToUserName: string;
  /** The member's UserID, or `sys` for system events. */
  FromUserName: string;
  /** Seconds since the epoch, as a string. */
  CreateTime: string;
  MsgType: string;
  /** The app's AgentID; "仅应用相关的回调会带该字段" (§3.2), so absent for e.g. change_contact. */
  AgentID?: string;
}

/** An app message (§4.1), discriminated by `MsgType`. */
export interface WeComMessageBase<M extends string> extends WeComAppCallbackBase {
  MsgType: M;
  /** 64-bit id, beyond Number's exact range: keep it a string (§4.0). Dedup key for messages (§3.2). */
  MsgId?: string;
}

/** An app event (§4.2-§4.4): `MsgType` is `event`, discriminated by `Event`. */
export interface WeComEventBase<E extends string> extends WeComAppCallbackBase {
  MsgType: 'event';
  Event: E;
}

/** An app event whose family is refined by `ChangeType` (change_contact, change_external_*, …). */
export interface WeComChangeEventBase<E extends string, C extends string> extends WeComEventBase<E> {
  ChangeType: C;
}

/**
 * A third-party / 代开发 instruction callback (§4.5): no MsgType, Event or CreateTime; the receiver is
 * `SuiteId`, or `ServiceCorpId` for the provider-level callbacks (register_corp, license_*), so both
 * are optional here.
 */
export interface WeComSuiteCallbackBase<I extends string> {
  SuiteId?: string;
  ServiceCorpId?: string;
  InfoType: I;
  /** Seconds since the epoch, as a string. */
  TimeStamp: string;
  /** The authorising corp; present on nearly every InfoType. */
  AuthCorpId?: string;
}

/** An instruction callback refined by `ChangeType` (the suite form of change_contact / change_external_*). */
export interface WeComSuiteChangeBase<I extends string, C extends string> extends WeComSuiteCallbackBase<I> {
  ChangeType: C;
}
