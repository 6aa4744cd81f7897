/**
 * Module resolve hooks for `npm run solve -- <chapter> --mine` (registered by ./mine.ts): an import
 * that resolves to a kata's reference solution resolves to the learner's file instead. Plain
 * JavaScript, because hooks load in a thread of their own before any TypeScript loader applies.
 */
/** @type {Map<string, string>} solution file URL → the learner's kata file URL */
let redirects = new Map();

/** @param {{ redirects: Record<string, string> }} data */
export async function initialize(data) {
  redirects = new Map(Object.entries(data.redirects));
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const plain = resolved.url.split('?')[0];
  const target = redirects.get(plain);
  return target ? { ...resolved, url: target } : resolved;
}
