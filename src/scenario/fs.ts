/**
 * The file-system seam of the scenario loader. `src/scenario/` never touches `node:fs`: the caller passes a
 * {@link FileSystem} (the CLI passes `nodeFileSystem` from `src/cli/node-fs.ts`; tests and browsers pass a
 * {@link MemoryFileSystem}). Paths are POSIX-style strings; relative paths are relative to the caller's working
 * directory, exactly as the scenario file's own path was given.
 */

/** What the loader needs from a file system. Every method is synchronous; errors are thrown as `Error`s. */
export interface FileSystem {
  /** The file's text (UTF-8). Throws when it does not exist or is a directory. */
  readFile(path: string): string;
  /** True if `path` exists and is a file. */
  isFile(path: string): boolean;
  /** True if `path` exists and is a directory. */
  isDirectory(path: string): boolean;
  /** The entry names (not paths) of a directory, sorted by code unit. Throws when it is not a directory. */
  listDir(path: string): string[];
  /**
   * Files matching `pattern` (`*`, `**`, `?`, `[abc]`, `{a,b}`), relative to `cwd` unless absolute; returned as
   * `join(cwd, match)` (or absolute), sorted. Directories are not returned.
   */
  glob(pattern: string, cwd: string): string[];
  /** Absolute form of `path`. */
  resolve(...paths: string[]): string;
  /** The directory part of `path` (`.` for a bare name). */
  dirname(path: string): string;
  /** Joins and normalises (`a/b/../c` → `a/c`). */
  join(...paths: string[]): string;
}

/** True if `s` has a glob metacharacter. */
export function hasGlobMagic(s: string): boolean {
  return /[*?[\]{}]/.test(s);
}

/** POSIX `path.normalize`: collapses `.`, `..` and repeated slashes; keeps a leading `..` on relative paths. */
export function normalizePosix(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(seg);
  }
  const body = out.join('/');
  if (absolute) return `/${body}`;
  return body === '' ? '.' : body;
}

/** POSIX `path.join`. */
export function joinPosix(...paths: string[]): string {
  return normalizePosix(paths.filter((p) => p !== '').join('/'));
}

/** POSIX `path.dirname`. */
export function dirnamePosix(path: string): string {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i);
}

/**
 * Compiles one glob path segment to a RegExp: `*` any run without `/`, `?` one character, `[…]` a class
 * (`[!…]` negated), `{a,b}` alternatives. Dotfiles match only an explicit leading dot, as in shells.
 */
export function globSegmentToRegExp(segment: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < segment.length) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
    i++;
  }
  re += ')'.repeat(braces);
  const noDot = segment.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${noDot}${re}$`);
}

/** Most directory entries a glob visits before giving up (a `**` over a huge tree must not hang a run). */
export const MAX_GLOB_VISITS = 100_000;

/**
 * A glob on top of `listDir`/`isDirectory`, shared by the Node and in-memory file systems so both match alike.
 * Throws when the pattern is empty or the walk visits more than {@link MAX_GLOB_VISITS} entries.
 */
export function globWith(fs: Pick<FileSystem, 'listDir' | 'isDirectory' | 'isFile'>, pattern: string, cwd: string): string[] {
  if (pattern === '') throw new Error('empty glob pattern');
  const absolute = pattern.startsWith('/');
  const root = absolute ? '/' : cwd;
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const found = new Set<string>();
  let visits = 0;
  const visit = (dir: string, rest: readonly string[]): void => {
    if (++visits > MAX_GLOB_VISITS) throw new Error(`glob visits more than ${MAX_GLOB_VISITS} entries`);
    const [head, ...tail] = rest;
    if (head === undefined) {
      if (fs.isFile(dir)) found.add(dir);
      return;
    }
    if (head === '**') {
      visit(dir, tail);
      if (!fs.isDirectory(dir)) return;
      for (const name of fs.listDir(dir)) {
        if (name.startsWith('.')) continue;
        const child = joinPosix(dir, name);
        if (fs.isDirectory(child)) visit(child, rest);
      }
      return;
    }
    if (head === '..' || !hasGlobMagic(head)) {
      visit(joinPosix(dir, head), tail);
      return;
    }
    if (!fs.isDirectory(dir)) return;
    const re = globSegmentToRegExp(head);
    for (const name of fs.listDir(dir)) {
      if (re.test(name)) visit(joinPosix(dir, name), tail);
    }
  };
  visit(root, segments);
  return [...found].sort();
}

/**
 * A file system held in memory: a map from normalised path to text. Directories exist implicitly as the parents of
 * files. `cwd` (default `/`) anchors `resolve`.
 */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['.', '/']);

  constructor(
    files: Readonly<Record<string, string>> = {},
    private readonly cwd = '/',
  ) {
    for (const [path, text] of Object.entries(files)) this.writeFile(path, text);
  }

  /** Adds or replaces a file, creating its parent directories. */
  writeFile(path: string, text: string): void {
    const p = normalizePosix(path);
    this.files.set(p, text);
    for (let d = dirnamePosix(p); !this.dirs.has(d); d = dirnamePosix(d)) this.dirs.add(d);
  }

  readFile(path: string): string {
    const p = normalizePosix(path);
    const text = this.files.get(p);
    if (text === undefined) {
      throw new Error(this.dirs.has(p) ? `EISDIR: illegal operation on a directory, read '${path}'` : `ENOENT: no such file or directory, open '${path}'`);
    }
    return text;
  }

  isFile(path: string): boolean {
    return this.files.has(normalizePosix(path));
  }

  isDirectory(path: string): boolean {
    return this.dirs.has(normalizePosix(path));
  }

  listDir(path: string): string[] {
    const p = normalizePosix(path);
    if (!this.dirs.has(p)) throw new Error(`ENOTDIR: not a directory, scandir '${path}'`);
    const names = new Set<string>();
    const prefix = p === '/' ? '/' : p === '.' ? '' : `${p}/`;
    for (const entry of [...this.files.keys(), ...this.dirs]) {
      if (entry === p || !entry.startsWith(prefix) || entry === '.' || entry === '/') continue;
      const rest = entry.slice(prefix.length);
      if (rest === '' || rest.startsWith('..')) continue;
      names.add(rest.split('/')[0] as string);
    }
    return [...names].sort();
  }

  glob(pattern: string, cwd: string): string[] {
    return globWith(this, pattern, cwd);
  }

  resolve(...paths: string[]): string {
    let out = this.cwd;
    for (const p of paths) out = p.startsWith('/') ? p : joinPosix(out, p);
    return normalizePosix(out);
  }

  dirname(path: string): string {
    return dirnamePosix(path);
  }

  join(...paths: string[]): string {
    return joinPosix(...paths);
  }
}
