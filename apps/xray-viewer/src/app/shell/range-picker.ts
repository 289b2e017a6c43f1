import { el } from '../dom/element';
import { RANGE_CHOICES, type RangeKey } from './time-range';
import type { ViewerState } from './viewer-state';

/** `datetime-local` wants local time without zone: "2026-11-22T10:05". */
function localInputValue(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Time range select (5 min, 15 min, 1 h, custom with two date-time inputs); calls back on change. */
export function rangePicker(state: ViewerState, onChange: () => void): HTMLElement {
  const select = el(
    'select',
    { 'aria-label': 'Time range', name: 'range' },
    ...RANGE_CHOICES.map((choice) =>
      el('option', { value: choice.key, selected: choice.key === state.range.key }, choice.label),
    ),
  );
  const from = el('input', {
    type: 'datetime-local',
    'aria-label': 'From',
    value: localInputValue(state.range.customStart),
  });
  const to = el('input', { type: 'datetime-local', 'aria-label': 'To', value: localInputValue(state.range.customEnd) });
  const custom = el('span', { class: 'custom-range', hidden: state.range.key !== 'custom' }, from, ' – ', to);
  select.addEventListener('change', () => {
    custom.hidden = select.value !== 'custom';
    state.setRange(select.value as RangeKey);
    onChange();
  });
  const customChanged = () => {
    const start = Date.parse(from.value) / 1000;
    const end = Date.parse(to.value) / 1000;
    if (!Number.isFinite(start) || !Number.isFinite(end)) return;
    state.setCustom(start, end);
    onChange();
  };
  from.addEventListener('change', customChanged);
  to.addEventListener('change', customChanged);
  return el('span', { class: 'range-picker' }, select, custom);
}
