/**
 * A CSS colour without its alpha. Some themes define chart colours as translucent (charts.orange
 * follows minimap.findMatchHighlight, rgba(234, 92, 0, 0.33) in the Modern themes), which turns a
 * thin chart line into a faint smudge; the lab draws every series fully opaque.
 */
export function opaque(color: string): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) {
    const h = hex[1];
    if (h.length === 4) return `#${h.slice(0, 3)}`;
    if (h.length === 8) return `#${h.slice(0, 6)}`;
    return c;
  }
  const fn = /^rgba?\(\s*([\d.]+%?)\s*[\s,]\s*([\d.]+%?)\s*[\s,]\s*([\d.]+%?)\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/i.exec(c);
  if (fn) return `rgb(${fn[1]}, ${fn[2]}, ${fn[3]})`;
  return c;
}
