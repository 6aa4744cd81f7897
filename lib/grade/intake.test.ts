import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { katasFolderOf, readHandIn, submissionEntries } from './intake';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'intake-'));
  mkdirSync(path.join(dir, 'ch'));
  writeFileSync(path.join(dir, 'ch', 'file.ts'), 'export {};\n');
  mkdirSync(path.join(dir, 'ch', 'folder.ts'));
  symlinkSync(path.join(dir, 'ch', 'file.ts'), path.join(dir, 'ch', 'link.ts'));
  symlinkSync('/dev/zero', path.join(dir, 'ch', 'zero.ts'));
  spawnSync('mkfifo', [path.join(dir, 'ch', 'fifo.ts')]);
  writeFileSync(path.join(dir, 'ch', 'big.ts'), Buffer.alloc(2048));
  symlinkSync(path.join(dir, 'ch'), path.join(dir, 'linked-chapter'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a hand-in without trusting it', () => {
  it('should read a regular file under the cap', () => {
    expect(readHandIn(dir, ['ch', 'file.ts'])).toEqual({ kind: 'file', content: Buffer.from('export {};\n') });
  });

  it('should call a missing file missing, also below a missing folder', () => {
    expect(readHandIn(dir, ['ch', 'none.ts']).kind).toBe('missing');
    expect(readHandIn(dir, ['no-chapter', 'file.ts']).kind).toBe('missing');
  });

  it.each([
    ['folder.ts', 'a folder'],
    ['link.ts', 'a symbolic link'],
    ['zero.ts', 'a symbolic link'],
    ['fifo.ts', 'a FIFO'],
  ])('should refuse %s, which is %s, without reading it', (name, what) => {
    const read = readHandIn(dir, ['ch', name]);
    expect(read).toEqual({
      kind: 'refused',
      reason: `ch/${name} is ${what}${what === 'a FIFO' ? ' (named pipe)' : ''}, not a file`,
    });
  });

  it('should refuse a file over the size cap, and a chapter folder that is a link', () => {
    expect(readHandIn(dir, ['ch', 'big.ts'], 1024)).toEqual({
      kind: 'refused',
      reason: 'ch/big.ts is larger than 1 KB',
    });
    expect(readHandIn(dir, ['linked-chapter', 'file.ts'])).toEqual({
      kind: 'refused',
      reason: 'linked-chapter is a symbolic link, not a folder',
    });
  });

  it('should list every entry of a submissions folder, with the reason for what is not a learner', () => {
    const entries = submissionEntries(dir);
    expect(entries.map((e) => [e.name, e.kind])).toEqual([
      ['ch', 'learner'],
      ['linked-chapter', 'refused'],
    ]);
  });

  it('should find katas/ inside a clone, and refuse a katas/ that is a link', () => {
    expect(katasFolderOf(dir)).toEqual({ dir });
    const clone = path.join(dir, 'clone');
    mkdirSync(path.join(clone, 'katas'), { recursive: true });
    expect(katasFolderOf(clone)).toEqual({ dir: path.join(clone, 'katas') });
    const linked = path.join(dir, 'linked-clone');
    mkdirSync(linked);
    symlinkSync(clone, path.join(linked, 'katas'));
    expect(katasFolderOf(linked)).toEqual({ reason: 'katas is a symbolic link, not a folder' });
  });
});
