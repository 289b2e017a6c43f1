import { ServiceGraphAggregator } from '../graph/service-graph-aggregator';
import { GroupRegistry } from '../groups/group-registry';
import { SegmentLog } from '../persistence/segment-log';
import { StateFiles } from '../persistence/state-files';
import { SamplingRuleRegistry } from '../sampling/sampling-rule-registry';
import { SamplingTargets } from '../sampling/sampling-targets';
import { TraceStore } from '../store/trace-store';
import type { IngestCounters } from './ingest-counters';
import { SegmentIngest } from './segment-ingest';
import { SnapshotSaver } from './snapshot-saver';

export interface XRayBackendOptions {
  readonly maxTraces: number;
  readonly maxAgeSeconds: number;
  /** Persist segments, groups and sampling rules here; in memory only when absent. */
  readonly dataDir?: string;
  /** How often expired traces are dropped when no traffic arrives to trigger it. */
  readonly evictIntervalMs?: number;
  /** Where problems that do not fail a request are reported (a state file that could not be saved). */
  readonly warn?: (message: string) => void;
  /** Clock in epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
}

export interface BackendCounters {
  readonly ingest: IngestCounters;
  readonly groups: number;
  readonly samplingRules: number;
  /** Group or rule changes that are in effect but could not be written to the data dir. */
  readonly stateSaveFailures: number;
}

export interface OpenResult {
  readonly backend: XRayBackend;
  /** Segment log lines replayed and skipped (torn or invalid); zeros without a data dir. */
  readonly replay: { readonly replayed: number; readonly skipped: number };
}

/**
 * The local X-Ray backend assembled: trace store, service graph, groups, sampling rules and
 * the ingest pipeline, with their persistence in the data dir. Groups and rules are saved after
 * every change (through `changeGroups` / `changeRules`); segments go to the segment log and are
 * replayed by `open`.
 */
export class XRayBackend {
  readonly store: TraceStore;
  readonly graph: ServiceGraphAggregator;
  readonly groups = new GroupRegistry();
  readonly rules: SamplingRuleRegistry;
  readonly targets: SamplingTargets;
  readonly ingest: SegmentIngest;
  private readonly log: SegmentLog | undefined;
  private readonly groupsSaver: SnapshotSaver | undefined;
  private readonly rulesSaver: SnapshotSaver | undefined;
  private readonly evictTimer: NodeJS.Timeout;
  private readonly clock: () => number;
  private stateSaveFailures = 0;

  private constructor(private readonly options: XRayBackendOptions) {
    const now = options.now ?? Date.now;
    const seconds = () => now() / 1000;
    this.clock = seconds;
    this.store = new TraceStore({ maxTraces: options.maxTraces, maxAgeSeconds: options.maxAgeSeconds, clock: seconds });
    // history: lets the graph drop a trace's link state once it is complete (see TraceLinks.isComplete).
    this.graph = new ServiceGraphAggregator({
      retentionSeconds: options.maxAgeSeconds,
      clock: seconds,
      history: (traceId) => this.store.get(traceId)?.segments,
    });
    this.rules = new SamplingRuleRegistry({ now });
    this.targets = new SamplingTargets(this.rules, { now });
    if (options.dataDir !== undefined) {
      const files = new StateFiles(options.dataDir);
      this.groupsSaver = new SnapshotSaver(files, 'groups', () => this.groups.snapshot());
      this.rulesSaver = new SnapshotSaver(files, 'sampling-rules', () => this.rules.snapshot());
      this.log = new SegmentLog({ dir: options.dataDir, liveDocuments: () => this.liveDocuments() });
    }
    this.ingest = new SegmentIngest(this.store, this.graph, this.log, seconds);
    this.evictTimer = setInterval(() => this.store.evictExpired(), options.evictIntervalMs ?? 10_000);
    this.evictTimer.unref();
  }

  /** Restores groups and rules, then replays the segment log (graph rebuilt from it, counted once). */
  static async open(options: XRayBackendOptions): Promise<OpenResult> {
    const backend = new XRayBackend(options);
    try {
      await backend.groupsSaver?.load((snapshot) => backend.groups.restore(snapshot));
      await backend.rulesSaver?.load((snapshot) => backend.rules.restore(snapshot));
      const replay = (await backend.log?.open((document, json) => backend.ingest.replay(document, json))) ?? {
        replayed: 0,
        skipped: 0,
      };
      return { backend, replay };
    } catch (error) {
      await backend.close();
      throw error;
    }
  }

  /** Runs a group operation and saves the groups if it succeeded. */
  changeGroups<T>(change: (groups: GroupRegistry) => T): Promise<T> {
    return this.changed(change(this.groups), this.groupsSaver);
  }

  /** Runs a sampling-rule operation and saves the rules if it succeeded. */
  changeRules<T>(change: (rules: SamplingRuleRegistry) => T): Promise<T> {
    return this.changed(change(this.rules), this.rulesSaver);
  }

  /** The backend's clock in epoch seconds (what ages traces and stamps summaries). */
  now(): number {
    return this.clock();
  }

  counters(): BackendCounters {
    return {
      ingest: this.ingest.counters(),
      groups: this.groups.snapshot().Groups.length,
      samplingRules: this.rules.rules().length,
      stateSaveFailures: this.stateSaveFailures,
    };
  }

  /** Stops the eviction timer and flushes the segment log. */
  async close(): Promise<void> {
    clearInterval(this.evictTimer);
    await this.log?.close();
  }

  private async changed<T>(result: T, saver: SnapshotSaver | undefined): Promise<T> {
    try {
      await saver?.save();
    } catch (error) {
      // The change is in effect in memory; failing the request would make the caller retry a
      // create that already happened. Report it instead.
      this.stateSaveFailures++;
      this.options.warn?.(`could not save state: ${error instanceof Error ? error.message : String(error)}`);
    }
    return result;
  }

  private *liveDocuments(): Iterable<string> {
    for (const trace of this.store.all()) for (const record of trace.segments) yield record.json;
  }
}
