import { isSegmentId, isTraceId } from '@cruddur/xray-contracts';
import type { RejectReason, ValidationResult } from './reject-reason';
import type { TraceDocument } from '@cruddur/xray-contracts';

/** Deepest nesting of objects/arrays accepted anywhere in a document. */
export const MAX_DOCUMENT_DEPTH = 64;
export const MAX_NAME_LENGTH = 200;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isForbiddenKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/**
 * One pass over the whole value: bounded depth (so later recursive code such as JSON.stringify
 * cannot overflow the stack) and no keys that could poison prototypes if a consumer merges the
 * document into another object. JSON.parse itself only creates own properties, so this is about
 * what happens downstream.
 */
function shapeReason(value: unknown, depth: number): RejectReason | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_DOCUMENT_DEPTH) return 'too_deep';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const reason = shapeReason(value[i], depth + 1);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
  for (const key in value) {
    if (isForbiddenKey(key)) return 'forbidden_key';
    const reason = shapeReason((value as JsonObject)[key], depth + 1);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function isOptional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  return value === undefined || typeof value === type;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isOptionalStringArray(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

// Annotation keys: ASCII letters, digits and underscore (X-Ray drops anything else from the index).
function isAnnotationKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!ok) return false;
  }
  return true;
}

function httpOk(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const { request, response } = value;
  if (request !== undefined) {
    if (!isObject(request)) return false;
    if (
      !isOptional(request.method, 'string') ||
      !isOptional(request.url, 'string') ||
      !isOptional(request.user_agent, 'string') ||
      !isOptional(request.client_ip, 'string') ||
      !isOptional(request.x_forwarded_for, 'boolean') ||
      !isOptional(request.traced, 'boolean')
    )
      return false;
  }
  if (response !== undefined) {
    if (!isObject(response)) return false;
    if (!isOptional(response.status, 'number') || !isOptional(response.content_length, 'number')) return false;
  }
  return true;
}

function stackOk(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const frame of value) {
    if (!isObject(frame)) return false;
    // The Node SDK writes `"line": null` for native frames (`at TCPConnectWrap...`); X-Ray accepts it.
    const { path, line, label } = frame;
    if (
      (path !== null && !isOptional(path, 'string')) ||
      (line !== null && !isOptional(line, 'number')) ||
      (label !== null && !isOptional(label, 'string'))
    )
      return false;
  }
  return true;
}

function causeOk(value: unknown): boolean {
  if (value === undefined || typeof value === 'string') return true;
  if (!isObject(value)) return false;
  if (!isOptional(value.working_directory, 'string') || !isOptionalStringArray(value.paths)) return false;
  const { exceptions } = value;
  if (exceptions === undefined) return true;
  if (!Array.isArray(exceptions)) return false;
  for (const ex of exceptions) {
    if (!isObject(ex)) return false;
    if (
      !isOptional(ex.id, 'string') ||
      !isOptional(ex.message, 'string') ||
      !isOptional(ex.type, 'string') ||
      !isOptional(ex.remote, 'boolean') ||
      !isOptional(ex.truncated, 'number') ||
      !isOptional(ex.skipped, 'number') ||
      !isOptional(ex.cause, 'string') ||
      !stackOk(ex.stack)
    )
      return false;
  }
  return true;
}

function annotationsOk(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  for (const key in value) {
    const v = value[key];
    const t = typeof v;
    if (!isAnnotationKey(key) || (t !== 'string' && t !== 'boolean' && !isFiniteNumber(v))) return false;
  }
  return true;
}

function isOptionalObject(value: unknown): boolean {
  return value === undefined || isObject(value);
}

/** Checks the fields shared by segments and subsegments, then recurses into `subsegments`. */
function entityReason(e: JsonObject): RejectReason | undefined {
  const name = e.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return 'bad_name';
  if (!isSegmentId(e.id)) return 'bad_id';

  const start = e.start_time;
  const end = e.end_time;
  const inProgress = e.in_progress;
  if (!isOptional(inProgress, 'boolean')) return 'bad_field_type';
  if (!isFiniteNumber(start)) return 'bad_times';
  if (end === undefined ? inProgress !== true : !isFiniteNumber(end) || end < start) return 'bad_times';

  if (
    !isOptional(e.error, 'boolean') ||
    !isOptional(e.fault, 'boolean') ||
    !isOptional(e.throttle, 'boolean') ||
    !isOptional(e.namespace, 'string') ||
    !isOptionalStringArray(e.precursor_ids) ||
    !isOptionalObject(e.metadata) ||
    !isOptionalObject(e.aws) ||
    !isOptionalObject(e.sql) ||
    !httpOk(e.http) ||
    !causeOk(e.cause) ||
    !annotationsOk(e.annotations)
  )
    return 'bad_field_type';

  const subsegments = e.subsegments;
  if (subsegments === undefined) return undefined;
  if (!Array.isArray(subsegments)) return 'bad_field_type';
  for (let i = 0; i < subsegments.length; i++) {
    const sub = subsegments[i];
    if (!isObject(sub)) return 'bad_field_type';
    const reason = entityReason(sub);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function documentReason(value: unknown): RejectReason | undefined {
  if (!isObject(value)) return 'not_object';
  return shapeReason(value, 0) ?? fieldsReason(value);
}

/** The checks after the shape walk: ids, names, times and field types, segment and subsegments. */
function fieldsReason(value: JsonObject): RejectReason | undefined {
  const type = value.type;
  if (type !== undefined && type !== 'subsegment') return 'bad_type';
  if (!isTraceId(value.trace_id)) return 'bad_trace_id';
  const parentId = value.parent_id;
  if (parentId === undefined ? type === 'subsegment' : !isSegmentId(parentId)) return 'bad_parent_id';
  if (type === undefined) {
    if (!isOptional(value.origin, 'string') || !isOptional(value.user, 'string') || !isOptionalObject(value.service))
      return 'bad_field_type';
  }
  return entityReason(value);
}

/**
 * Validates a parsed segment document (UDP datagram body or one `TraceSegmentDocuments` entry of
 * PutTraceSegments). Never throws: anything that is not a well-formed document is a reason.
 */
export function validateSegmentDocument(value: unknown): ValidationResult {
  let reason: RejectReason | undefined;
  try {
    reason = documentReason(value);
  } catch {
    // Only exotic inputs (getters, proxies) can throw; JSON.parse output never does.
    reason = 'bad_field_type';
  }
  return reason === undefined ? { ok: true, document: value as TraceDocument } : { ok: false, reason };
}

/**
 * The same checks for a document whose reader already did the shape walk's part (an object at
 * the root, depth, forbidden keys) while reading it: the datagram scanner.
 */
export function validateShapedDocument(value: Record<string, unknown>): ValidationResult {
  const reason = fieldsReason(value);
  return reason === undefined ? { ok: true, document: value as unknown as TraceDocument } : { ok: false, reason };
}
