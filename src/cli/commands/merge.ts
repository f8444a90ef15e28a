/**
 * `kubesim merge FILES… [-o table|csv|json] [--out DIR]`: joins the `sweep.json` of the shards of one sweep
 * (`kubesim sweep --shard i/n`, or the pods of `--emit-job`) into the table, JSON and report of the unsharded
 * sweep, byte for byte. Refuses files of different sweeps, overlapping shards and missing runs.
 */
import { readFileSync } from 'node:fs';
import { mergeDocuments, parseSweepJson } from '../../sweep/document.ts';
import { UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';
import { emitSweep, parseFormat } from './sweep.ts';

export const registerMerge: RegisterCommand = (program, io) => {
  program
    .command('merge <files...>')
    .description('join the JSON outputs of sweep shards into the table and report of the whole sweep')
    .option('-o, --output <format>', 'table, csv or json')
    .option('--out <dir>', 'write sweep.json and the report sweep.html here')
    .addHelpText('after', '\nExample:\n  kubesim merge out/shard-*/sweep.json --out out/merged')
    .action((files: string[], flags: { output?: string; out?: string }) => {
      const format = parseFormat(flags.output, false);
      const docs = files.map((file) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
        }
        try {
          return { file, doc: parseSweepJson(text, file) };
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      });
      let merged;
      try {
        merged = mergeDocuments(docs);
      } catch (e) {
        throw new UsageError(`merge: ${(e as Error).message}`);
      }
      emitSweep(merged, format, flags.out, io);
    });
};
