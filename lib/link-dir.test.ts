import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkDir, linkTypeFor } from './link-dir';

describe('linkDir', () => {
  it('should ask Windows for a junction, which needs neither admin rights nor Developer Mode', () => {
    expect(linkTypeFor('win32')).toBe('junction');
  });

  it('should make a folder symlink on Linux and macOS', () => {
    expect([linkTypeFor('linux'), linkTypeFor('darwin')]).toEqual(['dir', 'dir']);
  });

  it('should make the folder readable through the link', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'link-dir-'));
    try {
      mkdirSync(path.join(root, 'target'));
      writeFileSync(path.join(root, 'target', 'a.txt'), 'a');
      linkDir(path.join(root, 'target'), path.join(root, 'link'));
      expect(readdirSync(path.join(root, 'link'))).toEqual(['a.txt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
