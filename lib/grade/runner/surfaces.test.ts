import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confinement, fileOfId } from './confine-plugin';
import { changes, methodsOf, snapshot } from './surfaces';

describe('seeing a tool replaced', () => {
  it('should see a replaced, a deleted and an added method, but not globals a tool adds', () => {
    class Engine {
      memory() {
        return 1;
      }
    }
    const engine = new Engine() as Engine & Record<string, unknown>;
    const tools = { is: Object.is, keep: () => 0, drop: () => 0 };
    const global: Record<string, unknown> = { setTimeout };
    const roots = () => [['tools', tools], ['globalThis', global], ...methodsOf('engine', engine)] as const;
    const before = snapshot(roots());
    tools.is = () => true;
    delete (tools as Partial<typeof tools>).drop;
    global.addedByATool = () => 0;
    engine.memory = () => 0;
    expect(changes(before, roots()).sort()).toEqual(['engine.memory', 'tools.drop (deleted)', 'tools.is']);
  });

  it('should see a method replaced on a class’s prototype', () => {
    class Engine {
      memory() {
        return 1;
      }
    }
    const engine = new Engine();
    const before = snapshot(methodsOf('engine', engine));
    Engine.prototype.memory = () => 0;
    expect(changes(before, methodsOf('engine', engine))).toEqual(['engine.[prototype 0].memory']);
  });
});

describe('confining the module server to the workspace', () => {
  it('should tell file ids from virtual modules and built-ins', () => {
    expect(fileOfId('/a/b.ts?raw')).toBe('/a/b.ts');
    expect(fileOfId('file:///a/b.ts')).toBe('/a/b.ts');
    expect(fileOfId('/@fs/a/b.ts')).toBe('/a/b.ts');
    expect(fileOfId('\0virtual')).toBeUndefined();
    expect(fileOfId('node:fs')).toBeUndefined();
    expect(fileOfId('fast-check')).toBeUndefined();
  });

  it('should allow what lies inside the roots, by its real path: a link that leads out is outside', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'confine-'));
    try {
      mkdirSync(path.join(root, 'ws'));
      writeFileSync(path.join(root, 'answer.ts'), '');
      writeFileSync(path.join(root, 'ws', 'kata.ts'), '');
      symlinkSync(path.join(root, 'answer.ts'), path.join(root, 'ws', 'link.ts'));
      const { allowed } = confinement([path.join(root, 'ws')]);
      expect(allowed(path.join(root, 'ws', 'kata.ts'))).toBe(true);
      expect(allowed(path.join(root, 'ws', 'link.ts'))).toBe(false);
      expect(allowed(path.join(root, 'answer.ts'))).toBe(false);
      expect(allowed(path.join(root, 'ws', '..', 'answer.ts'))).toBe(false);
      expect(allowed(`${path.join(root, 'ws')}-sibling/x.ts`)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
