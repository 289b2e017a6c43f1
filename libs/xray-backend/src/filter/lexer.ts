import { FilterSyntaxError } from './filter-syntax-error';
import { Punctuation, Token } from './token';

const WORD_START = /[A-Za-z_]/;
/** Dots belong to words: `http.status`, `annotation.key`. */
const WORD_PART = /[A-Za-z0-9_.]/;
// Sticky, so matching at an offset never copies the rest of the expression.
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const ANNOTATION_KEY = /[A-Za-z0-9_]*/y;
const TWO_CHAR: readonly Punctuation[] = ['!=', '<=', '>='];
const ONE_CHAR: readonly Punctuation[] = ['(', ')', '{', '}', ',', ':', '!', '=', '<', '>'];

/** Splits a filter expression into tokens, ending with one `end` token. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      i = readString(expression, i, tokens);
    } else if (c === '[') {
      ANNOTATION_KEY.lastIndex = i + 1;
      const key = ANNOTATION_KEY.exec(expression)?.[0] ?? '';
      const close = i + 1 + key.length;
      if (expression[close] !== ']') {
        throw new FilterSyntaxError(close, `expected "]" after an annotation key of letters, digits and "_"`);
      }
      tokens.push({ kind: 'bracketed', value: key, text: expression.slice(i, close + 1), start: i });
      i = close + 1;
    } else if (/[-\d]/.test(c)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(expression);
      if (!match) throw new FilterSyntaxError(i, `expected a number but found "${c}"`);
      tokens.push({ kind: 'number', value: Number(match[0]), text: match[0], start: i });
      i += match[0].length;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < expression.length && WORD_PART.test(expression[end])) end++;
      tokens.push({ kind: 'word', text: expression.slice(i, end), start: i });
      i = end;
    } else {
      const two = TWO_CHAR.find((p) => expression.startsWith(p, i));
      const one = ONE_CHAR.find((p) => p === c);
      const punctuation = two ?? one;
      if (!punctuation) throw new FilterSyntaxError(i, `unexpected character "${c}"`);
      tokens.push({ kind: 'punctuation', text: punctuation, start: i });
      i += punctuation.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: expression.length });
  return tokens;
}

/** A double-quoted string; `\"` and `\\` are the only escapes. Returns the index after it. */
function readString(expression: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"') {
      tokens.push({ kind: 'string', value, text: expression.slice(start, i + 1), start });
      return i + 1;
    }
    if (c === '\\') {
      const escaped = expression[i + 1];
      if (escaped !== '"' && escaped !== '\\') {
        throw new FilterSyntaxError(i, 'expected \\" or \\\\ after a backslash in a string');
      }
      value += escaped;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw new FilterSyntaxError(start, 'unterminated string');
}
