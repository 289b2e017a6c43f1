/** A response of the web UI, ready to write. */
export interface UiAsset {
  /** 200 unless said otherwise (e.g. 404 when the UI is not built). */
  readonly status?: number;
  readonly contentType: string;
  readonly body: Buffer | string;
  /** Extra response headers (Content-Security-Policy, ...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Where the web UI plugs in: GET requests outside `/api/` are asked for here first. Returning
 * undefined means "not a UI path", which the server answers with a JSON 404.
 */
export type WebUi = (path: string) => UiAsset | undefined;
