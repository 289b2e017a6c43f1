/** Lexical tokens of a filter expression; `start` is the character offset in the expression. */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number }
  | { readonly kind: 'string'; readonly value: string; readonly text: string; readonly start: number }
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly start: number }
  /** `[key]`, as in `annotation[key]`. */
  | { readonly kind: 'bracketed'; readonly value: string; readonly text: string; readonly start: number }
  | { readonly kind: 'punctuation'; readonly text: Punctuation; readonly start: number }
  | { readonly kind: 'end'; readonly text: ''; readonly start: number };

export type Punctuation = '(' | ')' | '{' | '}' | ',' | ':' | '!' | '=' | '!=' | '<' | '<=' | '>' | '>=';

/** How an error message names a token. */
export function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of expression' : `"${token.text}"`;
}
