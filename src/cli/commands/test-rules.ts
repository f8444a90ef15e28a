/**
 * `kubesim test-rules FILE...`: runs Prometheus rule unit tests in `promtool test rules` format (see
 * record/alerts/rule-tests.ts), printing promtool's `Unit Testing:` / `SUCCESS` / `FAILED:` report; exit 1 when a
 * test fails, 2 when a file or rule cannot be read.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runRuleTests } from '../../record/alerts/rule-tests.ts';
import { ExitCode, UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';

export const registerTestRules: RegisterCommand = (program, io, setExit) => {
  program
    .command('test-rules <file...>')
    .description('unit-test Prometheus alerting and recording rules, in promtool test rules format')
    .addHelpText(
      'after',
      `
The files are promtool's: rule_files (relative to the test file), evaluation_interval, and tests with interval,
input_series (expanding notation: '1+2x10', '_', 'stale'), alert_rule_test and promql_expr_test. Rules and queries
run on kubesim's PromQL engine, as they do over a scenario's metrics (spec.alerting).

Example:
  kubesim test-rules scenarios/rules/kubernetes-mixin.test.yaml`,
    )
    .action((files: string[]) => {
      let failed = false;
      let broken = false;
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UsageError(`${file}: ${(e as Error).message}`);
        }
        io.out(`Unit Testing:  ${file}\n`);
        const r = runRuleTests(text, file, (p) => readFileSync(join(dirname(file), p), 'utf8'));
        if (r.errors.length > 0) {
          broken = true;
          io.out(`  FAILED:\n${r.errors.map((e) => `    ${e}\n`).join('')}\n`);
          continue;
        }
        const failures = r.results.filter((t) => t.failures.length > 0);
        if (failures.length === 0) {
          io.out('  SUCCESS\n\n');
          continue;
        }
        failed = true;
        io.out('  FAILED:\n');
        for (const t of failures) for (const f of t.failures) io.out(`    ${t.test}: ${f}\n`);
        io.out('\n');
      }
      if (broken) setExit(ExitCode.BadInput);
      else if (failed) setExit(ExitCode.ExpectationFailed);
    });
};
