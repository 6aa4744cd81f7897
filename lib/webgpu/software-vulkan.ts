/**
 * Mesa's software Vulkan driver (lavapipe) for machines without a GPU: tests and CI run the WebGPU
 * backend on it. `.ci/software-vulkan` unpacks it from Debian's bookworm-backports (Mesa 25; Debian
 * 12's own Mesa 22 is refused by Dawn) into a folder of its own and writes the driver manifest named here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Vulkan loader's variables that choose drivers; any of them set means the user has chosen. */
const DRIVER_VARIABLES = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES'] as const;

/** Where `.ci/software-vulkan` installs the driver: `$XDG_CACHE_HOME/tfjs-katas/lavapipe` (default ~/.cache). */
export function softwareVulkanDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'tfjs-katas', 'lavapipe');
}

/** The driver manifest (ICD file) `.ci/software-vulkan` writes, with the driver's absolute path in it. */
export function softwareVulkanManifest(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(softwareVulkanDir(env), 'lvp_icd.json');
}

/**
 * Adds the installed software driver to the Vulkan loader's list (`VK_ADD_DRIVER_FILES`, which keeps
 * every hardware driver visible) unless the user already chose drivers. Must run before Dawn creates
 * its Vulkan instance; returns the manifest it added, if any.
 */
export function addSoftwareVulkanIfInstalled(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (DRIVER_VARIABLES.some((name) => env[name])) return undefined;
  const manifest = softwareVulkanManifest(env);
  if (!fs.existsSync(manifest)) return undefined;
  env.VK_ADD_DRIVER_FILES = manifest;
  return manifest;
}
