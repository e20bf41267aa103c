import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The code, the READMEs and the docs cite the protocol notes as `PROTOCOL.md §x.y`. Every such
 * citation must name a section heading of docs/PROTOCOL.md, so a reader who follows one lands
 * somewhere; every link into docs/PROTOCOL.md must name a heading's anchor; and nothing may point at
 * the shared notes outside the repository, which a user who clones it does not have.
 */
const ROOT = process.cwd();
const PROTOCOL = 'docs/PROTOCOL.md';
const SCANNED = ['src', 'bin', 'bench', 'docs', 'sample', 'scripts', 'test', 'README.md', 'README.zh-CN.md'];
const TEXT_FILE = /\.(ts|mts|cts|mjs|cjs|js|md)$/;
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

interface Citation {
  readonly where: string;
  readonly section: string;
}

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((entry) => (entry === 'node_modules' || entry === 'dist' ? [] : filesUnder(join(path, entry))));
}

const scannedFiles = () => SCANNED.flatMap(filesUnder).filter((file) => TEXT_FILE.test(file) && file !== THIS_FILE);

const SECTION = String.raw`§(\d+(?:\.\d+)?)`;
/** `PROTOCOL.md §1.5`, `docs/PROTOCOL.md §3.1, §3.2`, `PROTOCOL §4.2-§4.4`, `PROTOCOL.md §1.5 and §5.1`. */
const CITATION = new RegExp(String.raw`PROTOCOL(?:\.md)?\s?${SECTION}((?:\s*(?:,|and|or|-|–|/)\s*${SECTION})*)`, 'g');

/** Every section a text cites; inside docs/PROTOCOL.md a bare `§x.y` is a citation of its own sections. */
function citationsIn(text: string, file: string, bareSectionsToo = false): Citation[] {
  const found: Citation[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const pattern = bareSectionsToo ? new RegExp(SECTION, 'g') : CITATION;
  for (const match of text.matchAll(pattern)) {
    const where = `${file}:${lineOf(match.index)}`;
    for (const section of match[0].matchAll(new RegExp(SECTION, 'g'))) found.push({ where, section: section[1] });
  }
  return found;
}

/** The section numbers of docs/PROTOCOL.md's headings: `## 3. HTTP` → "3", `### 3.2 Delivery (POST)` → "3.2". */
function sectionsOf(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const match of markdown.matchAll(/^#{2,4} (\d+(?:\.\d+)?)\.?\s/gm)) sections.add(match[1]);
  return sections;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

describe(`protocol citations point into ${PROTOCOL}`, () => {
  const protocol = readFileSync(join(ROOT, PROTOCOL), 'utf8');
  const sections = sectionsOf(protocol);

  it('the doc keeps the section numbers the code cites, from §0 to §7', () => {
    for (const section of ['0', '1', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '2', '2.1', '3', '3.1', '3.2', '3.3', '3.4',
      '4', '4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '5', '5.1', '5.2', '6', '7']) {
      expect(sections, `§${section}`).toContain(section);
    }
  });

  it('every PROTOCOL.md §x.y in the code, the tests, the READMEs and the docs names a heading that exists', () => {
    const files = scannedFiles();
    const citations = files.flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return file === PROTOCOL ? citationsIn(text, file, true) : citationsIn(text, file);
    });
    // The scan really found the code's citations (a broken pattern would find none and pass).
    expect(citations.filter((citation) => citation.where.startsWith('src/')).length).toBeGreaterThan(50);
    expect(citations.some((citation) => citation.where.startsWith('README.md:'))).toBe(true);
    expect(citations.some((citation) => citation.where.startsWith('README.zh-CN.md:'))).toBe(true);
    const dangling = citations.filter((citation) => !sections.has(citation.section)).map((c) => `${c.where}: §${c.section}`);
    expect(dangling).toEqual([]);
  });

  it('every link into docs/PROTOCOL.md names an anchor of one of its headings', () => {
    const anchors = anchorsOf(protocol);
    const broken: string[] = [];
    for (const file of ['README.md', 'README.zh-CN.md', PROTOCOL, 'docs/ARCHITECTURE.md']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const link = file === PROTOCOL ? /\]\(#([^)\s]+)\)/g : /\]\((?:\.\/)?(?:\.\.\/)?(?:docs\/)?PROTOCOL\.md#([^)\s]+)\)/g;
      for (const match of text.matchAll(link)) {
        if (!anchors.has(decodeURIComponent(match[1]))) broken.push(`${file}: #${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every link to a section of the same README names a heading of that README', () => {
    const broken: string[] = [];
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const text = readFileSync(join(ROOT, readme), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
      const anchors = anchorsOf(text);
      for (const match of text.matchAll(/\]\(#([^)\s]+)\)/g)) {
        if (!anchors.has(decodeURIComponent(match[1]))) broken.push(`${readme}: #${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('nothing points at the shared notes outside the repository', () => {
    const outside = scannedFiles().filter((file) => /\.\.\/shared\b|\/work\/shared\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('catches a citation that points nowhere (the check can fail)', () => {
    const text = 'see PROTOCOL.md §3.2 and §9.1; docs/PROTOCOL.md §4.2-§4.4, PROTOCOL.md §4. End.';
    const cited = citationsIn(text, 'example.ts').map((citation) => citation.section);
    expect(cited).toEqual(['3.2', '9.1', '4.2', '4.4', '4']);
    expect(cited.filter((section) => !sections.has(section))).toEqual(['9.1']);
    expect(sectionsOf('## 3. HTTP\n### 3.2 Delivery (POST)\n#### not a section\n')).toEqual(new Set(['3', '3.2']));
    expect(anchorOf('5. AI bot (智能机器人): JSON callbacks')).toBe('5-ai-bot-智能机器人-json-callbacks');
    expect(anchorOf('1.5 receiveid (the trailing id inside every ciphertext)')).toBe('15-receiveid-the-trailing-id-inside-every-ciphertext');
  });
});
