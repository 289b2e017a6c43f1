import { formatDuration } from '@cruddur/service-map';
import type { CauseDetail, ExceptionDetail } from '@cruddur/xray-contracts';
import { el } from '../dom/element';
import type { WaterfallRow } from './waterfall';

function definitionList(
  entries: readonly (readonly [string, string | number | boolean | undefined])[],
): HTMLElement | undefined {
  const shown = entries.filter(([, value]) => value !== undefined);
  if (shown.length === 0) return undefined;
  return el(
    'dl',
    { class: 'pairs' },
    ...shown.flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, String(value))]),
  );
}

function section(title: string, content: Node | undefined): HTMLElement | undefined {
  return content === undefined
    ? undefined
    : el('section', { class: 'detail-section', 'data-section': title }, el('h3', {}, title), content);
}

function exceptionItem(exception: ExceptionDetail): HTMLElement {
  return el(
    'li',
    {},
    el('strong', {}, exception.type ?? 'Error'),
    exception.message === undefined ? undefined : `: ${exception.message}`,
    exception.remote === true ? el('span', { class: 'badge' }, 'remote') : undefined,
    exception.stack === undefined || exception.stack.length === 0
      ? undefined
      : el(
          'pre',
          { class: 'stack' },
          exception.stack
            .map((frame) => `at ${frame.label ?? '?'} (${frame.path ?? '?'}:${frame.line ?? '?'})`)
            .join('\n'),
        ),
  );
}

function causeContent(cause: string | CauseDetail | undefined): HTMLElement | undefined {
  if (cause === undefined) return undefined;
  if (typeof cause === 'string') return el('p', {}, `Exception recorded elsewhere in the trace (id ${cause})`);
  const exceptions = cause.exceptions ?? [];
  return exceptions.length === 0 ? undefined : el('ul', { class: 'exceptions' }, ...exceptions.map(exceptionItem));
}

/** Everything a segment or subsegment recorded, for the row selected in the waterfall. */
export function entityDetails(row: WaterfallRow): HTMLElement {
  const { entity } = row;
  const request = entity.http?.request;
  const response = entity.http?.response;
  const annotations = Object.entries(entity.annotations ?? {});
  const metadata =
    entity.metadata === undefined || Object.keys(entity.metadata).length === 0 ? undefined : entity.metadata;
  return el(
    'div',
    { class: 'entity-details', 'data-entity': entity.name },
    el('h2', {}, entity.name),
    row.missingDownstream
      ? el('p', { class: 'banner warning' }, 'Incomplete: this call went to a service whose segment never arrived.')
      : undefined,
    row.missingUpstream
      ? el('p', { class: 'banner warning' }, 'Incomplete: the caller of this segment is not in the trace.')
      : undefined,
    section(
      'Overview',
      definitionList([
        ['Kind', row.kind],
        ['Service', row.service],
        ['Id', entity.id],
        ['Namespace', entity.namespace],
        ['Start', `+${formatDuration(row.offset)}`],
        ['Duration', row.inProgress ? 'in progress' : formatDuration(row.duration)],
        ['Outcome', row.outcome],
      ]),
    ),
    section(
      'HTTP',
      definitionList([
        ['Method', request?.method],
        ['URL', request?.url],
        ['User agent', request?.user_agent],
        ['Client IP', request?.client_ip],
        ['Status', response?.status],
        ['Content length', response?.content_length],
      ]),
    ),
    section('Annotations', annotations.length === 0 ? undefined : definitionList(annotations)),
    section(
      'Metadata',
      metadata === undefined ? undefined : el('pre', { class: 'json' }, JSON.stringify(metadata, null, 2)),
    ),
    section('Exceptions', causeContent(entity.cause)),
  );
}
