import { el } from '../dom/element';
import { filterErrorMark } from '../filter/filter-error';

export interface FilterBox {
  readonly element: HTMLElement;
  /** Shows the API's complaint: with a caret under its position when it names one. */
  showError(expression: string, message: string): void;
  clearError(): void;
}

const EXAMPLES = [
  'service("notifications")',
  'http.status >= 400',
  'http.url CONTAINS "search"',
  'responsetime > 0.05',
  'fault OR error',
  'edge("gateway", "activities")',
  'annotation.URI = "/api/activities/notifications"',
];

/** The filter-expression form (the X-Ray filter language) and its inline syntax errors. */
export function filterBox(initial: string, onSubmit: (expression: string) => void): FilterBox {
  const input = el('input', {
    type: 'text',
    name: 'filter',
    value: initial,
    class: 'filter-input',
    spellcheck: false,
    autocomplete: 'off',
    placeholder: 'Filter expression, e.g. service("gateway") AND http.status >= 400',
    'aria-label': 'Filter expression',
  });
  const examples = el(
    'datalist',
    { id: 'filter-examples' },
    ...EXAMPLES.map((example) => el('option', { value: example })),
  );
  input.setAttribute('list', 'filter-examples');
  const error = el('div', { class: 'filter-error', role: 'alert', hidden: true });
  const form = el(
    'form',
    { class: 'filter-form', role: 'search' },
    input,
    examples,
    el('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(input.value);
  });
  input.addEventListener('input', () => input.classList.remove('invalid'));
  return {
    element: el('div', { class: 'filter-box' }, form, error),
    showError(expression, message) {
      const mark = filterErrorMark(expression, message);
      input.classList.add('invalid');
      error.hidden = false;
      if (mark === undefined) {
        error.replaceChildren(el('p', {}, message));
        return;
      }
      error.replaceChildren(
        el(
          'pre',
          { class: 'caret-view', 'data-position': mark.position },
          el('span', { class: 'caret-expression' }, expression),
          '\n',
          el('span', { class: 'caret' }, mark.caretLine),
        ),
        el('p', {}, `Position ${mark.position}: ${mark.problem}`),
      );
      input.focus();
      input.setSelectionRange(mark.position, Math.min(mark.position + 1, expression.length));
    },
    clearError() {
      input.classList.remove('invalid');
      error.hidden = true;
      error.replaceChildren();
    },
  };
}
