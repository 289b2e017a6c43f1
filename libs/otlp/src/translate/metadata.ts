import type { AttributeValue } from '../model/otlp-span';
import { ownKeysObject } from '../model/own-keys-object';
import type { SpanAttributes } from './span-attributes';
import type { Metadata } from '@cruddur/xray-contracts';

/** `aws.xray.metadata.<namespace>`: a JSON string that becomes `metadata.<namespace>`. */
export const METADATA_PREFIX = 'aws.xray.metadata.';

function parsed(value: AttributeValue): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    // Not JSON: kept as the string it is rather than dropped.
    return value;
  }
}

/**
 * Metadata: each `aws.xray.metadata.<ns>` attribute under its namespace, and every attribute no
 * other rule used under `default` (merged into an explicit `default` namespace object). Objects
 * inherit nothing, so keys such as `__proto__` are ordinary keys the document validator sees.
 */
export function metadata(attributes: SpanAttributes): Metadata | undefined {
  const out = ownKeysObject<Metadata>();
  let remaining: Record<string, unknown> | undefined;
  let any = false;
  for (const key in attributes.all) {
    if (key.startsWith(METADATA_PREFIX) && key.length > METADATA_PREFIX.length) {
      out[key.slice(METADATA_PREFIX.length)] = parsed(attributes.all[key]);
      any = true;
    } else if (!attributes.isUsed(key)) {
      remaining ??= ownKeysObject<Record<string, unknown>>();
      remaining[key] = attributes.all[key];
    }
  }
  if (remaining !== undefined) {
    const explicit = out.default;
    out.default =
      typeof explicit === 'object' && explicit !== null && !Array.isArray(explicit)
        ? Object.assign(ownKeysObject(), explicit, remaining)
        : remaining;
    any = true;
  }
  return any ? out : undefined;
}
