/** A static file server for the report on 127.0.0.1 only, for the browser test and `--serve`. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The request's path, decoded; undefined for a malformed `%` escape, which must not crash the server. */
function decodedPath(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
}

export async function serveFolder(folder: string, port = 0): Promise<{ url: string; server: Server }> {
  const root = path.resolve(folder);
  const server = createServer((request, response) => {
    const wanted = decodedPath(request.url);
    if (wanted === undefined) {
      response.writeHead(400).end('bad request: the path is not valid percent-encoding');
      return;
    }
    const file = path.join(root, wanted.endsWith('/') ? `${wanted}index.html` : wanted);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
