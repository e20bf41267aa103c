import type { WeComContext } from '../../context/wecom-context.js';
import { WeComReply } from '../../families/app/wecom-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { WeComApiResult, WeComOutgoingMessage } from '../../api/client/api-types.js';
import type { WeComClient } from '../../api/client/wecom-client.js';

/** The callback a reply answers: its parsed payload and its context (ctx.app, ctx.kind, ctx.authCorpId). */
export interface RepliedCallback {
  readonly payload: Record<string, unknown>;
  readonly ctx: Pick<WeComContext, 'app' | 'kind'>;
}

/**
 * Sends a handler's passive reply actively, to the member who sent the callback: for a reply that can
 * no longer go back in the HTTP answer (a durable handler run by a worker, or one that finished after
 * the ack deadline). `client` is the callback's (`clients.forCallback(ctx.app, ctx.authCorpId)`).
 *
 * - text, image, voice, video, news → `message/send` to FromUserName, with the app's agentid;
 * - updateButton → `message/update_template_card` with the event's ResponseCode;
 * - updateTaskCard → `message/update_taskcard` with the event's TaskId.
 *
 * Throws TypeError where no active equivalent exists: `updateTemplateCard` (the passive card's
 * PascalCase fields are not the API's snake_case ones: call `client.message.updateTemplateCard`
 * yourself), AI bot replies (use the bot's response_url), suite instruction callbacks (no sender),
 * and a callback without FromUserName.
 * @internal for delivery/durable; users call `ctx.client.message.send(...)` directly.
 */
export async function sendReplyToSender(client: WeComClient, reply: HandlerReply, callback: RepliedCallback): Promise<WeComApiResult> {
  const { payload, ctx } = callback;
  if (!(reply instanceof WeComReply)) throw new TypeError(`[${ctx.app}] an AI bot reply has no active-API equivalent here; answer through the bot's response_url`);
  if (ctx.kind === 'suite' || ctx.kind === 'bot') throw new TypeError(`[${ctx.app}] a ${ctx.kind} callback has no sender to send a message to`);
  const touser = payload.FromUserName;
  if (typeof touser !== 'string' || touser === '' || touser === 'sys') {
    throw new TypeError(`[${ctx.app}] the callback has no member FromUserName to send the reply to`);
  }
  const fields = reply.fields as Record<string, Record<string, unknown> | unknown>;
  const inner = (name: string) => (fields[name] ?? {}) as Record<string, unknown>;
  switch (reply.msgType) {
    case 'text':
      return client.message.send({ touser, msgtype: 'text', text: { content: fields.Content } });
    case 'image':
    case 'voice': {
      const media = inner(reply.msgType === 'image' ? 'Image' : 'Voice');
      return client.message.send({ touser, msgtype: reply.msgType, [reply.msgType]: { media_id: media.MediaId } } as WeComOutgoingMessage);
    }
    case 'video': {
      const video = inner('Video');
      return client.message.send({ touser, msgtype: 'video', video: { media_id: video.MediaId, title: video.Title, description: video.Description } });
    }
    case 'news': {
      const items = (inner('Articles').item ?? []) as Array<Record<string, string | undefined>>;
      const articles = items.map((a) => ({ title: a.Title, description: a.Description, url: a.Url, picurl: a.PicUrl }));
      return client.message.send({ touser, msgtype: 'news', news: { articles } });
    }
    case 'update_button': {
      const responseCode = payload.ResponseCode;
      if (typeof responseCode !== 'string') throw new TypeError(`[${ctx.app}] updateButton needs the event's ResponseCode, and this callback has none`);
      return client.message.updateTemplateCard({ userids: [touser], response_code: responseCode, button: { replace_name: inner('Button').ReplaceName as string } });
    }
    case 'update_taskcard': {
      const taskId = payload.TaskId;
      if (typeof taskId !== 'string') throw new TypeError(`[${ctx.app}] updateTaskCard needs the event's TaskId, and this callback has none`);
      return client.message.updateTaskCard({ userids: [touser], task_id: taskId, replace_name: inner('TaskCard').ReplaceName as string });
    }
    default:
      throw new TypeError(
        `[${ctx.app}] a ${reply.msgType} reply has no active-API equivalent here: the passive card's fields differ from message/update_template_card's; call ctx.client.message.updateTemplateCard(...) yourself`,
      );
  }
}
