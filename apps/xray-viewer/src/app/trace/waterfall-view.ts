import { formatDuration } from '@cruddur/service-map';
import { el } from '../dom/element';
import { timeTicks } from './time-axis';
import type { Waterfall, WaterfallRow } from './waterfall';

const INDENT_PX = 16;

function percent(share: number): string {
  return `${(share * 100).toFixed(3)}%`;
}

function axis(waterfall: Waterfall): HTMLElement {
  return el(
    'div',
    { class: 'waterfall-axis' },
    ...timeTicks(waterfall.duration).map((tick) => {
      const mark = el('span', { class: 'tick' }, tick.label);
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      mark.style.left = percent(tick.position);
      return mark;
    }),
  );
}

function rowElement(row: WaterfallRow, onSelect: (row: WaterfallRow) => void): HTMLElement {
  const name = el(
    'span',
    { class: 'row-name' },
    el('span', { class: `kind kind-${row.kind}` }, row.kind === 'segment' ? row.service : ''),
    el('span', { class: 'label' }, row.kind === 'segment' ? '' : row.name),
    row.entity.namespace === undefined ? undefined : el('span', { class: 'badge' }, row.entity.namespace),
    row.missingDownstream
      ? el(
          'span',
          { class: 'badge incomplete', title: 'The downstream segment never arrived' },
          '⚠ no downstream segment',
        )
      : undefined,
    row.missingUpstream
      ? el('span', { class: 'badge incomplete', title: 'The caller is not in the trace' }, '⚠ caller missing')
      : undefined,
  );
  name.style.paddingLeft = `${row.depth * INDENT_PX}px`;
  const bar = el('span', {
    class: `bar outcome-${row.outcome}${row.inProgress ? ' in-progress' : ''}${row.missingDownstream ? ' incomplete' : ''}`,
  });
  bar.style.left = percent(row.left);
  bar.style.width = `max(2px, ${percent(row.width)})`;
  const timing = el('span', { class: 'timing' }, row.inProgress ? 'in progress' : formatDuration(row.duration));
  const element = el(
    'div',
    {
      class: `waterfall-row row-${row.kind}${row.missingDownstream || row.missingUpstream ? ' row-incomplete' : ''}`,
      role: 'row',
      tabindex: 0,
      'data-row-id': row.id,
      'data-name': row.name,
    },
    name,
    el('span', { class: 'track' }, bar),
    timing,
  );
  const select = () => onSelect(row);
  element.addEventListener('click', select);
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  });
  return element;
}

/** The timeline: one row per segment and subsegment on the trace's time axis. */
export function waterfallView(waterfall: Waterfall, onSelect: (row: WaterfallRow) => void): HTMLElement {
  return el(
    'div',
    { class: 'waterfall', role: 'table', 'aria-label': 'Trace timeline' },
    el(
      'div',
      { class: 'waterfall-head', role: 'row' },
      el('span', { class: 'row-name' }, 'Name'),
      axis(waterfall),
      el('span', { class: 'timing' }, 'Duration'),
    ),
    ...waterfall.rows.map((row) => rowElement(row, onSelect)),
  );
}
