/**
 * The field-error model shared by manifests and scenarios, after apimachinery `util/validation/field/errors.go`:
 * every problem is a value with a type, a field path, the bad value and, when known, where it is in the source.
 * Validation collects all of them in one pass instead of stopping at the first.
 */

/** Error types, as `field.ErrorType` (plus `FieldValueUnknown` for kubectl's strict unknown-field check and `Syntax`). */
export type FieldErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Duplicate'
  | 'Forbidden'
  | 'TooLong'
  | 'TooMany'
  | 'TypeInvalid'
  | 'FieldValueUnknown'
  | 'Syntax';

/** A position in a source file; `line` and `col` are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** One validation problem. */
export interface FieldError {
  type: FieldErrorType;
  /** Path such as `spec.template.spec.containers[0].resources.requests.cpu` (empty for a whole document). */
  field: string;
  /** The offending value, when there is one. */
  badValue?: unknown;
  /** What is wrong, in upstream's words where upstream has words for it. */
  detail: string;
  /** For `NotSupported`: the values that would have been accepted. */
  supported?: string[];
  /** Where the field is written. */
  source?: SourcePosition;
  /** Set when the error was downgraded (e.g. `--validate=warn` for unknown fields): reported, not fatal. */
  warning?: boolean;
}

/** Upstream's `ErrorType.String()` wording, used in the one-line form. */
const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  TypeInvalid: 'Invalid value',
  FieldValueUnknown: 'Unknown field',
  Syntax: 'Syntax error',
};

/** Types whose one-line form shows the bad value, as upstream's `ErrorBody` does. */
const SHOWS_VALUE: ReadonlySet<FieldErrorType> = new Set(['Invalid', 'NotSupported', 'Duplicate', 'TypeInvalid', 'TooMany']);

/** Longest printed bad value, in characters; longer values are cut with `…` so a 100 MB value never floods a terminal. */
const MAX_VALUE_CHARS = 120;

/** Renders a bad value as upstream does: strings quoted, numbers and booleans bare, objects as JSON. */
export function formatBadValue(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = 'null';
  else if (typeof value === 'string') text = JSON.stringify(value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** The message body after the path, e.g. `Invalid value: "1KB": unable to parse quantity's suffix`. */
export function fieldErrorBody(e: FieldError): string {
  let body = TYPE_TEXT[e.type];
  if (SHOWS_VALUE.has(e.type) && 'badValue' in e) body += `: ${formatBadValue(e.badValue)}`;
  if (e.type === 'NotSupported' && e.supported && e.supported.length > 0) {
    body += `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}`;
    if (e.detail) body += `; ${e.detail}`;
  } else if (e.detail) {
    body += `: ${e.detail}`;
  }
  return body;
}

/** Human one-liner: `file:line:col: field: Type value: detail` (parts that are unknown are left out). */
export function formatFieldError(e: FieldError): string {
  const where = e.source ? `${e.source.file}:${e.source.line}:${e.source.col}: ` : '';
  const field = e.field ? `${e.field}: ` : '';
  return `${e.warning ? 'warning: ' : ''}${where}${field}${fieldErrorBody(e)}`;
}

/** JSON-ready form: plain data, bad values truncated like the one-liner. */
export function fieldErrorToJSON(e: FieldError): Record<string, unknown> {
  const out: Record<string, unknown> = { type: e.type, field: e.field, detail: e.detail, message: formatFieldError(e) };
  if ('badValue' in e) out['badValue'] = typeof e.badValue === 'object' && e.badValue !== null ? formatBadValue(e.badValue) : e.badValue;
  if (typeof out['badValue'] === 'string' && (out['badValue'] as string).length > MAX_VALUE_CHARS) {
    out['badValue'] = `${(out['badValue'] as string).slice(0, MAX_VALUE_CHARS)}…`;
  }
  if (e.supported) out['supported'] = e.supported;
  if (e.source) out['source'] = e.source;
  if (e.warning) out['warning'] = true;
  return out;
}

/** Orders errors by file, line, column, then path: a stable, reader-friendly order. */
export function compareFieldErrors(a: FieldError, b: FieldError): number {
  const fa = a.source?.file ?? '';
  const fb = b.source?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.source?.line ?? 0;
  const lb = b.source?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.source?.col ?? 0;
  const cb = b.source?.col ?? 0;
  if (ca !== cb) return ca - cb;
  return a.field < b.field ? -1 : a.field > b.field ? 1 : 0;
}

/** Constructors named after apimachinery's `field.Required`, `field.Invalid`, … */
export const fieldError = {
  required: (field: string, detail = ''): FieldError => ({ type: 'Required', field, detail }),
  invalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'Invalid', field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: 'NotSupported',
    field,
    badValue,
    detail: '',
    supported: [...supported],
  }),
  duplicate: (field: string, badValue: unknown, detail = ''): FieldError => ({ type: 'Duplicate', field, badValue, detail }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail }),
  tooLong: (field: string, badValue: unknown, maxLength: number): FieldError => ({
    type: 'TooLong',
    field,
    badValue,
    detail: `may not be more than ${maxLength} bytes`,
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: 'TooMany',
    field,
    badValue: actual,
    detail: `must have at most ${max} items`,
  }),
  typeInvalid: (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'TypeInvalid', field, badValue, detail }),
  unknown: (field: string): FieldError => ({ type: 'FieldValueUnknown', field, detail: `unknown field "${field}"` }),
  syntax: (detail: string): FieldError => ({ type: 'Syntax', field: '', detail }),
};
