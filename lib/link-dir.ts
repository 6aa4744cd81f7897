/** A link to a folder that needs no privileges: a junction on Windows (a symlink there needs admin rights). */
import { symlinkSync } from 'node:fs';

export const linkTypeFor = (platform: NodeJS.Platform) => (platform === 'win32' ? 'junction' : 'dir');

export const linkDir = (target: string, at: string) => symlinkSync(target, at, linkTypeFor(process.platform));
