import { isSegmentId, isTraceId } from './ids';

/**
 * W3C Trace Context (`traceparent`, `tracestate`): the header OpenTelemetry sends by default.
 * Strict like the X-Ray header parser: it comes from the outside, so anything malformed is
 * ignored as a whole and never reflected back.
 *
 * `traceparent: <version>-<trace id, 32 hex>-<parent span id, 16 hex>-<flags, 2 hex>`, lowercase.
 * An X-Ray trace id is the same 128 bits written `1-<first 8 hex>-<last 24 hex>`, so the two
 * headers convert without loss (only `tracestate` and X-Ray's `Lineage` have no counterpart).
 */
export interface Traceparent {
  /** The trace id in X-Ray form (`1-<8 hex>-<24 hex>`), as every other part of this project writes it. */
  root: string;
  /** The caller's span id: X-Ray's `Parent`. */
  parent: string;
  /** Bit 0 of the flags: the caller sampled this trace. */
  sampled: boolean;
}

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** Version 00 is 55 characters; later versions may append `-<more>` after the same fields. */
const TRACEPARENT_LENGTH = 55;
/**
 * W3C asks vendors to propagate at least 512 characters of `tracestate` and lets them drop
 * the whole header beyond what they can carry; longer values are not passed on at all.
 */
export const MAX_TRACESTATE_LENGTH = 512;
/** Printable ASCII without CR/LF or other controls: list members, `,`, spaces and tabs (OWS). */
const TRACESTATE = /^[\x20-\x7e\t]*$/;

function hexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102);
}

function allZero(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 48) return false;
  return true;
}

/** The X-Ray form of a W3C (32 hex) trace id. */
export function xrayTraceIdOf(w3cTraceId: string): string {
  return `1-${w3cTraceId.slice(0, 8)}-${w3cTraceId.slice(8)}`;
}

/** The W3C form (32 hex) of an X-Ray trace id. */
export function w3cTraceIdOf(xrayTraceId: string): string {
  return xrayTraceId.slice(2, 10) + xrayTraceId.slice(11);
}

/**
 * Parses a `traceparent` value; undefined when absent or malformed: not lowercase hex, an
 * all-zero trace or span id, version `ff`, or a version-00 header with anything after the flags.
 */
export function parseTraceparent(value: unknown): Traceparent | undefined {
  if (typeof value !== 'string' || value.length < TRACEPARENT_LENGTH) return undefined;
  const v0 = value.charCodeAt(0);
  const v1 = value.charCodeAt(1);
  if (!hexDigit(v0) || !hexDigit(v1) || (v0 === 102 && v1 === 102)) return undefined;
  const version00 = v0 === 48 && v1 === 48;
  // A future version keeps these fields in place and may add `-...` after them.
  if (value.length > TRACEPARENT_LENGTH && (version00 || value.charCodeAt(TRACEPARENT_LENGTH) !== 45)) return undefined;
  if (value.charCodeAt(2) !== 45 || value.charCodeAt(35) !== 45 || value.charCodeAt(52) !== 45) return undefined;
  const root = xrayTraceIdOf(value.slice(3, 35));
  const parent = value.slice(36, 52);
  if (!isTraceId(root) || allZero(value, 3, 35) || !isSegmentId(parent) || allZero(parent, 0, 16)) return undefined;
  const f0 = value.charCodeAt(53);
  const f1 = value.charCodeAt(54);
  if (!hexDigit(f0) || !hexDigit(f1)) return undefined;
  return { root, parent, sampled: (parseInt(value.slice(53, 55), 16) & 1) === 1 };
}

/** `00-<trace id>-<parent>-<01|00>` from a validated X-Ray trace id and span id. */
export function formatTraceparent(root: string, parent: string, sampled: boolean): string {
  return `00-${w3cTraceIdOf(root)}-${parent}-${sampled ? '01' : '00'}`;
}

/**
 * A `tracestate` value to pass on unchanged, or undefined when it cannot be passed on as is:
 * not a string, empty, longer than MAX_TRACESTATE_LENGTH, or holding control characters
 * (which could split a header). Its list members are opaque to us: other vendors' state.
 */
export function passableTracestate(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value.join(',');
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_TRACESTATE_LENGTH || !TRACESTATE.test(trimmed)) return undefined;
  return trimmed;
}
