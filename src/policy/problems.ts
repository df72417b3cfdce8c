/** One thing wrong with a policy, at the field that is wrong: `spec.sleep[0].end`. */
export interface PolicyProblem {
  path: string;
  message: string;
}

/** Collects every problem of one policy, so that all of them are reported at once (A1). */
export class ProblemList {
  readonly problems: PolicyProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** Adds the message when there is one; returns whether there was none. */
  check(path: string, message: string | undefined): boolean {
    if (message === undefined) return true;
    this.add(path, message);
    return false;
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }
}

/** Thrown when code that needs a valid policy is given an invalid one. */
export class InvalidPolicyError extends Error {
  override name = 'InvalidPolicyError';
  readonly problems: readonly PolicyProblem[];

  constructor(problems: readonly PolicyProblem[]) {
    const listed = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    super(`invalid policy: ${listed}`);
    this.problems = problems;
  }
}
