/**
 * Reads MNIST's IDX files (http://yann.lecun.com/exdb/mnist/) into flat typed arrays.
 *
 * The format is a big-endian header (magic number, then one 32-bit size per dimension) followed by
 * raw unsigned bytes. We check everything the header promises, because a half-downloaded or
 * swapped file would otherwise train a network on garbage without any error. Every failure is a
 * `UserError` whose one sentence names the file, says what was expected and how to get it back.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors';

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (count, rows, columns). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (count). */
export const IDX_LABELS_MAGIC = 0x00000801;
/** Magic number + count + rows + columns, 4 bytes each. */
export const IDX_IMAGES_HEADER_BYTES = 16;
/** Magic number + count, 4 bytes each. */
export const IDX_LABELS_HEADER_BYTES = 8;
/** MNIST images are 28×28 pixels; the networks of chapters 4 and 5 are built for that size. */
export const MNIST_IMAGE_SIDE = 28;
/** Labels are the digits 0 to 9. */
export const MNIST_CLASSES = 10;

/** What to tell the user whenever a file is damaged or absent. */
export const MNIST_REMEDY = 'restore it with `npm ci` or point --mnist-dir (or MNIST_DIR) at a complete copy';

/** Images as stored: `count` images of `rows`×`cols` bytes, row-major, one image after another. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** `count * rows * cols` pixels, 0 (background) to 255 (ink). */
  pixels: Uint8Array;
}

/** Labels as stored: one digit 0–9 per image. */
export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

/** The first two bytes of every gzip stream (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Reads a file, failing with a sentence instead of a bare ENOENT. */
export function readFileBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file} does not exist; ${MNIST_REMEDY}.`);
    throw new UserError(`${file} cannot be read (${code ?? String(error)}); ${MNIST_REMEDY}.`);
  }
}

export function isGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The official MNIST files ship gzipped; accept both so the user need not unpack them. */
export function gunzipIfNeeded(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzipped(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new UserError(`${file} is a damaged gzip file (${(error as Error).message}); ${MNIST_REMEDY}.`);
  }
}

/** Parses the bytes of an images file (already decompressed); `file` only names it in errors. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  requireHeader(bytes, IDX_IMAGES_HEADER_BYTES, 'image', file);
  const header = new DataView(bytes.buffer, bytes.byteOffset, IDX_IMAGES_HEADER_BYTES);
  requireMagic(header.getUint32(0), IDX_IMAGES_MAGIC, 'image', file);
  const count = header.getUint32(4);
  const rows = header.getUint32(8);
  const cols = header.getUint32(12);
  if (rows !== MNIST_IMAGE_SIDE || cols !== MNIST_IMAGE_SIDE) {
    throw new UserError(
      `${file} holds images of ${rows}×${cols} pixels but MNIST images are ${MNIST_IMAGE_SIDE}×${MNIST_IMAGE_SIDE}; ` +
        `${MNIST_REMEDY}.`,
    );
  }
  const promise = `${count} images of ${rows}×${cols}`;
  const pixels = bodyOf(bytes, IDX_IMAGES_HEADER_BYTES, count * rows * cols, promise, file);
  return { count, rows, cols, pixels };
}

/** Parses the bytes of a labels file (already decompressed); `file` only names it in errors. */
export function parseIdxLabels(bytes: Uint8Array, file: string): IdxLabels {
  requireHeader(bytes, IDX_LABELS_HEADER_BYTES, 'label', file);
  const header = new DataView(bytes.buffer, bytes.byteOffset, IDX_LABELS_HEADER_BYTES);
  requireMagic(header.getUint32(0), IDX_LABELS_MAGIC, 'label', file);
  const count = header.getUint32(4);
  const labels = bodyOf(bytes, IDX_LABELS_HEADER_BYTES, count, `${count} labels`, file);
  requireDigits(labels, file);
  return { count, labels };
}

/** Reads an images file, plain or gzipped. */
export function readIdxImages(file: string): IdxImages {
  return parseIdxImages(gunzipIfNeeded(readFileBytes(file), file), file);
}

/** Reads a labels file, plain or gzipped. */
export function readIdxLabels(file: string): IdxLabels {
  return parseIdxLabels(gunzipIfNeeded(readFileBytes(file), file), file);
}

function requireHeader(bytes: Uint8Array, headerBytes: number, kind: 'image' | 'label', file: string): void {
  if (bytes.length < headerBytes) {
    throw new UserError(
      `${file} is truncated: an IDX ${kind} file starts with a ${headerBytes}-byte header but the file has ` +
        `${bytes.length} bytes; ${MNIST_REMEDY}.`,
    );
  }
}

function requireMagic(actual: number, expected: number, kind: 'image' | 'label', file: string): void {
  if (actual !== expected) {
    throw new UserError(
      `${file} is not an IDX ${kind} file: it starts with magic number ${hex32(actual)} where ${hex32(expected)} was ` +
        `expected; ${MNIST_REMEDY}.`,
    );
  }
}

/**
 * The body after the header, which must be exactly as long as the header promises: shorter means a
 * cut-off download, longer means the header and the data disagree. Copied out of the file buffer
 * so the caller owns a plain, unpooled Uint8Array.
 */
function bodyOf(bytes: Uint8Array, headerBytes: number, bodyBytes: number, promise: string, file: string): Uint8Array {
  const expected = headerBytes + bodyBytes;
  if (bytes.length !== expected) {
    const problem = bytes.length < expected ? 'is truncated' : 'is longer than its header says';
    throw new UserError(
      `${file} ${problem}: the header promises ${promise} (${expected} bytes) but the file has ${bytes.length}; ` +
        `${MNIST_REMEDY}.`,
    );
  }
  return new Uint8Array(bytes.subarray(headerBytes));
}

/** A label above 9 means the file is not MNIST labels; one-hot encoding would silently break. */
function requireDigits(labels: Uint8Array, file: string): void {
  const bad = labels.findIndex((label) => label >= MNIST_CLASSES);
  if (bad >= 0) {
    throw new UserError(
      `${file} holds label ${labels[bad]} at index ${bad} but MNIST labels are the digits 0 to ${MNIST_CLASSES - 1}; ` +
        `${MNIST_REMEDY}.`,
    );
  }
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
