// The X-Ray SDKs' wildcard syntax (sampling rules, dynamic segment naming): `*` is any run of
// characters, `?` exactly one, case-insensitive. Matched by a scan with one backtrack point:
// linear-ish for any pattern, and no regular expression is ever built from a pattern, which
// comes from configuration or from an X-Ray API request.

/** Whether `text` matches `pattern`. */
export function wildcardMatch(pattern: string, text: string): boolean {
  return matchLowerCase(pattern.toLowerCase(), text.toLowerCase());
}

/** A pattern prepared once (lower-cased) for matching many texts, e.g. a Host header per request. */
export interface Wildcard {
  readonly pattern: string;
  test(text: string): boolean;
}

export function wildcard(pattern: string): Wildcard {
  const lower = pattern.toLowerCase();
  return { pattern, test: (text) => matchLowerCase(lower, text.toLowerCase()) };
}

function matchLowerCase(p: string, t: string): boolean {
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < t.length) {
    // A `*` in the pattern is a wildcard even where the text has a literal `*` (tested first).
    if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starText = ti;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (starAt !== -1) {
      pi = starAt + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
