/**
 * The Node implementation of the scenario loader's {@link FileSystem}: the one place scenario loading touches the
 * disk. Globs use the same matcher as the in-memory file system, so a scenario matches the same files in a test and
 * on disk.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { globWith, type FileSystem } from '../scenario/fs.ts';

function stat(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Reads the real file system; relative paths are relative to `process.cwd()`. */
export const nodeFileSystem: FileSystem = {
  readFile: (p) => readFileSync(p, 'utf8'),
  isFile: (p) => stat(p)?.isFile() ?? false,
  isDirectory: (p) => stat(p)?.isDirectory() ?? false,
  listDir: (p) => readdirSync(p).sort(),
  glob(pattern, cwd) {
    return globWith(this, pattern, cwd);
  },
  resolve: (...ps) => path.resolve(...ps),
  dirname: (p) => path.dirname(p),
  join: (...ps) => path.join(...ps),
};
