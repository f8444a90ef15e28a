/** What the playground page carries, embedded by scripts/playground.ts at build time. */

/** A bundled scenario and every file it reads, by path (the scenario's own first). */
export interface PlaygroundExample {
  /** The scenario file's base name, e.g. `webapi-peak`. */
  name: string;
  /** `name — description`, for the example menu. */
  title: string;
  /** Path of the scenario file among `files`. */
  scenario: string;
  files: Record<string, string>;
}

export interface PlaygroundData {
  examples: PlaygroundExample[];
  /** uPlot's IIFE build and stylesheet, for the report frame (the same files report.html inlines). */
  chartJs: string;
  chartCss: string;
}
