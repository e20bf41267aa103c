/**
 * Compile-time checks of @OnWeComEvent / @OnWeComMessage, run by the `tsc --noEmit` step of `npm test`.
 * Each `@ts-expect-error` must meet an error: if the typing regressed and accepted the line, tsc
 * would report the directive as unused and `npm test` would fail. Nothing here runs.
 */
import { applyDecorators, UseGuards } from '@nestjs/common';
import {
  OnWeComEvent,
  OnWeComMessage,
  WeComCtx,
  WeComPayload,
  type ChangeContactCreateParty,
  type ChangeContactCreateUser,
  type ChangeContactEvent,
  type ChangeExternalContactAddExternalContact,
  type ClickEvent,
  type ImageMessage,
  type LocationEvent,
  type TextMessage,
  type ViewEvent,
  type WeComContext,
  type WeComMessage,
} from '../../src/index.js';

/** A name the compiler only knows as `string`: the escape hatch for what the catalog lacks. */
declare const futureName: string;

export class AcceptedEventHandlers {
  @OnWeComEvent('change_contact', 'create_party')
  exact(event: ChangeContactCreateParty, ctx: WeComContext) {
    return `${event.Id} ${event.Name} ${ctx.app}`;
  }

  @OnWeComEvent('change_contact', 'create_party')
  familyUnion(event: ChangeContactEvent) {
    return event.ChangeType;
  }

  @OnWeComEvent('change_contact', 'create_party')
  untyped(event: Record<string, any>) {
    return event;
  }

  @OnWeComEvent('change_contact', 'create_party')
  noParameters() {
    return 'ok';
  }

  @OnWeComEvent('change_contact')
  wholeFamily(event: ChangeContactEvent) {
    return event.ChangeType;
  }

  @OnWeComEvent('change_contact', undefined, { app: 'hr' })
  withOptions(event: ChangeContactEvent) {
    return event;
  }

  @OnWeComEvent('change_external_contact', 'add_external_contact')
  externalContact(event: ChangeExternalContactAddExternalContact) {
    return event.ExternalUserID;
  }

  // Event names match case-insensitively, so both spellings are typed.
  @OnWeComEvent('location')
  @OnWeComEvent('LOCATION')
  location(event: LocationEvent) {
    return event.Latitude;
  }

  @OnWeComEvent('click')
  @OnWeComEvent('view')
  menu(event: ClickEvent | ViewEvent) {
    return event.EventKey;
  }

  // Families whose ChangeType values are open-ended take any change type.
  @OnWeComEvent('doc_change', 'anything')
  openEnded(event: unknown) {
    return event;
  }

  @OnWeComEvent(futureName)
  futureEvent(event: { SomethingNew: string }) {
    return event.SomethingNew;
  }

  @OnWeComEvent('change_contact', futureName)
  futureChangeType(event: Record<string, unknown>) {
    return event;
  }

  // With parameter decorators the first parameter is not the payload.
  @OnWeComEvent('change_contact', 'create_party')
  pickedField(@WeComPayload('Name') name: string, @WeComCtx() ctx: WeComContext) {
    return `${name} ${ctx.app}`;
  }
}

export class RejectedEventHandlers {
  // @ts-expect-error another event's payload
  @OnWeComEvent('change_contact', 'create_party')
  otherChangeType(event: ChangeContactCreateUser) {
    return event;
  }

  // @ts-expect-error one change type's payload for the whole family (it also gets create_user, ...)
  @OnWeComEvent('change_contact')
  tooNarrow(event: ChangeContactCreateParty) {
    return event;
  }

  // @ts-expect-error a message payload for an event
  @OnWeComEvent('click')
  message(event: TextMessage) {
    return event;
  }

  // The error is on the misspelt argument (and lists change_contact's change types), not on the event
  // name before it: the directive below would be unused if the error landed on 'change_contact'.
  @OnWeComEvent(
    'change_contact',
    // @ts-expect-error misspelt change type of a known event
    'create_prty',
  )
  misspeltChangeType(event: unknown) {
    return event;
  }

  @OnWeComEvent(
    // @ts-expect-error misspelt event
    'chnage_contact',
    'create_party',
  )
  misspeltEvent(event: unknown) {
    return event;
  }

  // @ts-expect-error misspelt event, alone
  @OnWeComEvent('chnage_contact')
  misspeltEventAlone(event: unknown) {
    return event;
  }

  @OnWeComEvent(
    'change_contact',
    'create_party',
    // @ts-expect-error options are an object
    'hr',
  )
  optionsNotAnObject(event: unknown) {
    return event;
  }

  // @ts-expect-error neither WeCom's spelling nor lower case
  @OnWeComEvent('Location')
  mixedCase(event: unknown) {
    return event;
  }
}

export class AcceptedMessageHandlers {
  @OnWeComMessage('text')
  text(message: TextMessage) {
    return message.Content;
  }

  @OnWeComMessage('text')
  async asyncText(message: TextMessage): Promise<string> {
    return message.Content ?? '';
  }

  @OnWeComMessage('text')
  @OnWeComMessage('image')
  both(message: TextMessage | ImageMessage) {
    return message.MsgType;
  }

  @OnWeComMessage()
  everyMessage(message: WeComMessage) {
    return message.MsgType;
  }

  @OnWeComMessage(futureName)
  futureType(message: { Whatever: string }) {
    return message;
  }

  @OnWeComMessage('text')
  content(@WeComPayload('Content') content: string) {
    return content;
  }
}

export class RejectedMessageHandlers {
  // @ts-expect-error another message's payload
  @OnWeComMessage('text')
  image(message: ImageMessage) {
    return message;
  }

  @OnWeComMessage('text')
  // @ts-expect-error the image route delivers images to a text-only parameter
  @OnWeComMessage('image')
  textOnly(message: TextMessage) {
    return message;
  }

  // @ts-expect-error the catch-all hears every message type
  @OnWeComMessage()
  catchAllAsText(message: TextMessage) {
    return message;
  }

  @OnWeComMessage(
    // @ts-expect-error misspelt message type
    'txt',
    { app: 'hr' },
  )
  misspelt(message: unknown) {
    return message;
  }
}

// Composing with applyDecorators needs the cast that WeComHandlerDecorator's doc mentions.
export const GuardedText = () => applyDecorators(OnWeComMessage('text') as MethodDecorator, UseGuards());
