import type { SegmentEntity } from '../recorder/trace-entity';
import type { SegmentExporter } from './segment-exporter';

/** Several exporters at once (`OTEL_TRACES_EXPORTER=xray,otlp`): each gets every segment. */
export class FanOutExporter implements SegmentExporter {
  constructor(private readonly exporters: readonly SegmentExporter[]) {}

  export(segment: SegmentEntity): void {
    for (const exporter of this.exporters) exporter.export(segment);
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.exporters.map((e) => e.shutdown()));
  }
}
