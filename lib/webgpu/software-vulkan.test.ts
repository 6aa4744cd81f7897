import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addSoftwareVulkanIfInstalled, softwareVulkanManifest } from './software-vulkan';

const cache = mkdtempSync(path.join(tmpdir(), 'software-vulkan-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('the software Vulkan driver', () => {
  it('should live under XDG_CACHE_HOME, where .ci/software-vulkan puts it', () => {
    expect(softwareVulkanManifest({ XDG_CACHE_HOME: cache })).toBe(
      path.join(cache, 'tfjs-katas/lavapipe/lvp_icd.json'),
    );
  });

  it('should add nothing when it is not installed', () => {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: path.join(cache, 'empty') };
    expect(addSoftwareVulkanIfInstalled(env)).toBeUndefined();
    expect(env.VK_ADD_DRIVER_FILES).toBeUndefined();
  });

  it('should add an installed driver beside the hardware ones, with VK_ADD_DRIVER_FILES', () => {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: cache };
    const manifest = softwareVulkanManifest(env);
    mkdirSync(path.dirname(manifest), { recursive: true });
    writeFileSync(manifest, '{}');
    expect(addSoftwareVulkanIfInstalled(env)).toBe(manifest);
    expect(env.VK_ADD_DRIVER_FILES).toBe(manifest);
  });

  it('should leave the loader alone when the user already chose drivers', () => {
    for (const name of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES']) {
      const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: cache, [name]: '/my/driver.json' };
      expect(addSoftwareVulkanIfInstalled(env), name).toBeUndefined();
      expect(env[name]).toBe('/my/driver.json');
    }
  });
});
