import { listTemplates } from '../../testing/template-catalog.js';
import type { CliOutput } from '../cli-output.js';

const HEADINGS = {
  message: 'Messages (send <type>), PROTOCOL.md §4.1:',
  event: 'Events (send event <Event> [ChangeType]), §4.2-§4.4:',
  info: 'Third-party instruction callbacks (send info <InfoType> [ChangeType]), §4.5:',
} as const;

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
  return 0;
}
