/**
 * The registry of subcommands. Each module exports one `register(program, io, setExit)` function; add new ones
 * here in the order `kubesim --help` lists them.
 */
import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';

export type RegisterCommand = (program: Command, io: CliIo, setExit: (code: ExitCode) => void) => void;

import { registerPlanned } from './planned.ts';
import { registerValidate } from './validate.ts';
import { registerRun } from './run.ts';
import { registerGet } from './get.ts';
import { registerDescribe } from './describe.ts';
import { registerEvents } from './events.ts';
import { registerSweep } from './sweep.ts';
import { registerMerge } from './merge.ts';
import { registerExplainTraffic } from './explain-traffic.ts';
import { registerQuery } from './query.ts';
import { registerTestRules } from './test-rules.ts';

export const commands: readonly RegisterCommand[] = [
  registerRun,
  registerValidate,
  registerGet,
  registerDescribe,
  registerEvents,
  registerExplainTraffic,
  registerQuery,
  registerTestRules,
  registerSweep,
  registerMerge,
  registerPlanned,
];
