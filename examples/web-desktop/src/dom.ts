/** What `el` sets: the element's properties (`onclick` included), and attributes by name. */
type Props<K extends keyof HTMLElementTagNameMap> = Partial<
  Omit<HTMLElementTagNameMap[K], 'style' | 'dataset' | 'attributes'>
> & { attrs?: Record<string, string> };

/** An element with these properties and children (text or nodes; undefined and false are skipped). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props<K> = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { attrs, ...properties } = props;
  Object.assign(element, properties);
  for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child !== undefined && child !== false) element.append(child);
  }
  return element;
}
