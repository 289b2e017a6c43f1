import type { OtlpResourceSpans } from '../model/otlp-span';
import { checkSpan, type SpanRejectReason } from './span-check';
import { spanToEntity } from './span-to-entity';
import type { EntityFields, NestedSubsegment, TraceDocument } from '@cruddur/xray-contracts';

/** A span that could not become a document, and why. */
export interface RejectedSpan {
  readonly reason: SpanRejectReason;
  readonly message: string;
}

export interface TranslatedBatch {
  readonly documents: TraceDocument[];
  readonly rejected: RejectedSpan[];
}

interface Placed {
  /** The W3C trace id (the span's), and the X-Ray form documents carry. */
  readonly w3cTraceId: string;
  readonly traceId: string;
  readonly entity: EntityFields;
  /** Set for subsegments whose parent span is in the batch: where they are attached. */
  parent?: Placed;
  /** The parent span id of a subsegment ('' for segments). */
  readonly parentId: string;
  readonly segment: boolean;
}

/** Points at the parent it will be nested in, unless that would close a cycle (spans naming each other as parents). */
function breakCycles(nodes: readonly Placed[]): void {
  const state = new Map<Placed, 'walking' | 'done'>();
  for (const start of nodes) {
    const path: Placed[] = [];
    let node: Placed | undefined = start;
    while (node !== undefined && state.get(node) === undefined) {
      state.set(node, 'walking');
      path.push(node);
      node = node.parent;
    }
    if (node !== undefined && state.get(node) === 'walking') path[path.length - 1].parent = undefined;
    for (const visited of path) state.set(visited, 'done');
  }
}

/**
 * Subsegments nest at most this deep in one document; a deeper one starts an independent
 * subsegment document. Keeps documents far from the validator's depth limit and recursion
 * (JSON, validation) off long parent chains.
 */
export const MAX_SUBSEGMENT_NESTING = 8;

/** Cuts parent links so that no entity sits more than MAX_SUBSEGMENT_NESTING levels under its document's top. */
function limitNesting(nodes: readonly Placed[]): void {
  const depth = new Map<Placed, number>();
  for (const start of nodes) {
    const chain: Placed[] = [];
    let node: Placed | undefined = start;
    while (node !== undefined && !depth.has(node)) {
      chain.push(node);
      node = node.parent;
    }
    let d = node === undefined ? -1 : (depth.get(node) ?? -1);
    for (let i = chain.length - 1; i >= 0; i--) {
      d++;
      if (d > MAX_SUBSEGMENT_NESTING) {
        chain[i].parent = undefined;
        d = 0;
      }
      depth.set(chain[i], d);
    }
  }
}

/**
 * One OTLP request's spans as X-Ray documents. Invalid spans are rejected one by one. A segment is
 * one document; a subsegment is nested in its parent's entity when the parent span is in the same
 * request, and is otherwise an independent subsegment document (`type: "subsegment"`, `parent_id`)
 * that the store attaches when the parent arrives, in either order.
 */
export function spansToDocuments(batch: readonly OtlpResourceSpans[]): TranslatedBatch {
  const rejected: RejectedSpan[] = [];
  const nodes: Placed[] = [];
  const byId = new Map<string, Placed>();
  for (const { resource, spans } of batch) {
    for (const span of spans) {
      const check = checkSpan(span);
      if (!check.ok) {
        rejected.push({ reason: check.reason, message: check.message });
        continue;
      }
      const translated = spanToEntity(span, resource);
      const node: Placed =
        translated.kind === 'segment'
          ? {
              w3cTraceId: span.traceId,
              traceId: translated.document.trace_id,
              entity: translated.document,
              parentId: '',
              segment: true,
            }
          : {
              w3cTraceId: span.traceId,
              traceId: translated.traceId,
              entity: translated.entity,
              parentId: translated.parentId,
              segment: false,
            };
      nodes.push(node);
      const key = `${span.traceId}/${span.spanId}`;
      if (!byId.has(key)) byId.set(key, node);
    }
  }
  for (const node of nodes) {
    if (node.segment) continue;
    const parent = byId.get(`${node.w3cTraceId}/${node.parentId}`);
    if (parent !== undefined && parent !== node) node.parent = parent;
  }
  breakCycles(nodes);
  limitNesting(nodes);
  for (const node of nodes)
    if (node.parent !== undefined) (node.parent.entity.subsegments ??= []).push(node.entity as NestedSubsegment);
  const documents: TraceDocument[] = [];
  for (const node of nodes) {
    if (node.parent !== undefined) continue;
    if (node.segment) documents.push(node.entity as TraceDocument);
    else
      documents.push({
        ...(node.entity as NestedSubsegment),
        type: 'subsegment',
        trace_id: node.traceId,
        parent_id: node.parentId,
      });
  }
  return { documents, rejected };
}
