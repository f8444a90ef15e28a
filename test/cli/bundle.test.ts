/**
 * The bundled CLI (`scripts/build-cli.mjs`, run by `npm install`) and the lazy command registry: the bundle prints
 * the same help and runs a scenario and a sweep on worker threads with the same results as the sources, and the
 * registry's listing of each command matches what its module registers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command, Help } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { SHORT, kubesim } from './helpers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('lazy command registry', () => {
  it.each(commands.map((c) => [c.name, c] as const))('lists %s as its module registers it', async (_name, entry) => {
    const program = new Command();
    (await entry.load())(program, { out: () => {}, err: () => {} }, () => {});
    const registered = program.commands.find((c) => c.name() === entry.name);
    expect(registered).toBeDefined();
    expect({ term: new Help().subcommandTerm(registered!), description: registered!.description() }).toEqual({
      term: entry.term,
      description: entry.description,
    });
  });

  it('prints the same top-level help as the program with every command loaded', async () => {
    let full = '';
    const eager = await buildProgram({ out: (t) => (full += t), err: () => {} }, () => {});
    eager.outputHelp();
    const lazy = await kubesim('--help');
    expect(lazy.code).toBe(0);
    expect(lazy.out).toBe(full);
  });
});

describe('bundled CLI', () => {
  // Inside the repository, so the bundle finds node_modules (uplot's files for report.html) as dist/cli-bundle does.
  const outdir = mkdtempSync(path.join(root, 'dist-bundle-test-'));
  // A runner file rather than `node -e`: worker threads inherit the parent's execArgv, and `--input-type` breaks them.
  const runner = path.join(outdir, 'run.mjs');
  const cli = (...argv: string[]) => run(process.execPath, [runner, ...argv], { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 });

  beforeAll(async () => {
    await run(process.execPath, [path.join(root, 'scripts/build-cli.mjs'), outdir]);
    writeFileSync(runner, "const { main } = await import('./main.mjs');\nprocess.exitCode = await main(process.argv.slice(2));\n");
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('prints the help of the sources', async () => {
    const { stdout } = await cli('--help');
    expect(stdout).toBe((await kubesim('--help')).out);
  });

  it('runs a scenario to its pinned trace hash', async () => {
    const golden = JSON.parse(readFileSync(path.join(root, 'test/e2e/golden-hashes.json'), 'utf8')) as Record<string, string>;
    const { stdout } = await cli('run', path.join(root, 'scenarios/bin-packing.yaml'), '--json', '--no-progress');
    expect((JSON.parse(stdout) as { traceHash: string }).traceHash).toBe(golden['bin-packing.yaml']);
  });

  it('writes report.html with the query box, bundled for the browser at run time', async () => {
    const out = path.join(outdir, 'report');
    await cli('run', SHORT, '--no-progress', '--out', out);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<script type="application/json" id="query-data">');
    expect(html).toContain('id="query-form"');
    // The engine is in the page: the PromQL parser's error wording and the box's own markers.
    expect(html).toMatch(/parse error: /);
  });

  it('runs a sweep on its worker threads with the output of the sources', async () => {
    const grid = ['sweep', SHORT, '--set', 'spec.cluster.nodePools[0].count=2,3', '--seeds', '1..2', '--no-progress', '-o', 'json'];
    const { stdout } = await cli(...grid, '--workers', '2');
    expect(stdout).toBe((await kubesim(...grid, '--workers', '1')).out);
  });
});
