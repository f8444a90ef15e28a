/**
 * The browser playground: the simulation core (src/ without src/cli/) running in the page. A YAML editor holds a
 * scenario and the manifest files it reads; Run loads them from an in-memory file system and starts a run; play,
 * pause, step and speed advance simulated time; the scrubber travels back through the store's history; the views
 * are the CLI's kubectl-like tables and describe texts at the scrubbed instant; the report (the same report.html
 * the CLI writes, charts included) is redrawn from the run so far; Share puts the files in the URL fragment.
 *
 * Wall-clock time is read here, never in src/: it only paces how far the run advances per frame. Where the run is
 * paused does not change what it computes.
 */
import { EditorView, basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import { formatFieldError } from '../src/api/errors.ts';
import type { Stored } from '../src/cluster/store.ts';
import { formatDurationShort } from '../src/engine/duration.ts';
import { toReportEvents } from '../src/report/events.ts';
import { renderReportHtml } from '../src/report/html.ts';
import { getDeployments, getEvents, getHorizontalPodAutoscalers, getNodes, getPods, getReplicaSets, getServices } from '../src/report/kubectl.ts';
import { describeObject } from '../src/report/describe-object.ts';
import type { SimClock } from '../src/report/duration.ts';
import { renderSummary } from '../src/report/summary.ts';
import type { ReportEvent } from '../src/report/types.ts';
import { MemoryFileSystem } from '../src/scenario/fs.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { buildReportData } from '../src/scenario/report-data.ts';
import { ScenarioRun } from '../src/scenario/run.ts';
import { findKind } from '../src/scenario/resources.ts';
import type { Scenario } from '../src/scenario/types.ts';
import type { PlaygroundData, PlaygroundExample } from './types.ts';

const data = JSON.parse(document.getElementById('playground-data')!.textContent ?? '{}') as PlaygroundData;

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: no element #${id}`);
  return el;
}

const exampleSelect = $('example') as HTMLSelectElement;
const tabs = $('tabs');
const runButton = $('run') as HTMLButtonElement;
const playButton = $('play') as HTMLButtonElement;
const stepButton = $('step') as HTMLButtonElement;
const speedSelect = $('speed') as HTMLSelectElement;
const shareButton = $('share') as HTMLButtonElement;
const scrub = $('scrub') as HTMLInputElement;
const clockLabel = $('clock');
const viewSelect = $('view') as HTMLSelectElement;
const describeInput = $('describe') as HTMLInputElement;
const output = $('output');
const errorsBox = $('errors');
const reportFrame = $('report') as HTMLIFrameElement;
const reportButton = $('refresh-report') as HTMLButtonElement;

/** The files of the example being edited, by path; the first is the scenario. */
let files: Record<string, string> = {};
let scenarioPath = '';
let activePath = '';
let run: ScenarioRun | undefined;
let scenario: Scenario | undefined;
/** The instant the views show, ms (≤ the run's own time). */
let viewMs = 0;
let playing = false;
let lastFrame = 0;

const editor = new EditorView({
  extensions: [
    basicSetup,
    yaml(),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && activePath) files[activePath] = u.state.doc.toString();
    }),
  ],
  parent: $('editor'),
});

// -- files and examples -------------------------------------------------------------------------------------------

function openFile(path: string): void {
  activePath = path;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: files[path] ?? '' } });
  tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b.dataset['path'] === path));
}

function showFiles(example: PlaygroundExample): void {
  files = { ...example.files };
  scenarioPath = example.scenario;
  tabs.replaceChildren(
    ...Object.keys(files).map((path) => {
      const b = document.createElement('button');
      b.textContent = path === scenarioPath ? path.split('/').pop()! : path.replace(/^scenarios\//, '');
      b.dataset['path'] = path;
      b.title = path;
      b.addEventListener('click', () => openFile(path));
      return b;
    }),
  );
  openFile(scenarioPath);
}

function selectExample(name: string): void {
  const example = data.examples.find((e) => e.name === name) ?? data.examples[0];
  if (!example) return;
  exampleSelect.value = example.name;
  showFiles(example);
  load();
}

// -- running ------------------------------------------------------------------------------------------------------

/** Loads the edited files into a fresh run at time 0; load errors are listed (all of them) and nothing runs. */
function load(): void {
  pause();
  const result = loadScenarioFile(scenarioPath, new MemoryFileSystem(files));
  const problems = [...result.errors, ...result.warnings].map(formatFieldError);
  errorsBox.textContent = problems.join('\n');
  errorsBox.hidden = problems.length === 0;
  if (!result.scenario || result.errors.length > 0) {
    run = undefined;
    scenario = undefined;
    output.textContent = '';
    return;
  }
  scenario = result.scenario;
  run = new ScenarioRun(scenario);
  viewMs = 0;
  scrub.max = String(scenario.durationMs);
  scrub.step = String(scenario.resolutionMs);
  scrub.value = '0';
  render();
}

/** Advances the run to `t` (never back), then shows `t`. */
function advanceTo(t: number): void {
  if (!run || !scenario) return;
  const target = Math.min(t, scenario.durationMs);
  if (target > run.sim.nowMs) run.run(target);
  viewMs = target;
  scrub.value = String(viewMs);
  render();
}

function play(): void {
  if (!run || !scenario) return;
  if (viewMs >= scenario.durationMs) advanceTo(0);
  playing = true;
  playButton.textContent = 'Pause';
  lastFrame = performance.now();
  requestAnimationFrame(frame);
}

function pause(): void {
  if (!playing) return;
  playing = false;
  playButton.textContent = 'Play';
  refreshReport();
}

/** One animation frame: simulated time moves by speed × the wall time since the last frame. */
function frame(now: number): void {
  if (!playing || !run || !scenario) return;
  const speed = Number(speedSelect.value);
  const advance = Math.max(scenario.resolutionMs, Math.round((now - lastFrame) * speed));
  lastFrame = now;
  advanceTo(viewMs + advance);
  if (viewMs >= scenario.durationMs) {
    pause();
    return;
  }
  requestAnimationFrame(frame);
}

// -- views --------------------------------------------------------------------------------------------------------

function clockAt(t: number): SimClock {
  return { epochMs: run!.sim.clock.epochMs, nowMs: t };
}

/** Events first seen by `t` (counts are as far as the run has gone). */
function eventsAt(t: number): ReportEvent[] {
  return toReportEvents(run!.sim.events.all).filter((e) => e.firstTimestampMs <= t);
}

function listAt<T>(kind: string, t: number): (T & Stored)[] {
  return run!.sim.store.listAt<T & Stored>(kind, t);
}

/** `kubectl get <view>` at `t`. */
function getView(view: string, t: number): string {
  const clock = clockAt(t);
  switch (view) {
    case 'pods':
      return getPods(listAt<Pod>('Pod', t), clock, { wide: true });
    case 'nodes':
      return getNodes(listAt<Node>('Node', t), clock);
    case 'deployments':
      return getDeployments(listAt<Deployment>('Deployment', t), clock);
    case 'replicasets':
      return getReplicaSets(listAt<ReplicaSet>('ReplicaSet', t), clock);
    case 'hpa':
      return getHorizontalPodAutoscalers(listAt<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', t), clock);
    case 'services':
      return getServices(listAt<Service>('Service', t), clock);
    case 'events':
      return getEvents(eventsAt(t), clock);
    default:
      return '';
  }
}

/** `kubectl describe <kind>/<name>` at `t`, or a line saying what went wrong. */
function describeView(target: string, t: number): string {
  const [kindText = '', name = ''] = target.split('/');
  const info = findKind(kindText);
  if (!info || name === '') return `describe: expected kind/name, e.g. pod/${listAt<Pod>('Pod', t)[0]?.metadata.name ?? 'NAME'} or hpa/NAME`;
  const obj = listAt<Stored>(info.kind, t).find((o) => o.metadata.name === name);
  if (!obj) return `${info.resource} "${name}" not found at ${formatDurationShort(t)}`;
  return describeObject(run!.sim.store, info.kind, obj, t, eventsAt(t), clockAt(t)) ?? `the playground does not describe ${info.resource}`;
}

function render(): void {
  if (!run || !scenario) return;
  clockLabel.textContent = `${formatDurationShort(viewMs)} / ${formatDurationShort(scenario.durationMs)}${viewMs < run.sim.nowMs ? ` (run at ${formatDurationShort(run.sim.nowMs)})` : ''}`;
  const view = viewSelect.value;
  if (view === 'describe') output.textContent = describeView(describeInput.value.trim(), viewMs);
  else if (view === 'summary') output.textContent = renderSummary(buildReportData(run, run.expectations()), { color: false });
  else output.textContent = getView(view, viewMs);
}

/** Redraws the report (charts, events, expectations) from the run so far. */
function refreshReport(): void {
  if (!run) return;
  reportFrame.srcdoc = renderReportHtml(buildReportData(run, run.expectations()), { chartJs: data.chartJs, chartCss: data.chartCss });
}

// -- share links --------------------------------------------------------------------------------------------------

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The edited files in the URL fragment (`#s=` base64url JSON), so the link opens this very scenario. */
function share(): void {
  const payload = JSON.stringify({ scenario: scenarioPath, files });
  history.replaceState(null, '', `#s=${toBase64Url(payload)}`);
  void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  shareButton.textContent = 'Link in the address bar';
}

function fromFragment(): boolean {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return false;
  try {
    const shared = JSON.parse(fromBase64Url(m[1]!)) as { scenario: string; files: Record<string, string> };
    showFiles({ name: 'shared', title: 'shared scenario', scenario: shared.scenario, files: shared.files });
    load();
    return true;
  } catch (e) {
    errorsBox.hidden = false;
    errorsBox.textContent = `the shared link could not be read: ${(e as Error).message}`;
    return false;
  }
}

// -- wiring -------------------------------------------------------------------------------------------------------

for (const ex of data.examples) {
  const o = document.createElement('option');
  o.value = ex.name;
  o.textContent = ex.title;
  exampleSelect.append(o);
}
exampleSelect.addEventListener('change', () => selectExample(exampleSelect.value));
runButton.addEventListener('click', () => {
  load();
  refreshReport();
});
playButton.addEventListener('click', () => (playing ? pause() : play()));
stepButton.addEventListener('click', () => {
  pause();
  if (scenario) advanceTo(viewMs + Math.max(scenario.resolutionMs, 60_000));
});
shareButton.addEventListener('click', share);
scrub.addEventListener('input', () => {
  const t = Number(scrub.value);
  if (run && t <= run.sim.nowMs) {
    viewMs = t;
    render();
  } else advanceTo(t);
});
scrub.addEventListener('change', refreshReport);
viewSelect.addEventListener('change', () => {
  describeInput.hidden = viewSelect.value !== 'describe';
  render();
});
describeInput.addEventListener('change', render);
reportButton.addEventListener('click', refreshReport);

if (!fromFragment()) selectExample(new URLSearchParams(location.search).get('example') ?? data.examples[0]?.name ?? '');
refreshReport();
