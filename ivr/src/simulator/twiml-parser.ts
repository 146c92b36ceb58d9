import { XMLParser } from 'fast-xml-parser';

/** One TwiML element: verb or noun, its attributes, children and text. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(raw: OrderedNode): TwimlNode | undefined {
  const name = Object.keys(raw).find((key) => key !== ':@' && key !== '#text');
  if (!name) return undefined;
  const content = (raw[name] as OrderedNode[] | undefined) ?? [];
  const children: TwimlNode[] = [];
  let text = '';
  for (const item of content) {
    if ('#text' in item) text += String(item['#text']);
    else {
      const child = convert(item);
      if (child) children.push(child);
    }
  }
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw[':@'] ?? {})) attrs[key] = String(value);
  return { name, attrs, children, text: text.trim() };
}

/** Parses a TwiML document; throws when it is not XML with a `<Response>` root (Twilio 12100). */
export function parseTwiml(xml: string): TwimlNode {
  let parsed: OrderedNode[];
  try {
    parsed = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    throw new TwimlParseError(`document parse failure: ${(error as Error).message}`);
  }
  const root = parsed.map(convert).find((node) => node?.name === 'Response');
  if (!root) throw new TwimlParseError('document has no <Response> root');
  return root;
}

/** A TwiML document Twilio could not parse. */
export class TwimlParseError extends Error {
  override name = 'TwimlParseError';
}
