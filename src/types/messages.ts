import type { WeComMessageBase } from './base.js';

/** App messages a member sends (PROTOCOL.md §4.1, doc 90239). */

export interface TextMessage extends WeComMessageBase<'text'> {
  Content?: string;
}

export interface ImageMessage extends WeComMessageBase<'image'> {
  PicUrl?: string;
  MediaId?: string;
}

export interface VoiceMessage extends WeComMessageBase<'voice'> {
  MediaId?: string;
  /** `amr` or `speex`. */
  Format?: string;
}

export interface VideoMessage extends WeComMessageBase<'video'> {
  MediaId?: string;
  ThumbMediaId?: string;
}

export interface LocationMessage extends WeComMessageBase<'location'> {
  /** Latitude. */
  Location_X?: string;
  /** Longitude. */
  Location_Y?: string;
  Scale?: string;
  Label?: string;
  /** `wxwork` or `wx` (sent from WeChat). */
  AppType?: string;
}

export interface LinkMessage extends WeComMessageBase<'link'> {
  Title?: string;
  Description?: string;
  Url?: string;
  PicUrl?: string;
}
