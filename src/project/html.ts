/** Text made safe for HTML: the five characters that could open markup or end an attribute, as character references. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
