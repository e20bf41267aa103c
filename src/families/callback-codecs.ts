import { Injectable } from '@nestjs/common';
import type { WeComAppKind } from '../config/app-kind.js';
import { BotJsonCodec } from './bot/bot-json.codec.js';
import type { CallbackCodec } from './callback-codec.js';
import { SuiteCodec } from './suite/suite.codec.js';
import { XmlAppCodec } from './app/xml-app.codec.js';

/** The codec of each app kind; `suite-data` callbacks are app callbacks in XML (PROTOCOL.md §4.0). */
@Injectable()
export class CallbackCodecs {
  private readonly byKind: Record<WeComAppKind, CallbackCodec>;

  constructor(xml: XmlAppCodec, suite: SuiteCodec, bot: BotJsonCodec) {
    this.byKind = { app: xml, 'suite-data': xml, suite, bot };
  }

  for(kind: WeComAppKind): CallbackCodec {
    return this.byKind[kind];
  }
}
