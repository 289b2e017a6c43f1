import { AnnotationTest, FilterNode, NodeMatcher } from './filter-ast';
import { FilterSyntaxError } from './filter-syntax-error';
import {
  BOOLEAN_KEYWORDS,
  isOneOf,
  NUMBER_KEYWORDS,
  NUMBER_OPERATORS,
  NumberOperator,
  STRING_KEYWORDS,
  STRING_OPERATORS,
  StringOperator,
} from './keywords';
import { tokenize } from './lexer';
import { describeToken, Token } from './token';

/** Deeper nesting is refused so a hostile expression cannot exhaust the stack. */
const MAX_DEPTH = 64;
const ANNOTATION_KEY = /^[A-Za-z0-9_]+$/;

/**
 * Parses an X-Ray filter expression. Grammar, loosest binding first:
 *
 *   or      := and (OR and)*
 *   and     := unary ([AND] unary)*      adjacent terms are ANDed, as in AWS's `ok !partial duration < 3`
 *   unary   := "!" unary | primary
 *   primary := "(" or ")" | service | edge | comparison
 *   service := SERVICE "(" [node] ")" ["{" or "}"]
 *   edge    := EDGE "(" node "," node ")" ["{" or "}"]
 *   node    := STRING | ID "(" (NAME | TYPE) ":" STRING ("," ...)* ")"
 *
 * Throws FilterSyntaxError, and nothing else, for any input.
 */
export function parseFilter(expression: string): FilterNode {
  return new FilterParser(tokenize(expression)).parse();
}

class FilterParser {
  private index = 0;
  private depth = 0;
  private insideScope = false;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.peek().kind !== 'end') throw this.unexpected('AND, OR or the end of the expression');
    return node;
  }

  private parseOr(): FilterNode {
    const operands = [this.parseAnd()];
    while (this.peekWord('or')) {
      this.index++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): FilterNode {
    const operands = [this.parseUnary()];
    for (;;) {
      if (this.peekWord('and')) {
        this.index++;
      } else if (!this.startsTerm(this.peek())) {
        break;
      }
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private startsTerm(token: Token): boolean {
    if (token.kind === 'punctuation') return token.text === '!' || token.text === '(';
    return token.kind === 'word' && !this.peekWord('or');
  }

  private parseUnary(): FilterNode {
    if (this.peekPunctuation('!')) {
      this.index++;
      return { kind: 'not', operand: this.nested(() => this.parseUnary()) };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (this.peekPunctuation('(')) {
      this.index++;
      const node = this.nested(() => this.parseOr());
      this.expectPunctuation(')');
      return node;
    }
    if (token.kind !== 'word') throw this.unexpected('a keyword, "!" or "("');
    const word = token.text.toLowerCase();
    if (word === 'service' || word === 'edge') {
      if (this.insideScope)
        throw new FilterSyntaxError(token.start, `${word}() cannot be nested in service() or edge()`);
      return word === 'service' ? this.parseService() : this.parseEdge();
    }
    if (word === 'annotation' || word.startsWith('annotation.')) return this.parseAnnotation(token);
    this.index++;
    if (isOneOf(BOOLEAN_KEYWORDS, word)) return { kind: 'flag', keyword: word, expected: this.parseBooleanTest() };
    if (isOneOf(NUMBER_KEYWORDS, word)) {
      const operator = this.parseNumberOperator();
      return { kind: 'number', keyword: word, operator, value: this.expectNumber() };
    }
    if (isOneOf(STRING_KEYWORDS, word)) {
      const operator = this.parseStringOperator();
      return { kind: 'string', keyword: word, operator, value: this.expectString() };
    }
    if (word === 'id')
      throw new FilterSyntaxError(token.start, 'id() is only allowed as an argument of service() or edge()');
    throw new FilterSyntaxError(token.start, `unknown keyword "${token.text}"`);
  }

  private parseService(): FilterNode {
    this.index++;
    this.expectPunctuation('(');
    const target = this.peekPunctuation(')') ? undefined : this.parseNodeMatcher();
    this.expectPunctuation(')');
    return { kind: 'service', target, body: this.parseScopeBody() };
  }

  private parseEdge(): FilterNode {
    this.index++;
    this.expectPunctuation('(');
    const source = this.parseNodeMatcher();
    this.expectPunctuation(',');
    const destination = this.parseNodeMatcher();
    this.expectPunctuation(')');
    return { kind: 'edge', source, destination, body: this.parseScopeBody() };
  }

  private parseScopeBody(): FilterNode | undefined {
    if (!this.peekPunctuation('{')) return undefined;
    this.index++;
    this.insideScope = true;
    const body = this.nested(() => this.parseOr());
    this.insideScope = false;
    this.expectPunctuation('}');
    return body;
  }

  private parseNodeMatcher(): NodeMatcher {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index++;
      return { name: token.value };
    }
    if (!this.peekWord('id')) throw this.unexpected('a quoted service name or id(...)');
    this.index++;
    this.expectPunctuation('(');
    const fields: { name?: string; type?: string } = {};
    do {
      const field = this.peek();
      const key = field.kind === 'word' ? field.text.toLowerCase() : '';
      if (key !== 'name' && key !== 'type') throw this.unexpected('name or type');
      if (fields[key] !== undefined) throw new FilterSyntaxError(field.start, `${key} given twice in id()`);
      this.index++;
      this.expectPunctuation(':');
      fields[key] = this.expectString();
    } while (this.acceptPunctuation(','));
    this.expectPunctuation(')');
    return fields;
  }

  private parseAnnotation(token: Token & { kind: 'word' }): FilterNode {
    this.index++;
    let key = token.text.slice('annotation.'.length);
    if (token.text.length === 'annotation'.length) {
      const bracketed = this.peek();
      if (bracketed.kind !== 'bracketed') throw this.unexpected('"[key]" or ".key" after annotation');
      this.index++;
      key = bracketed.value;
    }
    if (!ANNOTATION_KEY.test(key)) {
      throw new FilterSyntaxError(token.start, 'annotation keys are letters, digits and "_"');
    }
    return { kind: 'annotation', key, test: this.parseAnnotationTest() };
  }

  private parseAnnotationTest(): AnnotationTest | undefined {
    const operatorToken = this.peek();
    const operator = this.operatorText(operatorToken);
    if (operator === undefined) return undefined;
    this.index++;
    const value = this.peek();
    const bool = value.kind === 'word' ? value.text.toLowerCase() : undefined;
    let test: AnnotationTest | undefined;
    if (value.kind === 'string' && isOneOf(STRING_OPERATORS, operator)) {
      test = { type: 'string', operator, value: value.value };
    } else if (value.kind === 'number' && isOneOf(NUMBER_OPERATORS, operator)) {
      test = { type: 'number', operator, value: value.value };
    } else if ((bool === 'true' || bool === 'false') && (operator === '=' || operator === '!=')) {
      test = { type: 'boolean', operator, value: bool === 'true' };
    } else if (value.kind === 'string' || value.kind === 'number' || bool === 'true' || bool === 'false') {
      throw new FilterSyntaxError(
        operatorToken.start,
        `operator "${operatorToken.text}" does not apply to ${describeToken(value)}`,
      );
    } else {
      throw this.unexpected('a quoted string, a number, true or false');
    }
    this.index++;
    return test;
  }

  /** The operator a token spells, folded to lower case, if it is one. */
  private operatorText(token: Token): string | undefined {
    const text = token.kind === 'punctuation' || token.kind === 'word' ? token.text.toLowerCase() : '';
    return isOneOf(NUMBER_OPERATORS, text) || isOneOf(STRING_OPERATORS, text) ? text : undefined;
  }

  /** `fault`, `fault = true`, `fault != "false"`: the value the keyword must have. */
  private parseBooleanTest(): boolean {
    const operator = this.peek();
    if (!this.peekPunctuation('=') && !this.peekPunctuation('!=')) return true;
    this.index++;
    const value = this.peek();
    const text = value.kind === 'word' ? value.text : value.kind === 'string' ? value.value : '';
    const lower = text.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw this.unexpected('true or false');
    this.index++;
    return (lower === 'true') === (operator.text === '=');
  }

  private parseNumberOperator(): NumberOperator {
    const operator = this.operatorText(this.peek());
    if (operator === undefined || !isOneOf(NUMBER_OPERATORS, operator)) {
      throw this.unexpected('one of = != < <= > >=');
    }
    this.index++;
    return operator;
  }

  private parseStringOperator(): StringOperator {
    const operator = this.operatorText(this.peek());
    if (operator === undefined || !isOneOf(STRING_OPERATORS, operator)) {
      throw this.unexpected('one of = != CONTAINS BEGINSWITH ENDSWITH');
    }
    this.index++;
    return operator;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      const opening = this.tokens[this.index - 1];
      throw new FilterSyntaxError(opening.start, `expression nested deeper than ${MAX_DEPTH} levels`);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private expectNumber(): number {
    const token = this.peek();
    if (token.kind !== 'number') throw this.unexpected('a number');
    this.index++;
    return token.value;
  }

  private expectString(): string {
    const token = this.peek();
    if (token.kind !== 'string') throw this.unexpected('a quoted string');
    this.index++;
    return token.value;
  }

  private expectPunctuation(text: string): void {
    if (!this.acceptPunctuation(text)) throw this.unexpected(`"${text}"`);
  }

  private acceptPunctuation(text: string): boolean {
    if (!this.peekPunctuation(text)) return false;
    this.index++;
    return true;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private peekPunctuation(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.text === text;
  }

  private peekWord(lowerCaseText: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === lowerCaseText;
  }

  private unexpected(expected: string): FilterSyntaxError {
    const token = this.peek();
    return new FilterSyntaxError(token.start, `expected ${expected} but found ${describeToken(token)}`);
  }
}
