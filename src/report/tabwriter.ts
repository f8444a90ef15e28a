/**
 * The column alignment of Go's `text/tabwriter`, which both `kubectl get` and `kubectl describe` print through.
 * Cells end with `\t`; the text after a line's last tab is not a cell and never widens a column. A column block is a
 * run of consecutive lines that all have a cell in that column; each block gets its own width
 * (`max(minWidth, widest cell + padding)`). Only what kubectl uses is ported: space padding, left alignment, no
 * escapes, no DiscardEmptyColumns.
 */

/** Tabwriter settings (Go's `NewWriter(output, minwidth, tabwidth, padding, padchar=' ', flags=0)`). */
export interface TabwriterOptions {
  /** Minimum cell width including padding, characters. */
  minWidth: number;
  /** Spaces added to the widest cell of a column. */
  padding: number;
}

/** `kubectl get`: printers.GetNewTabWriter uses minwidth 6, padding 3. */
export const KUBECTL_GET_TABWRITER: TabwriterOptions = { minWidth: 6, padding: 3 };
/** `kubectl describe`: tabbedString uses minwidth 0, padding 2. */
export const KUBECTL_DESCRIBE_TABWRITER: TabwriterOptions = { minWidth: 0, padding: 2 };

/** Display width as Go's tabwriter counts it: one per code point. */
function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Aligns `text` (lines separated by `\n`, cells by `\t`) exactly as Go's tabwriter would print it. */
export function tabwriterFormat(text: string, options: TabwriterOptions): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const lastLine = lines.length - 1;

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i] as string[];
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        const w = widths[j];
        // The text after the last tab is never padded: `widths` never reaches that index.
        if (w !== undefined && j < cells.length - 1) s += ' '.repeat(Math.max(0, w - textWidth(cell)));
      });
      out.push(i < lastLine ? `${s}\n` : s);
    }
  };

  // Go's Writer.format: recursive over columns; a block in column `widths.length` is a run of lines with a cell there.
  const format = (line0In: number, line1: number): void => {
    let line0 = line0In;
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current] as string[]).length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = options.minWidth;
      for (; current < line1; current++) {
        const cells = lines[current] as string[];
        if (column >= cells.length - 1) break;
        const w = textWidth(cells[column] as string) + options.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('');
}
