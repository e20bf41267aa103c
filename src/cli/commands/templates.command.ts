import { listBotTemplates } from '../../testing/bot-renderer.js';
import { listTemplates } from '../../testing/template-catalog.js';
import type { CliOutput } from '../cli-output.js';

const HEADINGS = {
  message: 'Messages (send <type>), docs/PROTOCOL.md §4.1:',
  event: 'Events (send event <Event> [ChangeType]), docs/PROTOCOL.md §4.2-§4.4:',
  info: 'Third-party instruction callbacks (send info <InfoType> [ChangeType]), docs/PROTOCOL.md §4.5:',
  'bot-message': 'AI bot messages (send bot <msgtype>; JSON, default URL http://localhost:3000/wecom/bot), docs/PROTOCOL.md §5.1:',
  'bot-event': 'AI bot events (send bot event <eventtype>), docs/PROTOCOL.md §5.1:',
} as const;

/** Where the cited sections are: the package ships docs/PROTOCOL.md beside dist/. */
const WHERE_THE_DOC_IS = 'The § numbers are sections of docs/PROTOCOL.md, in the repository and in the installed package (node_modules/nestjs-wecom/docs/PROTOCOL.md).';

/** What the bot lines need to say beyond the name. */
const BOT_NOTES: Record<string, string> = {
  text: ' [content]',
  voice: ' [content]  (WeCom sends the speech recognised as text)',
  stream: ' <id>  (a refresh poll; after a streamed answer the CLI sends these itself)',
};

/** `nestjs-wecom templates`: everything `send` can generate, grouped by family. */
export function runTemplates(output: CliOutput): number {
  let kind: string | undefined;
  for (const template of listTemplates()) {
    if (template.kind !== kind) {
      kind = template.kind;
      output.out(kind === 'message' ? HEADINGS.message : `\n${HEADINGS[template.kind]}`);
    }
    output.out(`  ${template.type}${template.changeType ? ` ${template.changeType}` : ''}`);
  }
  for (const template of listBotTemplates()) {
    if (template.kind !== kind) {
      kind = template.kind;
      output.out(`\n${HEADINGS[template.kind]}`);
    }
    output.out(`  ${template.type}${template.kind === 'bot-message' ? (BOT_NOTES[template.type] ?? '') : ''}`);
  }
  output.out(`\n${WHERE_THE_DOC_IS}`);
  return 0;
}
