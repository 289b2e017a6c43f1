/** A file of the web UI, ready to write. */
export interface UiAsset {
  readonly contentType: string;
  readonly body: Buffer | string;
}

/**
 * Where the web UI plugs in: GET requests outside `/api/` are asked for here first. Returning
 * undefined means "not a UI path", which the server answers with a JSON 404.
 */
export type WebUi = (path: string) => UiAsset | undefined;

/** No UI bundled yet: every GET outside the API is a 404. */
export const NO_WEB_UI: WebUi = () => undefined;
