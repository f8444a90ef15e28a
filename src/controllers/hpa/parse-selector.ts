/**
 * Port of apimachinery `labels.Parse` (`pkg/labels/selector.go`: the lexer, the recursive-descent parser and
 * `NewRequirement`'s validation) for the string selector of a scale subresource, which an Argo Rollout writes to
 * `status.selector`. The result is a `LabelSelector`, the form the rest of kubesim compiles.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { newRequirement, SelectorError, type SelectorOperator } from '../../api/selector.ts';

/** The lexer's tokens (upstream's `Token` constants). */
const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

/** Upstream's `string2token`. */
const STRING_TO_TOKEN: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

/** Upstream's `binaryOperators`, as its "expected:" messages list them. */
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch);

/** Upstream's `Lexer.Lex` run over the whole string (`Parser.scan`). */
function scan(s: string): { tok: Tok; lit: string }[] {
  const items: { tok: Tok; lit: string }[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    if (isSpecialSymbol(s[pos]!)) {
      // The longest run of special symbols that is still a token.
      let buffer = '';
      let last: { tok: Tok; lit: string } | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos]!)) {
        buffer += s[pos];
        const tok = STRING_TO_TOKEN.get(buffer);
        if (tok !== undefined) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecialSymbol(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const lit = s.slice(start, pos);
    items.push({ tok: STRING_TO_TOKEN.get(lit) ?? Tok.Identifier, lit });
  }
}

/**
 * Parses a selector string as `labels.Parse` does, into a `LabelSelector` (requirements sorted by key, as
 * upstream sorts them). Throws {@link SelectorError} with upstream's message on malformed input. The `gt` and
 * `lt` operators parse, but a `LabelSelector` cannot hold them: kubesim rejects them with a message of its own.
 */
export function parseSelector(selector: string): LabelSelector {
  const items = scan(selector);
  let position = 0;
  // In a value position `in` and `notin` are identifiers (upstream's ParserContext Values).
  const asValue = (t: Tok) => (t === Tok.In || t === Tok.NotIn ? Tok.Identifier : t);
  const lookahead = (values: boolean) => {
    const it = items[position]!;
    return { tok: values ? asValue(it.tok) : it.tok, lit: it.lit };
  };
  const consume = (values: boolean) => {
    const r = lookahead(values);
    position++;
    return r;
  };
  const requirements: { key: string; operator: SelectorOperator; values: string[]; equality: boolean }[] = [];

  const parseValues = (): string[] => {
    const open = consume(true);
    if (open.tok !== Tok.OpenPar) throw new SelectorError(`found '${open.lit}' expected: '('`);
    const next = lookahead(true);
    if (next.tok === Tok.ClosedPar) {
      consume(true);
      return [''];
    }
    if (next.tok !== Tok.Identifier && next.tok !== Tok.Comma) throw new SelectorError(`found '${next.lit}', expected: ',', ')' or identifier`);
    const set = new Set<string>();
    for (;;) {
      const t = consume(true);
      if (t.tok === Tok.Identifier) {
        set.add(t.lit);
        const t2 = lookahead(true);
        if (t2.tok === Tok.Comma) continue;
        if (t2.tok === Tok.ClosedPar) break;
        throw new SelectorError(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === Tok.Comma) {
        if (set.size === 0) set.add('');
        const t2 = lookahead(true);
        if (t2.tok === Tok.ClosedPar) {
          set.add('');
          break;
        }
        if (t2.tok === Tok.Comma) set.add('');
      } else {
        throw new SelectorError(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    const close = consume(true);
    if (close.tok !== Tok.ClosedPar) throw new SelectorError(`found '${next.lit}', expected: ')'`);
    return [...set];
  };

  const parseExactValue = (): string[] => {
    const t = lookahead(true);
    if (t.tok === Tok.EndOfString || t.tok === Tok.Comma) return [''];
    const v = consume(true);
    if (v.tok === Tok.Identifier) return [v.lit];
    throw new SelectorError(`found '${v.lit}', expected: identifier`);
  };

  const parseRequirement = () => {
    let t = consume(true);
    let operator: SelectorOperator | undefined;
    if (t.tok === Tok.DoesNotExist) {
      operator = 'DoesNotExist';
      t = consume(true);
    }
    if (t.tok !== Tok.Identifier) throw new SelectorError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const after = lookahead(true).tok;
    if (after === Tok.EndOfString || after === Tok.Comma) operator ??= 'Exists';
    if (operator === 'Exists' || operator === 'DoesNotExist') {
      requirements.push({ ...newRequirement(key, operator, []), values: [], equality: false });
      return;
    }
    const op = consume(false);
    let values: string[];
    let equality = false;
    switch (op.tok) {
      case Tok.In:
      case Tok.NotIn:
        operator = op.tok === Tok.In ? 'In' : 'NotIn';
        values = parseValues();
        break;
      case Tok.Equals:
      case Tok.DoubleEquals:
      case Tok.NotEquals:
        operator = op.tok === Tok.NotEquals ? 'NotIn' : 'In';
        equality = op.tok !== Tok.NotEquals;
        values = parseExactValue();
        break;
      case Tok.GreaterThan:
      case Tok.LessThan:
        throw new SelectorError(`the ${op.tok === Tok.GreaterThan ? 'gt' : 'lt'} operator of "${key}" cannot be held by a LabelSelector (kubesim)`);
      default:
        throw new SelectorError(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
    }
    const r = newRequirement(key, operator, values);
    requirements.push({ key, operator, values: [...r.values], equality });
  };

  for (;;) {
    const t = lookahead(true);
    if (t.tok === Tok.EndOfString) break;
    if (t.tok !== Tok.Identifier && t.tok !== Tok.DoesNotExist) throw new SelectorError(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
    try {
      parseRequirement();
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
    const sep = consume(true);
    if (sep.tok === Tok.EndOfString) break;
    if (sep.tok !== Tok.Comma) throw new SelectorError(`found '${sep.lit}', expected: ',' or 'end of string'`);
    const t2 = lookahead(true);
    if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
  }

  // Sorted by key (stable), as upstream's `sort.Sort(ByKey(items))`.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const r of requirements) {
    if (r.equality && !Object.hasOwn(matchLabels, r.key)) matchLabels[r.key] = r.values[0]!;
    else matchExpressions.push({ key: r.key, operator: r.operator, ...(r.values.length ? { values: r.values } : {}) });
  }
  return { matchLabels, ...(matchExpressions.length ? { matchExpressions } : {}) };
}
