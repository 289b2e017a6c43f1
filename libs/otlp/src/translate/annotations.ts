import { ownKeysObject } from '../model/own-keys-object';
import type { SpanAttributes } from './span-attributes';
import type { Annotations } from '@cruddur/xray-contracts';

/** The attribute that lists which other attributes are X-Ray annotations (indexed, filterable). */
export const ANNOTATIONS_KEY = 'aws.xray.annotations';
/** X-Ray indexes at most this many annotations per segment. */
export const MAX_ANNOTATIONS = 50;

/** Annotation keys may hold ASCII letters, digits and `_`; anything else becomes `_`. */
export function annotationKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Annotations from the keys listed in `aws.xray.annotations` (a string array) whose values are a
 * string, a finite number or a boolean; those keys then stay out of metadata.
 */
export function annotations(attributes: SpanAttributes): Annotations | undefined {
  const listed = attributes.all[ANNOTATIONS_KEY];
  if (listed === undefined) return undefined;
  attributes.markUsed(ANNOTATIONS_KEY);
  const keys = Array.isArray(listed) ? listed : [listed];
  const out = ownKeysObject<Annotations>();
  let count = 0;
  for (const key of keys) {
    if (typeof key !== 'string' || count === MAX_ANNOTATIONS) continue;
    const value = attributes.all[key];
    if (
      typeof value !== 'string' &&
      typeof value !== 'boolean' &&
      !(typeof value === 'number' && Number.isFinite(value))
    )
      continue;
    const name = annotationKey(key);
    if (name === '') continue;
    out[name] = value;
    attributes.markUsed(key);
    count++;
  }
  return count === 0 ? undefined : out;
}
