/** A page of the viewer: its element, and a way to stop its timers when the user leaves. */
export interface Page {
  readonly element: HTMLElement;
  destroy(): void;
}
