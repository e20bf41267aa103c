import { WeComConfigError } from './wecom-config.error.js';

/**
 * Collects every problem of the options before failing, so that one boot shows all of them (a
 * missing corpId, token and key are three problems, not three restarts). `report` throws one
 * WeComConfigError listing them all, or does nothing when there were none.
 */
export class ConfigProblems {
  private readonly problems: string[] = [];

  /** `scope` names the app (`app "hr"`, `apps[2]`); undefined for a module-wide option. */
  add(scope: string | undefined, option: string, problem: string): void {
    this.problems.push(`${scope ? `${scope}: ` : ''}option "${option}" ${problem}`);
  }

  /** A problem that is not about one option (two apps on one path). */
  addGeneral(problem: string): void {
    this.problems.push(problem);
  }

  get count(): number {
    return this.problems.length;
  }

  report(what = 'the options'): void {
    if (this.problems.length === 0) return;
    throw configError(this.problems, what);
  }
}

/** One problem reads as one sentence; several as a numbered list under a heading that counts them. */
export function configError(problems: readonly string[], what = 'the options'): WeComConfigError {
  const message =
    problems.length === 1
      ? `WeComModule: ${problems[0]}`
      : `WeComModule: ${problems.length} problems in ${what}:\n${problems.map((problem, index) => `  ${index + 1}. ${problem}`).join('\n')}`;
  return new WeComConfigError(message, problems);
}
