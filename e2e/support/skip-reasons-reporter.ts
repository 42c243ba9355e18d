// Prints, at the end of the run, a per-project tally and why tests were skipped, so a skipped project
// (electron without its binary) is visible in the console and never reads as a silent pass.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

type Tally = Record<string, number>;

export default class SkipReasonsReporter implements Reporter {
  private readonly reasons = new Map<string, Map<string, number>>();
  private readonly tallies = new Map<string, Tally>();

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // Only the final attempt counts (retries report every attempt).
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const project = test.parent.project()?.name ?? '(no project)';
    const tally = this.tallies.get(project) ?? {};
    tally[result.status] = (tally[result.status] ?? 0) + 1;
    this.tallies.set(project, tally);
    if (result.status !== 'skipped') return;
    const reason =
      [...result.annotations, ...test.annotations].find((a) => a.type === 'skip' && a.description)?.description ??
      'no reason given';
    const byReason = this.reasons.get(project) ?? new Map<string, number>();
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    this.reasons.set(project, byReason);
  }

  onEnd(result: FullResult): void {
    const lines = ['', `e2e summary (${result.status}):`];
    for (const [project, tally] of this.tallies) {
      const counts = Object.entries(tally)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
      lines.push(`  [${project}] ${counts}`);
      for (const [reason, n] of this.reasons.get(project) ?? []) lines.push(`    ${n} skipped: ${reason}`);
    }
    // One plain closing line over all projects ("e2e: N passed, N failed, N skipped"), the form CI reads.
    const total = (status: string): number => [...this.tallies.values()].reduce((sum, t) => sum + (t[status] ?? 0), 0);
    const failed = total('failed') + total('timedOut') + total('interrupted');
    lines.push(`e2e: ${total('passed')} passed, ${failed} failed, ${total('skipped')} skipped`);
    console.log(lines.join('\n'));
  }
}
