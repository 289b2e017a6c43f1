import type { HistogramEntry } from '@cruddur/xray-contracts';
import { formatDuration } from '@cruddur/service-map';
import { el, svg } from '../dom/element';

const WIDTH = 320;
const HEIGHT = 120;
const AXIS = 18;

/** The response-time histogram as bars, one per bucket the API returned, fastest on the left. */
export function histogramChart(entries: readonly HistogramEntry[]): Element {
  if (entries.length === 0) return el('p', { class: 'muted' }, 'No response times recorded.');
  const maxCount = Math.max(...entries.map((entry) => entry.Count));
  const slot = WIDTH / entries.length;
  const barHeight = HEIGHT - AXIS;
  return svg(
    'svg',
    { class: 'histogram', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Response time histogram' },
    ...entries.map((entry, index) => {
      const height = Math.max(1, (entry.Count / maxCount) * (barHeight - 4));
      return svg(
        'rect',
        {
          x: (index * slot + 1).toFixed(1),
          y: (barHeight - height).toFixed(1),
          width: Math.max(1, slot - 2).toFixed(1),
          height: height.toFixed(1),
          class: 'histogram-bar',
        },
        svg('title', {}, `${formatDuration(entry.Value)}: ${entry.Count}`),
      );
    }),
    svg('line', { x1: 0, x2: WIDTH, y1: barHeight, y2: barHeight, class: 'histogram-axis' }),
    svg('text', { x: 0, y: HEIGHT - 4, class: 'histogram-label' }, formatDuration(entries[0].Value)),
    svg(
      'text',
      { x: WIDTH, y: HEIGHT - 4, class: 'histogram-label end' },
      formatDuration(entries[entries.length - 1].Value),
    ),
  );
}
