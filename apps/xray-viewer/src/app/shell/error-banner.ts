import { ApiError } from '../api/api-error';
import { el } from '../dom/element';

/** A failed request, said plainly (the daemon's message is shown as text). */
export function errorBanner(error: unknown): HTMLElement {
  const message =
    error instanceof ApiError
      ? `${error.type}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return el('div', { class: 'banner error', role: 'alert' }, message);
}
