/**
 * `npm run setup:cuda`: installs the CUDA path, `@tensorflow/tfjs-node-gpu@4.22.0`, which a plain
 * `npm ci` leaves out (see .npmrc). It lives in the workspace `optional/cuda`, pinned by the lockfile;
 * its own install step downloads libtensorflow 2.9 for CUDA 11.2 and cuDNN 8.1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { UserError } from '../lib/errors';

const HELP = `Usage: npm run setup:cuda

Installs @tensorflow/tfjs-node-gpu@4.22.0 (the 'node-gpu' backend) from the lockfile, then lets it
download libtensorflow 2.9 (several hundred MB). It needs Linux x86-64, an NVIDIA driver, CUDA 11.2
and cuDNN 8.1, and network access. Any other GPU, or CUDA 12: use --backend webgpu, which needs none of this.

  --help   show this help`;

const PACKAGE = '@tensorflow/tfjs-node-gpu';

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new UserError(
      `\`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal}); see above.`,
    );
  }
}

runCli(HELP, async () => {
  const { values } = parseArgs({ options: { help: { type: 'boolean', default: false } } });
  if (values.help) return void console.log(HELP);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new UserError(
      `${PACKAGE} 4.22.0 has a GPU build for Linux x86-64 only, not ${process.platform}-${process.arch}; ` +
        'use `--backend webgpu`.',
    );
  }
  const root = path.resolve(import.meta.dirname, '..');
  run('npm', ['install', '--workspaces=true', '--include-workspace-root', '--no-audit', '--no-fund'], root);
  // npm 11 runs a dependency's install script only once approved; run it ourselves, as npm would.
  const dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${PACKAGE}/package.json`));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    scripts: { install: string };
  };
  const binding = path.join(dir, 'lib');
  if (!fs.existsSync(binding) || fs.readdirSync(binding).length === 0) run('sh', ['-c', manifest.scripts.install], dir);
  console.log(`${PACKAGE} is installed. Check it with: npm run solve -- ch4 --backend node-gpu --steps 40`);
});
