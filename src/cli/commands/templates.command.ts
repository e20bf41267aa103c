import { listTemplates } from '../../testing/template-catalog.js';
import type { CliOutput } from '../cli-output.js';

const HEADINGS = {
  message: 'Messages (send <type>), docs/PROTOCOL.md §4.1:',
  event: 'Events (send event <Event> [ChangeType]), docs/PROTOCOL.md §4.2-§4.4:',
  info: 'Third-party instruction callbacks (send info <InfoType> [ChangeType]), docs/PROTOCOL.md §4.5:',
} as const;

/** Where the cited sections are: the package ships docs/PROTOCOL.md beside dist/. */
const WHERE_THE_DOC_IS = 'The § numbers are sections of docs/PROTOCOL.md, in the repository and in the installed package (node_modules/nestjs-wecom/docs/PROTOCOL.md).';

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
  output.out(`\n${WHERE_THE_DOC_IS}`);
  return 0;
}
