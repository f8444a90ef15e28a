/**
 * `kubesim validate <files|dirs|globs...|->`: loads manifests as kubesim will simulate them and reports, one line
 * per object, kubeconform-style, then `N resources in M files - valid X, invalid Y, skipped Z`. Exit code 2 when
 * anything is invalid. This file does the file-system work (files, directories, globs, stdin); the checking is
 * the pure `loadManifests` of src/api.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenarioFromText } from '../../scenario/load.ts';
import { nodeFileSystem } from '../node-fs.ts';
import path from 'node:path';
import { stringify } from 'yaml';
import type { RegisterCommand } from './index.ts';
import { ExitCode, UsageError } from '../exit-codes.ts';
import { type FieldError, type LoadResult, type ManifestSource, type SourcePosition, fieldErrorToJSON, formatFieldError, loadManifests } from '../../api/index.ts';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

/** Every manifest file under `dir`, recursively, in sorted order; hidden entries are ignored. */
function walkDir(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkDir(full));
    else if (MANIFEST_EXT.test(entry.name)) out.push(full);
  }
  return out;
}

/** `*`, `**` and `?` globs: walks from the longest literal directory prefix and filters with a regex. */
function expandGlob(pattern: string): string[] {
  const parts = pattern.split('/');
  const firstWild = parts.findIndex((p) => /[*?[]/.test(p));
  const base = parts.slice(0, firstWild).join('/') || '.';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const matcher = new RegExp(`^${re}$`);
  let files: string[];
  try {
    files = walkDir(base);
  } catch {
    return [];
  }
  return files.filter((f) => matcher.test(base === '.' && !pattern.startsWith('./') ? path.relative('.', f) : f));
}

/** Reads the inputs into sources; `-` is standard input. Throws UsageError for a path that does not exist. */
function readSources(inputs: readonly string[], readStdin: () => string): ManifestSource[] {
  const sources: ManifestSource[] = [];
  for (const input of inputs) {
    if (input === '-') {
      sources.push({ file: '<stdin>', text: readStdin() });
      continue;
    }
    let files: string[];
    if (/[*?[]/.test(input)) {
      files = expandGlob(input);
      if (files.length === 0) throw new UsageError(`no manifest matches ${JSON.stringify(input)}`);
    } else {
      let stat;
      try {
        stat = statSync(input);
      } catch {
        throw new UsageError(`no such file or directory: ${input}`);
      }
      files = stat.isDirectory() ? walkDir(input) : [input];
    }
    for (const file of files) sources.push({ file, text: readFileSync(file, 'utf8') });
  }
  return sources;
}

interface Resource {
  source: SourcePosition;
  kind: string;
  name: string;
  status: 'valid' | 'invalid' | 'skipped';
  note?: string;
  errors: FieldError[];
}

function comparePos(a: SourcePosition, b: SourcePosition): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line !== b.line ? a.line - b.line : a.col - b.col;
}

/** Groups the loader's output per document and attaches each error to the document it falls in. */
function toResources(r: LoadResult): { resources: Resource[]; loose: FieldError[] } {
  const notSimulated = new Set(r.notSimulated.map((s) => `${s.source.file}:${s.source.line}:${s.source.col}`));
  const resources: Resource[] = [
    ...r.objects.map((o): Resource => {
      const res: Resource = { source: o.source, kind: o.kind, name: o.name, status: 'valid', errors: [] };
      if (notSimulated.has(`${o.source.file}:${o.source.line}:${o.source.col}`)) res.note = 'not simulated';
      return res;
    }),
    ...r.skipped.map((s): Resource => ({ source: s.source, kind: s.kind, name: s.name, status: 'skipped', note: `${s.apiVersion}/${s.kind} is not a kind kubesim knows`, errors: [] })),
    ...r.rejected.map((s): Resource => ({ source: s.source, kind: s.kind || 'document', name: s.name, status: 'invalid', errors: [] })),
  ].sort((a, b) => comparePos(a.source, b.source));
  const loose: FieldError[] = [];
  for (const e of r.errors) {
    let owner: Resource | undefined;
    if (e.source) {
      for (const res of resources) {
        if (res.source.file !== e.source.file) continue;
        if (comparePos(res.source, e.source) <= 0) owner = res;
      }
    }
    if (owner) owner.errors.push(e);
    else loose.push(e);
  }
  for (const res of resources) if (res.errors.some((e) => !e.warning)) res.status = 'invalid';
  return { resources, loose };
}

export const registerValidate: RegisterCommand = (program, io, setExit) => {
  program
    .command('validate')
    .description('validate manifests and scenario files kubeconform-style: one line per object and a summary (exit 2 when invalid)')
    .argument('<paths...>', 'files, directories, globs, or - for standard input')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--validate <mode>', "strict (unknown fields are errors) or warn (unknown fields are warnings)", 'strict')
    .option('--show-defaults', 'print the defaulted objects as YAML', false)
    .action((paths: string[], opts: { output: string; validate: string; showDefaults: boolean }) => {
      if (opts.output !== 'text' && opts.output !== 'json') throw new UsageError(`--output must be text or json, not ${JSON.stringify(opts.output)}`);
      if (opts.validate !== 'strict' && opts.validate !== 'warn') throw new UsageError(`--validate must be strict or warn, not ${JSON.stringify(opts.validate)}`);
      const all = readSources(paths, () => readFileSync(0, 'utf8'));
      // Scenario files are validated as scenarios (with the manifests they name), everything else as manifests.
      const isScenario = (text: string) => /^apiVersion:\s*["']?kubesim\.dev\//m.test(text) && /^kind:\s*["']?Scenario\b/m.test(text);
      const sources = all.filter((src) => !isScenario(src.text));
      const result = loadManifests(sources, { unknownFields: opts.validate === 'warn' ? 'warn' : 'error' });
      const { resources, loose } = toResources(result);
      for (const src of all.filter((x) => isScenario(x.text))) {
        const r = loadScenarioFromText(src.text, resolve(src.file), nodeFileSystem);
        const name = r.scenario?.metadata.name ?? /^\s+name:\s*(\S+)/m.exec(src.text)?.[1] ?? '';
        const errors = [...r.errors, ...r.warnings].map((e) => (e.source && e.source.file === resolve(src.file) ? { ...e, source: { ...e.source, file: src.file } } : e));
        resources.push({ source: { file: src.file, line: 1, col: 1 }, kind: 'Scenario', name, status: r.errors.length ? 'invalid' : 'valid', errors });
      }
      resources.sort((a, b) => comparePos(a.source, b.source));
      const count = (s: Resource['status']) => resources.filter((r) => r.status === s).length;
      const invalid = count('invalid') + (loose.some((e) => !e.warning) ? 1 : 0);
      const summary = { resources: resources.length, files: all.length, valid: count('valid'), invalid, skipped: count('skipped') };
      if (opts.output === 'json') {
        io.out(
          `${JSON.stringify(
            {
              resources: resources.map((r) => ({ ...r.source, kind: r.kind, name: r.name, status: r.status, ...(r.note ? { note: r.note } : {}), errors: r.errors.map(fieldErrorToJSON) })),
              errors: loose.map(fieldErrorToJSON),
              summary,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        for (const r of resources) {
          const where = `${r.source.file}:${r.source.line}:${r.source.col}`;
          const what = `${r.kind}${r.name ? ` ${r.name}` : ''}`;
          const note = r.note ? ` (${r.note})` : '';
          io.out(`${where} - ${what} ${r.status === 'skipped' ? 'skipped' : `is ${r.status}`}${note}\n`);
          for (const e of r.errors) io.out(`  ${formatFieldError(e)}\n`);
        }
        for (const e of loose) io.out(`${formatFieldError(e)}\n`);
        io.out(`${summary.resources} resources in ${summary.files} files - valid ${summary.valid}, invalid ${summary.invalid}, skipped ${summary.skipped}\n`);
      }
      if (opts.showDefaults && opts.output === 'text') {
        for (const o of result.objects) io.out(`---\n# ${o.source.file}:${o.source.line}\n${stringify(o.object)}`);
      }
      setExit(invalid > 0 ? ExitCode.BadInput : ExitCode.Ok);
    });
};
