/**
 * A deliberately small XML well-formedness checker for the SVG this library writes (the tests use
 * it; no XML parser is installed). It knows only what we emit: elements, double-quoted attributes,
 * text and the five predefined entities. Anything else is reported as a problem, which is what we
 * want: output we did not mean to write should fail loudly.
 */

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
const DECLARATION = /^<\?xml(?:\s+[a-z]+="[^"]*")*\s*\?>/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

/** Returns the problems found, empty when `xml` is one well-formed element tree. */
export function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  // The XML declaration is the one non-element construct we write, and only at the very start.
  let i = DECLARATION.exec(xml)?.[0].length ?? 0;
  while (i < xml.length) {
    const c = xml[i]!;
    if (c === '<') {
      TAG.lastIndex = i;
      const match = TAG.exec(xml);
      if (!match) {
        problems.push(`malformed tag at offset ${i}: ${xml.slice(i, i + 40)}`);
        break;
      }
      const [whole, closing, name, attrs, selfClosing] = match;
      if (closing && (attrs || selfClosing)) problems.push(`closing tag </${name}> with attributes`);
      problems.push(...attributeProblems(name!, attrs!));
      if (closing) {
        const expected = open.pop();
        if (expected !== name) problems.push(`</${name}> closes <${expected ?? 'nothing'}>`);
      } else {
        if (open.length === 0) roots += 1;
        if (!selfClosing) open.push(name!);
      }
      i += whole.length;
    } else if (c === '&') {
      ENTITY.lastIndex = i;
      const match = ENTITY.exec(xml);
      if (!match) problems.push(`bare '&' at offset ${i}`);
      i += match ? match[0].length : 1;
    } else {
      if (open.length === 0 && !/\s/.test(c)) problems.push(`text outside the root element at offset ${i}`);
      i += 1;
    }
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

function attributeProblems(name: string, attrs: string): string[] {
  const pairs = [...attrs.matchAll(/([A-Za-z][\w:.-]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const);
  const names = pairs.map(([n]) => n);
  const duplicates = names.filter((n, index) => names.indexOf(n) !== index);
  const bareAmpersands = pairs.filter(([, value]) => /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(value));
  return [
    ...duplicates.map((d) => `<${name}> repeats the attribute ${d}`),
    ...bareAmpersands.map(([n]) => `<${name}> has a bare '&' in ${n}`),
  ];
}
