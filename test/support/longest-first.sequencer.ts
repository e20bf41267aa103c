import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest, longest first, so that no long file starts last and runs on
 * alone while the other worker is idle. Vitest orders by the durations it cached from the last run,
 * but CI runs on a fresh clone, where there is no cache and the order would be alphabetical: the
 * package build (test/package, test/docs/readme-test-examples) would start near the end.
 * The first of the two package specs builds, packs and installs the artefact both use (run-once.ts).
 */
const LONGEST_FIRST = [
  'test/types/type-check.spec.ts',
  'test/package/dual-format.spec.ts',
  'test/bench/bench-smoke.spec.ts',
  'test/xml/xml.property.spec.ts',
  'test/e2e/hostile-input.fuzz.spec.ts',
  'test/cli/cli.e2e.spec.ts',
  'test/sample/sample.e2e.spec.ts',
  'test/xml/flat-envelope.scanner.spec.ts',
  'test/docs/readme-test-examples.spec.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.indexOf(relative(file.project.config.root, file.moduleId).replace(/\\/g, '/'));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    const byCache = await super.sort(files);
    return [...byCache].sort((a, b) => rank(a) - rank(b));
  }
}
