/**
 * Sampling-rule wildcard match: `*` is any run of characters, `?` exactly one, case-insensitive,
 * as the X-Ray SDKs match rules locally. Greedy with one backtrack point, so it is linear-ish
 * and safe for any pattern (no regular expression is built from user input).
 */
export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starText = ti;
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
