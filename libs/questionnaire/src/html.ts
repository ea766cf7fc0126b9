/**
 * The HTML of information blocks (`html` elements): a small, closed subset, parsed here into a
 * tree that the apps turn into their own elements. Nothing outside the subset is accepted, so
 * there is nothing to sanitise at display time and no HTML string ever reaches `innerHTML`.
 *
 *   tags:        p br strong em b i u ul ol li a
 *   attributes:  only `href` on `a`, an https: or mailto: address, in double quotes
 *   entities:    &amp; &lt; &gt; &quot; &#39; &nbsp;
 *
 * No images, styles, scripts, forms, iframes, comments or event handlers: an image or a style
 * could load a third-party resource, which the privacy promises forbid.
 */

export const HTML_TAGS = ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'ul', 'ol', 'li', 'a'] as const;
export type HtmlTag = (typeof HTML_TAGS)[number];

export type HtmlNode =
  { kind: 'text'; text: string } | { kind: 'element'; tag: HtmlTag; href?: string; children: HtmlNode[] };

export type ParseHtmlResult =
  { ok: true; nodes: HtmlNode[] } | { ok: false; error: { position: number; message: string } };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z-]+\s*=\s*"[^"]*")*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z-]+)\s*=\s*"([^"]*)"/g;
const HREF = /^(?:https:\/\/[^\s"'<>]+|mailto:[^\s"'<>]+)$/;
const MAX_DEPTH = 10;

class HtmlProblem extends Error {
  constructor(
    readonly position: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

// Messages name positions and rules, never the text: it is author input.
function fail(position: number, detail: string): never {
  throw new HtmlProblem(position, `${detail} at character ${position}`);
}

function decode(text: string, offset: number): string {
  return text.replace(/&([^;\s&]*);?/g, (whole, name: string, at: number) => {
    const value = whole.endsWith(';') ? ENTITIES[name] : undefined;
    if (value === undefined) {
      return fail(
        offset + at + 1,
        'uses an unknown character reference (allowed: &amp; &lt; &gt; &quot; &#39; &nbsp;)',
      );
    }
    return value;
  });
}

function readAttributes(text: string, tag: HtmlTag, position: number): string | undefined {
  let href: string | undefined;
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = match[1].toLowerCase();
    if (tag !== 'a' || name !== 'href') fail(position, 'has an attribute that is not allowed (only href on a link)');
    if (href !== undefined) fail(position, 'repeats an attribute');
    const value = decode(match[2], position);
    if (!HREF.test(value)) fail(position, 'has a link that is not an https: or mailto: address');
    href = value;
  }
  if (tag === 'a' && href === undefined) fail(position, 'has a link without href');
  return href;
}

/** Parses the subset; anything else is an error with its position. */
export function parseHtml(source: string): ParseHtmlResult {
  try {
    const root: HtmlNode[] = [];
    const stack: { tag: HtmlTag; children: HtmlNode[] }[] = [];
    const current = () => (stack.length > 0 ? stack[stack.length - 1].children : root);
    let i = 0;
    while (i < source.length) {
      const position = i + 1;
      if (source[i] !== '<') {
        const end = source.indexOf('<', i);
        const raw = source.slice(i, end < 0 ? source.length : end);
        if (raw.includes('>')) fail(position + raw.indexOf('>'), 'has a ">" outside a tag (write &gt;)');
        current().push({ kind: 'text', text: decode(raw, i) });
        i += raw.length;
        continue;
      }
      const match = TAG.exec(source.slice(i));
      if (!match) fail(position, 'has a "<" that does not start an allowed tag (write &lt; for the character)');
      const [whole, closing, name, attributes, selfClosing] = match;
      const tag = name.toLowerCase() as HtmlTag;
      if (!(HTML_TAGS as readonly string[]).includes(tag)) {
        fail(position, `has a tag that is not allowed (allowed: ${HTML_TAGS.join(', ')})`);
      }
      if (closing) {
        if (attributes.trim() !== '' || selfClosing) fail(position, 'has a closing tag with attributes');
        if (tag === 'br') fail(position, 'closes br, which has no closing tag');
        const open = stack.pop();
        if (!open || open.tag !== tag) fail(position, 'closes a tag that is not the one open');
        const node: HtmlNode = { kind: 'element', tag, children: open.children };
        const href = (open as { href?: string }).href;
        current().push(href === undefined ? node : { ...node, href });
      } else if (tag === 'br') {
        if (attributes.trim() !== '') fail(position, 'has an attribute that is not allowed (only href on a link)');
        current().push({ kind: 'element', tag, children: [] });
      } else {
        if (selfClosing) fail(position, 'closes a tag that needs content in itself');
        const href = readAttributes(attributes, tag, position);
        if (stack.length >= MAX_DEPTH) fail(position, `nests tags more than ${MAX_DEPTH} deep`);
        stack.push({ tag, children: [], ...(href !== undefined && { href }) });
      }
      i += whole.length;
    }
    if (stack.length > 0) fail(source.length, 'leaves a tag open');
    return { ok: true, nodes: root };
  } catch (error) {
    if (error instanceof HtmlProblem) return { ok: false, error: { position: error.position, message: error.message } };
    throw error;
  }
}

/** The text of the nodes, without tags: for places that show no markup (exports, the editor's lists). */
export function htmlText(nodes: readonly HtmlNode[]): string {
  return nodes.map((node) => (node.kind === 'text' ? node.text : htmlText(node.children))).join('');
}
