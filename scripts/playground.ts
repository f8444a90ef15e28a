/**
 * Builds the browser playground into one self-contained page, `dist/playground/index.html` (or `--out DIR`): the
 * simulation core and the editor bundled by esbuild for the browser, every bundled scenario with the files it reads,
 * and the chart library, all inlined, so the page works offline from disk or from any static host. `--serve [PORT]`
 * then serves it on localhost (default 8080) until interrupted: `npm run playground`.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundleOptions, loadReportAssets } from '../src/cli/report-assets.ts';
import { nodeFileSystem } from '../src/cli/node-fs.ts';
import { escapeJsonForScript } from '../src/report/html.ts';
import type { FileSystem } from '../src/scenario/fs.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import type { PlaygroundData, PlaygroundExample } from '../playground/types.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A file system that remembers every file the loader read (paths relative to the repository root). */
function recording(read: Set<string>): FileSystem {
  return {
    ...nodeFileSystem,
    readFile(p) {
      read.add(path.relative(root, path.resolve(root, p)).split(path.sep).join('/'));
      return nodeFileSystem.readFile(path.resolve(root, p));
    },
    isFile: (p) => nodeFileSystem.isFile(path.resolve(root, p)),
    isDirectory: (p) => nodeFileSystem.isDirectory(path.resolve(root, p)),
    listDir: (p) => nodeFileSystem.listDir(path.resolve(root, p)),
    glob(pattern, cwd) {
      return nodeFileSystem.glob.call(this, pattern, cwd);
    },
  };
}

/** Every scenario under scenarios/ with the files it reads; a scenario that does not load fails the build. */
function collectExamples(): PlaygroundExample[] {
  const names = readdirSync(path.join(root, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  // The flagship first, as `npm start` runs it.
  names.sort((a, b) => Number(b === 'webapi-peak.yaml') - Number(a === 'webapi-peak.yaml'));
  return names.map((file) => {
    const scenario = `scenarios/${file}`;
    const read = new Set<string>();
    const r = loadScenarioFile(scenario, recording(read));
    if (!r.scenario || r.errors.length > 0) throw new Error(`${scenario} does not load: ${r.errors.length} error(s)`);
    const files: Record<string, string> = {};
    for (const p of [scenario, ...[...read].filter((p) => p !== scenario).sort()]) files[p] = readFileSync(path.join(root, p), 'utf8');
    const description = r.scenario.metadata.description ?? '';
    const firstSentence = description.split(/(?<=\.)\s/)[0] ?? '';
    return { name: file.replace(/\.yaml$/, ''), title: `${r.scenario.metadata.name}${firstSentence ? ` — ${firstSentence.length > 70 ? `${firstSentence.slice(0, 69)}…` : firstSentence}` : ''}`, scenario, files };
  });
}

/** The page: the template with the style, the data and the bundled script put in. */
export async function buildPlayground(outDir: string): Promise<string> {
  const bundle = await build(browserBundleOptions(root, 'playground/app.ts'));
  const script = bundle.outputFiles[0]!.text.replace(/<\/(script)/gi, '<\\/$1');
  const assets = loadReportAssets();
  const data: PlaygroundData = { examples: collectExamples(), chartJs: assets.chartJs, chartCss: assets.chartCss ?? '' };
  const page = readFileSync(path.join(root, 'playground/index.html'), 'utf8')
    .replace('/*STYLE*/', () => readFileSync(path.join(root, 'playground/style.css'), 'utf8'))
    .replace('/*DATA*/', () => escapeJsonForScript(JSON.stringify(data)))
    .replace('/*SCRIPT*/', () => script);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'index.html');
  writeFileSync(file, page);
  return file;
}

async function main(argv: string[]): Promise<void> {
  const outAt = argv.indexOf('--out');
  const outDir = path.resolve(outAt >= 0 ? (argv[outAt + 1] ?? '') : path.join(root, 'dist/playground'));
  const file = await buildPlayground(outDir);
  process.stdout.write(`playground: ${path.relative(process.cwd(), file)} (${Math.round(readFileSync(file).length / 1024)} KiB)\n`);
  const serveAt = argv.indexOf('--serve');
  if (serveAt < 0) return;
  const port = Number(argv[serveAt + 1] ?? '') || 8080;
  createServer((req, res) => {
    if (req.url !== '/' && !req.url?.startsWith('/?') && !req.url?.startsWith('/index.html')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
  }).listen(port, '127.0.0.1', () => process.stdout.write(`playground: open http://127.0.0.1:${port}/ (Ctrl-C stops)\n`));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
