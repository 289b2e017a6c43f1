import {
  newSegmentId,
  type AnnotationValue,
  type Annotations,
  type ExceptionDetail,
  type HttpData,
  type NestedSubsegment,
  type SegmentDocument,
  type TraceDocument,
} from '@cruddur/xray-contracts';
import { captureException } from './captured-exception';
import type { RecorderIdentity } from './tracing-identity';

/** Seconds since the epoch with sub-millisecond precision, as X-Ray times are written. */
function now(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/**
 * A segment or subsegment being recorded: the fields of the X-Ray segment document and
 * what is needed to know when the whole segment can be sent.
 *
 * Our own model rather than the SDK's Segment/Subsegment classes, on a measured hot path
 * (docs/benchmarks.md): the SDK's objects cost ~23 µs per traced request (three
 * `crypto.randomBytes` calls, a shallow copy and a JSON replacer per send); these ~3 µs.
 * The documents they produce are the same.
 */
abstract class TraceEntity {
  readonly id = newSegmentId();
  readonly start_time = now();
  end_time?: number;
  namespace?: 'remote' | 'aws';
  http?: HttpData;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { working_directory: string; exceptions: ExceptionDetail[] };
  annotations?: Annotations;
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: SubsegmentEntity[];

  constructor(readonly name: string) {}

  abstract get segment(): SegmentEntity;

  addNewSubsegment(name: string): SubsegmentEntity {
    const child = new SubsegmentEntity(name, this.segment);
    (this.subsegments ??= []).push(child);
    this.segment.openChildren++;
    return child;
  }

  addAnnotation(key: string, value: AnnotationValue): void {
    (this.annotations ??= {})[key] = value;
  }

  addMetadata(key: string, value: unknown, namespace = 'default'): void {
    ((this.metadata ??= {})[namespace] ??= {})[key] = value;
  }

  addErrorFlag(): void {
    this.error = true;
  }

  addFaultFlag(): void {
    this.fault = true;
  }

  addThrottleFlag(): void {
    this.throttle = true;
  }

  /** Records an exception as the cause (flags are the caller's business). */
  addException(error: unknown, remote = false): void {
    (this.cause ??= { working_directory: process.cwd(), exceptions: [] }).exceptions.push(
      captureException(error, remote),
    );
  }

  isClosed(): boolean {
    return this.end_time !== undefined;
  }

  abstract close(): void;

  /**
   * Writes the document fields shared by segments and subsegments into `document`, in the
   * document's key order (JSON text keeps insertion order). Assigned one by one: a conditional
   * spread per optional field made a temporary object each, on every sampled request.
   */
  protected writeFields(document: NestedSubsegment): void {
    document.id = this.id;
    document.name = this.name;
    document.start_time = this.start_time;
    if (this.end_time === undefined) document.in_progress = true;
    else document.end_time = this.end_time;
    if (this.namespace) document.namespace = this.namespace;
    if (this.http) document.http = this.http;
    if (this.error) document.error = true;
    if (this.fault) document.fault = true;
    if (this.throttle) document.throttle = true;
    if (this.cause) document.cause = this.cause;
    if (this.annotations) document.annotations = this.annotations;
    if (this.metadata) document.metadata = this.metadata;
    if (this.subsegments?.length) document.subsegments = this.subsegments.map((s) => s.toDocument());
  }
}

export class SubsegmentEntity extends TraceEntity {
  constructor(
    name: string,
    readonly segment: SegmentEntity,
  ) {
    super(name);
  }

  close(): void {
    if (this.isClosed()) return;
    this.end_time = now();
    this.segment.childClosed();
  }

  toDocument(): NestedSubsegment {
    const document = {} as NestedSubsegment;
    this.writeFields(document);
    return document;
  }
}

/** What every segment says about the process that recorded it. */
const SERVICE = { runtime: 'node', runtime_version: process.version };

export class SegmentEntity extends TraceEntity {
  /** Subsegments not yet closed: the segment is sent once it and all of them are closed. */
  openChildren = 0;
  samplingRule?: string;

  constructor(
    name: string,
    readonly trace_id: string,
    readonly parent_id: string | undefined,
    private readonly send: (segment: SegmentEntity) => void,
    private readonly sdk: RecorderIdentity,
  ) {
    super(name);
  }

  get segment(): SegmentEntity {
    return this;
  }

  close(): void {
    if (this.isClosed()) return;
    this.end_time = now();
    if (this.openChildren <= 0) this.send(this);
  }

  childClosed(): void {
    this.openChildren--;
    if (this.openChildren <= 0 && this.isClosed()) this.send(this);
  }

  toDocument(): SegmentDocument {
    const document = { trace_id: this.trace_id } as SegmentDocument;
    if (this.parent_id) document.parent_id = this.parent_id;
    this.writeFields(document);
    document.service = SERVICE;
    document.aws = {
      xray: this.samplingRule ? { ...this.sdk, sampling_rule_name: this.samplingRule } : { ...this.sdk },
    };
    return document;
  }

  /** The segment document without subsegments, and each subsegment as an independent document. */
  splitDocuments(): TraceDocument[] {
    const { subsegments, ...segment } = this.toDocument();
    const children = (this.subsegments ?? []).map((s) => ({
      ...s.toDocument(),
      type: 'subsegment' as const,
      trace_id: this.trace_id,
      parent_id: this.id,
    }));
    return subsegments ? [segment, ...children] : [segment];
  }
}
