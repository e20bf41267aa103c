import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { READMES, readmeTsBlocks, type CodeBlock } from '../support/readme-blocks.js';

/**
 * The whole type check of `npm test`, in one TypeScript program: every file of tsconfig.json (src/,
 * test/, sample/, bench/, as `tsc -p tsconfig.json --noEmit` checks them; `npm run typecheck` is that
 * command), every ```ts block of the READMEs, and probes of what the compiler says about misspelt
 * decorator arguments. Checking src/ is most of the cost, so it is done once, and as a spec it runs
 * beside the other test files instead of before all of them.
 *
 * README blocks are checked as a user would compile them: `'nestjs-wecom'` resolves to src/index.ts
 * and `'nestjs-wecom/testing'` to src/testing/index.ts, with the repository's own compiler options
 * (except that examples may declare what they do not use). A block marked ```ts fragment is skipped;
 * keep those few and obviously partial. ```ts file=quick-start.ts names a block, so that a later block
 * of the same README can import it (`from './quick-start.js'`), as a user's test imports their module.
 * A ```ts … jest block is for Jest on CommonJS (Nest 11): it is type-checked by Nest 11's TypeScript
 * and run by Jest in a real project instead (test/docs/readme-test-examples.spec.ts).
 */
const ROOT = process.cwd();

interface VirtualFile {
  readonly label: string;
  /** 1-based line of the file's first line in its README (1 for probes). */
  readonly line: number;
  readonly path: string;
  readonly code: string;
}

function readmeFiles(): VirtualFile[] {
  return READMES.flatMap((readme) =>
    readmeTsBlocks(readme)
      .filter((block: CodeBlock) => !block.fragment && block.runner !== 'jest')
      .map((block) => ({
        label: readme,
        line: block.line,
        // One directory per README, so each README's named blocks are its own.
        path: join(ROOT, '.readme-blocks', readme.replace(/\W/g, '-'), block.file ?? `line-${block.line}.ts`),
        // `export {}` makes every block a module of its own, so names do not clash between blocks.
        code: `${block.code}\nexport {};\n`,
      })),
  );
}

/** Probes whose diagnostics are the point: each is checked for the message and the line it lands on. */
const PROBES = {
  drift: "import { WeComReply } from 'nestjs-wecom';\nWeComReply.txt('renamed');\nexport {};\n",
  changeType: [
    "import { OnWeComEvent } from 'nestjs-wecom';",
    'export class Contacts {',
    '  @OnWeComEvent(',
    "    'change_contact',",
    "    'create_prty',",
    '  )',
    '  onParty(event: unknown) { return event; }',
    '}',
  ].join('\n'),
  event: "import { OnWeComEvent } from 'nestjs-wecom';\nexport class Menu {\n  @OnWeComEvent('clik')\n  onClick(event: unknown) { return event; }\n}\n",
  messageType: "import { OnWeComMessage } from 'nestjs-wecom';\nexport class Chat {\n  @OnWeComMessage('txt')\n  onText(message: unknown) { return message; }\n}\n",
  payload: [
    "import { OnWeComEvent, type ChangeContactCreateUser } from 'nestjs-wecom';",
    'export class Contacts {',
    "  @OnWeComEvent('change_contact', 'create_party')",
    '  onParty(event: ChangeContactCreateUser) { return event; }',
    '}',
  ].join('\n'),
} as const;

const probeFiles = (): VirtualFile[] =>
  Object.entries(PROBES).map(([name, code]) => ({ label: `probe ${name}`, line: 1, path: join(ROOT, '.readme-blocks', 'probes', `${name}.ts`), code }));

/** The project's files and options, as `tsc -p tsconfig.json` reads them. */
function projectConfig(): ts.ParsedCommandLine {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
}

function compilerOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  return {
    ...options,
    noEmit: true,
    paths: {
      'nestjs-wecom': [join(ROOT, 'src', 'index.ts')],
      'nestjs-wecom/testing': [join(ROOT, 'src', 'testing', 'index.ts')],
    },
  };
}

/** "declared but never read": examples may declare what they do not use (a provider, a parameter to show its type). */
const UNUSED = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);

interface Message {
  readonly file: VirtualFile;
  /** 0-based line within the file. */
  readonly line: number;
  readonly text: string;
}

function check(files: VirtualFile[]): { messages: Message[]; projectMessages: string[]; program: ts.Program } {
  const project = projectConfig();
  const options = compilerOptions(project.options);
  const byPath = new Map(files.map((file) => [file.path, file]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const file = byPath.get(fileName);
    return file ? ts.createSourceFile(fileName, file.code, language) : getSourceFile.call(host, fileName, language, ...rest);
  };
  host.fileExists = (fileName) => byPath.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => byPath.get(fileName)?.code ?? readFile.call(host, fileName);
  // Module resolution looks for the directory before the file ('./quick-start.js' from another block).
  const { directoryExists } = host;
  host.directoryExists = (directory) =>
    [...byPath.keys()].some((path) => path.startsWith(`${directory}/`)) || (directoryExists?.call(host, directory) ?? ts.sys.directoryExists(directory));

  const program = ts.createProgram([...project.fileNames, ...byPath.keys()], options, host);
  const messages: Message[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file.path)!;
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      if (UNUSED.has(diagnostic.code)) continue;
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      messages.push({ file, line, text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') });
    }
  }
  // The project's own files, exactly as tsc reports them (unused locals included: tsconfig forbids them).
  const projectDiagnostics = [
    ...project.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...project.fileNames.flatMap((fileName) => {
      const source = program.getSourceFile(fileName)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  const projectMessages = projectDiagnostics.map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return `${relative(ROOT, diagnostic.file.fileName)}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${text}`;
  });
  return { messages, projectMessages, program };
}

/** Built once for every test below: the program is most of this file's time. */
let cached: ReturnType<typeof check> | undefined;
const checked = () => cached!;
beforeAll(() => {
  cached = check([...readmeFiles(), ...probeFiles()]);
}, 300_000);

describe('the project type-checks, as tsc -p tsconfig.json --noEmit', () => {
  it('src/, test/ (the @ts-expect-error checks of test/types included), sample/ and bench/ have no type error', () => {
    expect(checked().projectMessages).toEqual([]);
    // It really is the project: the decorator typing checks are in the program.
    expect(checked().program.getSourceFile(join(ROOT, 'test', 'types', 'decorator-typing.typecheck.ts'))).toBeDefined();
  });
});


describe('README code blocks compile against the source', () => {
  const messagesOf = (label: string) => checked().messages.filter((message) => message.file.label === label);

  it('each README has TypeScript examples, and only a few fragments', () => {
    for (const readme of READMES) {
      const blocks = readmeTsBlocks(readme);
      expect(blocks.filter((block) => !block.fragment && block.runner !== 'jest').length, readme).toBeGreaterThanOrEqual(6);
      expect(blocks.filter((block) => block.fragment).length, readme).toBeLessThanOrEqual(3);
      // The testing section shows both runners.
      expect(blocks.filter((block) => block.runner === 'jest').length, readme).toBe(1);
      expect(blocks.filter((block) => block.runner === 'vitest').length, readme).toBeGreaterThanOrEqual(1);
    }
  });

  it('every checked block type-checks, importing the package by its published names', () => {
    const readmeMessages = READMES.flatMap((readme) => messagesOf(readme)).map(({ file, line, text }) => `${file.label}:${file.line + line}: ${text}`);
    expect(readmeMessages).toEqual([]);
    // The mapping really pointed at the source (not at a stale dist/).
    const files = checked().program.getSourceFiles().map((file) => file.fileName);
    expect(files).toContain(join(ROOT, 'src', 'index.ts'));
    expect(files).toContain(join(ROOT, 'src', 'testing', 'index.ts'));
  });

  it('catches a block that drifted from the API (the check can fail)', () => {
    expect(messagesOf('probe drift').map((message) => message.text).join('\n')).toContain("Property 'txt' does not exist");
  });

  describe('what the compiler says about a misspelt decorator argument', () => {
    it('a misspelt ChangeType: reported on that argument, listing the valid change types', () => {
      const [message, ...others] = messagesOf('probe changeType');
      expect(others).toEqual([]);
      expect(message.line).toBe(4); // 'create_prty', not 'change_contact' on the line before
      const expected = /^Argument of type '"create_prty"' is not assignable to parameter of type '(.+)'\.$/.exec(message.text);
      expect(expected, message.text).not.toBeNull();
      // The union's order follows the order the compiler met the types in; the members are what matter.
      expect(expected![1].split(' | ').sort()).toEqual(
        ['"create_user"', '"update_user"', '"delete_user"', '"create_party"', '"update_party"', '"delete_party"', '"update_tag"', 'undefined'].sort(),
      );
    });

    it('a misspelt event or message type: reported on it, naming the catalog type', () => {
      expect(messagesOf('probe event').map(({ line, text }) => [line, text])).toEqual([
        [2, 'Argument of type \'"clik"\' is not assignable to parameter of type \'WeComEventName\'.'],
      ]);
      const [message] = messagesOf('probe messageType');
      expect(message.line).toBe(2);
      expect(message.text).toBe('Argument of type \'"txt"\' is not assignable to parameter of type \'keyof WeComMessageMap | undefined\'.');
    });

    it('another callback\'s payload type: names the payload the first parameter must accept', () => {
      const [message] = messagesOf('probe payload');
      expect(message.text).toContain("'the first parameter must accept': ChangeContactCreateParty");
    });
  });
});
