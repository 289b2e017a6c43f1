/**
 * Parses a comma-separated list of names as OpenTelemetry's `OTEL_PROPAGATORS` and
 * `OTEL_TRACES_EXPORTER` are written (case-insensitive, repeats ignored, `none` alone for an
 * empty list). Throws naming `source` and what is accepted, for the start-up error.
 */
export function parseNameList<T extends string>(text: string, source: string, accepted: readonly T[]): T[] {
  const names = text
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  if (names.length === 1 && names[0] === 'none') return [];
  const unknown = names.filter((n) => !(accepted as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    const which = unknown.length ? ` (unknown: ${unknown.join(', ')})` : '';
    throw new Error(
      `${source} ${JSON.stringify(text)}: use a comma-separated list of ${accepted.join(', ')}, or none${which}`,
    );
  }
  return [...new Set(names as T[])];
}

/** The list from env (which wins) or the option, else the default; a bad one adds to `problems`. */
export function resolveNameList<T extends string>(
  envText: string | undefined,
  envName: string,
  option: readonly T[] | undefined,
  optionName: string,
  accepted: readonly T[],
  fallback: readonly T[],
  problems: string[],
): readonly T[] {
  try {
    if (envText?.trim()) return parseNameList(envText, envName, accepted);
    if (option) return parseNameList(option.length ? option.join(',') : 'none', `${optionName} option`, accepted);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return fallback;
}
