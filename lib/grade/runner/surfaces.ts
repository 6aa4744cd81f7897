/**
 * The tools a test relies on — JavaScript's built-ins, fast-check, vitest's expect and chai, the
 * TensorFlow.js engine — seen as their own properties, so that a kata which replaces one (an
 * always-true `Object.is`, a matcher that always passes, an engine whose memory() reports no
 * tensors) is seen. Only identities are kept: a snapshot costs a few thousand property reads.
 */

type Root = readonly [label: string, target: object];

// The checker's own tools, taken when it loads (before any kata can replace them): a kata that replaces
// Object.is must not blind the check that looks for a replaced Object.is.
const is = Object.is;
const { ownKeys, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;

interface Entry {
  value?: unknown;
  get?: unknown;
  set?: unknown;
}

export type Snapshot = Map<string, Map<PropertyKey, Entry>>;

const entryOf = (d: PropertyDescriptor): Entry => ('value' in d ? { value: d.value } : { get: d.get, set: d.set });

/** On the global object only replaced or deleted properties count: tools add globals of their own as they load. */
const ADDITIONS_ALLOWED = new Set(['globalThis']);
/** Plain data that changes by design while tests run. */
const VOLATILE = new Set(['Error.stackTraceLimit']);

function describeKey(key: PropertyKey): string {
  return typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : String(key);
}

export function snapshot(roots: readonly Root[]): Snapshot {
  const taken: Snapshot = new Map();
  for (const [label, target] of roots) {
    const entries = new Map<PropertyKey, Entry>();
    for (const key of ownKeys(target)) {
      const descriptor = getOwnPropertyDescriptor(target, key);
      if (descriptor) entries.set(key, entryOf(descriptor));
    }
    taken.set(label, entries);
  }
  return taken;
}

const sameEntry = (a: Entry, b: Entry) => is(a.value, b.value) && is(a.get, b.get) && is(a.set, b.set);

/** Labels (`Object.is`, `chai.Assertion.prototype.toBe`) of what changed since `before`. */
export function changes(before: Snapshot, roots: readonly Root[]): string[] {
  const after = snapshot(roots);
  const changed: string[] = [];
  for (const [label, entries] of after) {
    const earlier = before.get(label);
    if (!earlier) continue;
    for (const [key, entry] of entries) {
      const name = `${label}.${describeKey(key)}`;
      const old = earlier.get(key);
      if (VOLATILE.has(name)) continue;
      if (old === undefined ? !ADDITIONS_ALLOWED.has(label) : !sameEntry(old, entry)) changed.push(name);
    }
    for (const key of earlier.keys()) if (!entries.has(key)) changed.push(`${label}.${describeKey(key)} (deleted)`);
  }
  return changed;
}

/** JavaScript's own built-ins that assertions and tensor code lean on. */
export function builtinRoots(): Root[] {
  const typedArray = getPrototypeOf(Float32Array) as object;
  const constructors: [string, { prototype: object }][] = [
    ['Object', Object],
    ['Function', Function],
    ['Array', Array],
    ['Number', Number],
    ['String', String],
    ['Boolean', Boolean],
    ['Symbol', Symbol],
    ['Error', Error],
    ['Promise', Promise],
    ['Map', Map],
    ['Set', Set],
    ['WeakMap', WeakMap],
    ['Date', Date],
    ['RegExp', RegExp],
    ['TypedArray', typedArray as { prototype: object }],
    ['Float32Array', Float32Array],
    ['Float64Array', Float64Array],
    ['Int32Array', Int32Array],
    ['Uint8Array', Uint8Array],
  ];
  return [
    ['globalThis', globalThis],
    ['Math', Math],
    ['JSON', JSON],
    ['Reflect', Reflect],
    ...constructors.flatMap(([name, ctor]): Root[] => [
      [name, ctor],
      [`${name}.prototype`, ctor.prototype],
    ]),
  ];
}

/**
 * An instance whose data changes as it works (a runner, the engine): its methods, the own ones (a
 * method set on the instance hides the class's) and its class's.
 */
export function methodsOf(label: string, target: object): Root[] {
  const own = Object.fromEntries(
    ownKeys(target).flatMap((key) => {
      const d = getOwnPropertyDescriptor(target, key);
      return d && (typeof d.value === 'function' || d.get || d.set) ? [[key, d.value ?? d.get]] : [];
    }),
  );
  const roots: Root[] = [[label, own]];
  for (let proto = getPrototypeOf(target) as object | null, depth = 0; proto && proto !== Object.prototype; depth++) {
    roots.push([`${label}.[prototype ${depth}]`, proto]);
    proto = getPrototypeOf(proto) as object | null;
  }
  return roots;
}
