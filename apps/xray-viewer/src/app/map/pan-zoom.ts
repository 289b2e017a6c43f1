interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Fit never enlarges a small map beyond this, so three services do not fill the screen. */
const MAX_FIT_SCALE = 1.25;
const DRAG_THRESHOLD_PX = 4;

/**
 * Pan (drag) and zoom (wheel, around the pointer) by moving the SVG's viewBox, plus fit-to-view.
 * A drag swallows the click that ends it, so dragging across a node does not select it.
 */
export class PanZoom {
  private view: ViewBox = { x: 0, y: 0, width: 1, height: 1 };

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly content: { width: number; height: number },
  ) {
    svg.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    svg.addEventListener('pointerdown', (event) => this.onPointerDown(event));
  }

  /** Shows the whole map, centred, at most slightly enlarged. */
  fit(): void {
    const box = this.svg.getBoundingClientRect();
    const pixelWidth = Math.max(box.width, 1);
    const pixelHeight = Math.max(box.height, 1);
    const scale = Math.min(
      pixelWidth / Math.max(this.content.width, 1),
      pixelHeight / Math.max(this.content.height, 1),
      MAX_FIT_SCALE,
    );
    const width = pixelWidth / scale;
    const height = pixelHeight / scale;
    this.set({ x: (this.content.width - width) / 2, y: (this.content.height - height) / 2, width, height });
  }

  zoomBy(factor: number): void {
    const { x, y, width, height } = this.view;
    this.set({
      x: x + (width * (1 - factor)) / 2,
      y: y + (height * (1 - factor)) / 2,
      width: width * factor,
      height: height * factor,
    });
  }

  private set(view: ViewBox): void {
    this.view = view;
    this.svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const box = this.svg.getBoundingClientRect();
    const factor = Math.exp(Math.max(-1, Math.min(1, event.deltaY / 300)));
    const px = (event.clientX - box.left) / box.width;
    const py = (event.clientY - box.top) / box.height;
    const { x, y, width, height } = this.view;
    this.set({
      x: x + width * px * (1 - factor),
      y: y + height * py * (1 - factor),
      width: width * factor,
      height: height * factor,
    });
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const start = { clientX: event.clientX, clientY: event.clientY, view: { ...this.view } };
    const box = this.svg.getBoundingClientRect();
    let dragging = false;
    const move = (moveEvent: PointerEvent) => {
      const dx = moveEvent.clientX - start.clientX;
      const dy = moveEvent.clientY - start.clientY;
      if (!dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      dragging = true;
      this.svg.classList.add('dragging');
      this.set({
        ...start.view,
        x: start.view.x - (dx * start.view.width) / box.width,
        y: start.view.y - (dy * start.view.height) / box.height,
      });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      this.svg.classList.remove('dragging');
      if (dragging)
        this.svg.addEventListener('click', (click) => click.stopPropagation(), { capture: true, once: true });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
