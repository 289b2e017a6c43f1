/** A child: a node, or text (always inserted as a text node, never parsed as HTML). */
export type Child = Node | string | number | undefined | null | false;
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(element: Element, attributes: Attributes, children: readonly Child[]): void {
  for (const [name, value] of Object.entries(attributes)) {
    // Handlers are attached with addEventListener; an `on...` attribute would be inline script.
    if (/^on/i.test(name)) throw new Error(`event handler attribute ${name} is not allowed`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Builds an HTML element. Every string becomes a text node: segment names, URLs and annotations
 * come from traced requests (attacker-influenced), so nothing here ever goes through innerHTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, attributes, children);
  return element;
}

/** Builds an SVG element, with the same rules as `el`. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attributes, children);
  return element;
}
