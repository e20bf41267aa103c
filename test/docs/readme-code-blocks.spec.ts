import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every ```ts block of the READMEs is type-checked against the source, as a user would compile it:
 * `'nestjs-wecom'` resolves to src/index.ts and `'nestjs-wecom/testing'` to src/testing/index.ts,
 * with the repository's own compiler options. A block marked ```ts fragment is skipped; keep those
 * few and obviously partial. ```ts file=quick-start.ts names a block, so that a later block of the
 * same README can import it (`from './quick-start.js'`), as a user's test imports their module.
 * So the docs cannot drift from the API.
 */
const ROOT = process.cwd();
const READMES = ['README.md', 'README.zh-CN.md'];

interface CodeBlock {
  readonly readme: string;
  /** 1-based line of the first line of code. */
  readonly line: number;
  readonly code: string;
  readonly virtualPath: string;
}

function tsBlocks(readme: string): { checked: CodeBlock[]; fragments: number } {
  const lines = readFileSync(join(ROOT, readme), 'utf8').split('\n');
  const checked: CodeBlock[] = [];
  let fragments = 0;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w+)?(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`${readme}:${i + 1}: code block never closed`);
    if (fence[1] === 'ts' || fence[1] === 'typescript') {
      if (/\bfragment\b/.test(fence[2])) fragments++;
      else {
        const file = /\bfile=(\S+\.ts)\b/.exec(fence[2])?.[1] ?? `line-${i + 2}.ts`;
        checked.push({
          readme,
          line: i + 2,
          // `export {}` makes every block a module of its own, so names do not clash between blocks.
          code: `${lines.slice(i + 1, end).join('\n')}\nexport {};\n`,
          // One directory per README, so each README's named blocks are its own.
          virtualPath: join(ROOT, '.readme-blocks', readme.replace(/\W/g, '-'), file),
        });
      }
    }
    i = end;
  }
  return { checked, fragments };
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    ...options,
    noEmit: true,
    // Examples may declare what they do not use (a provider, a parameter to show its type).
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: {
      'nestjs-wecom': [join(ROOT, 'src', 'index.ts')],
      'nestjs-wecom/testing': [join(ROOT, 'src', 'testing', 'index.ts')],
    },
  };
}

function diagnose(blocks: CodeBlock[]): { messages: string[]; program: ts.Program } {
  const options = compilerOptions();
  const byPath = new Map(blocks.map((block) => [block.virtualPath, block]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const block = byPath.get(fileName);
    return block ? ts.createSourceFile(fileName, block.code, language) : getSourceFile.call(host, fileName, language, ...rest);
  };
  host.fileExists = (fileName) => byPath.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => byPath.get(fileName)?.code ?? readFile.call(host, fileName);
  // Module resolution looks for the directory before the file ('./quick-start.js' from another block).
  const { directoryExists } = host;
  host.directoryExists = (directory) =>
    [...byPath.keys()].some((path) => path.startsWith(`${directory}/`)) || (directoryExists?.call(host, directory) ?? ts.sys.directoryExists(directory));

  const program = ts.createProgram([...byPath.keys()], options, host);
  const messages: string[] = [];
  for (const block of blocks) {
    const source = program.getSourceFile(block.virtualPath)!;
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      messages.push(`${block.readme}:${block.line + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    }
  }
  return { messages, program };
}

describe('README code blocks compile against the source', () => {
  const blocks = READMES.map((readme) => ({ readme, ...tsBlocks(readme) }));

  it('each README has TypeScript examples, and only a few fragments', () => {
    for (const { readme, checked, fragments } of blocks) {
      expect(checked.length, readme).toBeGreaterThanOrEqual(6);
      expect(fragments, readme).toBeLessThanOrEqual(3);
    }
  });

  it('every checked block type-checks, importing the package by its published names', () => {
    const { messages, program } = diagnose(blocks.flatMap((readme) => readme.checked));
    expect(messages).toEqual([]);
    // The mapping really pointed at the source (not at a stale dist/).
    const files = program.getSourceFiles().map((file) => file.fileName);
    expect(files).toContain(join(ROOT, 'src', 'index.ts'));
    expect(files).toContain(join(ROOT, 'src', 'testing', 'index.ts'));
  }, 60_000); // one TypeScript program over src/ and every block: seconds alone, far more on a loaded machine

  it('catches a block that drifted from the API (the check can fail)', () => {
    const drifted: CodeBlock = {
      readme: 'drift',
      line: 1,
      code: "import { WeComReply } from 'nestjs-wecom';\nWeComReply.txt('renamed');\nexport {};\n",
      virtualPath: join(ROOT, '.readme-blocks', 'drift.ts'),
    };
    expect(diagnose([drifted]).messages.join('\n')).toContain("Property 'txt' does not exist");
  });
});
